/*
 * check.h — a minimal test framework for host unit tests. A test binary
 * runs named cases; each prints "PASS name" or "FAIL name: why" (the lines
 * tests/run.sh counts), and main() returns non-zero if any failed.
 */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H

#include <stdbool.h>
#include <stdio.h>

static int case_failed, cases_failed;
static const char *case_name;

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			if (!case_failed)                                                          \
				printf("FAIL %s: %s:%d: %s\n", case_name, __FILE__, __LINE__,      \
				       #cond);                                                     \
			case_failed = 1;                                                           \
		}                                                                                  \
	} while (0)

/* Run fn as case `name`. */
static inline void run_case(const char *name, void (*fn)(void))
{
	case_name = name;
	case_failed = 0;
	fn();
	if (!case_failed)
		printf("PASS %s\n", name);
	cases_failed += case_failed;
}

#define RUN(prefix, fn) run_case(prefix "/" #fn, fn)

#endif

/*
 * check.h — assertions for test programs that run inside Skyscope. Each
 * check prints one line ("ok N - what" or "not ok N - what (file:line)"),
 * and check_finish() returns the exit status init's test plan judges:
 * 0 when every check passed. See docs/testing.md.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include "rt.h"

/* Record one check; returns cond so callers can stop early on failure. */
bool check_at(bool cond, const char *file, int line, const char *fmt, ...) FMT_PRINTF(4, 5);
#define CHECK(cond, ...) check_at((cond), __FILE__, __LINE__, __VA_ARGS__)
/* Compare two integers and print both on failure. */
bool check_eq_at(int64_t got, int64_t want, const char *file, int line, const char *what);
#define CHECK_EQ(got, want, what)                                                                  \
	check_eq_at((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, what)

/* Summary line and exit status (0 = all passed; a test with no checks fails). */
int check_finish(void);

/* Free frames now (sysinfo), for leak checks. */
uint64_t free_frames(void);

/*
 * wait_signal, but a missing signal fails a test instead of hanging it: the
 * watchdog `timer` signals `bit` (a bit the caller keeps for this) on the same
 * notification after `ns`. Returns what wait_signal returned.
 */
int64_t wait_signal_within(uint32_t timer, uint32_t ntfn, uint64_t bit, uint64_t ns);

/* Spawn a boot program with one optional argument; returns the pid or a negative error. */
int64_t spawn1(const char *name, const char *arg);
/* Spawn with one argument and wait; fills *info. Returns 0 or a negative error. */
int64_t run1(const char *name, const char *arg, struct sky_exit_info *info);

#endif

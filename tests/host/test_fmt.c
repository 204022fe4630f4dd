/* test_fmt — lib/base/fmt.c against what C's printf would print. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/fmt.h"
#include "check.h"

static char buf[256];

/* For formats the compiler's checker rightly objects to; the formatter must still cope. */
static size_t unchecked(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return n;
}

#define FMT(expect, ...)                                                                           \
	do {                                                                                       \
		size_t n_ = fmt_snprintf(buf, sizeof buf, __VA_ARGS__);                            \
		EXPECT(strcmp(buf, expect) == 0);                                                  \
		EXPECT(n_ == strlen(expect));                                                      \
	} while (0)

static void integers(void)
{
	FMT("0", "%d", 0);
	FMT("-42", "%d", -42);
	FMT("4294967295", "%u", 4294967295u);
	FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	FMT("ff FF", "%x %X", 255, 255);
	FMT("-1 255", "%hhd %hhu", (signed char)-1, (unsigned char)255);
	FMT("-2 65535", "%hd %hu", (short)-2, (unsigned short)65535);
	FMT("123 -5", "%zu %td", (size_t)123, (ptrdiff_t)-5);
	FMT("0x1234", "%p", (void *)0x1234);
}

static void widths(void)
{
	FMT("   42", "%5d", 42);
	FMT("42   |", "%-5d|", 42);
	FMT("00042", "%05d", 42);
	FMT("-0042", "%05d", -42);
	FMT("  007", "%5.3d", 7);
	FMT("0000beef", "%08x", 0xbeef);
	FMT("   ab", "%*s", 5, "ab");
	FMT("ab   |", "%*s|", -5, "ab");
	FMT("abc", "%.3s", "abcdef");
	FMT("ab", "%.*s", 2, "abcdef");
	FMT("x", "%c", 'x');
	const char *volatile nothing = NULL;
	FMT("(null)", "%s", nothing);
}

static void oddities(void)
{
	FMT("100%", "100%%");
	unchecked(buf, sizeof buf, "%q");
	EXPECT(strcmp(buf, "%q") == 0); /* unknown conversion printed literally */
	unchecked(buf, sizeof buf, "end%");
	EXPECT(strcmp(buf, "end%") == 0); /* lone trailing percent */
	unchecked(buf, sizeof buf, "%5");
	EXPECT(strcmp(buf, "%5") == 0);
}

static void truncation(void)
{
	char small[6];
	size_t n = fmt_snprintf(small, sizeof small, "%s", "hello world");
	EXPECT(n == 11);
	EXPECT(strcmp(small, "hello") == 0);
	n = fmt_snprintf(small, 0, "%d", 12345);
	EXPECT(n == 5);
	n = fmt_snprintf(small, 1, "%d", 12345);
	EXPECT(n == 5 && small[0] == '\0');
}

int main(void)
{
	RUN("fmt", integers);
	RUN("fmt", widths);
	RUN("fmt", oddities);
	RUN("fmt", truncation);
	return cases_failed != 0;
}

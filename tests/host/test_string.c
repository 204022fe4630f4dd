/*
 * test_string — lib/base/string.c, compiled under test_ names (STRING_NAME)
 * so it can be checked against libc on overlapping, unaligned and empty
 * ranges with the sanitizers watching every byte.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define STRING_NAME(n) test_##n
void *test_memcpy(void *restrict, const void *restrict, size_t);
void *test_memmove(void *, const void *, size_t);
void *test_memset(void *, int, size_t);
int test_memcmp(const void *, const void *, size_t);
size_t test_strlen(const char *);
size_t test_strnlen(const char *, size_t);
int test_strcmp(const char *, const char *);
int test_strncmp(const char *, const char *, size_t);
char *test_strchr(const char *, int);
void *test_memchr(const void *, int, size_t);
#include "../../lib/base/string.c"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void copy_and_fill(void)
{
	unsigned char a[300], b[300];
	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 260; n += 7) {
			for (size_t i = 0; i < sizeof a; i++)
				a[i] = (unsigned char)(i * 13 + off);
			memset(b, 0, sizeof b);
			EXPECT(test_memcpy(b + off, a + 3, n) == b + off);
			EXPECT(memcmp(b + off, a + 3, n) == 0);
			EXPECT(test_memset(b + off, 0xAB, n) == b + off);
			for (size_t i = 0; i < n; i++)
				EXPECT(b[off + i] == 0xAB);
		}
	}
}

static void move_overlapping(void)
{
	char ref[64], got[64];
	for (int src = 0; src < 20; src++) {
		for (int dst = 0; dst < 20; dst++) {
			for (size_t i = 0; i < sizeof ref; i++)
				ref[i] = got[i] = (char)('a' + i % 26);
			memmove(ref + dst, ref + src, 30);
			EXPECT(test_memmove(got + dst, got + src, 30) == got + dst);
			EXPECT(memcmp(ref, got, sizeof ref) == 0);
		}
	}
}

static void compare(void)
{
	EXPECT(test_memcmp("abc", "abd", 3) < 0);
	EXPECT(test_memcmp("abd", "abc", 3) > 0);
	EXPECT(test_memcmp("abc", "abd", 2) == 0);
	EXPECT(test_memcmp("\xff", "\x01", 1) > 0); /* compares as unsigned */
	const char *s[] = { "", "a", "ab", "abc", "b", "\xff" };
	for (int i = 0; i < 6; i++)
		for (int j = 0; j < 6; j++) {
			EXPECT(sign(test_strcmp(s[i], s[j])) == sign(strcmp(s[i], s[j])));
			EXPECT(sign(test_strncmp(s[i], s[j], 2)) == sign(strncmp(s[i], s[j], 2)));
		}
}

static void lengths(void)
{
	EXPECT(test_strlen("") == 0);
	EXPECT(test_strlen("skyscope") == 8);
	EXPECT(test_strnlen("skyscope", 3) == 3);
	EXPECT(test_strnlen("sky", 10) == 3);
	const char *s = "a/b/c";
	EXPECT(test_strchr(s, '/') == s + 1);
	EXPECT(test_strchr(s, 'z') == NULL);
	EXPECT(test_strchr(s, '\0') == s + 5);
	EXPECT(test_memchr(s, 'b', 5) == s + 2);
	EXPECT(test_memchr(s, 'c', 4) == NULL);
	EXPECT(test_memchr(s, 'a', 0) == NULL);
}

int main(void)
{
	RUN("string", copy_and_fill);
	RUN("string", move_overlapping);
	RUN("string", compare);
	RUN("string", lengths);
	return cases_failed != 0;
}

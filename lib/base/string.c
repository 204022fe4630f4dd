/*
 * string.c — freestanding memory and string functions for the kernel and
 * the user runtime (host builds use libc and compile this file only for its
 * unit test, renamed through STRING_NAME). The copy and fill use x86's
 * string instructions, which the compiler cannot turn back into a call to
 * themselves: eight bytes at a time (`rep movsq`), then the tail bytewise,
 * which keeps the instruction count low where each repetition counts (an
 * instruction-counting emulator) and is fast on real CPUs.
 */
#include "base/string.h"

#include <stdint.h>

#ifndef STRING_NAME
#define STRING_NAME(name) name
#endif

void *STRING_NAME(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(tail) : : "memory");
	return ret;
}

void *STRING_NAME(memmove)(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		return STRING_NAME(memcpy)(dst, src, n); /* no harmful overlap */
	/* dst lies inside [src, src + n): copy backwards. */
	unsigned char *d = (unsigned char *)dst + n - 1;
	const unsigned char *s = (const unsigned char *)src + n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dst;
}

void *STRING_NAME(memset)(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t pattern = 0x0101010101010101ull * (uint8_t)c;
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(words) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(tail) : "a"(pattern) : "memory");
	return ret;
}

int STRING_NAME(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

size_t STRING_NAME(strlen)(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t STRING_NAME(strnlen)(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int STRING_NAME(strcmp)(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int STRING_NAME(strncmp)(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || !a[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}

char *STRING_NAME(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

void *STRING_NAME(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

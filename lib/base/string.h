/*
 * string.h — the memory and string functions every Skyscope component links:
 * the kernel and user runtime get these definitions, host builds use libc's
 * under the same names. Compilers emit calls to memcpy/memset/memmove/memcmp
 * on their own, so these four must exist with exactly these signatures.
 */
#ifndef BASE_STRING_H
#define BASE_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);

#endif

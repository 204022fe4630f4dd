/*
 * rt.h — the Skyscope C runtime for user programs: crt0 calls
 * main(argc, argv) and exits with its result; printf writes to the console;
 * the string functions are lib/base's; the system calls are in syscall.h.
 */
#ifndef RT_RT_H
#define RT_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fmt.h"
#include "base/string.h"
#include "syscall.h"

/* Formatted output to the console; one call's output is written as a unit up to 1 KiB. */
int printf(const char *fmt, ...) FMT_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);
#define snprintf  fmt_snprintf
#define vsnprintf fmt_vsnprintf
/* Write s and a newline. */
int puts(const char *s);

__attribute__((noreturn)) void exit(int code);

/* Spawn a boot program by its NUL-terminated name with argv-style NULL-terminated args. */
int64_t spawn(const char *name, const char *const *args, int priority);

#endif

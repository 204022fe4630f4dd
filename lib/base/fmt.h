/*
 * fmt.h — printf-style formatting shared by the kernel log and the user
 * runtime's printf. Output goes to a sink callback in pieces, so callers
 * choose where bytes land (serial port, a buffer, a syscall) without an
 * intermediate allocation.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%; flags '-' '0'; width and
 * precision as numbers or '*'; length modifiers hh h l ll z t.
 * An unknown conversion is printed literally, never read from the va_list.
 */
#ifndef BASE_FMT_H
#define BASE_FMT_H

#include <stdarg.h>
#include <stddef.h>

struct fmt_sink {
	void (*put)(struct fmt_sink *sink, const char *s, size_t n);
};

#define FMT_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Format into sink; returns the number of bytes produced. */
size_t fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

/*
 * Format into buf (always NUL-terminated when size > 0); returns the length
 * the full output would have, like C's snprintf.
 */
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...) FMT_PRINTF(3, 4);
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif

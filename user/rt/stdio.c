/*
 * stdio.c — printf and puts over console_write. Output is gathered in a
 * stack buffer and written when full and at the end of the call, so short
 * lines from different processes do not interleave.
 */
#include "rt.h"

#define BUF_SIZE 1024

struct console_sink {
	struct fmt_sink sink;
	size_t used;
	char buf[BUF_SIZE];
};

static void write_all(const char *s, size_t n)
{
	while (n) {
		int64_t w = sky_console_write(s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void console_put(struct fmt_sink *sink, const char *s, size_t n)
{
	struct console_sink *c = (struct console_sink *)sink;
	if (c->used + n > BUF_SIZE) {
		write_all(c->buf, c->used);
		c->used = 0;
	}
	if (n > BUF_SIZE) {
		write_all(s, n);
		return;
	}
	memcpy(c->buf + c->used, s, n);
	c->used += n;
}

int vprintf(const char *fmt, va_list ap)
{
	struct console_sink c = { .sink = { console_put } };
	size_t n = fmt_vformat(&c.sink, fmt, ap);
	write_all(c.buf, c.used);
	return (int)n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}

/*
 * fmt.c — the formatter behind klog() and the user runtime's printf.
 * One pass over the format string; numbers are rendered right to left into
 * a small stack buffer, then padded and handed to the sink.
 */
#include "base/fmt.h"

#include <stdbool.h>
#include <stdint.h>

#include "base/string.h"

struct spec {
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros */
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
	int length;    /* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z', 't' */
};

static void emit(struct fmt_sink *sink, size_t *count, const char *s, size_t n)
{
	if (n) {
		sink->put(sink, s, n);
		*count += n;
	}
}

static void pad(struct fmt_sink *sink, size_t *count, char c, int n)
{
	char buf[16];
	memset(buf, c, sizeof buf);
	while (n > 0) {
		int chunk = n < (int)sizeof buf ? n : (int)sizeof buf;
		emit(sink, count, buf, (size_t)chunk);
		n -= chunk;
	}
}

/* Emit s[0..n) padded to the spec's width. */
static void field(struct fmt_sink *sink, size_t *count, const struct spec *sp, const char *s,
		  size_t n)
{
	int fill = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!sp->left)
		pad(sink, count, ' ', fill);
	emit(sink, count, s, n);
	if (sp->left)
		pad(sink, count, ' ', fill);
}

static void number(struct fmt_sink *sink, size_t *count, const struct spec *sp, uint64_t value,
		   bool negative, unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;
	do {
		buf[sizeof buf - 1 - len++] = digits[value % base];
		value /= base;
	} while (value);

	int plen = (int)strlen(prefix) + (negative ? 1 : 0);
	int zeros = 0;
	if (sp->precision > len)
		zeros = sp->precision - len;
	else if (sp->zero && !sp->left && sp->precision < 0 && sp->width > len + plen)
		zeros = sp->width - len - plen;
	int fill = sp->width - (len + plen + zeros);

	if (!sp->left)
		pad(sink, count, ' ', fill);
	if (negative)
		emit(sink, count, "-", 1);
	emit(sink, count, prefix, strlen(prefix));
	pad(sink, count, '0', zeros);
	emit(sink, count, buf + sizeof buf - len, (size_t)len);
	if (sp->left)
		pad(sink, count, ' ', fill);
}

static uint64_t fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'z':
		return va_arg(*ap, size_t);
	case 't':
		return (uint64_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
		return va_arg(*ap, long);
	case 'L':
		return va_arg(*ap, long long);
	case 'z':
		return (int64_t)va_arg(*ap, size_t);
	case 't':
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Parse flags, width, precision and length after a '%'; returns the conversion's position. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else
			break;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	} else {
		while (*p >= '0' && *p <= '9' && sp->width < 100000)
			sp->width = sp->width * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		sp->precision = 0;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			p++;
		} else {
			while (*p >= '0' && *p <= '9' && sp->precision < 100000)
				sp->precision = sp->precision * 10 + (*p++ - '0');
		}
	}
	if (p[0] == 'h' && p[1] == 'h') {
		sp->length = 'H';
		p += 2;
	} else if (p[0] == 'l' && p[1] == 'l') {
		sp->length = 'L';
		p += 2;
	} else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 't') {
		sp->length = *p++;
	}
	return p;
}

size_t fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap_in)
{
	size_t count = 0;
	va_list ap;
	va_copy(ap, ap_in);
	const char *p = fmt;
	while (*p) {
		const char *run = p;
		while (*p && *p != '%')
			p++;
		emit(sink, &count, run, (size_t)(p - run));
		if (!*p)
			break;

		const char *start = p++;
		struct spec sp;
		p = parse_spec(p, &sp, &ap);
		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&sp, &ap);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			number(sink, &count, &sp, mag, v < 0, 10, false, "");
			break;
		}
		case 'u':
			number(sink, &count, &sp, fetch_unsigned(&sp, &ap), false, 10, false, "");
			break;
		case 'x':
		case 'X':
			number(sink, &count, &sp, fetch_unsigned(&sp, &ap), false, 16, *p == 'X',
			       "");
			break;
		case 'p':
			number(sink, &count, &sp, (uintptr_t)va_arg(ap, void *), false, 16, false,
			       "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			field(sink, &count, &sp, &c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = sp.precision >= 0 ? strnlen(s, (size_t)sp.precision) : strlen(s);
			field(sink, &count, &sp, s, n);
			break;
		}
		case '%':
			emit(sink, &count, "%", 1);
			break;
		default:
			/* Unknown or truncated: print what we saw, consume nothing more. */
			if (!*p)
				p--;
			emit(sink, &count, start, (size_t)(p + 1 - start));
			break;
		}
		p++;
	}
	va_end(ap);
	return count;
}

struct buf_sink {
	struct fmt_sink sink;
	char *buf;
	size_t size; /* capacity including the NUL */
	size_t used; /* bytes stored, excluding the NUL */
};

static void buf_put(struct fmt_sink *sink, const char *s, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)sink;
	if (b->size == 0)
		return;
	size_t room = b->size - 1 - b->used;
	size_t take = n < room ? n : room;
	memcpy(b->buf + b->used, s, take);
	b->used += take;
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { { buf_put }, buf, size, 0 };
	size_t n = fmt_vformat(&b.sink, fmt, ap);
	if (size)
		buf[b.used] = '\0';
	return n;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

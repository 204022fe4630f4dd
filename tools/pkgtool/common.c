/*
 * common.c — messages, numbers, key files and signed metadata files for the
 * supply-chain tools (pkgtool.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/entropy.h"
#include "common/file.h"
#include "pkgtool/pkgtool.h"

const char *pt_prog = "pkgtool";

int pt_error(int status, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", pt_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int pt_refused(const char *what, const struct pkg_err *e)
{
	fprintf(stderr, "%s: %s refused (%s): %s\n", pt_prog, what, pkg_reason_name(e->reason),
		e->why);
	return PT_REFUSED;
}

uint8_t *pt_read(const char *path, size_t *len, size_t limit)
{
	const char *why;
	uint8_t *p = file_read(path, len, limit, &why);
	if (!p)
		pt_error(PT_USAGE, "%s: %s", path, why);
	return p;
}

bool pt_number(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 0);
	if (errno || *end || n > max)
		return false;
	*v = n;
	return true;
}

uint64_t pt_clock(void)
{
	return (uint64_t)time(NULL);
}

int pt_read_key(const char *path, uint8_t *out, size_t size)
{
	size_t len;
	uint8_t *p = pt_read(path, &len, size);
	if (!p)
		return PT_USAGE;
	if (len != size) {
		free(p);
		return pt_error(PT_USAGE, "%s: %zu bytes, an ML-DSA-87 %s key has %zu", path, len,
				size == SKY_PKG_SK_SIZE ? "secret" : "public", size);
	}
	memcpy(out, p, size);
	memset(p, 0, len);
	free(p);
	return 0;
}

uint8_t pt_role(const char *s)
{
	static const char *const names[] = { "package", "image", "promotion", "snapshot" };
	for (int i = 0; i < 4; i++)
		if (s && strcmp(s, names[i]) == 0)
			return (uint8_t)(i + 1);
	return 0;
}

int pt_random(uint8_t rnd[32])
{
	return entropy_get(rnd, 32) ? pt_error(PT_USAGE, "no entropy from the system") : 0;
}

uint8_t *pt_meta_build(const char magic[8], const uint8_t *body, size_t blen,
		       const uint8_t (*sks)[SKY_PKG_SK_SIZE], int nsk, size_t *len)
{
	size_t signed_len = SKY_META_HEADER_SIZE + blen;
	*len = signed_len + 4 + (size_t)nsk * SKY_PKG_SIG_ENTRY;
	uint8_t *out = calloc(1, *len), rnd[32];
	if (!out)
		return NULL;
	pkg_meta_header_write(out, magic, (uint32_t)blen);
	memcpy(out + SKY_META_HEADER_SIZE, body, blen);
	pkg_put_le(out + signed_len, (uint64_t)nsk, 4);
	for (int i = 0; i < nsk; i++) {
		if (pt_random(rnd) ||
		    pkg_sign(sks[i], magic, out, signed_len, rnd,
			     out + signed_len + 4 + (size_t)i * SKY_PKG_SIG_ENTRY)) {
			free(out);
			return NULL;
		}
	}
	return out;
}

void pt_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

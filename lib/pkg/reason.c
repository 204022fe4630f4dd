/*
 * reason.c — the names of the refusals and the one way to report one, so
 * host tools and the guest word them the same; and the little-endian field
 * accessors every layout of include/sky/pkg.h is read and written with.
 */
#include "pkg/pkg.h"

#include "base/fmt.h"

const char *pkg_reason_name(enum pkg_reason r)
{
	static const char *const names[PKG_R_COUNT] = {
		[PKG_OK] = "ok",
		[PKG_R_MALFORMED] = "malformed",
		[PKG_R_TOO_LARGE] = "too-large",
		[PKG_R_SIGNATURE] = "bad-signature",
		[PKG_R_THRESHOLD] = "threshold",
		[PKG_R_UNKNOWN_KEY] = "unknown-key",
		[PKG_R_REVOKED_KEY] = "revoked-key",
		[PKG_R_WRONG_ROLE] = "wrong-role",
		[PKG_R_KEY_EXPIRED] = "key-expired",
		[PKG_R_EXPIRED] = "expired",
		[PKG_R_ROLLBACK] = "rollback",
		[PKG_R_NOT_IN_SNAPSHOT] = "not-in-snapshot",
		[PKG_R_CONTENT] = "content",
		[PKG_R_POLICY] = "policy",
	};
	return (unsigned)r < PKG_R_COUNT ? names[r] : "?";
}

int pkg_fail(struct pkg_err *e, enum pkg_reason r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	e->reason = r;
	fmt_vsnprintf(e->why, sizeof e->why, fmt, ap);
	va_end(ap);
	return -(int)r;
}

uint64_t pkg_get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

void pkg_put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

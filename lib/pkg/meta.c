/*
 * meta.c — the one layout of every signed metadata file (include/sky/pkg.h):
 * magic, body size, reserved word, the SILA record, the signature block.
 * Only the layout is checked here; whose signatures count is trust.c's.
 */
#include "pkg/pkg.h"

#include "base/string.h"

int pkg_meta_open(struct pkg_meta *m, const char magic[8], const uint8_t *in, size_t len,
		  struct pkg_err *e)
{
	if (len < SKY_META_HEADER_SIZE)
		return pkg_fail(e, PKG_R_MALFORMED, "shorter than a %.8s header", magic);
	if (memcmp(in, magic, 8) != 0)
		return pkg_fail(e, PKG_R_MALFORMED, "no %.8s magic", magic);
	uint64_t body = pkg_get_le(in + 8, 4);
	if (pkg_get_le(in + 12, 4) != 0)
		return pkg_fail(e, PKG_R_MALFORMED, "reserved header bytes are not zero");
	if (body == 0 || body > SKY_META_BODY_MAX)
		return pkg_fail(e, PKG_R_TOO_LARGE, "body size %llu is outside 1..%u",
				(unsigned long long)body, SKY_META_BODY_MAX);
	if (body > len - SKY_META_HEADER_SIZE)
		return pkg_fail(e, PKG_R_MALFORMED, "the body (%llu bytes) runs past the file",
				(unsigned long long)body);
	m->body = in + SKY_META_HEADER_SIZE;
	m->body_len = (uint32_t)body;
	m->signed_len = SKY_META_HEADER_SIZE + (size_t)body;
	return pkg_sigs_parse(&m->sigs, in + m->signed_len, len - m->signed_len, e);
}

struct sila_msg pkg_meta_msg(const struct pkg_meta *m)
{
	/* The decoders only read: the cast drops const for the message type's sake. */
	struct sila_msg msg = { .data = (uint8_t *)m->body, .len = m->body_len };
	return msg;
}

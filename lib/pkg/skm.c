/*
 * skm.c — the module package layout (include/sky/pkg.h): every size is
 * checked against the file and the limits before anything is read through
 * it, and the compression header is read for its sizes (not yet trusted:
 * that needs the signatures, verify.c).
 */
#include "pkg/pkg.h"

#include "base/string.h"

int pkg_skm_open(struct pkg_skm *p, const uint8_t *in, size_t len, struct pkg_err *e)
{
	memset(p, 0, sizeof *p);
	if (len < SKY_PKG_HEADER_SIZE)
		return pkg_fail(e, PKG_R_MALFORMED, "%zu bytes: shorter than a package header",
				len);
	if (memcmp(in, SKY_PKG_MAGIC, 8) != 0)
		return pkg_fail(e, PKG_R_MALFORMED, "no SKYPKG01 magic: not a package");
	if (pkg_get_le(in + 8, 4) != SKY_PKG_HEADER_SIZE)
		return pkg_fail(e, PKG_R_MALFORMED, "header size %llu, not %u",
				(unsigned long long)pkg_get_le(in + 8, 4), SKY_PKG_HEADER_SIZE);
	if (pkg_get_le(in + 24, 8) != 0)
		return pkg_fail(e, PKG_R_MALFORMED, "reserved header bytes are not zero");
	uint64_t mlen = pkg_get_le(in + 12, 4), plen = pkg_get_le(in + 16, 8);
	if (mlen == 0 || mlen > SKY_PKG_MANIFEST_MAX)
		return pkg_fail(e, PKG_R_TOO_LARGE, "manifest size %llu is outside 1..%u",
				(unsigned long long)mlen, SKY_PKG_MANIFEST_MAX);
	size_t rest = len - SKY_PKG_HEADER_SIZE;
	if (mlen > rest)
		return pkg_fail(e, PKG_R_MALFORMED, "the manifest (%llu bytes) runs past the file",
				(unsigned long long)mlen);
	rest -= (size_t)mlen;
	if (plen < SKY_CMH_SIZE || plen > rest)
		return pkg_fail(e, PKG_R_MALFORMED,
				"payload size %llu: not between the compression header's %u bytes "
				"and the %zu bytes left",
				(unsigned long long)plen, SKY_CMH_SIZE, rest);
	p->manifest = in + SKY_PKG_HEADER_SIZE;
	p->manifest_len = (uint32_t)mlen;
	p->payload = p->manifest + mlen;
	p->payload_len = (size_t)plen;
	p->signed_len = SKY_PKG_HEADER_SIZE + (size_t)mlen + (size_t)plen;
	const char *why;
	if (compress_header_read(p->payload, p->payload_len, &p->cmh, &why))
		return pkg_fail(e, PKG_R_MALFORMED, "compression header: %s", why);
	if (p->cmh.decompressed_size > SKY_PKG_ELF_MAX)
		return pkg_fail(e, PKG_R_TOO_LARGE, "declares a %llu-byte module; the limit is %u",
				(unsigned long long)p->cmh.decompressed_size, SKY_PKG_ELF_MAX);
	return pkg_sigs_parse(&p->sigs, in + p->signed_len, len - p->signed_len, e);
}

int pkg_manifest_read(struct pkg_manifest *m, const uint8_t *in, size_t len, struct pkg_err *e)
{
	struct sila_msg msg = { .data = (uint8_t *)in, .len = (uint32_t)len };
	struct sila_where where = { 0, "" };
	if (len > SKY_PKG_MANIFEST_MAX || pkg_manifest_decode(m, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "manifest: bad field '%s' at byte %u",
				where.field, where.offset);
	if (!pkg_name_valid(m->name.data, m->name.len))
		return pkg_fail(e, PKG_R_MALFORMED,
				"manifest: the name is not 1-64 of a-z 0-9 - _ . characters");
	for (uint32_t i = 0; i < m->requires.count; i++)
		if (m->requires.items[i].name.len == 0)
			return pkg_fail(e, PKG_R_MALFORMED, "manifest: capability %u has no name",
					i);
	return 0;
}

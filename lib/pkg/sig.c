/*
 * sig.c — signature blocks ([count][key id, ML-DSA-87 signature]...) and
 * the rule for accepting one: every signature must be by a known key of
 * the right role that is neither revoked, expired nor past its retirement
 * grace, and must verify; and at least `threshold` distinct keys must have
 * signed. A block with a bad entry is refused whole rather than counted
 * around, so a refusal always names its cause.
 */
#include "pkg/pkg.h"

#include "base/string.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"

void pkg_digest(const uint8_t *in, size_t len, uint8_t out[SKY_PKG_DIGEST_SIZE])
{
	shake256(in, len, out, SKY_PKG_DIGEST_SIZE);
}

void pkg_key_id(const uint8_t pk[SKY_PKG_PK_SIZE], uint8_t id[SKY_PKG_KEY_ID_SIZE])
{
	shake256(pk, SKY_PKG_PK_SIZE, id, SKY_PKG_KEY_ID_SIZE);
}

int pkg_sigs_parse(struct pkg_sigs *s, const uint8_t *in, size_t len, struct pkg_err *e)
{
	if (len < 4)
		return pkg_fail(e, PKG_R_MALFORMED, "the file ends before its signature count");
	uint64_t n = pkg_get_le(in, 4);
	if (n > SKY_PKG_SIGS_MAX)
		return pkg_fail(e, PKG_R_TOO_LARGE, "%llu signatures declared, at most %u",
				(unsigned long long)n, SKY_PKG_SIGS_MAX);
	if (len - 4 != n * SKY_PKG_SIG_ENTRY)
		return pkg_fail(e, PKG_R_MALFORMED,
				"the signature block is %llu bytes, %llu signatures need %llu",
				(unsigned long long)(len - 4), (unsigned long long)n,
				(unsigned long long)(n * SKY_PKG_SIG_ENTRY));
	s->at = in + 4;
	s->count = (uint32_t)n;
	return 0;
}

static const struct pkg_key *find(const struct pkg_keyset *ks, const uint8_t *id)
{
	for (uint32_t i = 0; i < ks->count; i++)
		if (memcmp(ks->keys[i].id, id, SKY_PKG_KEY_ID_SIZE) == 0)
			return &ks->keys[i];
	return NULL;
}

static bool revoked(const struct pkg_keyset *ks, const uint8_t *id)
{
	for (uint32_t i = 0; i < ks->nrevoked; i++)
		if (memcmp(ks->revoked[i].id, id, SKY_PKG_KEY_ID_SIZE) == 0)
			return true;
	return false;
}

/* As the tools spell roles (skypack certify --role). */
static const char *role_name(uint8_t role)
{
	static const char *const names[] = { "root", "package", "image", "promotion", "snapshot" };
	return role < 5 ? names[role] : "unknown";
}

static void short_id(const uint8_t *id, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 8; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 15];
	}
	out[16] = 0;
}

int pkg_sigs_check(const struct pkg_keyset *ks, uint8_t role, unsigned threshold, const char ctx[8],
		   const uint8_t *msg, size_t mlen, const struct pkg_sigs *s, uint64_t now,
		   struct pkg_err *e)
{
	return pkg_sigs_check_among(ks, role, threshold, ctx, msg, mlen, s, now, false, e);
}

int pkg_sigs_check_among(const struct pkg_keyset *ks, uint8_t role, unsigned threshold,
			 const char ctx[8], const uint8_t *msg, size_t mlen,
			 const struct pkg_sigs *s, uint64_t now, bool others_ok, struct pkg_err *e)
{
	char idhex[17];
	unsigned valid = 0;
	for (uint32_t i = 0; i < s->count; i++) {
		const uint8_t *entry = s->at + (size_t)i * SKY_PKG_SIG_ENTRY;
		short_id(entry, idhex);
		/* Each key counts once: a repeated id is a malformed block. */
		for (uint32_t j = 0; j < i; j++)
			if (memcmp(s->at + (size_t)j * SKY_PKG_SIG_ENTRY, entry,
				   SKY_PKG_KEY_ID_SIZE) == 0)
				return pkg_fail(e, PKG_R_MALFORMED, "key %s signed twice", idhex);
		if (revoked(ks, entry))
			return pkg_fail(e, PKG_R_REVOKED_KEY, "signed by revoked key %s", idhex);
		const struct pkg_key *k = find(ks, entry);
		if (!k && others_ok)
			continue; /* another set's signature: that set's check judges it */
		if (!k)
			return pkg_fail(e, PKG_R_UNKNOWN_KEY, "signed by key %s, which %s", idhex,
					role == PKG_ROLE_ROOT ? "is not a trusted root key"
							      : "the trust store does not know");
		if (k->role != role)
			return pkg_fail(e, PKG_R_WRONG_ROLE,
					"signed by key %s of role %s; %s keys must sign this",
					idhex, role_name(k->role), role_name(role));
		if (now >= k->expires)
			return pkg_fail(e, PKG_R_KEY_EXPIRED, "key %s expired at %llu", idhex,
					(unsigned long long)k->expires);
		if (k->retired_until && now >= k->retired_until)
			return pkg_fail(e, PKG_R_KEY_EXPIRED,
					"key %s was rotated out; its signatures counted until %llu",
					idhex, (unsigned long long)k->retired_until);
		if (!mldsa_verify(87, k->pk, msg, mlen, (const uint8_t *)ctx, 8,
				  entry + SKY_PKG_KEY_ID_SIZE))
			return pkg_fail(e, PKG_R_SIGNATURE,
					"the signature of key %s does not verify", idhex);
		valid++;
	}
	if (valid < threshold)
		return pkg_fail(e, PKG_R_THRESHOLD, "%u valid %s signature%s, %u needed", valid,
				role_name(role), valid == 1 ? "" : "s", threshold);
	return 0;
}

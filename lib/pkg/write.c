/*
 * write.c — the writing half of the formats, for the tools that make
 * packages, bundles and metadata (skypack, skyimage, skyrepo, tests):
 * headers and signature entries. Freestanding like the readers.
 */
#include "pkg/pkg.h"

#include "base/string.h"
#include "crypto/mldsa.h"

void pkg_skm_header_write(uint8_t out[SKY_PKG_HEADER_SIZE], uint32_t manifest_len,
			  uint64_t payload_len)
{
	memset(out, 0, SKY_PKG_HEADER_SIZE);
	memcpy(out, SKY_PKG_MAGIC, 8);
	pkg_put_le(out + 8, SKY_PKG_HEADER_SIZE, 4);
	pkg_put_le(out + 12, manifest_len, 4);
	pkg_put_le(out + 16, payload_len, 8);
}

void pkg_meta_header_write(uint8_t out[SKY_META_HEADER_SIZE], const char magic[8],
			   uint32_t body_len)
{
	memcpy(out, magic, 8);
	pkg_put_le(out + 8, body_len, 4);
	pkg_put_le(out + 12, 0, 4);
}

void pkg_sk_key_id(const uint8_t sk[SKY_PKG_SK_SIZE], uint8_t id[SKY_PKG_KEY_ID_SIZE])
{
	/* skEncode is rho (32) || K (32) || tr (64) ...; tr = SHAKE256(pk, 64),
	 * whose first 32 bytes are SHAKE256(pk, 32), the key id. */
	memcpy(id, sk + 64, SKY_PKG_KEY_ID_SIZE);
}

int pkg_sign(const uint8_t sk[SKY_PKG_SK_SIZE], const char ctx[8], const uint8_t *msg, size_t mlen,
	     const uint8_t rnd[32], uint8_t entry[SKY_PKG_SIG_ENTRY])
{
	pkg_sk_key_id(sk, entry);
	return mldsa_sign(87, sk, msg, mlen, (const uint8_t *)ctx, 8, rnd,
			  entry + SKY_PKG_KEY_ID_SIZE)
		       ? -1
		       : 0;
}

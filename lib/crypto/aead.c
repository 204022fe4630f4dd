/*
 * aead.c — ChaCha20-Poly1305 (RFC 8439 §2.8) and XChaCha20-Poly1305
 * (draft-irtf-cfrg-xchacha-03 §2) over chacha20.c and poly1305.c. The
 * one-time Poly1305 key is the first 32 bytes of keystream block 0; the
 * message is encrypted from block 1; the tag covers
 * AAD | pad16 | ciphertext | pad16 | le64(aadlen) | le64(len).
 */
#include "crypto/aead.h"

#include "base/string.h"
#include "crypto/chacha20.h"
#include "crypto/ct.h"
#include "crypto/poly1305.h"
#include "sky/error.h"

static void mac_pad16(struct poly1305 *p, size_t len)
{
	static const uint8_t zeros[16] = { 0 };
	if (len % 16)
		poly1305_update(p, zeros, 16 - len % 16);
}

/* The tag over aad and ct under the one-time key from (key, nonce) (§2.6, §2.8). */
static void compute_tag(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
			size_t aadlen, const uint8_t *ct, size_t len, uint8_t tag[16])
{
	uint8_t block0[64];
	struct poly1305 p;
	chacha20_block(key, 0, nonce, block0);
	poly1305_init(&p, block0);
	ct_zeroize(block0, sizeof block0);
	poly1305_update(&p, aad, aadlen);
	mac_pad16(&p, aadlen);
	poly1305_update(&p, ct, len);
	mac_pad16(&p, len);
	uint8_t lengths[16];
	for (int i = 0; i < 8; i++) {
		lengths[i] = (uint8_t)((uint64_t)aadlen >> (8 * i));
		lengths[8 + i] = (uint8_t)((uint64_t)len >> (8 * i));
	}
	poly1305_update(&p, lengths, sizeof lengths);
	poly1305_final(&p, tag);
}

int aead_chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
			       size_t aadlen, const uint8_t *pt, size_t len, uint8_t *ct,
			       uint8_t tag[16])
{
	if (len > AEAD_MAX_BYTES)
		return -SKY_E_RANGE;
	chacha20_xor(key, 1, nonce, pt, ct, len);
	compute_tag(key, nonce, aad, aadlen, ct, len, tag);
	return 0;
}

int aead_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
			       size_t aadlen, const uint8_t *ct, size_t len, const uint8_t tag[16],
			       uint8_t *pt)
{
	if (len > AEAD_MAX_BYTES)
		return -SKY_E_RANGE;
	uint8_t want[16];
	compute_tag(key, nonce, aad, aadlen, ct, len, want);
	int bad = ct_differ(want, tag, sizeof want);
	ct_zeroize(want, sizeof want);
	/* Whether the tag matched is the call's public result; the comparison was constant time. */
	CT_DECLASSIFY(&bad, sizeof bad);
	if (bad) {
		if (len)
			memset(pt, 0, len);
		return -SKY_E_CORRUPT;
	}
	chacha20_xor(key, 1, nonce, ct, pt, len);
	return 0;
}

/* XChaCha20 (§2.3): subkey = HChaCha20(key, nonce[0..15]), ChaCha20 nonce = 0^4 | nonce[16..23]. */
static void xchacha_setup(const uint8_t key[32], const uint8_t nonce[24], uint8_t subkey[32],
			  uint8_t nonce12[12])
{
	hchacha20(key, nonce, subkey);
	memset(nonce12, 0, 4);
	memcpy(nonce12 + 4, nonce + 16, 8);
}

int aead_xchacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *aad,
				size_t aadlen, const uint8_t *pt, size_t len, uint8_t *ct,
				uint8_t tag[16])
{
	if (len > AEAD_MAX_BYTES)
		return -SKY_E_RANGE;
	uint8_t subkey[32], nonce12[12];
	xchacha_setup(key, nonce, subkey, nonce12);
	int rc = aead_chacha20poly1305_seal(subkey, nonce12, aad, aadlen, pt, len, ct, tag);
	ct_zeroize(subkey, sizeof subkey);
	return rc;
}

int aead_xchacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *aad,
				size_t aadlen, const uint8_t *ct, size_t len, const uint8_t tag[16],
				uint8_t *pt)
{
	if (len > AEAD_MAX_BYTES)
		return -SKY_E_RANGE;
	uint8_t subkey[32], nonce12[12];
	xchacha_setup(key, nonce, subkey, nonce12);
	int rc = aead_chacha20poly1305_open(subkey, nonce12, aad, aadlen, ct, len, tag, pt);
	ct_zeroize(subkey, sizeof subkey);
	return rc;
}

/*
 * sha3.h — the SHA-3 family on the Keccak sponge: SHA3-224/256/384/512 and
 * SHAKE128/256 (FIPS 202), cSHAKE256 and KMAC256 (SP 800-185), and a key
 * derivation function on KMAC256. Each has a one-call form and an
 * incremental one (init, absorb any number of times, then final or
 * squeeze). Stack: a context is 224 bytes; no call uses more than about
 * 300 bytes of stack beyond it, except that the one-call functions (which
 * may hash keys) end by clearing 512 bytes with ct_wipe_stack.
 */
#ifndef CRYPTO_SHA3_H
#define CRYPTO_SHA3_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/keccak.h"

struct sha3 {
	struct keccak k;
	uint32_t digest; /* bytes of output for SHA3-x; 0 for XOFs */
};

/* SHA3-x for x = 224, 256, 384, 512. */
void sha3_init(struct sha3 *c, unsigned bits);
void sha3_absorb(struct sha3 *c, const void *in, size_t len);
/* Finish with `bits` (0..7) more message bits in the low bits of `last`, and write the digest. */
void sha3_final_bits(struct sha3 *c, uint8_t last, unsigned bits, uint8_t *out);
void sha3_final(struct sha3 *c, uint8_t *out);
void sha3_256(const void *in, size_t len, uint8_t out[32]);
void sha3_512(const void *in, size_t len, uint8_t out[64]);

/* SHAKE128 / SHAKE256: absorb, finish (optionally with trailing bits), squeeze as much as wanted.
 */
void shake_init(struct sha3 *c, unsigned security_bits);
void shake_finish_bits(struct sha3 *c, uint8_t last, unsigned bits);
void shake_finish(struct sha3 *c);
void shake_squeeze(struct sha3 *c, uint8_t *out, size_t len);
void shake128(const void *in, size_t len, uint8_t *out, size_t outlen);
void shake256(const void *in, size_t len, uint8_t *out, size_t outlen);
/* TurboSHAKE256 (RFC 9861): SHAKE256's sponge over Keccak-p[1600, 12], twice as fast, with the
 * domain byte D (0x01..0x7F; 0x1F is the RFC's default). */
void turboshake256(const void *in, size_t len, uint8_t domain, uint8_t *out, size_t outlen);

/*
 * cSHAKE256 with function name N and customization S (SP 800-185 §3);
 * with both empty it is SHAKE256. Absorb and squeeze with sha3_absorb /
 * shake_finish / shake_squeeze.
 */
void cshake256_init(struct sha3 *c, const void *n, size_t nlen, const void *s, size_t slen);

/*
 * KMAC256 (SP 800-185 §4): key, customization S, then message by
 * sha3_absorb; kmac256_final writes `outlen` bytes. As a XOF (KMACXOF256)
 * the output length is not bound into the MAC: kmac256_final_xof, then
 * shake_squeeze for as much as wanted.
 */
void kmac256_init(struct sha3 *c, const void *key, size_t keylen, const void *s, size_t slen);
void kmac256_final(struct sha3 *c, uint8_t *out, size_t outlen);
void kmac256_final_xof(struct sha3 *c);
void kmac256(const void *key, size_t keylen, const void *msg, size_t msglen, const void *s,
	     size_t slen, uint8_t *out, size_t outlen);

/*
 * Key derivation with KMAC (SP 800-108r1 §4.4):
 * out = KMAC256(K = key, X = context, L = 8 * outlen, S = label).
 */
void kdf_kmac256(const void *key, size_t keylen, const char *label, const void *context,
		 size_t contextlen, uint8_t *out, size_t outlen);

#endif

/*
 * mldsa.h — ML-DSA-44, -65 and -87, the module-lattice signatures of
 * FIPS 204: key generation from a 32-byte seed, pure ML-DSA with a context
 * string, HashML-DSA over a digest the caller computed, and the internal
 * interface on M' or on an external mu. Freestanding: no allocation, no
 * global state; the hashes are SHAKE128/256 from sha3.h.
 *
 * Levels are 44, 65 or 87. Keys and signatures are byte strings of the
 * FIPS 204 encodings (pkEncode, skEncode, sigEncode); the secret key is the
 * expanded encoding. A "seed form" key is the 32-byte xi itself: expand it
 * with mldsa_keygen(seed) and sign with the sk it writes.
 *
 * Output buffers must not overlap the inputs: signing uses the signature
 * buffer as scratch space before it writes the signature.
 *
 * Constant time: signing and key generation take no branch and no memory
 * index from secret data, except the rejection decisions of FIPS 204
 * (which bytes a sampler skips, whether a signing attempt is thrown away).
 *
 * Stack, measured by painting it, with the kernel's flags (x86_64, gcc
 * -O2), the same at every level: mldsa_keygen writes 8.8 KiB of it, the
 * mldsa_sign* calls 10.5 KiB, the mldsa_verify* calls 9.1 KiB. Keygen and
 * signing end with ct_wipe_stack, which clears 1 KiB below their frame
 * (well inside what their callees used). The
 * matrix A (16-56 KiB) is never stored: its entries are drawn again each
 * time they are multiplied, and signing keeps w at 3 bytes a coefficient
 * between the commitment and the checks.
 */
#ifndef CRYPTO_MLDSA_H
#define CRYPTO_MLDSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sizes in bytes of a public key, an (expanded) secret key and a signature; 0 for another level. */
#define MLDSA_PK_BYTES(level)                                                                      \
	((level) == 44 ? 1312 : (level) == 65 ? 1952 : (level) == 87 ? 2592 : 0)
#define MLDSA_SK_BYTES(level)                                                                      \
	((level) == 44 ? 2560 : (level) == 65 ? 4032 : (level) == 87 ? 4896 : 0)
#define MLDSA_SIG_BYTES(level)                                                                     \
	((level) == 44 ? 2420 : (level) == 65 ? 3309 : (level) == 87 ? 4627 : 0)
#define MLDSA_SEED_BYTES 32 /* xi, and rnd */
#define MLDSA_MU_BYTES   64

/*
 * ML-DSA.KeyGen_internal(xi) (Alg. 6): the key pair of a 32-byte seed;
 * ML-DSA.KeyGen is this with 32 fresh random bytes. 0, or -SKY_E_INVAL for
 * another level.
 */
int mldsa_keygen(unsigned level, const uint8_t seed[32], uint8_t *pk, uint8_t *sk);

/*
 * Pure ML-DSA.Sign (Alg. 2): signs msg under the context string ctx (0-255
 * bytes). rnd is 32 fresh random bytes (hedged) or 32 zero bytes
 * (deterministic). 0, or -SKY_E_INVAL for another level or a context over
 * 255 bytes (nothing written then).
 */
int mldsa_sign(unsigned level, const uint8_t *sk, const uint8_t *msg, size_t mlen,
	       const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[32], uint8_t *sig);

/* ML-DSA.Sign_internal (Alg. 7) on M' as given. 0, or -SKY_E_INVAL for another level. */
int mldsa_sign_internal(unsigned level, const uint8_t *sk, const uint8_t *mprime, size_t len,
			const uint8_t rnd[32], uint8_t *sig);

/*
 * Sign_internal with mu = H(tr || M', 64) computed by the caller (the
 * "external mu" of FIPS 204 §6.2). 0, or -SKY_E_INVAL for another level.
 */
int mldsa_sign_mu(unsigned level, const uint8_t *sk, const uint8_t mu[64], const uint8_t rnd[32],
		  uint8_t *sig);

/*
 * HashML-DSA.Sign (Alg. 4) of a message the caller hashed: oid is the DER
 * encoding of the hash's OID (e.g. 06 09 60 86 48 01 65 03 04 02 01 for
 * SHA-256), digest its output. Returns as mldsa_sign.
 */
int mldsa_sign_prehash(unsigned level, const uint8_t *sk, const uint8_t *oid, size_t oidlen,
		       const uint8_t *digest, size_t dlen, const uint8_t *ctx, size_t ctxlen,
		       const uint8_t rnd[32], uint8_t *sig);

/*
 * Verification in the same four forms (Alg. 3, 8, 5): true only for a valid
 * signature; false for anything else, including another level, a context
 * over 255 bytes and a malformed signature encoding.
 */
bool mldsa_verify(unsigned level, const uint8_t *pk, const uint8_t *msg, size_t mlen,
		  const uint8_t *ctx, size_t ctxlen, const uint8_t *sig);
bool mldsa_verify_internal(unsigned level, const uint8_t *pk, const uint8_t *mprime, size_t len,
			   const uint8_t *sig);
bool mldsa_verify_mu(unsigned level, const uint8_t *pk, const uint8_t mu[64], const uint8_t *sig);
bool mldsa_verify_prehash(unsigned level, const uint8_t *pk, const uint8_t *oid, size_t oidlen,
			  const uint8_t *digest, size_t dlen, const uint8_t *ctx, size_t ctxlen,
			  const uint8_t *sig);

#endif

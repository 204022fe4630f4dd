/*
 * mldsa_internal.h — what the ML-DSA files share among themselves (and
 * with the white-box test_mldsa), nothing else: the parameter sets of FIPS 204 §4 (Table 1), the
 * polynomial arithmetic of mldsa_poly.c, the samplers of mldsa_sample.c and
 * the encodings of mldsa_pack.c. Polynomials are arrays of N int32
 * coefficients; the comment on each function says the range it takes and
 * gives.
 */
#ifndef CRYPTO_MLDSA_INTERNAL_H
#define CRYPTO_MLDSA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/sha3.h"

#define MLDSA_N       256
#define MLDSA_Q       8380417 /* 2^23 - 2^13 + 1 */
#define MLDSA_D       13      /* bits dropped from t */
#define MLDSA_K_MAX   8
#define MLDSA_L_MAX   7
#define MLDSA_T1_POLY 320 /* 10 bits per coefficient */
#define MLDSA_T0_POLY 416 /* 13 bits per coefficient */
/* A polynomial in [0, q) at 3 bytes a coefficient, and a spare byte for 4-byte reads. */
#define MLDSA_PACK24 (3 * MLDSA_N + 1)

/* One parameter set (FIPS 204 Table 1) with the sizes that follow from it. */
struct mldsa_params {
	uint8_t k, l;        /* A is k x l */
	uint8_t eta;         /* secret coefficients in [-eta, eta] */
	uint8_t tau;         /* nonzero coefficients of the challenge */
	uint8_t omega;       /* most hint bits */
	uint8_t ctilde;      /* bytes of the commitment hash: lambda / 4 */
	uint8_t gamma1_bits; /* gamma1 = 2^gamma1_bits */
	uint8_t eta_bits;    /* bits per packed secret coefficient: 3 or 4 */
	uint8_t w1_bits;     /* bits per packed w1 coefficient: 6 or 4 */
	uint16_t beta;       /* tau * eta */
	int32_t gamma2;      /* (q-1)/88 or (q-1)/32 */
	uint16_t pk_bytes, sk_bytes, sig_bytes;
	uint16_t z_poly; /* bytes of one packed z (or y) polynomial */
};

/* The parameters of ML-DSA-44, -65 or -87; NULL for another level. */
const struct mldsa_params *mldsa_params_get(unsigned level);

/* ---- arithmetic modulo q (mldsa_poly.c) ---- */

#define MLDSA_QINV 58728449 /* q^-1 mod 2^32 */

/* a * 2^-32 mod q in (-q, q), for |a| < 2^31 q (Montgomery reduction). */
static inline int32_t mldsa_mont_reduce(int64_t a)
{
	int32_t t = (int32_t)((uint32_t)a * (uint32_t)MLDSA_QINV);
	return (int32_t)((a - (int64_t)t * MLDSA_Q) >> 32);
}

/* a * b * 2^-32 mod q in (-q, q). */
static inline int32_t mldsa_mont_mul(int32_t a, int32_t b)
{
	return mldsa_mont_reduce((int64_t)a * b);
}

/* Forward NTT (FIPS 204 Alg. 41) in place: |a| <= q in, |a| < 11q out. */
void mldsa_ntt(int32_t a[MLDSA_N]);
/*
 * Inverse NTT (Alg. 42) in place, times 2^32: |a| < q in, (-q/4, 5q/4) out. The
 * factor 2^32 cancels the 2^-32 that each Montgomery product leaves.
 */
void mldsa_invntt(int32_t a[MLDSA_N]);
/* c = a * b * 2^-32 per coefficient, for |a * b| < 2^31 q; c in (-q, q). c may be a or b. */
void mldsa_pointwise(int32_t c[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
/* Each |a| < 2^31 - 2^22 brought into (-q, q), congruent. */
void mldsa_reduce(int32_t a[MLDSA_N]);
/* Each a in (-q, 2q) brought into [0, q). */
void mldsa_freeze(int32_t a[MLDSA_N]);

/*
 * x, hidden from the optimiser: a mask computed from it stays arithmetic
 * instead of becoming a comparison and a conditional move or branch.
 */
static inline uint32_t mldsa_opaque(uint32_t x)
{
	__asm__("" : "+r"(x));
	return x;
}

/* The representative of a in (-q, 3q/2) that lies in [-(q-1)/2, (q-1)/2]. */
static inline int32_t mldsa_centre(int32_t a)
{
	a += MLDSA_Q & (a >> 31);
	a -= MLDSA_Q & (((MLDSA_Q - 1) / 2 - a) >> 31);
	return a;
}

/* a mod q in [0, q) for a in (-q, 2q). */
static inline int32_t mldsa_mod_q(int32_t a)
{
	a += MLDSA_Q & (a >> 31);
	a -= MLDSA_Q;
	a += MLDSA_Q & (a >> 31);
	return a;
}

/* Power2Round (Alg. 35) for r in [0, q): r = r1 * 2^13 + r0, r0 in (-2^12, 2^12]. */
static inline int32_t mldsa_power2round(int32_t r, int32_t *r0)
{
	int32_t r1 = (r + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;
	*r0 = r - r1 * (1 << MLDSA_D);
	return r1;
}

/*
 * Decompose (Alg. 36) for r in [0, q), without branches: returns r1, sets
 * *r0. r1 = floor((r + gamma2 - 1) / (2 gamma2)) puts r0 = r - 2 gamma2 r1
 * in (-gamma2, gamma2]; the division is a multiply by ceil(2^48 / (2
 * gamma2)), exact for every r in [0, q) (test_mldsa checks them all). When
 * r - r0 = q - 1, r1 becomes 0 and r0 one less (lines 3-5).
 */
static inline int32_t mldsa_decompose(int32_t r, int32_t gamma2, int32_t *r0)
{
	uint64_t m = gamma2 == (MLDSA_Q - 1) / 32 ? 537395713u : 1477838210u;
	int32_t top = gamma2 == (MLDSA_Q - 1) / 32 ? 16 : 44; /* (q - 1) / (2 gamma2) */
	int32_t r1 = (int32_t)(((uint64_t)(uint32_t)(r + gamma2 - 1) * m) >> 48);
	*r0 = r - r1 * 2 * gamma2;
	/* -1 if r1 = top, else 0: opaque, so that it is not turned back into a test. */
	int32_t wrap = (int32_t)mldsa_opaque(-((((uint32_t)(r1 ^ top)) - 1) >> 31));
	*r0 += wrap;
	return r1 & ~wrap;
}

/* 1 if |a| >= bound for a coefficient a in (-q/2, q/2), else 0; no branch on a. */
static inline uint32_t mldsa_outside(int32_t a, int32_t bound)
{
	int32_t sign = a >> 31;
	int32_t abs = (a ^ sign) - sign;
	return (uint32_t)(bound - 1 - abs) >> 31;
}

/* UseHint (Alg. 40) for r in [0, q) and a hint bit h. */
int32_t mldsa_use_hint(int32_t r, unsigned h, int32_t gamma2);

/* ---- samplers on SHAKE (mldsa_sample.c) ---- */

/*
 * acc += A[row][col] * b (Montgomery products), with A[row][col] sampled by
 * RejNTTPoly (Alg. 30) from rho as in ExpandA (Alg. 32), one coefficient at a
 * time; b is packed by mldsa_pack24. Each acc coefficient grows by less than q.
 */
void mldsa_matrix_mac(int32_t acc[MLDSA_N], const uint8_t rho[32], unsigned row, unsigned col,
		      const uint8_t b[MLDSA_PACK24]);
/* RejBoundedPoly (Alg. 31) of rho' || nonce (ExpandS, Alg. 33): s in [-eta, eta]. */
void mldsa_sample_eta(int32_t s[MLDSA_N], const uint8_t rhop[64], unsigned nonce, unsigned eta);
/* The bytes H(rho'' || nonce, 32 * (gamma1_bits + 1)) that ExpandMask (Alg. 34) unpacks. */
void mldsa_mask_bytes(uint8_t *out, const uint8_t rhopp[64], unsigned nonce,
		      const struct mldsa_params *p);
/*
 * SampleInBall (Alg. 29): c with tau coefficients +-1. The position of each
 * one is written without a secret index; only the rejection of bytes
 * greater than i is revealed.
 */
void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t *ctilde, const struct mldsa_params *p);

/* ---- encodings (mldsa_pack.c) ---- */

/* t1 in [0, 2^10) (SimpleBitPack), and back. */
void mldsa_pack_t1(uint8_t *out, const int32_t t1[MLDSA_N]);
void mldsa_unpack_t1(int32_t t1[MLDSA_N], const uint8_t *in);
/* t0 in (-2^12, 2^12] (BitPack(t0, 2^12 - 1, 2^12)), and back. */
void mldsa_pack_t0(uint8_t *out, const int32_t t0[MLDSA_N]);
void mldsa_unpack_t0(int32_t t0[MLDSA_N], const uint8_t *in);
/* Secret coefficients in [-eta, eta] (BitPack(s, eta, eta)), and back. */
void mldsa_pack_eta(uint8_t *out, const int32_t s[MLDSA_N], const struct mldsa_params *p);
void mldsa_unpack_eta(int32_t s[MLDSA_N], const uint8_t *in, const struct mldsa_params *p);
/* z (or y) in (-gamma1, gamma1] as BitPack(z, gamma1 - 1, gamma1), and back. */
void mldsa_pack_z(uint8_t *out, const int32_t z[MLDSA_N], const struct mldsa_params *p);
void mldsa_unpack_z(int32_t z[MLDSA_N], const uint8_t *in, const struct mldsa_params *p);
/* w1 in [0, (q - 1) / (2 gamma2)) (w1Encode, Alg. 28, for one polynomial). */
void mldsa_pack_w1(uint8_t *out, const int32_t w1[MLDSA_N], const struct mldsa_params *p);
/* w1Encode(HighBits(w)) for w in [0, q), without branches. */
void mldsa_pack_highbits(uint8_t *out, const int32_t w[MLDSA_N], const struct mldsa_params *p);
/*
 * a, each |a| < 2^31 - 2^22, as its residues in [0, q) at 3 bytes each
 * (little-endian); out may be the start of a itself: each write trails the
 * read of its coefficient.
 */
void mldsa_pack24(uint8_t *out, const int32_t a[MLDSA_N]);
/* HintBitPack (Alg. 20): h is k polynomials of 0/1 bits, 32 bytes each. */
void mldsa_pack_hint(uint8_t *out, const uint8_t h[][MLDSA_N / 8], const struct mldsa_params *p);
/* HintBitUnpack (Alg. 21): false for a malformed encoding. */
bool mldsa_unpack_hint(uint8_t h[][MLDSA_N / 8], const uint8_t *in, const struct mldsa_params *p);

/* ---- the three operations (mldsa.c, mldsa_sign.c) ---- */

/* mu = H(tr || M', 64) for M' = pre || ctx || oid || msg (any piece may be empty). */
void mldsa_mu(uint8_t mu[64], const uint8_t tr[64], const uint8_t *pre, size_t prelen,
	      const uint8_t *ctx, size_t ctxlen, const uint8_t *oid, size_t oidlen,
	      const uint8_t *msg, size_t mlen);
/* ML-DSA.Sign_internal (Alg. 7) from mu on. */
void mldsa_sign_core(const struct mldsa_params *p, const uint8_t *sk, const uint8_t mu[64],
		     const uint8_t rnd[32], uint8_t *sig);
/* ML-DSA.Verify_internal (Alg. 8) from mu on. */
bool mldsa_verify_core(const struct mldsa_params *p, const uint8_t *pk, const uint8_t mu[64],
		       const uint8_t *sig);

#endif

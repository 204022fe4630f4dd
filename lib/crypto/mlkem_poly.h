/*
 * mlkem_poly.h — the polynomial layer under ML-KEM (FIPS 203 §4), internal
 * to lib/crypto/mlkem*.c: arithmetic in Z_q[X]/(X^256 + 1) with q = 3329,
 * the NTT and its inverse (Algorithms 9, 10), products in the NTT domain
 * (Algorithms 11, 12), sampling (Algorithms 7, 8), and compression and byte
 * encoding (§4.2.1, Algorithms 5, 6). mlkem_poly.c holds the arithmetic,
 * mlkem_sample.c the sampling and encoding, mlkem.c the scheme itself.
 *
 * Representation: a coefficient is an int16_t congruent to its value mod q,
 * not necessarily in [0, q); each function states the range it takes and
 * gives. Products use Montgomery reduction with R = 2^16: mont(a) = a R^-1
 * mod q. The inner products of the NTT domain add k products in 32 bits and
 * reduce once (struct mlkem_acc), which leaves the factor R^-1 that the
 * inverse NTT (or mlkem_poly_tomont) takes out again.
 *
 * No function branches on, or indexes memory by, coefficient values, except
 * mlkem_sample_ntt, whose input (the seed rho) is public.
 */
#ifndef CRYPTO_MLKEM_POLY_H
#define CRYPTO_MLKEM_POLY_H

#include <stdbool.h>
#include <stdint.h>

#define MLKEM_N 256
#define MLKEM_Q 3329

struct mlkem_poly {
	int16_t c[MLKEM_N];
};

/* 32-bit sums of NTT-domain products, before their one reduction. */
struct mlkem_acc {
	int32_t c[MLKEM_N];
};

/* ---- arithmetic (mlkem_poly.c) ---- */

/* NTT of p in place (Algorithm 9). In: |c| < q. Out: |c| < q. */
void mlkem_ntt(struct mlkem_poly *p);
/*
 * Inverse NTT of p in place (Algorithm 10), times R: undoes the R^-1 that
 * mlkem_acc_reduce leaves. In: |c| < q. Out: |c| < q.
 */
void mlkem_invntt_tomont(struct mlkem_poly *p);
/* acc = 0. */
void mlkem_acc_zero(struct mlkem_acc *acc);
/*
 * acc += a * b in the NTT domain (MultiplyNTTs, Algorithm 11), unreduced.
 * In: |a|, |b| < q. At most four calls between acc_zero and acc_reduce.
 */
void mlkem_acc_basemul(struct mlkem_acc *acc, const struct mlkem_poly *a,
		       const struct mlkem_poly *b);
/* p = acc R^-1 mod q. Out: |c| < q. */
void mlkem_acc_reduce(struct mlkem_poly *p, const struct mlkem_acc *acc);
/* p = p R mod q. In: any int16. Out: |c| < q. */
void mlkem_poly_tomont(struct mlkem_poly *p);
/* p += a (no reduction; callers keep the sum inside int16). */
void mlkem_poly_add(struct mlkem_poly *p, const struct mlkem_poly *a);
/* p = a - p (no reduction). */
void mlkem_poly_sub_from(struct mlkem_poly *p, const struct mlkem_poly *a);
/* Each coefficient to its representative in [0, q). In: any int16. */
void mlkem_poly_freeze(struct mlkem_poly *p);

/* ---- sampling and encoding (mlkem_sample.c) ---- */

/* SampleNTT (Algorithm 7): the matrix entry from SHAKE128(rho || x || y). Out: [0, q). */
void mlkem_sample_ntt(struct mlkem_poly *p, const uint8_t rho[32], uint8_t x, uint8_t y);
/*
 * SamplePolyCBD_eta (Algorithm 8) on PRF_eta(seed, nonce) = SHAKE256(seed ||
 * nonce) (§4.1), eta = 2 or 3. Out: |c| <= eta.
 */
void mlkem_sample_cbd(struct mlkem_poly *p, const uint8_t seed[32], uint8_t nonce, unsigned eta);
/* ByteEncode_12 of p (Algorithm 5). In: [0, q). */
void mlkem_poly_encode12(uint8_t out[384], const struct mlkem_poly *p);
/* ByteDecode_12 (Algorithm 6), reducing each value mod q. Out: [0, q). */
void mlkem_poly_decode12(struct mlkem_poly *p, const uint8_t in[384]);
/* True if every 12-bit value in `in` is below q (the modulus check of §7.2). */
bool mlkem_poly_check12(const uint8_t in[384]);
/* ByteEncode_d(Compress_d(p)) for d = 1, 4, 5, 10 or 11: 32 d bytes. In: [0, q). */
void mlkem_poly_compress(uint8_t *out, const struct mlkem_poly *p, unsigned d);
/* Decompress_d(ByteDecode_d(in)) for d = 1, 4, 5, 10 or 11. Out: [0, q). */
void mlkem_poly_decompress(struct mlkem_poly *p, const uint8_t *in, unsigned d);

#endif

/*
 * mldsa_sample.c — the samplers of FIPS 204 §7.3 on SHAKE128 and SHAKE256
 * (sha3.h): matrix entries (RejNTTPoly, consumed as they are drawn, so A is
 * never stored), secret polynomials (RejBoundedPoly), the mask bytes of
 * ExpandMask and the challenge (SampleInBall).
 *
 * The secret samplers reveal only their rejection decisions, each marked
 * with CT_DECLASSIFY: which bytes were thrown away says nothing about the
 * values kept, which are uniform over the accepted set whatever was
 * rejected before them. Every sponge that saw a secret is wiped.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/mldsa_internal.h"

#define SHAKE128_RATE 168 /* the sponge of SHAKE128: rate 168 bytes, domain bits 1111 (0x1F) */
#define SHAKE256_RATE 136 /* SHAKE256: rate 136 bytes, same domain bits */

/*
 * acc[j..] += c * b[j..] for the candidates c of one block below q
 * (RejNTTPoly's test); returns the new j. A candidate is 23 bits of three
 * bytes, read as a 32-bit word (the block has a spare byte after it).
 */
static unsigned mac_block(int32_t acc[MLDSA_N], const uint8_t b[MLDSA_PACK24], unsigned j,
			  const uint8_t *blk, unsigned len)
{
	for (unsigned i = 0; i < len && j < MLDSA_N; i += 3) {
		uint32_t v;
		memcpy(&v, blk + i, 4);
		v &= 0x7FFFFF;
		if (v < MLDSA_Q) {
			uint32_t y;
			memcpy(&y, b + 3 * j, 4);
			acc[j] += mldsa_mont_mul((int32_t)v, (int32_t)(y & 0xFFFFFF));
			j++;
		}
	}
	return j;
}

void mldsa_matrix_mac(int32_t acc[MLDSA_N], const uint8_t rho[32], unsigned row, unsigned col,
		      const uint8_t b[MLDSA_PACK24])
{
	/*
	 * A and its seed are public; b may be secret and only flows through
	 * products. The candidates are read straight from the sponge's state,
	 * which after each permutation holds the next 168 output bytes in
	 * order (lanes little-endian, as keccak_squeeze copies them), with 32
	 * more bytes behind them for the 4-byte reads.
	 */
	uint8_t seed[34];
	struct keccak k;
	memcpy(seed, rho, 32);
	seed[32] = (uint8_t)col;
	seed[33] = (uint8_t)row;
	keccak_init(&k, SHAKE128_RATE, 0x1F);
	keccak_absorb(&k, seed, sizeof seed);
	keccak_finish(&k);
	unsigned j = mac_block(acc, b, 0, (const uint8_t *)k.s, SHAKE128_RATE);
	while (j < MLDSA_N) {
		keccak_f1600(k.s);
		j = mac_block(acc, b, j, (const uint8_t *)k.s, SHAKE128_RATE);
	}
}

/* CoeffFromHalfByte (Alg. 15): *ok says whether nibble b gives a coefficient. */
static int32_t coeff_from_nibble(uint32_t b, unsigned eta, uint32_t *ok)
{
	if (eta == 2) {
		*ok = (b - 15) >> 31;
		return 2 - (int32_t)(b - 5 * ((b * 205) >> 10)); /* b mod 5 for b < 15 */
	}
	*ok = (b - 9) >> 31;
	return 4 - (int32_t)b;
}

void mldsa_sample_eta(int32_t s[MLDSA_N], const uint8_t rhop[64], unsigned nonce, unsigned eta)
{
	/* The bytes come straight from the sponge state, as in mldsa_matrix_mac. */
	uint8_t seed[66];
	struct keccak k;
	memcpy(seed, rhop, 64);
	seed[64] = (uint8_t)nonce;
	seed[65] = (uint8_t)(nonce >> 8);
	keccak_init(&k, SHAKE256_RATE, 0x1F);
	keccak_absorb(&k, seed, sizeof seed);
	keccak_finish(&k);
	const uint8_t *out = (const uint8_t *)k.s;
	unsigned j = 0;
	for (unsigned i = 0; j < MLDSA_N; i++) {
		if (i == 2 * SHAKE256_RATE) {
			keccak_f1600(k.s);
			i = 0;
		}
		uint32_t ok;
		int32_t v = coeff_from_nibble((out[i / 2] >> (4 * (i % 2))) & 15, eta, &ok);
		/* Rejection sampling: the kept coefficients are uniform whatever is skipped. */
		CT_DECLASSIFY(&ok, sizeof ok);
		if (ok)
			s[j++] = v;
	}
	ct_zeroize(seed, sizeof seed);
	ct_zeroize(&k, sizeof k);
}

void mldsa_mask_bytes(uint8_t *out, const uint8_t rhopp[64], unsigned nonce,
		      const struct mldsa_params *p)
{
	uint8_t seed[66];
	struct sha3 c;
	memcpy(seed, rhopp, 64);
	seed[64] = (uint8_t)nonce;
	seed[65] = (uint8_t)(nonce >> 8);
	shake_init(&c, 256);
	sha3_absorb(&c, seed, sizeof seed);
	shake_finish(&c);
	shake_squeeze(&c, out, p->z_poly);
	ct_zeroize(seed, sizeof seed);
	ct_zeroize(&c, sizeof c);
}

/* All ones if a = b, else 0 (a, b < 2^63), without a comparison. */
static inline uint64_t eq_mask(uint64_t a, uint64_t b)
{
	return -(((a ^ b) - 1) >> 63);
}

void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t *ctilde, const struct mldsa_params *p)
{
	/*
	 * c is held as two 256-bit sets, the +1 and the -1 positions; bit j is
	 * reached by selecting among the four words with masks and shifting by
	 * j mod 64 (a shift by a register takes the same time for every count).
	 * The bytes are read from the sponge state as in mldsa_matrix_mac.
	 */
	uint64_t plus[4] = { 0 }, minus[4] = { 0 }, signs = 0;
	struct keccak h;
	keccak_init(&h, SHAKE256_RATE, 0x1F);
	keccak_absorb(&h, ctilde, p->ctilde);
	keccak_finish(&h);
	const uint8_t *out = (const uint8_t *)h.s;
	for (unsigned b = 0; b < 8; b++)
		signs |= (uint64_t)out[b] << (8 * b);
	unsigned pos = 8;
	for (unsigned i = MLDSA_N - p->tau; i < MLDSA_N; i++) {
		uint64_t j, reject;
		do {
			if (pos == SHAKE256_RATE) {
				keccak_f1600(h.s);
				pos = 0;
			}
			j = out[pos++];
			reject = (i - j) >> 63;
			/* Rejection sampling: a kept j is uniform on [0, i] whatever was skipped.
			 */
			CT_DECLASSIFY(&reject, sizeof reject);
		} while (reject);
		/* c_i = c_j (bit i is still clear), then c_j = (-1)^sign. */
		uint64_t neg = -(signs & 1), pj = 0, mj = 0;
		signs >>= 1;
		for (unsigned w = 0; w < 4; w++) {
			pj |= plus[w] & eq_mask(w, j >> 6);
			mj |= minus[w] & eq_mask(w, j >> 6);
		}
		plus[i / 64] |= ((pj >> (j & 63)) & 1) << (i % 64);
		minus[i / 64] |= ((mj >> (j & 63)) & 1) << (i % 64);
		for (unsigned w = 0; w < 4; w++) {
			uint64_t bit = eq_mask(w, j >> 6) & (1ull << (j & 63));
			plus[w] = (plus[w] & ~bit) | (bit & ~neg);
			minus[w] = (minus[w] & ~bit) | (bit & neg);
		}
	}
	for (unsigned k = 0; k < MLDSA_N; k++)
		c[k] = (int32_t)((plus[k / 64] >> (k % 64)) & 1) -
		       (int32_t)((minus[k / 64] >> (k % 64)) & 1);
	ct_zeroize(&h, sizeof h);
	ct_zeroize(plus, sizeof plus);
	ct_zeroize(minus, sizeof minus);
	ct_zeroize(&signs, sizeof signs);
}

/*
 * mldsa_pack.c — the byte encodings of FIPS 204 §7.1-7.2: SimpleBitPack and
 * BitPack (fields of a fixed width, least significant bit first, as
 * IntegerToBits orders them), their inverses, and the hint encoding.
 * Field packing never branches on a value, so it serves secret
 * polynomials as well as public ones; the hint encoding runs only on a
 * signature's public hints.
 */
#include "base/string.h"
#include "crypto/mldsa_internal.h"

/*
 * Fields of `bits` bits, least significant bit first: out = base - a (sub)
 * or a. Eight fields fill exactly `bits` bytes, so each group of eight
 * starts on a byte; the callers below pass constant widths, for which the
 * compiler resolves every shift.
 */
static inline void pack_fixed(uint8_t *out, const int32_t *a, unsigned bits, int32_t base, bool sub)
{
	for (unsigned g = 0; g < MLDSA_N / 8; g++) {
		uint64_t acc = 0;
		unsigned have = 0;
		for (unsigned k = 0; k < 8; k++) {
			uint32_t v = (uint32_t)(sub ? base - a[8 * g + k] : a[8 * g + k]);
			acc |= (uint64_t)(v & ((1u << bits) - 1)) << have;
			for (have += bits; have >= 8; have -= 8) {
				*out++ = (uint8_t)acc;
				acc >>= 8;
			}
		}
	}
}

static inline void unpack_fixed(int32_t *a, const uint8_t *in, unsigned bits, int32_t base,
				bool sub)
{
	for (unsigned g = 0; g < MLDSA_N / 8; g++) {
		uint64_t acc = 0;
		unsigned have = 0;
		for (unsigned k = 0; k < 8; k++) {
			for (; have < bits; have += 8)
				acc |= (uint64_t)*in++ << have;
			int32_t v = (int32_t)(acc & ((1u << bits) - 1));
			acc >>= bits;
			have -= bits;
			a[8 * g + k] = sub ? base - v : v;
		}
	}
}

void mldsa_pack_t1(uint8_t *out, const int32_t t1[MLDSA_N])
{
	pack_fixed(out, t1, 10, 0, false);
}

void mldsa_unpack_t1(int32_t t1[MLDSA_N], const uint8_t *in)
{
	unpack_fixed(t1, in, 10, 0, false);
}

void mldsa_pack_t0(uint8_t *out, const int32_t t0[MLDSA_N])
{
	pack_fixed(out, t0, MLDSA_D, 1 << (MLDSA_D - 1), true);
}

void mldsa_unpack_t0(int32_t t0[MLDSA_N], const uint8_t *in)
{
	unpack_fixed(t0, in, MLDSA_D, 1 << (MLDSA_D - 1), true);
}

void mldsa_pack_eta(uint8_t *out, const int32_t s[MLDSA_N], const struct mldsa_params *p)
{
	if (p->eta == 2)
		pack_fixed(out, s, 3, 2, true);
	else
		pack_fixed(out, s, 4, 4, true);
}

void mldsa_unpack_eta(int32_t s[MLDSA_N], const uint8_t *in, const struct mldsa_params *p)
{
	if (p->eta == 4) {
		for (unsigned i = 0; i < MLDSA_N / 2; i++) {
			s[2 * i] = 4 - (in[i] & 15);
			s[2 * i + 1] = 4 - (in[i] >> 4);
		}
		return;
	}
	/* Eight 3-bit fields in each three bytes. */
	for (unsigned i = 0; i < MLDSA_N / 8; i++, in += 3) {
		uint32_t w = in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16;
		for (unsigned k = 0; k < 8; k++)
			s[8 * i + k] = 2 - (int32_t)((w >> (3 * k)) & 7);
	}
}

/* gamma1 - z is stored: two 20-bit fields in each five bytes, or four 18-bit ones in nine. */
void mldsa_pack_z(uint8_t *out, const int32_t z[MLDSA_N], const struct mldsa_params *p)
{
	int32_t g1 = 1 << p->gamma1_bits;
	if (p->gamma1_bits == 19) {
		for (unsigned i = 0; i < MLDSA_N / 2; i++, out += 5) {
			uint32_t v0 = (uint32_t)(g1 - z[2 * i]), v1 = (uint32_t)(g1 - z[2 * i + 1]);
			out[0] = (uint8_t)v0;
			out[1] = (uint8_t)(v0 >> 8);
			out[2] = (uint8_t)((v0 >> 16 & 15) | v1 << 4);
			out[3] = (uint8_t)(v1 >> 4);
			out[4] = (uint8_t)(v1 >> 12);
		}
		return;
	}
	for (unsigned i = 0; i < MLDSA_N / 4; i++, out += 9) {
		uint32_t v0 = (uint32_t)(g1 - z[4 * i]), v1 = (uint32_t)(g1 - z[4 * i + 1]);
		uint32_t v2 = (uint32_t)(g1 - z[4 * i + 2]), v3 = (uint32_t)(g1 - z[4 * i + 3]);
		out[0] = (uint8_t)v0;
		out[1] = (uint8_t)(v0 >> 8);
		out[2] = (uint8_t)((v0 >> 16 & 3) | v1 << 2);
		out[3] = (uint8_t)(v1 >> 6);
		out[4] = (uint8_t)((v1 >> 14 & 15) | v2 << 4);
		out[5] = (uint8_t)(v2 >> 4);
		out[6] = (uint8_t)((v2 >> 12 & 63) | v3 << 6);
		out[7] = (uint8_t)(v3 >> 2);
		out[8] = (uint8_t)(v3 >> 10);
	}
}

void mldsa_unpack_z(int32_t z[MLDSA_N], const uint8_t *in, const struct mldsa_params *p)
{
	int32_t g1 = 1 << p->gamma1_bits;
	if (p->gamma1_bits == 19) {
		for (unsigned i = 0; i < MLDSA_N / 2; i++, in += 5) {
			uint32_t v0 = in[0] | (uint32_t)in[1] << 8 | (uint32_t)(in[2] & 15) << 16;
			uint32_t v1 = in[2] >> 4 | (uint32_t)in[3] << 4 | (uint32_t)in[4] << 12;
			z[2 * i] = g1 - (int32_t)v0;
			z[2 * i + 1] = g1 - (int32_t)v1;
		}
		return;
	}
	for (unsigned i = 0; i < MLDSA_N / 4; i++, in += 9) {
		uint32_t v0 = in[0] | (uint32_t)in[1] << 8 | (uint32_t)(in[2] & 3) << 16;
		uint32_t v1 = in[2] >> 2 | (uint32_t)in[3] << 6 | (uint32_t)(in[4] & 15) << 14;
		uint32_t v2 = in[4] >> 4 | (uint32_t)in[5] << 4 | (uint32_t)(in[6] & 63) << 12;
		uint32_t v3 = in[6] >> 6 | (uint32_t)in[7] << 2 | (uint32_t)in[8] << 10;
		z[4 * i] = g1 - (int32_t)v0;
		z[4 * i + 1] = g1 - (int32_t)v1;
		z[4 * i + 2] = g1 - (int32_t)v2;
		z[4 * i + 3] = g1 - (int32_t)v3;
	}
}

void mldsa_pack_w1(uint8_t *out, const int32_t w1[MLDSA_N], const struct mldsa_params *p)
{
	if (p->w1_bits == 6)
		pack_fixed(out, w1, 6, 0, false);
	else
		pack_fixed(out, w1, 4, 0, false);
}

void mldsa_pack_highbits(uint8_t *out, const int32_t w[MLDSA_N], const struct mldsa_params *p)
{
	/* Eight coefficients at a time: 4 or 6 bytes, so the bits stay in one word. */
	for (unsigned g = 0; g < MLDSA_N / 8; g++) {
		uint64_t acc = 0;
		for (unsigned k = 0; k < 8; k++) {
			int32_t r0, r1 = mldsa_decompose(w[8 * g + k], p->gamma2, &r0);
			acc |= (uint64_t)r1 << (k * p->w1_bits);
		}
		for (unsigned b = 0; b < p->w1_bits; b++)
			*out++ = (uint8_t)(acc >> (8 * b));
	}
}

void mldsa_pack24(uint8_t *out, const int32_t a[MLDSA_N])
{
	/* Four bytes are stored each time; the next coefficient overwrites the fourth. */
	for (unsigned n = 0; n < MLDSA_N; n++) {
		int32_t v = a[n] - ((a[n] + (1 << 22)) >> 23) * MLDSA_Q; /* (-q, q) */
		uint32_t u = (uint32_t)(v + (MLDSA_Q & (v >> 31)));
		memcpy(out + 3 * n, &u, 4);
	}
	out[3 * MLDSA_N] = 0;
}

void mldsa_pack_hint(uint8_t *out, const uint8_t h[][MLDSA_N / 8], const struct mldsa_params *p)
{
	/* The positions of the ones, poly by poly, then where each poly's list ends. */
	unsigned n = 0;
	memset(out, 0, p->omega + p->k);
	for (unsigned i = 0; i < p->k; i++) {
		for (unsigned j = 0; j < MLDSA_N; j++)
			if ((h[i][j / 8] >> (j % 8)) & 1)
				out[n++] = (uint8_t)j;
		out[p->omega + i] = (uint8_t)n;
	}
}

bool mldsa_unpack_hint(uint8_t h[][MLDSA_N / 8], const uint8_t *in, const struct mldsa_params *p)
{
	unsigned n = 0;
	memset(h, 0, p->k * (size_t)(MLDSA_N / 8));
	for (unsigned i = 0; i < p->k; i++) {
		unsigned end = in[p->omega + i], first = n;
		/* Each list ends after the previous one and within omega. */
		if (end < n || end > p->omega)
			return false;
		for (; n < end; n++) {
			/* Positions strictly increase within a poly: one encoding per hint. */
			if (n > first && in[n - 1] >= in[n])
				return false;
			h[i][in[n] / 8] |= (uint8_t)(1u << (in[n] % 8));
		}
	}
	/* The unused position bytes are zero. */
	for (; n < p->omega; n++)
		if (in[n])
			return false;
	return true;
}

/*
 * keccak.c — Keccak-f[1600] (FIPS 202 §3) and the sponge (§4), also with
 * the 12-round Keccak-p[1600, 12] of TurboSHAKE (RFC 9861). The
 * permutation runs 24 rounds of theta, rho and pi (combined), chi and iota
 * on 25 64-bit lanes; lane (x, y) is s[x + 5y], held in a local a<x+5y>
 * during the rounds, and the round is written out lane by lane from the
 * formulas of §3.2, with the rotation offsets of Table 2.
 * Nothing depends on secret data except the data itself flowing through
 * fixed operations: no branch or index is taken on a message byte.
 */
#include "crypto/keccak.h"

#include "base/string.h"

static const uint64_t round_constants[24] = {
	0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808Aull, 0x8000000080008000ull,
	0x000000000000808Bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
	0x000000000000008Aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000Aull,
	0x000000008000808Bull, 0x800000000000008Bull, 0x8000000000008089ull, 0x8000000000008003ull,
	0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800Aull, 0x800000008000000Aull,
	0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

static inline uint64_t rotl(uint64_t v, unsigned n)
{
	return (v << n) | (v >> ((64 - n) & 63));
}

void keccak_p1600(uint64_t s[25], unsigned rounds)
{
	/* One local per lane, so the compiler keeps the state in registers. */
	uint64_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4];
	uint64_t a5 = s[5], a6 = s[6], a7 = s[7], a8 = s[8], a9 = s[9];
	uint64_t a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
	uint64_t a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
	uint64_t a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
	/* Keccak-p[1600, n] runs the last n of the 24 rounds (FIPS 202 §3.3) */
	for (unsigned round = 24 - rounds; round < 24; round++) {
		/* theta: column parities c, then d[x] = c[x-1] ^ rot(c[x+1], 1) */
		uint64_t c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20, c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
		uint64_t c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22, c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
		uint64_t c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
		uint64_t d0 = c4 ^ rotl(c1, 1);
		uint64_t d1 = c0 ^ rotl(c2, 1);
		uint64_t d2 = c1 ^ rotl(c3, 1);
		uint64_t d3 = c2 ^ rotl(c4, 1);
		uint64_t d4 = c3 ^ rotl(c0, 1);
		/* rho and pi: b[y][2x+3y] = rot(a[x][y] ^ d[x], r[x][y]) */
		uint64_t b0 = (a0 ^ d0), b1 = rotl(a6 ^ d1, 44), b2 = rotl(a12 ^ d2, 43),
			 b3 = rotl(a18 ^ d3, 21), b4 = rotl(a24 ^ d4, 14);
		uint64_t b5 = rotl(a3 ^ d3, 28), b6 = rotl(a9 ^ d4, 20), b7 = rotl(a10 ^ d0, 3),
			 b8 = rotl(a16 ^ d1, 45), b9 = rotl(a22 ^ d2, 61);
		uint64_t b10 = rotl(a1 ^ d1, 1), b11 = rotl(a7 ^ d2, 6), b12 = rotl(a13 ^ d3, 25),
			 b13 = rotl(a19 ^ d4, 8), b14 = rotl(a20 ^ d0, 18);
		uint64_t b15 = rotl(a4 ^ d4, 27), b16 = rotl(a5 ^ d0, 36), b17 = rotl(a11 ^ d1, 10),
			 b18 = rotl(a17 ^ d2, 15), b19 = rotl(a23 ^ d3, 56);
		uint64_t b20 = rotl(a2 ^ d2, 62), b21 = rotl(a8 ^ d3, 55), b22 = rotl(a14 ^ d4, 39),
			 b23 = rotl(a15 ^ d0, 41), b24 = rotl(a21 ^ d1, 2);
		/* chi */
		a0 = b0 ^ (~b1 & b2);
		a1 = b1 ^ (~b2 & b3);
		a2 = b2 ^ (~b3 & b4);
		a3 = b3 ^ (~b4 & b0);
		a4 = b4 ^ (~b0 & b1);
		a5 = b5 ^ (~b6 & b7);
		a6 = b6 ^ (~b7 & b8);
		a7 = b7 ^ (~b8 & b9);
		a8 = b8 ^ (~b9 & b5);
		a9 = b9 ^ (~b5 & b6);
		a10 = b10 ^ (~b11 & b12);
		a11 = b11 ^ (~b12 & b13);
		a12 = b12 ^ (~b13 & b14);
		a13 = b13 ^ (~b14 & b10);
		a14 = b14 ^ (~b10 & b11);
		a15 = b15 ^ (~b16 & b17);
		a16 = b16 ^ (~b17 & b18);
		a17 = b17 ^ (~b18 & b19);
		a18 = b18 ^ (~b19 & b15);
		a19 = b19 ^ (~b15 & b16);
		a20 = b20 ^ (~b21 & b22);
		a21 = b21 ^ (~b22 & b23);
		a22 = b22 ^ (~b23 & b24);
		a23 = b23 ^ (~b24 & b20);
		a24 = b24 ^ (~b20 & b21);
		/* iota */
		a0 ^= round_constants[round];
	}
	s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3, s[4] = a4;
	s[5] = a5, s[6] = a6, s[7] = a7, s[8] = a8, s[9] = a9;
	s[10] = a10, s[11] = a11, s[12] = a12, s[13] = a13, s[14] = a14;
	s[15] = a15, s[16] = a16, s[17] = a17, s[18] = a18, s[19] = a19;
	s[20] = a20, s[21] = a21, s[22] = a22, s[23] = a23, s[24] = a24;
}

void keccak_f1600(uint64_t s[25])
{
	keccak_p1600(s, 24);
}

static void xor_byte(struct keccak *k, unsigned pos, uint8_t b)
{
	k->s[pos / 8] ^= (uint64_t)b << (8 * (pos % 8));
}

static uint8_t get_byte(const struct keccak *k, unsigned pos)
{
	return (uint8_t)(k->s[pos / 8] >> (8 * (pos % 8)));
}

void keccak_init(struct keccak *k, unsigned rate, uint8_t suffix)
{
	memset(k, 0, sizeof *k);
	k->rate = rate;
	k->suffix = suffix;
	k->rounds = 24;
}

void keccak_absorb(struct keccak *k, const uint8_t *in, size_t len)
{
	while (len) {
		/* Whole lanes when aligned to one, bytes otherwise. */
		if (k->pos % 8 == 0 && len >= 8 && k->pos + 8 <= k->rate) {
			uint64_t lane;
			memcpy(&lane, in, 8);
			k->s[k->pos / 8] ^= lane;
			k->pos += 8;
			in += 8;
			len -= 8;
		} else {
			xor_byte(k, k->pos++, *in++);
			len--;
		}
		if (k->pos == k->rate) {
			keccak_p1600(k->s, k->rounds);
			k->pos = 0;
		}
	}
}

void keccak_finish_bits(struct keccak *k, uint8_t last, unsigned bits)
{
	/* The message bits, then the suffix (domain bits and a first 1 of the padding). */
	uint16_t tail = (uint16_t)((last & ((1u << bits) - 1)) | ((unsigned)k->suffix << bits));
	xor_byte(k, k->pos, (uint8_t)tail);
	if (tail >> 8) {
		/* The suffix spills into the next byte (at most one more). */
		if (++k->pos == k->rate) {
			keccak_p1600(k->s, k->rounds);
			k->pos = 0;
		}
		xor_byte(k, k->pos, (uint8_t)(tail >> 8));
	}
	/* If the padding's first 1 fell on the block's last bit, the final 1 needs a new block. */
	unsigned top = 31 - (unsigned)__builtin_clz(tail); /* the padding's first 1 */
	if (k->pos == k->rate - 1 && top % 8 == 7) {
		keccak_p1600(k->s, k->rounds);
		k->pos = 0;
	}
	xor_byte(k, k->rate - 1, 0x80);
	keccak_p1600(k->s, k->rounds);
	k->pos = 0;
	k->squeezing = 1;
}

void keccak_finish(struct keccak *k)
{
	keccak_finish_bits(k, 0, 0);
}

void keccak_squeeze(struct keccak *k, uint8_t *out, size_t len)
{
	while (len) {
		if (k->pos == k->rate) {
			keccak_p1600(k->s, k->rounds);
			k->pos = 0;
		}
		if (k->pos % 8 == 0 && len >= 8 && k->pos + 8 <= k->rate) {
			memcpy(out, &k->s[k->pos / 8], 8);
			k->pos += 8;
			out += 8;
			len -= 8;
		} else {
			*out++ = get_byte(k, k->pos++);
			len--;
		}
	}
}

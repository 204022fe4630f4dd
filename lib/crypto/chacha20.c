/*
 * chacha20.c — the ChaCha20 block function and stream cipher (RFC 8439
 * §2.1-2.4) and HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2). The 16 state
 * words are held in locals through the 20 rounds so the compiler can keep
 * them in registers; the input state stays in an array for the final
 * addition and the next block (only its counter word changes, §3).
 * The input state holds the key, so every function wipes it, and the
 * round output, before returning; and since the compiler spills round
 * words to rounds()'s frame, it ends with ct_wipe_stack below itself.
 */
#include "crypto/chacha20.h"

#include "base/string.h"
#include "crypto/ct.h"

#define STACK_WIPE 512 /* bytes; rounds() needs under 100 below its caller (kernel flags) */

static inline uint32_t rotl32(uint32_t v, unsigned n)
{
	return (v << n) | (v >> (32 - n));
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The quarter round of §2.1. */
#define QR(a, b, c, d)                                                                             \
	do {                                                                                       \
		a += b, d = rotl32(d ^ a, 16);                                                     \
		c += d, b = rotl32(b ^ c, 12);                                                     \
		a += b, d = rotl32(d ^ a, 8);                                                      \
		c += d, b = rotl32(b ^ c, 7);                                                      \
	} while (0)

void chacha20_quarter_round(uint32_t s[16], unsigned a, unsigned b, unsigned c, unsigned d)
{
	QR(s[a], s[b], s[c], s[d]);
}

/* Words 0-11 of the state (§2.3): "expand 32-byte k", then the key; the caller sets 12-15. */
static void set_key(uint32_t s[16], const uint8_t key[32])
{
	s[0] = 0x61707865u;
	s[1] = 0x3320646eu;
	s[2] = 0x79622d32u;
	s[3] = 0x6b206574u;
	for (int i = 0; i < 8; i++)
		s[4 + i] = load_le32(key + 4 * i);
}

static void set_counter_nonce(uint32_t s[16], uint32_t counter, const uint8_t nonce[12])
{
	s[12] = counter;
	for (int i = 0; i < 3; i++)
		s[13 + i] = load_le32(nonce + 4 * i);
}

/* x = the 20 rounds (10 column rounds interleaved with 10 diagonal rounds) applied to s. */
static void rounds(uint32_t x[16], const uint32_t s[16])
{
	uint32_t x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3];
	uint32_t x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
	uint32_t x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11];
	uint32_t x12 = s[12], x13 = s[13], x14 = s[14], x15 = s[15];
	for (int i = 0; i < 10; i++) {
		QR(x0, x4, x8, x12);
		QR(x1, x5, x9, x13);
		QR(x2, x6, x10, x14);
		QR(x3, x7, x11, x15);
		QR(x0, x5, x10, x15);
		QR(x1, x6, x11, x12);
		QR(x2, x7, x8, x13);
		QR(x3, x4, x9, x14);
	}
	x[0] = x0, x[1] = x1, x[2] = x2, x[3] = x3;
	x[4] = x4, x[5] = x5, x[6] = x6, x[7] = x7;
	x[8] = x8, x[9] = x9, x[10] = x10, x[11] = x11;
	x[12] = x12, x[13] = x13, x[14] = x14, x[15] = x15;
}

void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		    uint8_t out[64])
{
	uint32_t s[16], x[16];
	set_key(s, key);
	set_counter_nonce(s, counter, nonce);
	rounds(x, s);
	for (int i = 0; i < 16; i++)
		store_le32(out + 4 * i, x[i] + s[i]);
	ct_zeroize(s, sizeof s);
	ct_zeroize(x, sizeof x);
	ct_wipe_stack(STACK_WIPE);
}

void chacha20_xor(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		  const uint8_t *in, uint8_t *out, size_t len)
{
	uint32_t s[16], x[16];
	uint8_t tail[64];
	set_key(s, key);
	set_counter_nonce(s, counter, nonce);
	for (; len >= 64; len -= 64, in += 64, out += 64) {
		rounds(x, s);
		for (int i = 0; i < 16; i++)
			store_le32(out + 4 * i, load_le32(in + 4 * i) ^ (x[i] + s[i]));
		s[12]++;
	}
	if (len) {
		rounds(x, s);
		for (int i = 0; i < 16; i++)
			store_le32(tail + 4 * i, x[i] + s[i]);
		for (size_t i = 0; i < len; i++)
			out[i] = in[i] ^ tail[i];
		ct_zeroize(tail, sizeof tail);
	}
	ct_zeroize(s, sizeof s);
	ct_zeroize(x, sizeof x);
	ct_wipe_stack(STACK_WIPE);
}

void hchacha20(const uint8_t key[32], const uint8_t nonce[16], uint8_t subkey[32])
{
	uint32_t s[16], x[16];
	set_key(s, key);
	for (int i = 0; i < 4; i++)
		s[12 + i] = load_le32(nonce + 4 * i);
	rounds(x, s);
	for (int i = 0; i < 4; i++) {
		store_le32(subkey + 4 * i, x[i]);
		store_le32(subkey + 16 + 4 * i, x[12 + i]);
	}
	ct_zeroize(s, sizeof s);
	ct_zeroize(x, sizeof x);
	ct_wipe_stack(STACK_WIPE);
}

/*
 * mlkem_sample.c — the byte side of ML-KEM (FIPS 203 §4.2): sampling the
 * matrix from SHAKE128 (SampleNTT) and the small polynomials from SHAKE256
 * (PRF and SamplePolyCBD), byte encoding, and compression. Only SampleNTT
 * branches on data, and its data is the public seed rho; the others run the
 * same instructions whatever the (secret) coefficients are.
 */
#include "crypto/mlkem_poly.h"

#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"

#define Q             MLKEM_Q
#define SHAKE128_RATE 168
/* Blocks SampleNTT squeezes at once: 504 bytes give 336 candidates, enough nearly always. */
#define SAMPLE_NTT_FIRST 3

/* Append the 12-bit candidates of `buf` (two per 3 bytes) that are below q; returns the count. */
static unsigned parse_ntt(int16_t *a, unsigned n, const uint8_t *buf, unsigned len)
{
	for (unsigned i = 0; i + 3 <= len && n < MLKEM_N; i += 3) {
		unsigned d1 = buf[i] | ((unsigned)(buf[i + 1] & 0x0F) << 8);
		unsigned d2 = (buf[i + 1] >> 4) | ((unsigned)buf[i + 2] << 4);
		if (d1 < Q)
			a[n++] = (int16_t)d1;
		if (d2 < Q && n < MLKEM_N)
			a[n++] = (int16_t)d2;
	}
	return n;
}

/* Rejection sampling on public data: the loop count depends on rho only. */
void mlkem_sample_ntt(struct mlkem_poly *p, const uint8_t rho[32], uint8_t x, uint8_t y)
{
	uint8_t buf[SAMPLE_NTT_FIRST * SHAKE128_RATE];
	uint8_t idx[2] = { x, y };
	struct sha3 c;
	shake_init(&c, 128);
	sha3_absorb(&c, rho, 32);
	sha3_absorb(&c, idx, 2);
	shake_finish(&c);
	shake_squeeze(&c, buf, sizeof buf);
	unsigned n = parse_ntt(p->c, 0, buf, sizeof buf);
	while (n < MLKEM_N) {
		shake_squeeze(&c, buf, SHAKE128_RATE);
		n = parse_ntt(p->c, n, buf, SHAKE128_RATE);
	}
}

static uint32_t load32(const uint8_t *b)
{
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/*
 * eta = 2: 4 bits per coefficient, x = b0 + b1 and y = b2 + b3. Adding the
 * even bits of a word to its odd bits gives every pair sum in a 2-bit field.
 */
static void cbd2(struct mlkem_poly *p, const uint8_t buf[128])
{
	for (unsigned i = 0; i < MLKEM_N / 8; i++) {
		uint32_t w = load32(buf + 4 * i);
		uint32_t s = (w & 0x55555555u) + ((w >> 1) & 0x55555555u);
		for (unsigned j = 0; j < 8; j++) {
			int16_t x = (int16_t)((s >> (4 * j)) & 3);
			int16_t y = (int16_t)((s >> (4 * j + 2)) & 3);
			p->c[8 * i + j] = (int16_t)(x - y);
		}
	}
}

/* eta = 3: 6 bits per coefficient, from 24-bit groups; the sums of three bits fill 3-bit fields. */
static void cbd3(struct mlkem_poly *p, const uint8_t buf[192])
{
	for (unsigned i = 0; i < MLKEM_N / 4; i++) {
		const uint8_t *b = buf + 3 * i;
		uint32_t w = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
		uint32_t s = (w & 0x249249u) + ((w >> 1) & 0x249249u) + ((w >> 2) & 0x249249u);
		for (unsigned j = 0; j < 4; j++) {
			int16_t x = (int16_t)((s >> (6 * j)) & 7);
			int16_t y = (int16_t)((s >> (6 * j + 3)) & 7);
			p->c[4 * i + j] = (int16_t)(x - y);
		}
	}
}

void mlkem_sample_cbd(struct mlkem_poly *p, const uint8_t seed[32], uint8_t nonce, unsigned eta)
{
	uint8_t buf[64 * 3];
	struct sha3 c;
	shake_init(&c, 256);
	sha3_absorb(&c, seed, 32);
	sha3_absorb(&c, &nonce, 1);
	shake_finish(&c);
	shake_squeeze(&c, buf, 64 * eta);
	if (eta == 2)
		cbd2(p, buf);
	else
		cbd3(p, buf);
	ct_zeroize(buf, sizeof buf);
	ct_zeroize(&c, sizeof c);
}

void mlkem_poly_encode12(uint8_t out[384], const struct mlkem_poly *p)
{
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		uint16_t a = (uint16_t)p->c[2 * i], b = (uint16_t)p->c[2 * i + 1];
		out[3 * i] = (uint8_t)a;
		out[3 * i + 1] = (uint8_t)((a >> 8) | (b << 4));
		out[3 * i + 2] = (uint8_t)(b >> 4);
	}
}

/* v mod q for v < 2^12, without a branch: subtract q, add it back if that went negative. */
static int16_t reduce12(unsigned v)
{
	int16_t r = (int16_t)(v - Q);
	return (int16_t)(r + ((r >> 15) & Q));
}

void mlkem_poly_decode12(struct mlkem_poly *p, const uint8_t in[384])
{
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		const uint8_t *b = in + 3 * i;
		p->c[2 * i] = reduce12(b[0] | ((unsigned)(b[1] & 0x0F) << 8));
		p->c[2 * i + 1] = reduce12((b[1] >> 4) | ((unsigned)b[2] << 4));
	}
}

bool mlkem_poly_check12(const uint8_t in[384])
{
	unsigned bad = 0;
	for (unsigned i = 0; i < MLKEM_N / 2; i++) {
		const uint8_t *b = in + 3 * i;
		bad |= (b[0] | ((unsigned)(b[1] & 0x0F) << 8)) >= Q;
		bad |= ((b[1] >> 4) | ((unsigned)b[2] << 4)) >= Q;
	}
	return !bad;
}

/*
 * Compress_d(x) = round(2^d x / q) mod 2^d for x in [0, q). The division is
 * a multiplication: floor(a / q) = (a 2580335) >> 33 for every a below
 * q 2^11 + q (checked exhaustively by the unit test). Adding (q - 1) / 2
 * rounds correctly because 2^d x / q is never a half-integer.
 */
static uint32_t compress(int16_t x, unsigned d)
{
	uint64_t a = ((uint64_t)(uint16_t)x << d) + (Q - 1) / 2;
	return (uint32_t)((a * 2580335u) >> 33) & ((1u << d) - 1);
}

/* Decompress_d(y) = round(q y / 2^d), halves rounded up. */
static int16_t decompress(uint32_t y, unsigned d)
{
	return (int16_t)((y * Q + (1u << (d - 1))) >> d);
}

/* Little-endian bit packing of d-bit values (ByteEncode_d); the loop shape depends on d only. */
void mlkem_poly_compress(uint8_t *out, const struct mlkem_poly *p, unsigned d)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	for (unsigned i = 0; i < MLKEM_N; i++) {
		acc |= compress(p->c[i], d) << bits;
		for (bits += d; bits >= 8; bits -= 8) {
			*out++ = (uint8_t)acc;
			acc >>= 8;
		}
	}
}

void mlkem_poly_decompress(struct mlkem_poly *p, const uint8_t *in, unsigned d)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	for (unsigned i = 0; i < MLKEM_N; i++) {
		for (; bits < d; bits += 8)
			acc |= (uint32_t)*in++ << bits;
		p->c[i] = decompress(acc & ((1u << d) - 1), d);
		acc >>= d;
		bits -= d;
	}
}

/*
 * sha2.c — SHA-224/256 and SHA-384/512/512-224/512-256 from FIPS 180-4.
 * The compression functions (§6.2.2, §6.4.2) keep the message schedule as
 * a rolling window of 16 words (W[t] overwrites W[t-16]) and run eight
 * rounds per loop step with the working variables renamed instead of
 * shifted. The constants are those of §4.2.2, §4.2.3 and §5.3; the
 * SHA-512/t initial values are the output of the §5.3.6 generation
 * function. The schedule window holds message words, so each call of a
 * compression function wipes it before returning; update and final end
 * with ct_wipe_stack for the working variables the compiler spilled.
 */
#include "crypto/sha2.h"

#include "base/string.h"
#include "crypto/ct.h"

#define STACK_WIPE 512 /* bytes; a compression function's frame is under 350 (kernel flags) */

static const uint32_t k256[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
	0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
	0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
	0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
	0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
	0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
	0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
	0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
	0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
	0xc67178f2u,
};

static const uint64_t k512[80] = {
	0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
	0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
	0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
	0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
	0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
	0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
	0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
	0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
	0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
	0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
	0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
	0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
	0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
	0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
	0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
	0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
	0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
	0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
	0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
	0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

/* Initial hash values (§5.3.2 - §5.3.6). */
static const uint32_t iv224[8] = {
	0xc1059ed8u, 0x367cd507u, 0x3070dd17u, 0xf70e5939u,
	0xffc00b31u, 0x68581511u, 0x64f98fa7u, 0xbefa4fa4u,
};
static const uint32_t iv256[8] = {
	0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
	0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};
static const uint64_t iv384[8] = {
	0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
	0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
};
static const uint64_t iv512[8] = {
	0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
	0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};
static const uint64_t iv512_224[8] = {
	0x8c3d37c819544da2ull, 0x73e1996689dcd4d6ull, 0x1dfab7ae32ff9c82ull, 0x679dd514582f9fcfull,
	0x0f6d2b697bd44da8ull, 0x77e36f7304c48942ull, 0x3f9d85a86a1d36c8ull, 0x1112e6ad91d692a1ull,
};
static const uint64_t iv512_256[8] = {
	0x22312194fc2bf72cull, 0x9f555fa3c84c64c2ull, 0x2393b86b6f53b151ull, 0x963877195940eabdull,
	0x96283ee2a88effe3ull, 0xbe5e1e2553863992ull, 0x2b0199fc2c85b8aaull, 0x0eb72ddc81c52ca2ull,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint64_t ror64(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t load_be64(const uint8_t *p)
{
	return (uint64_t)load_be32(p) << 32 | load_be32(p + 4);
}

/* Ch and Maj (§4.1.2, §4.1.3), written with one operation fewer each. */
#define CH(x, y, z)  ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* §4.1.2: the big sigmas act on the working variables, the small ones on the schedule. */
#define S256_0(x) (ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S256_1(x) (ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define s256_0(x) (ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define s256_1(x) (ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))
/* §4.1.3 */
#define S512_0(x) (ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39))
#define S512_1(x) (ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41))
#define s512_0(x) (ror64(x, 1) ^ ror64(x, 8) ^ ((x) >> 7))
#define s512_1(x) (ror64(x, 19) ^ ror64(x, 61) ^ ((x) >> 6))

/*
 * Round t with the working variables a..h as named: T1 and T2 of §6.2.2
 * step 3, folded so that the next round is the same macro with the names
 * rotated by one (h becomes the new a, d the new e).
 */
#define ROUND(S0, S1, k, a, b, c, d, e, f, g, h, t)                                                \
	do {                                                                                       \
		h += S1(e) + CH(e, f, g) + k[t] + w[(t)&15];                                       \
		d += h;                                                                            \
		h += S0(a) + MAJ(a, b, c);                                                         \
	} while (0)

/* Eight rounds from t, with W[t..t+7] already in the window. */
#define EIGHT(S0, S1, k, t)                                                                        \
	do {                                                                                       \
		ROUND(S0, S1, k, a, b, c, d, e, f, g, h, (t) + 0);                                 \
		ROUND(S0, S1, k, h, a, b, c, d, e, f, g, (t) + 1);                                 \
		ROUND(S0, S1, k, g, h, a, b, c, d, e, f, (t) + 2);                                 \
		ROUND(S0, S1, k, f, g, h, a, b, c, d, e, (t) + 3);                                 \
		ROUND(S0, S1, k, e, f, g, h, a, b, c, d, (t) + 4);                                 \
		ROUND(S0, S1, k, d, e, f, g, h, a, b, c, (t) + 5);                                 \
		ROUND(S0, S1, k, c, d, e, f, g, h, a, b, (t) + 6);                                 \
		ROUND(S0, S1, k, b, c, d, e, f, g, h, a, (t) + 7);                                 \
	} while (0)

/* W[t] for t >= 16 (§6.2.2 step 1), into the slot of W[t-16]. */
#define SCHEDULE(s0, s1, t)                                                                        \
	(w[(t)&15] += s1(w[((t)-2) & 15]) + w[((t)-7) & 15] + s0(w[((t)-15) & 15]))

/* Process n 64-byte blocks into h (§6.2.2). */
static void sha256_blocks(uint32_t h8[8], const uint8_t *p, size_t n)
{
	uint32_t w[16];
	if (n == 0)
		return;
	for (; n; n--, p += 64) {
		uint32_t a = h8[0], b = h8[1], c = h8[2], d = h8[3];
		uint32_t e = h8[4], f = h8[5], g = h8[6], h = h8[7];
		for (int t = 0; t < 16; t++)
			w[t] = load_be32(p + 4 * t);
		for (int t = 0; t < 64; t += 8) {
			if (t >= 16)
				for (int i = t; i < t + 8; i++)
					SCHEDULE(s256_0, s256_1, i);
			EIGHT(S256_0, S256_1, k256, t);
		}
		h8[0] += a, h8[1] += b, h8[2] += c, h8[3] += d;
		h8[4] += e, h8[5] += f, h8[6] += g, h8[7] += h;
	}
	ct_zeroize(w, sizeof w);
}

/* Process n 128-byte blocks into h (§6.4.2). */
static void sha512_blocks(uint64_t h8[8], const uint8_t *p, size_t n)
{
	uint64_t w[16];
	if (n == 0)
		return;
	for (; n; n--, p += 128) {
		uint64_t a = h8[0], b = h8[1], c = h8[2], d = h8[3];
		uint64_t e = h8[4], f = h8[5], g = h8[6], h = h8[7];
		for (int t = 0; t < 16; t++)
			w[t] = load_be64(p + 8 * t);
		for (int t = 0; t < 80; t += 8) {
			if (t >= 16)
				for (int i = t; i < t + 8; i++)
					SCHEDULE(s512_0, s512_1, i);
			EIGHT(S512_0, S512_1, k512, t);
		}
		h8[0] += a, h8[1] += b, h8[2] += c, h8[3] += d;
		h8[4] += e, h8[5] += f, h8[6] += g, h8[7] += h;
	}
	ct_zeroize(w, sizeof w);
}

static void sha256_start(struct sha256 *c, const uint32_t iv[8], uint32_t digest)
{
	memcpy(c->h, iv, sizeof c->h);
	c->bytes = 0;
	c->digest = digest;
}

void sha224_init(struct sha256 *c)
{
	sha256_start(c, iv224, SHA224_BYTES);
}

void sha256_init(struct sha256 *c)
{
	sha256_start(c, iv256, SHA256_BYTES);
}

void sha256_update(struct sha256 *c, const void *in, size_t len)
{
	const uint8_t *p = in;
	size_t used = c->bytes % 64;
	c->bytes += len;
	if (used) {
		size_t n = len < 64 - used ? len : 64 - used;
		memcpy(c->buf + used, p, n);
		p += n, len -= n;
		if (used + n < 64)
			return;
		sha256_blocks(c->h, c->buf, 1);
	}
	sha256_blocks(c->h, p, len / 64);
	memcpy(c->buf, p + len / 64 * 64, len % 64);
	ct_wipe_stack(STACK_WIPE);
}

static void store_be64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

/*
 * Padding (§5.1.1), in the context's buffer: a 1 bit after the message,
 * zeros, and the length in bits in the block's last 8 bytes (16 for
 * SHA-512); a second block when the length no longer fits in the first.
 */
void sha256_final(struct sha256 *c, uint8_t *out)
{
	size_t used = c->bytes % 64;
	c->buf[used++] = 0x80;
	if (used > 56) {
		memset(c->buf + used, 0, 64 - used);
		sha256_blocks(c->h, c->buf, 1);
		used = 0;
	}
	memset(c->buf + used, 0, 56 - used);
	store_be64(c->buf + 56, c->bytes << 3);
	sha256_blocks(c->h, c->buf, 1);
	for (uint32_t i = 0; i < c->digest; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
	ct_zeroize(c, sizeof *c);
	ct_wipe_stack(STACK_WIPE);
}

static void sha256_oneshot(const uint32_t iv[8], uint32_t digest, const void *in, size_t len,
			   uint8_t *out)
{
	struct sha256 c;
	sha256_start(&c, iv, digest);
	sha256_update(&c, in, len);
	sha256_final(&c, out);
}

void sha224(const void *in, size_t len, uint8_t out[SHA224_BYTES])
{
	sha256_oneshot(iv224, SHA224_BYTES, in, len, out);
}

void sha256(const void *in, size_t len, uint8_t out[SHA256_BYTES])
{
	sha256_oneshot(iv256, SHA256_BYTES, in, len, out);
}

static void sha512_start(struct sha512 *c, const uint64_t iv[8], uint32_t digest)
{
	memcpy(c->h, iv, sizeof c->h);
	c->bytes = 0;
	c->digest = digest;
}

void sha384_init(struct sha512 *c)
{
	sha512_start(c, iv384, SHA384_BYTES);
}

void sha512_init(struct sha512 *c)
{
	sha512_start(c, iv512, SHA512_BYTES);
}

void sha512_224_init(struct sha512 *c)
{
	sha512_start(c, iv512_224, SHA512_224_BYTES);
}

void sha512_256_init(struct sha512 *c)
{
	sha512_start(c, iv512_256, SHA512_256_BYTES);
}

void sha512_update(struct sha512 *c, const void *in, size_t len)
{
	const uint8_t *p = in;
	size_t used = c->bytes % 128;
	c->bytes += len;
	if (used) {
		size_t n = len < 128 - used ? len : 128 - used;
		memcpy(c->buf + used, p, n);
		p += n, len -= n;
		if (used + n < 128)
			return;
		sha512_blocks(c->h, c->buf, 1);
	}
	sha512_blocks(c->h, p, len / 128);
	memcpy(c->buf, p + len / 128 * 128, len % 128);
	ct_wipe_stack(STACK_WIPE);
}

void sha512_final(struct sha512 *c, uint8_t *out)
{
	size_t used = c->bytes % 128;
	c->buf[used++] = 0x80;
	if (used > 112) {
		memset(c->buf + used, 0, 128 - used);
		sha512_blocks(c->h, c->buf, 1);
		used = 0;
	}
	memset(c->buf + used, 0, 112 - used);
	store_be64(c->buf + 112, c->bytes >> 61); /* a 128-bit bit count */
	store_be64(c->buf + 120, c->bytes << 3);
	sha512_blocks(c->h, c->buf, 1);
	for (uint32_t i = 0; i < c->digest; i++)
		out[i] = (uint8_t)(c->h[i / 8] >> (56 - 8 * (i % 8)));
	ct_zeroize(c, sizeof *c);
	ct_wipe_stack(STACK_WIPE);
}

static void sha512_oneshot(const uint64_t iv[8], uint32_t digest, const void *in, size_t len,
			   uint8_t *out)
{
	struct sha512 c;
	sha512_start(&c, iv, digest);
	sha512_update(&c, in, len);
	sha512_final(&c, out);
}

void sha384(const void *in, size_t len, uint8_t out[SHA384_BYTES])
{
	sha512_oneshot(iv384, SHA384_BYTES, in, len, out);
}

void sha512(const void *in, size_t len, uint8_t out[SHA512_BYTES])
{
	sha512_oneshot(iv512, SHA512_BYTES, in, len, out);
}

void sha512_224(const void *in, size_t len, uint8_t out[SHA512_224_BYTES])
{
	sha512_oneshot(iv512_224, SHA512_224_BYTES, in, len, out);
}

void sha512_256(const void *in, size_t len, uint8_t out[SHA512_256_BYTES])
{
	sha512_oneshot(iv512_256, SHA512_256_BYTES, in, len, out);
}

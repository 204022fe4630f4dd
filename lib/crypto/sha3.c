/*
 * sha3.c — SHA-3, SHAKE, cSHAKE, KMAC and the KMAC KDF over the sponge in
 * keccak.c. Rates: 200 - 2 * (output or security bytes). The SP 800-185
 * encodings (left_encode, right_encode, encode_string, bytepad) are
 * absorbed piecewise, never built in a buffer.
 */
#include "crypto/sha3.h"

#include "base/string.h"
#include "crypto/ct.h"

#define SUFFIX_SHA3   0x06 /* "01", then the padding's first 1 */
#define SUFFIX_SHAKE  0x1F /* "1111", then the padding's first 1 */
#define SUFFIX_CSHAKE 0x04 /* "00", then the padding's first 1 */
#define RATE_256      136  /* SHAKE256, cSHAKE256, KMAC256, SHA3-256 */
#define STACK_WIPE    512  /* bytes: keccak_f1600's frame and the sponge calls above it */

void sha3_init(struct sha3 *c, unsigned bits)
{
	keccak_init(&c->k, 200 - 2 * (bits / 8), SUFFIX_SHA3);
	c->digest = bits / 8;
}

void sha3_absorb(struct sha3 *c, const void *in, size_t len)
{
	keccak_absorb(&c->k, in, len);
}

void sha3_final_bits(struct sha3 *c, uint8_t last, unsigned bits, uint8_t *out)
{
	keccak_finish_bits(&c->k, last, bits);
	keccak_squeeze(&c->k, out, c->digest);
}

void sha3_final(struct sha3 *c, uint8_t *out)
{
	sha3_final_bits(c, 0, 0, out);
}

/*
 * The one-call functions may hash secrets (keys, seeds): they leave neither
 * the state nor the permutation's spilled lanes behind.
 */
static void wipe(struct sha3 *c)
{
	ct_zeroize(c, sizeof *c);
	ct_wipe_stack(STACK_WIPE);
}

static void sha3(unsigned bits, const void *in, size_t len, uint8_t *out)
{
	struct sha3 c;
	sha3_init(&c, bits);
	sha3_absorb(&c, in, len);
	sha3_final(&c, out);
	wipe(&c);
}

void sha3_256(const void *in, size_t len, uint8_t out[32])
{
	sha3(256, in, len, out);
}

void sha3_512(const void *in, size_t len, uint8_t out[64])
{
	sha3(512, in, len, out);
}

void shake_init(struct sha3 *c, unsigned security_bits)
{
	keccak_init(&c->k, 200 - 2 * (security_bits / 8), SUFFIX_SHAKE);
	c->digest = 0;
}

void shake_finish_bits(struct sha3 *c, uint8_t last, unsigned bits)
{
	keccak_finish_bits(&c->k, last, bits);
}

void shake_finish(struct sha3 *c)
{
	keccak_finish_bits(&c->k, 0, 0);
}

void shake_squeeze(struct sha3 *c, uint8_t *out, size_t len)
{
	keccak_squeeze(&c->k, out, len);
}

static void shake(unsigned security, const void *in, size_t len, uint8_t *out, size_t outlen)
{
	struct sha3 c;
	shake_init(&c, security);
	sha3_absorb(&c, in, len);
	shake_finish(&c);
	shake_squeeze(&c, out, outlen);
	wipe(&c);
}

void shake128(const void *in, size_t len, uint8_t *out, size_t outlen)
{
	shake(128, in, len, out, outlen);
}

void shake256(const void *in, size_t len, uint8_t *out, size_t outlen)
{
	shake(256, in, len, out, outlen);
}

void turboshake256(const void *in, size_t len, uint8_t domain, uint8_t *out, size_t outlen)
{
	struct sha3 c;
	keccak_init(&c.k, 200 - 2 * 32, domain);
	c.k.rounds = 12;
	sha3_absorb(&c, in, len);
	keccak_finish(&c.k);
	shake_squeeze(&c, out, outlen);
	wipe(&c);
}

/* left_encode (x first the byte count, then big-endian) or right_encode (count last); returns
 * bytes. */
static size_t encode(uint64_t x, int left, uint8_t out[9])
{
	uint8_t be[8];
	size_t n = 0;
	for (int i = 7; i >= 0; i--) {
		uint8_t b = (uint8_t)(x >> (8 * i));
		if (b || n || i == 0)
			be[n++] = b;
	}
	if (left) {
		out[0] = (uint8_t)n;
		memcpy(out + 1, be, n);
	} else {
		memcpy(out, be, n);
		out[n] = (uint8_t)n;
	}
	return n + 1;
}

/* Absorb encode_string(s): left_encode of its length in bits, then s. Returns bytes absorbed. */
static size_t absorb_string(struct sha3 *c, const void *s, size_t len)
{
	uint8_t e[9];
	size_t n = encode((uint64_t)len * 8, 1, e);
	sha3_absorb(c, e, n);
	sha3_absorb(c, s, len);
	return n + len;
}

/* Absorb zeros up to the next multiple of the rate, given `done` bytes since bytepad began. */
static void pad_to_rate(struct sha3 *c, size_t done)
{
	static const uint8_t zeros[RATE_256] = { 0 };
	size_t rem = done % c->k.rate;
	if (rem)
		sha3_absorb(c, zeros, c->k.rate - rem);
}

void cshake256_init(struct sha3 *c, const void *n, size_t nlen, const void *s, size_t slen)
{
	if (nlen == 0 && slen == 0) {
		shake_init(c, 256);
		return;
	}
	keccak_init(&c->k, RATE_256, SUFFIX_CSHAKE);
	c->digest = 0;
	uint8_t e[9];
	size_t done =
		encode(RATE_256, 1, e); /* bytepad(encode_string(N) || encode_string(S), 136) */
	sha3_absorb(c, e, done);
	done += absorb_string(c, n, nlen);
	done += absorb_string(c, s, slen);
	pad_to_rate(c, done);
}

void kmac256_init(struct sha3 *c, const void *key, size_t keylen, const void *s, size_t slen)
{
	cshake256_init(c, "KMAC", 4, s, slen);
	uint8_t e[9];
	size_t done = encode(RATE_256, 1, e); /* bytepad(encode_string(K), 136) */
	sha3_absorb(c, e, done);
	done += absorb_string(c, key, keylen);
	pad_to_rate(c, done);
}

static void kmac_end(struct sha3 *c, uint64_t outbits)
{
	uint8_t e[9];
	size_t n = encode(outbits, 0, e);
	sha3_absorb(c, e, n);
	shake_finish(c);
}

void kmac256_final(struct sha3 *c, uint8_t *out, size_t outlen)
{
	kmac_end(c, (uint64_t)outlen * 8);
	shake_squeeze(c, out, outlen);
}

void kmac256_final_xof(struct sha3 *c)
{
	kmac_end(c, 0);
}

void kmac256(const void *key, size_t keylen, const void *msg, size_t msglen, const void *s,
	     size_t slen, uint8_t *out, size_t outlen)
{
	struct sha3 c;
	kmac256_init(&c, key, keylen, s, slen);
	sha3_absorb(&c, msg, msglen);
	kmac256_final(&c, out, outlen);
	wipe(&c);
}

void kdf_kmac256(const void *key, size_t keylen, const char *label, const void *context,
		 size_t contextlen, uint8_t *out, size_t outlen)
{
	kmac256(key, keylen, context, contextlen, label, strlen(label), out, outlen);
}

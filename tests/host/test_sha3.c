/*
 * test_sha3 — known answers for the Keccak sponge and its users, from
 * FIPS 202's and SP 800-185's published examples (the full ACVP sets run
 * through skycrypt): the empty and "abc" digests, a message spanning
 * several blocks, incremental absorption in odd pieces, partial final
 * bytes, SHAKE output lengths, cSHAKE and KMAC samples.
 */
#include <string.h>

#include "check.h"
#include "crypto/sha3.h"

static int unhex(const char *hex, uint8_t *out)
{
	int n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static bool same(const uint8_t *got, const char *want_hex)
{
	uint8_t want[512];
	int n = unhex(want_hex, want);
	return memcmp(got, want, (size_t)n) == 0;
}

static void sha3_known(void)
{
	uint8_t d[64];
	sha3_256("", 0, d);
	EXPECT(same(d, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
	sha3_256("abc", 3, d);
	EXPECT(same(d, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"));
	sha3_512("abc", 3, d);
	EXPECT(same(d, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
		       "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"));
	struct sha3 c;
	sha3_init(&c, 224);
	sha3_absorb(&c, "abc", 3);
	sha3_final(&c, d);
	EXPECT(same(d, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"));
	sha3_init(&c, 384);
	sha3_absorb(&c, "abc", 3);
	sha3_final(&c, d);
	EXPECT(same(d, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
		       "98d88cea927ac7f539f1edf228376d25"));
}

static void incremental(void)
{
	/* 200 x 'a' in one call and in pieces of 1..13 bytes give the same digest. */
	uint8_t msg[200], a[32], b[32];
	memset(msg, 'a', sizeof msg);
	sha3_256(msg, sizeof msg, a);
	struct sha3 c;
	sha3_init(&c, 256);
	size_t off = 0;
	for (size_t step = 1; off < sizeof msg; step = step % 13 + 1) {
		size_t n = step < sizeof msg - off ? step : sizeof msg - off;
		sha3_absorb(&c, msg + off, n);
		off += n;
	}
	sha3_final(&c, b);
	EXPECT(memcmp(a, b, 32) == 0);
	/* Exactly one block (136 bytes) and one byte less and more. */
	for (size_t len = 134; len <= 138; len++) {
		sha3_256(msg, len, a);
		sha3_init(&c, 256);
		sha3_absorb(&c, msg, len / 2);
		sha3_absorb(&c, msg + len / 2, len - len / 2);
		sha3_final(&c, b);
		EXPECT(memcmp(a, b, 32) == 0);
	}
}

static void partial_bits(void)
{
	/* A whole last byte given as 8 "bits" equals absorbing it (bits < 8 path tested by ACVP).
	 */
	uint8_t a[32], b[32];
	sha3_256("abc", 3, a);
	struct sha3 c;
	sha3_init(&c, 256);
	sha3_absorb(&c, "ab", 2);
	sha3_final_bits(&c, 'c', 8, b);
	EXPECT(memcmp(a, b, 32) == 0);
}

static void shake_known(void)
{
	uint8_t out[64];
	shake128("", 0, out, 32);
	EXPECT(same(out, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26"));
	shake256("", 0, out, 64);
	EXPECT(same(out, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
			 "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"));
	/* Squeezing in pieces equals squeezing at once. */
	uint8_t whole[300], parts[300];
	shake256("abc", 3, whole, sizeof whole);
	struct sha3 c;
	shake_init(&c, 256);
	sha3_absorb(&c, "abc", 3);
	shake_finish(&c);
	for (size_t off = 0; off < sizeof parts; off += 7)
		shake_squeeze(&c, parts + off, off + 7 <= sizeof parts ? 7 : sizeof parts - off);
	EXPECT(memcmp(whole, parts, sizeof whole) == 0);
}

/* TurboSHAKE256: RFC 9861 §5's vector for the empty message (D = 0x1F, 64 bytes), and a 4096-byte
 * message (bytes i mod 251) with two domain bytes as @noble/hashes 2.4.0 (sha3-addons.js, an
 * independent implementation) computes them. */
static void turboshake_known(void)
{
	uint8_t out[64];
	turboshake256("", 0, 0x1F, out, 64);
	EXPECT(same(out, "367a329dafea871c7802ec67f905ae13c57695dc2c6663c61035f59a18f8e7db"
			 "11edc0e12e91ea60eb6b32df06dd7f002fbafabb6e13ec1cc20d995547600db0"));
	static uint8_t m[4096];
	for (size_t i = 0; i < sizeof m; i++)
		m[i] = (uint8_t)(i % 251);
	turboshake256(m, sizeof m, 0x1F, out, 32);
	EXPECT(same(out, "bba3e7c4490abf71d152d8d49c22b27318497fd2546b873ab509df4662bbcc74"));
	turboshake256(m, sizeof m, 0x0B, out, 32);
	EXPECT(same(out, "f0bfe60966570b5300ad29f06581eca36fbfa1c590625ff6cdf505d204666fa8"));
	/* SHA-3 is untouched by the sponge's round count */
	sha3_256("", 0, out);
	EXPECT(same(out, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
}

/* SP 800-185 examples (cSHAKE_samples.pdf, KMAC_samples.pdf). */
static void cshake_kmac_known(void)
{
	uint8_t data[200], key[32], out[64];
	for (int i = 0; i < 200; i++)
		data[i] = (uint8_t)i;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x40 + i);
	struct sha3 c;
	cshake256_init(&c, "", 0, "Email Signature", 15);
	sha3_absorb(&c, data, 4);
	shake_finish(&c);
	shake_squeeze(&c, out, 64);
	EXPECT(same(out, "d008828e2b80ac9d2218ffee1d070c48b8e4c87bff32c9699d5b6896eee0edd1"
			 "64020e2be0560858d9c00c037e34a96937c561a74c412bb4c746469527281c8c"));
	kmac256(key, 32, data, 4, "My Tagged Application", 21, out, 64);
	EXPECT(same(out, "20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7"
			 "f69d4cc3de9d104a351689f27cf6f5951f0103f33f4f24871024d9c27773a8dd"));
	kmac256(key, 32, data, 200, "My Tagged Application", 21, out, 64);
	EXPECT(same(out, "b58618f71f92e1d56c1b8c55ddd7cd188b97b4ca4d99831eb2699a837da2e4d9"
			 "70fbacfde50033aea585f1a2708510c32d07880801bd182898fe476876fc8965"));
	/* KMACXOF256, sample 4. */
	kmac256_init(&c, key, 32, "My Tagged Application", 21);
	sha3_absorb(&c, data, 4);
	kmac256_final_xof(&c);
	shake_squeeze(&c, out, 64);
	EXPECT(same(out, "1755133f1534752aad0748f2c706fb5c784512cab835cd15676b16c0c6647fa9"
			 "6faa7af634a0bf8ff6df39374fa00fad9a39e322a7c92065a64eb1fb0801eb2b"));
}

static void kdf(void)
{
	uint8_t a[32], b[32], c[32];
	kdf_kmac256("key", 3, "disk", "ctx", 3, a, 32);
	kdf_kmac256("key", 3, "disk", "ctx", 3, b, 32);
	kdf_kmac256("key", 3, "swap", "ctx", 3, c, 32);
	EXPECT(memcmp(a, b, 32) == 0);
	EXPECT(memcmp(a, c, 32) != 0);
	uint8_t d[32];
	kmac256("key", 3, "ctx", 3, "disk", 4, d, 32);
	EXPECT(memcmp(a, d, 32) == 0);
}

int main(void)
{
	RUN("sha3", sha3_known);
	RUN("sha3", incremental);
	RUN("sha3", partial_bits);
	RUN("sha3", shake_known);
	RUN("sha3", turboshake_known);
	RUN("sha3", cshake_kmac_known);
	RUN("sha3", kdf);
	return cases_failed != 0;
}

/*
 * test_sha2 — known answers for every SHA-2 function of FIPS 180-4 on the
 * NIST example messages ("abc", the 448-bit and 896-bit messages, a million
 * 'a's, and the empty message), through the one-call and the incremental
 * interfaces; updates split at every block boundary and in odd pieces; the
 * context wiped by final.
 */
#include "check.h"
#include "crypto/sha2.h"
#include "hex.h"

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
			     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

enum { ABC, M448, M896, MILLION, EMPTY, NMSG };

struct variant {
	const char *name;
	void (*oneshot)(const void *, size_t, uint8_t *);
	void (*init256)(struct sha256 *); /* one of init256 / init512 */
	void (*init512)(struct sha512 *);
	size_t bytes;
	const char *want[NMSG];
};

static const struct variant variants[] = {
	{ "SHA-224",
	  sha224,
	  sha224_init,
	  NULL,
	  28,
	  { "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
	    "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
	    "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
	    "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67",
	    "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f" } },
	{ "SHA-256",
	  sha256,
	  sha256_init,
	  NULL,
	  32,
	  { "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" } },
	{ "SHA-384",
	  sha384,
	  NULL,
	  sha384_init,
	  48,
	  { "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	    "8086072ba1e7cc2358baeca134c825a7",
	    "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
	    "b0455a8520bc4e6f5fe95b1fe3c8452b",
	    "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
	    "fcc7c71a557e2db966c3e9fa91746039",
	    "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
	    "07b8b3dc38ecc4ebae97ddd87f3d8985",
	    "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
	    "274edebfe76f65fbd51ad2f14898b95b" } },
	{ "SHA-512",
	  sha512,
	  NULL,
	  sha512_init,
	  64,
	  { "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	    "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
	    "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
	    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
	    "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
	    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	    "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
	    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" } },
	{ "SHA-512/224",
	  sha512_224,
	  NULL,
	  sha512_224_init,
	  28,
	  { "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
	    "e5302d6d54bb242275d1e7622d68df6eb02dedd13f564c13dbda2174",
	    "23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9",
	    "37ab331d76f0d36de422bd0edeb22a28accd487b7a8453ae965dd287",
	    "6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4" } },
	{ "SHA-512/256",
	  sha512_256,
	  NULL,
	  sha512_256_init,
	  32,
	  { "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
	    "bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461",
	    "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a",
	    "9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21",
	    "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a" } },
};

/* Hash `len` bytes of msg in pieces of `step` bytes through the incremental API. */
static void incremental(const struct variant *v, const uint8_t *msg, size_t len, size_t step,
			uint8_t *out)
{
	struct sha256 c256;
	struct sha512 c512;
	if (v->init256)
		v->init256(&c256);
	else
		v->init512(&c512);
	for (size_t off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step;
		if (v->init256)
			sha256_update(&c256, msg + off, n);
		else
			sha512_update(&c512, msg + off, n);
	}
	if (v->init256)
		sha256_final(&c256, out);
	else
		sha512_final(&c512, out);
}

static void known_answers(void)
{
	uint8_t *million = malloc(1000000);
	memset(million, 'a', 1000000);
	const uint8_t *msg[NMSG] = { (const uint8_t *)"abc", (const uint8_t *)msg448,
				     (const uint8_t *)msg896, million, (const uint8_t *)"" };
	const size_t len[NMSG] = { 3, 56, 112, 1000000, 0 };
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const struct variant *v = &variants[i];
		for (int m = 0; m < NMSG; m++) {
			uint8_t out[64];
			v->oneshot(msg[m], len[m], out);
			if (!same_hex(out, v->bytes, v->want[m]))
				printf("  %s message %d (one call)\n", v->name, m);
			EXPECT(same_hex(out, v->bytes, v->want[m]));
			incremental(v, msg[m], len[m], 1000, out);
			EXPECT(same_hex(out, v->bytes, v->want[m]));
		}
	}
	free(million);
}

static void pieces(void)
{
	/* Odd step sizes and every split point of a message match the one-call digest. */
	uint8_t msg[300], a[64], b[64];
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const struct variant *v = &variants[i];
		for (size_t len = 0; len <= sizeof msg; len += 37) {
			v->oneshot(msg, len, a);
			for (size_t step = 1; step <= 130; step += 3) {
				incremental(v, msg, len, step, b);
				EXPECT(memcmp(a, b, v->bytes) == 0);
			}
		}
		for (size_t cut = 0; cut <= 260; cut++) {
			v->oneshot(msg, 260, a);
			struct sha256 c256;
			struct sha512 c512;
			if (v->init256) {
				v->init256(&c256);
				sha256_update(&c256, msg, cut);
				sha256_update(&c256, msg + cut, 260 - cut);
				sha256_final(&c256, b);
			} else {
				v->init512(&c512);
				sha512_update(&c512, msg, cut);
				sha512_update(&c512, msg + cut, 260 - cut);
				sha512_final(&c512, b);
			}
			EXPECT(memcmp(a, b, v->bytes) == 0);
		}
	}
}

static void padding_edges(void)
{
	/* Lengths around the one-or-two-block padding boundary (55/56, 111/112) agree both ways. */
	uint8_t msg[260], a[64], b[64];
	memset(msg, 0x5c, sizeof msg);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const struct variant *v = &variants[i];
		for (size_t len = 50; len < 260; len++) {
			v->oneshot(msg, len, a);
			incremental(v, msg, len, 1, b);
			EXPECT(memcmp(a, b, v->bytes) == 0);
		}
	}
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void final_wipes(void)
{
	uint8_t out[64];
	struct sha256 c256;
	sha256_init(&c256);
	sha256_update(&c256, "secret message", 14);
	sha256_final(&c256, out);
	EXPECT(all_zero(&c256, sizeof c256));
	struct sha512 c512;
	sha512_init(&c512);
	sha512_update(&c512, "secret message", 14);
	sha512_final(&c512, out);
	EXPECT(all_zero(&c512, sizeof c512));
}

int main(void)
{
	RUN("sha2", known_answers);
	RUN("sha2", pieces);
	RUN("sha2", padding_edges);
	RUN("sha2", final_wipes);
	return cases_failed != 0;
}

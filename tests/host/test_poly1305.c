/*
 * test_poly1305 — Poly1305 against every Poly1305 vector of RFC 8439 (the
 * §2.5.2 example and A.3 #1-#11, which include the edge cases of partial
 * reduction, of s overflowing 2^128 and of results equal to p), and the
 * one-time key generation of §2.6.2 and A.4 #1-#3. Plus: updates in
 * pieces give the same tag, and final wipes the context.
 */
#include "check.h"
#include "crypto/chacha20.h"
#include "crypto/poly1305.h"
#include "hex.h"
#include "rfc8439.h"

struct vector {
	const char *key, *msg, *tag; /* msg as hex, or NULL with text set */
	const char *text;
};

static const struct vector vectors[] = {
	/* §2.5.2 */
	{ "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", NULL,
	  "a8061dc1305136c6c22b8baf0c0127a9", "Cryptographic Forum Research Group" },
	/* A.3 #1 */
	{ "0000000000000000000000000000000000000000000000000000000000000000",
	  "0000000000000000000000000000000000000000000000000000000000000000"
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "00000000000000000000000000000000", NULL },
	/* A.3 #2, #3 */
	{ "0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e", NULL,
	  "36e5f6b5c5e06070f0efca96227a863e", ietf },
	{ "36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000", NULL,
	  "f3477e7cd95417af89a6b8794c310cf0", ietf },
	/* A.3 #4 */
	{ "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", NULL,
	  "4541669a7eaaee61e708dc7cbcc5eb62", jabberwocky },
	/* A.3 #5: partially reduced final result not fully reduced */
	{ "0200000000000000000000000000000000000000000000000000000000000000",
	  "ffffffffffffffffffffffffffffffff", "03000000000000000000000000000000", NULL },
	/* A.3 #6: h + s overflows 2^128 */
	{ "02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
	  "02000000000000000000000000000000", "03000000000000000000000000000000", NULL },
	/* A.3 #7: a data limb all ones with a carry from below */
	{ "0100000000000000000000000000000000000000000000000000000000000000",
	  "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff"
	  "11000000000000000000000000000000",
	  "05000000000000000000000000000000", NULL },
	/* A.3 #8: the polynomial part is exactly 2^130 - 5 */
	{ "0100000000000000000000000000000000000000000000000000000000000000",
	  "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe"
	  "01010101010101010101010101010101",
	  "00000000000000000000000000000000", NULL },
	/* A.3 #9: exactly 2^130 - 6 */
	{ "0200000000000000000000000000000000000000000000000000000000000000",
	  "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff", NULL },
	/* A.3 #10, #11: 5*H+L reduction giving a 131-bit intermediate or final result */
	{ "0100000000000000040000000000000000000000000000000000000000000000",
	  "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
	  "0000000000000000000000000000000001000000000000000000000000000000",
	  "14000000000000005500000000000000", NULL },
	{ "0100000000000000040000000000000000000000000000000000000000000000",
	  "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
	  "00000000000000000000000000000000",
	  "13000000000000000000000000000000", NULL },
};

static size_t message(const struct vector *v, uint8_t *buf, size_t max)
{
	if (v->msg)
		return unhex(v->msg, buf, max);
	memcpy(buf, v->text, strlen(v->text));
	return strlen(v->text);
}

static void known_tags(void)
{
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector *v = &vectors[i];
		uint8_t key[32], msg[400], tag[16];
		unhex(v->key, key, 32);
		size_t len = message(v, msg, sizeof msg);
		poly1305(key, msg, len, tag);
		if (!same_hex(tag, 16, v->tag))
			printf("  vector %zu\n", i);
		EXPECT(same_hex(tag, 16, v->tag));
	}
}

static void pieces(void)
{
	/* Every vector fed in pieces of 1..17 bytes gives the same tag. */
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector *v = &vectors[i];
		uint8_t key[32], msg[400], tag[16];
		unhex(v->key, key, 32);
		size_t len = message(v, msg, sizeof msg);
		for (size_t step = 1; step <= 17; step++) {
			struct poly1305 p;
			poly1305_init(&p, key);
			for (size_t off = 0; off < len; off += step)
				poly1305_update(&p, msg + off, len - off < step ? len - off : step);
			poly1305_final(&p, tag);
			EXPECT(same_hex(tag, 16, v->tag));
		}
	}
}

static void key_generation(void)
{
	/* §2.6.2 and A.4: the one-time key is the first 32 bytes of block 0. */
	static const struct {
		const char *key, *nonce, *otk;
	} kg[] = {
		{ "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
		  "000000000001020304050607",
		  "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646" },
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		  "000000000000000000000000",
		  "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" },
		{ "0000000000000000000000000000000000000000000000000000000000000001",
		  "000000000000000000000002",
		  "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739" },
		{ "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
		  "000000000000000000000002",
		  "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae" },
	};
	for (size_t i = 0; i < sizeof kg / sizeof kg[0]; i++) {
		uint8_t key[32], nonce[12], block[64];
		unhex(kg[i].key, key, 32);
		unhex(kg[i].nonce, nonce, 12);
		chacha20_block(key, 0, nonce, block);
		EXPECT(same_hex(block, 32, kg[i].otk));
	}
}

static void final_wipes(void)
{
	uint8_t key[32], tag[16];
	memset(key, 0x77, sizeof key);
	struct poly1305 p;
	poly1305_init(&p, key);
	poly1305_update(&p, "a partial block", 15);
	poly1305_final(&p, tag);
	const uint8_t *b = (const uint8_t *)&p;
	bool zero = true;
	for (size_t i = 0; i < sizeof p; i++)
		zero &= b[i] == 0;
	EXPECT(zero);
}

int main(void)
{
	RUN("poly1305", known_tags);
	RUN("poly1305", pieces);
	RUN("poly1305", key_generation);
	RUN("poly1305", final_wipes);
	return cases_failed != 0;
}

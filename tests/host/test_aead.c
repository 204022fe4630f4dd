/*
 * test_aead — ChaCha20-Poly1305 against RFC 8439 §2.8.2 (seal) and A.5
 * (open), XChaCha20-Poly1305 against draft-irtf-cfrg-xchacha-03 A.3.1.
 * Then, for both: a flipped bit anywhere in ciphertext, tag, AAD or nonce
 * is rejected with -SKY_E_CORRUPT and the plaintext buffer zeroed; in
 * place equals out of place; every length 0..300 round-trips.
 */
#include "check.h"
#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "hex.h"
#include "rfc8439.h"
#include "sky/error.h"

static uint8_t key80[32];

static void seal_rfc8439(void)
{
	/* §2.8.2: sender constant 7, IV 40..47. */
	uint8_t nonce[12] = { 7, 0, 0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47 };
	uint8_t aad[12], ct[114], tag[16], pt[114];
	unhex("50515253c0c1c2c3c4c5c6c7", aad, 12);
	aead_chacha20poly1305_seal(key80, nonce, aad, 12, (const uint8_t *)sunscreen, 114, ct, tag);
	EXPECT(same_hex(ct, 114,
			"d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
			"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
			"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
			"3ff4def08e4b7a9de576d26586cec64b6116"));
	EXPECT(same_hex(tag, 16, "1ae10b594f09e26a7e902ecbd0600691"));
	EXPECT(aead_chacha20poly1305_open(key80, nonce, aad, 12, ct, 114, tag, pt) == 0);
	EXPECT(memcmp(pt, sunscreen, 114) == 0);
}

static void open_rfc8439(void)
{
	/* A.5 */
	uint8_t key[32], nonce[12], aad[12], ct[265], tag[16], pt[265];
	unhex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", key, 32);
	unhex("000000000102030405060708", nonce, 12);
	unhex("f33388860000000000004e91", aad, 12);
	unhex("eead9d67890cbb22392336fea1851f38", tag, 16);
	EXPECT(unhex("64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
		     "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
		     "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
		     "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
		     "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
		     "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
		     "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
		     "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
		     "a6ad5cb4022b02709b",
		     ct, sizeof ct) == 265);
	EXPECT(aead_chacha20poly1305_open(key, nonce, aad, 12, ct, 265, tag, pt) == 0);
	EXPECT(memcmp(pt, drafts, 265) == 0);
}

static const char xchacha_ct[] = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
				 "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
				 "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
				 "21f9664c97637da9768812f615c68b13b52e";

static void xchacha_draft(void)
{
	/* draft-irtf-cfrg-xchacha-03 A.3.1 */
	uint8_t nonce[24], aad[12], ct[114], tag[16], pt[114];
	unhex("404142434445464748494a4b4c4d4e4f5051525354555657", nonce, 24);
	unhex("50515253c0c1c2c3c4c5c6c7", aad, 12);
	aead_xchacha20poly1305_seal(key80, nonce, aad, 12, (const uint8_t *)sunscreen, 114, ct,
				    tag);
	EXPECT(same_hex(ct, 114, xchacha_ct));
	EXPECT(same_hex(tag, 16, "c0875924c1c7987947deafd8780acf49"));
	EXPECT(aead_xchacha20poly1305_open(key80, nonce, aad, 12, ct, 114, tag, pt) == 0);
	EXPECT(memcmp(pt, sunscreen, 114) == 0);
	/* The draft's Poly1305 key: block 0 under the subkey with nonce 0^4 | iv[16..23]. */
	uint8_t subkey[32], nonce12[12] = { 0 }, block[64];
	hchacha20(key80, nonce, subkey);
	memcpy(nonce12 + 4, nonce + 16, 8);
	chacha20_block(subkey, 0, nonce12, block);
	EXPECT(same_hex(block, 32,
			"7b191f80f361f099094f6f4b8fb97df847cc6873a8f2b190dd73807183f907d5"));
}

/* Both AEADs behind one signature; nonce is 12 or 24 bytes. */
struct aead {
	size_t nonce_len;
	int (*seal)(const uint8_t *, const uint8_t *, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, uint8_t *);
	int (*open)(const uint8_t *, const uint8_t *, const uint8_t *, size_t, const uint8_t *,
		    size_t, const uint8_t *, uint8_t *);
};

static const struct aead aeads[] = {
	{ 12, aead_chacha20poly1305_seal, aead_chacha20poly1305_open },
	{ 24, aead_xchacha20poly1305_seal, aead_xchacha20poly1305_open },
};

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* open must fail with -SKY_E_CORRUPT and leave pt all zeros. */
static bool rejected(const struct aead *a, const uint8_t *nonce, const uint8_t *aad, size_t aadlen,
		     const uint8_t *ct, size_t len, const uint8_t *tag)
{
	uint8_t pt[128];
	memset(pt, 0xaa, sizeof pt);
	return a->open(key80, nonce, aad, aadlen, ct, len, tag, pt) == -SKY_E_CORRUPT &&
	       all_zero(pt, len) && pt[len] == 0xaa;
}

static void flipped_bits(void)
{
	for (size_t k = 0; k < 2; k++) {
		const struct aead *a = &aeads[k];
		uint8_t nonce[24], aad[12], ct[114], tag[16], pt[114];
		for (int i = 0; i < 24; i++)
			nonce[i] = (uint8_t)(3 * i);
		memcpy(aad, "header bytes", 12);
		a->seal(key80, nonce, aad, 12, (const uint8_t *)sunscreen, 114, ct, tag);
		EXPECT(a->open(key80, nonce, aad, 12, ct, 114, tag, pt) == 0);
		EXPECT(memcmp(pt, sunscreen, 114) == 0);
		for (size_t bit = 0; bit < 8 * sizeof ct; bit++) {
			ct[bit / 8] ^= (uint8_t)(1 << bit % 8);
			EXPECT(rejected(a, nonce, aad, 12, ct, 114, tag));
			ct[bit / 8] ^= (uint8_t)(1 << bit % 8);
		}
		for (size_t bit = 0; bit < 8 * sizeof tag; bit++) {
			tag[bit / 8] ^= (uint8_t)(1 << bit % 8);
			EXPECT(rejected(a, nonce, aad, 12, ct, 114, tag));
			tag[bit / 8] ^= (uint8_t)(1 << bit % 8);
		}
		for (size_t bit = 0; bit < 8 * sizeof aad; bit++) {
			aad[bit / 8] ^= (uint8_t)(1 << bit % 8);
			EXPECT(rejected(a, nonce, aad, 12, ct, 114, tag));
			aad[bit / 8] ^= (uint8_t)(1 << bit % 8);
		}
		for (size_t bit = 0; bit < 8 * a->nonce_len; bit++) {
			nonce[bit / 8] ^= (uint8_t)(1 << bit % 8);
			EXPECT(rejected(a, nonce, aad, 12, ct, 114, tag));
			nonce[bit / 8] ^= (uint8_t)(1 << bit % 8);
		}
		/* Dropping the last AAD byte or ciphertext byte is rejected too. */
		EXPECT(rejected(a, nonce, aad, 11, ct, 114, tag));
		EXPECT(rejected(a, nonce, aad, 12, ct, 113, tag));
		EXPECT(a->open(key80, nonce, aad, 12, ct, 114, tag, pt) == 0);
	}
}

static void in_place(void)
{
	for (size_t k = 0; k < 2; k++) {
		const struct aead *a = &aeads[k];
		uint8_t nonce[24] = { 1, 2, 3 }, ct[265], buf[265], tag[16], tag2[16];
		a->seal(key80, nonce, (const uint8_t *)"aad", 3, (const uint8_t *)drafts, 265, ct,
			tag);
		memcpy(buf, drafts, 265);
		a->seal(key80, nonce, (const uint8_t *)"aad", 3, buf, 265, buf, tag2);
		EXPECT(memcmp(buf, ct, 265) == 0 && memcmp(tag, tag2, 16) == 0);
		EXPECT(a->open(key80, nonce, (const uint8_t *)"aad", 3, buf, 265, tag, buf) == 0);
		EXPECT(memcmp(buf, drafts, 265) == 0);
		/* A failed open in place zeroes the buffer, ciphertext included. */
		memcpy(buf, ct, 265);
		tag[0] ^= 1;
		EXPECT(a->open(key80, nonce, (const uint8_t *)"aad", 3, buf, 265, tag, buf) ==
		       -SKY_E_CORRUPT);
		EXPECT(all_zero(buf, 265));
	}
}

static void round_trips(void)
{
	uint8_t msg[300], aad[40], ct[300], pt[300], tag[16], nonce[24];
	for (int i = 0; i < 300; i++)
		msg[i] = (uint8_t)(i ^ 0x5a);
	for (int i = 0; i < 40; i++)
		aad[i] = (uint8_t)(i + 100);
	for (size_t k = 0; k < 2; k++) {
		const struct aead *a = &aeads[k];
		for (size_t len = 0; len <= 300; len++) {
			size_t aadlen = len % 37;
			memset(nonce, (int)len, sizeof nonce);
			a->seal(key80, nonce, aad, aadlen, msg, len, ct, tag);
			memset(pt, 0, sizeof pt);
			EXPECT(a->open(key80, nonce, aad, aadlen, ct, len, tag, pt) == 0);
			EXPECT(memcmp(pt, msg, len) == 0);
			EXPECT(len < 16 || memcmp(ct, msg, len) != 0);
		}
		/* Nothing at all: no AAD, no message, NULL pointers. */
		a->seal(key80, nonce, NULL, 0, NULL, 0, NULL, tag);
		EXPECT(a->open(key80, nonce, NULL, 0, NULL, 0, tag, NULL) == 0);
		tag[15] ^= 0x80;
		EXPECT(a->open(key80, nonce, NULL, 0, NULL, 0, tag, NULL) == -SKY_E_CORRUPT);
	}
}

/* Past AEAD_MAX_BYTES the block counter would wrap: refused before any byte is touched. */
static void length_limit(void)
{
	uint8_t key[32] = { 0 }, nonce[24] = { 0 }, tag[16] = { 7 }, one[1] = { 9 };
	for (size_t i = 0; i < sizeof aeads / sizeof *aeads; i++) {
		/* The buffers are far too small for these lengths: only the check may run. */
		EXPECT(aeads[i].seal(key, nonce, NULL, 0, one, AEAD_MAX_BYTES + 1, one, tag) ==
		       -SKY_E_RANGE);
		EXPECT(aeads[i].open(key, nonce, NULL, 0, one, AEAD_MAX_BYTES + 1, tag, one) ==
		       -SKY_E_RANGE);
		EXPECT(tag[0] == 7 && one[0] == 9);
	}
}

int main(void)
{
	for (int i = 0; i < 32; i++)
		key80[i] = (uint8_t)(0x80 + i);
	RUN("aead", seal_rfc8439);
	RUN("aead", open_rfc8439);
	RUN("aead", xchacha_draft);
	RUN("aead", flipped_bits);
	RUN("aead", in_place);
	RUN("aead", round_trips);
	RUN("aead", length_limit);
	return cases_failed != 0;
}

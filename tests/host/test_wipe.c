/*
 * test_wipe — secrets do not outlive the calls that use them. After each
 * call, the test reads the stack below its own frame (where the call's
 * frames were) and looks for any 8 bytes of the secrets in play: keys,
 * the HChaCha20 subkey, the Poly1305 one-time key, DRBG keys, a secret
 * message and its big-endian words (the SHA-2 schedule). A positive
 * control (a function that leaves a copy behind on purpose) shows the scan
 * sees what a call leaves. The contexts that final or wipe clear are
 * checked in the tests of their algorithms.
 *
 * ASan's fake stacks would move frames off the real stack, so this test
 * turns them off. What the compiler spills is covered as far as this
 * build's code generation goes (-O1 with sanitizers; gcc and clang at -O2
 * and -Os pass too when linked with -z now: lazy binding's resolver saves
 * the SSE registers, which can hold key bytes in a host build, on the
 * stack). Registers themselves are beyond reach of C.
 */
#include <string.h>

#include "check.h"
#include "stack_scan.h"
#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "crypto/ct.h"
#include "crypto/drbg.h"
#include "crypto/mlkem.h"
#include "crypto/poly1305.h"
#include "crypto/sha2.h"
#include "crypto/sha3.h"
#include "sky/error.h"

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_stack_use_after_return=0";
}

/* Whether any of the n 32-bit words lies, 4-aligned, in the dead stack below the caller. */
static __attribute__((noinline, no_sanitize_address)) bool stack_holds_words(const uint32_t *w,
									     size_t n)
{
	uint8_t b[SCAN];
	__asm__ volatile("" : : "r"(b) : "memory");
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i + 4 <= SCAN; i += 4) {
			uint32_t got;
			memcpy(&got, b + i, 4);
			if (got == w[k])
				return true;
		}
	}
	return false;
}

/* The positive control: a copy of the secret left in a dead frame. */
static __attribute__((noinline)) void leave_copy(const uint8_t *secret, size_t n)
{
	uint8_t copy[64];
	memcpy(copy, secret, n < sizeof copy ? n : sizeof copy);
	__asm__ volatile("" : : "r"(copy) : "memory"); /* the copy must exist, whole, in memory */
}

static uint8_t key[32], nonce24[24], subkey[32], otk[32], msg[200], buf[200], tag[16];

static void setup(void)
{
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0xa0 + 3 * i);
	for (int i = 0; i < 24; i++)
		nonce24[i] = (uint8_t)(0x10 + i);
	for (int i = 0; i < 200; i++)
		msg[i] = (uint8_t)(i * 29 + 7);
	/* What the AEAD derives inside: the subkey and the one-time Poly1305 key. */
	uint8_t nonce12[12] = { 0 }, block[64];
	hchacha20(key, nonce24, subkey);
	memcpy(nonce12 + 4, nonce24 + 16, 8);
	chacha20_block(subkey, 0, nonce12, block);
	memcpy(otk, block, 32);
}

static void scan_sees_leftovers(void)
{
	scrub();
	leave_copy(key, 32);
	EXPECT(stack_holds(key, 32));
	scrub();
	EXPECT(!stack_holds(key, 32));
	/* and ct_wipe_stack clears what a callee left */
	leave_copy(key, 32);
	ct_wipe_stack(512);
	EXPECT(!stack_holds(key, 32));
}

/*
 * The 20-round output x of the ChaCha block (counter, nonce) under k:
 * the words rounds() holds in registers, which it may spill. The block
 * function gives x + s, and s is known.
 */
static void round_words(const uint8_t k[32], uint32_t counter, const uint8_t nonce[12],
			uint32_t x[16])
{
	uint8_t block[64], in[64] = { 0x65, 0x78, 0x70, 0x61, 0x6e, 0x64, 0x20, 0x33,
				      0x32, 0x2d, 0x62, 0x79, 0x74, 0x65, 0x20, 0x6b };
	memcpy(in + 16, k, 32);
	memcpy(in + 48, &counter, 4);
	memcpy(in + 52, nonce, 12);
	chacha20_block(k, counter, nonce, block);
	for (int i = 0; i < 16; i++) {
		uint32_t b, st;
		memcpy(&b, block + 4 * i, 4);
		memcpy(&st, in + 4 * i, 4);
		x[i] = b - st;
	}
}

static bool aead_secrets_left(void)
{
	return stack_holds(key, 32) || stack_holds(subkey, 32) || stack_holds(otk, 32);
}

static void aead_calls(void)
{
	scrub();
	aead_xchacha20poly1305_seal(key, nonce24, msg, 20, msg, 200, buf, tag);
	EXPECT(!aead_secrets_left());
	scrub();
	EXPECT(aead_xchacha20poly1305_open(key, nonce24, msg, 20, buf, 200, tag, buf) == 0);
	EXPECT(!aead_secrets_left());
	scrub();
	tag[0] ^= 1;
	EXPECT(aead_xchacha20poly1305_open(key, nonce24, msg, 20, msg, 200, tag, buf) ==
	       -SKY_E_CORRUPT);
	EXPECT(!aead_secrets_left());
	scrub();
	aead_chacha20poly1305_seal(key, nonce24, NULL, 0, msg, 77, buf, tag);
	EXPECT(!stack_holds(key, 32));
}

static void cipher_and_mac_calls(void)
{
	uint32_t x[3][16];
	for (uint32_t b = 0; b < 3; b++)
		round_words(key, 5 + b, nonce24, x[b]);
	scrub();
	chacha20_xor(key, 5, nonce24, msg, buf, 150);
	EXPECT(!stack_holds(key, 32) && !stack_holds_words(x[0], 48));
	scrub();
	chacha20_block(key, 5, nonce24, buf);
	EXPECT(!stack_holds(key, 32) && !stack_holds_words(x[0], 16));
	/* HChaCha20's round output is the subkey itself (words 0-3, 12-15) */
	uint32_t counter;
	memcpy(&counter, nonce24, 4);
	round_words(key, counter, nonce24 + 4, x[0]);
	scrub();
	hchacha20(key, nonce24, buf);
	EXPECT(!stack_holds(key, 32) && !stack_holds(subkey, 32) && !stack_holds_words(x[0], 16));
	/* Poly1305: the key, and r as clamped (and r1 + r1 / 4) in the limbs blocks() uses */
	uint64_t r[3];
	memcpy(&r[0], otk, 8);
	memcpy(&r[1], otk + 8, 8);
	r[0] &= 0x0ffffffc0fffffffull;
	r[1] &= 0x0ffffffc0ffffffcull;
	r[2] = r[1] + (r[1] >> 2);
	scrub();
	poly1305(otk, msg, 150, tag);
	EXPECT(!stack_holds(otk, 32) && !stack_holds((const uint8_t *)r, sizeof r));
}

static void hash_calls(void)
{
	/* The message, and its words byte-swapped as the SHA-2 schedule holds them. */
	uint8_t swapped32[200], swapped64[200];
	for (int i = 0; i < 200; i++) {
		swapped32[i] = msg[(i & ~3) + 3 - (i & 3)];
		swapped64[i] = msg[(i & ~7) + 7 - (i & 7)];
	}
	scrub();
	sha256(msg, 200, buf);
	EXPECT(!stack_holds(msg, 200) && !stack_holds(swapped32, 200));
	scrub();
	sha512(msg, 200, buf);
	EXPECT(!stack_holds(msg, 200) && !stack_holds(swapped64, 200));
}

static void drbg_calls(void)
{
	struct drbg d;
	scrub();
	drbg_init(&d, msg, 48, NULL, 0);
	uint8_t k0[32], v0[32];
	memcpy(k0, d.k, 32);
	memcpy(v0, d.v, 32);
	EXPECT(!stack_holds(k0, 32) && !stack_holds(v0, 32));
	scrub();
	EXPECT(drbg_generate(&d, buf, 100, key, 32) == 0);
	/* Neither the state from before the call nor the one after it. */
	EXPECT(!stack_holds(k0, 32) && !stack_holds(v0, 32));
	EXPECT(!stack_holds(d.k, 32) && !stack_holds(d.v, 32));
	drbg_wipe(&d);
}

/*
 * ML-KEM-1024: after keygen no byte of d, z or s_hat; after encaps and
 * decaps no byte of m, K, r, J's key or any of the noise that PRF(r, N)
 * gives (FIPS 203 §4.1: SHAKE256(r || N), 128 bytes at eta = 2).
 */
static void mlkem_calls(void)
{
	static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX], noise[9][128];
	uint8_t d[32], z[32], m[32], ss[32], hek[32], g[64], mh[64];
	memcpy(d, msg, 32);
	memcpy(z, msg + 32, 32);
	memcpy(m, msg + 64, 32);
	scrub();
	EXPECT(mlkem_keygen(1024, d, z, ek, dk) == 0);
	EXPECT(!stack_holds(d, 32) && !stack_holds(z, 32) && !stack_holds(dk, 384 * 4));

	sha3_256(ek, MLKEM_EK_BYTES(1024), hek);
	memcpy(mh, m, 32);
	memcpy(mh + 32, hek, 32);
	sha3_512(mh, 64, g); /* K || r = G(m || H(ek)) */
	for (uint8_t n = 0; n < 9; n++) {
		uint8_t rn[33];
		memcpy(rn, g + 32, 32);
		rn[32] = n;
		shake256(rn, 33, noise[n], 128);
	}
	scrub();
	EXPECT(mlkem_encaps(1024, ek, m, ct, ss) == 0);
	EXPECT(!stack_holds(m, 32) && !stack_holds(g, 64) && !stack_holds(noise[0], sizeof noise));
	scrub();
	EXPECT(mlkem_decaps(1024, dk, ct, ss) == 0);
	EXPECT(!stack_holds(m, 32) && !stack_holds(g, 64) && !stack_holds(noise[0], sizeof noise));
	ct[0] ^= 1; /* rejected: J(z || c') instead */
	scrub();
	EXPECT(mlkem_decaps(1024, dk, ct, ss) == 0);
	EXPECT(!stack_holds(ss, 32) && !stack_holds(m, 32) && !stack_holds(noise[0], sizeof noise));
}

int main(void)
{
	setup();
	RUN("wipe", scan_sees_leftovers);
	RUN("wipe", aead_calls);
	RUN("wipe", cipher_and_mac_calls);
	RUN("wipe", hash_calls);
	RUN("wipe", drbg_calls);
	RUN("wipe", mlkem_calls);
	return cases_failed != 0;
}

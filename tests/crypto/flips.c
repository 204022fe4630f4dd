/*
 * flips — every single-bit change, exhaustively: each bit of an ML-DSA
 * signature, public key, message and context makes verification fail, at
 * every level; each bit of an ML-KEM ciphertext makes decapsulation return
 * the implicit-rejection key J(z || c') (computed here from FIPS 203's
 * definition), and each bit of an encapsulation key either fails its check
 * or yields a secret the holder of dk does not get. Built at -O2 without
 * sanitizers (tens of thousands of operations per parameter set); the
 * unit tests run sampled flips under the sanitizers. One PASS/FAIL line
 * per parameter set and field.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "crypto/mldsa.h"
#include "crypto/mlkem.h"
#include "crypto/sha3.h"

static int failures;

static void report(const char *alg, const char *field, size_t bits, size_t wrong)
{
	if (wrong) {
		printf("FAIL flips/%s/%s: %zu of %zu flipped bits accepted\n", alg, field, wrong,
		       bits);
		failures++;
	} else {
		printf("PASS flips/%s/%s (%zu bits, every one refused)\n", alg, field, bits);
	}
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 131 + i * 29 + (i >> 8));
}

static uint8_t pk[MLDSA_PK_BYTES(87)], sk[MLDSA_SK_BYTES(87)], sig[MLDSA_SIG_BYTES(87)];
static uint8_t msg[64], ctx[32];

/* Count how many single-bit flips of buf[0..n) leave verification passing. */
static size_t accepted_flips(unsigned level, uint8_t *buf, size_t n)
{
	size_t wrong = 0;
	for (size_t bit = 0; bit < 8 * n; bit++) {
		buf[bit / 8] ^= (uint8_t)(1u << bit % 8);
		wrong += mldsa_verify(level, pk, msg, sizeof msg, ctx, sizeof ctx, sig);
		buf[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
	return wrong;
}

static void mldsa(unsigned level)
{
	char alg[16];
	snprintf(alg, sizeof alg, "ml-dsa-%u", level);
	uint8_t seed[32], rnd[32];
	fill(seed, 32, (uint8_t)level);
	fill(rnd, 32, 1);
	fill(msg, sizeof msg, 2);
	fill(ctx, sizeof ctx, 3);
	mldsa_keygen(level, seed, pk, sk);
	mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, sig);
	if (!mldsa_verify(level, pk, msg, sizeof msg, ctx, sizeof ctx, sig)) {
		report(alg, "unchanged-signature-verifies", 1, 1);
		return;
	}
	report(alg, "signature", 8 * MLDSA_SIG_BYTES(level),
	       accepted_flips(level, sig, MLDSA_SIG_BYTES(level)));
	report(alg, "public-key", 8 * MLDSA_PK_BYTES(level),
	       accepted_flips(level, pk, MLDSA_PK_BYTES(level)));
	report(alg, "message", 8 * sizeof msg, accepted_flips(level, msg, sizeof msg));
	report(alg, "context", 8 * sizeof ctx, accepted_flips(level, ctx, sizeof ctx));
}

static void mlkem(unsigned level)
{
	static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX], ct2[MLKEM_CT_MAX];
	static uint8_t zc[32 + MLKEM_CT_MAX];
	char alg[16];
	snprintf(alg, sizeof alg, "ml-kem-%u", level);
	uint8_t seed[96], ss[32], got[32], want[32];
	fill(seed, sizeof seed, (uint8_t)(level >> 2));
	mlkem_keygen(level, seed, seed + 32, ek, dk);
	mlkem_encaps(level, ek, seed + 64, ct, ss);
	size_t ctlen = MLKEM_CT_BYTES(level), eklen = MLKEM_EK_BYTES(level), wrong = 0;
	memcpy(zc, dk + MLKEM_DK_BYTES(level) - 32, 32); /* z is dk's last 32 bytes */
	for (size_t bit = 0; bit < 8 * ctlen; bit++) {
		ct[bit / 8] ^= (uint8_t)(1u << bit % 8);
		memcpy(zc + 32, ct, ctlen);
		shake256(zc, 32 + ctlen, want, 32); /* J(z || c') */
		wrong += mlkem_decaps(level, dk, ct, got) != 0 || memcmp(got, want, 32) != 0 ||
			 memcmp(got, ss, 32) == 0;
		ct[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
	report(alg, "ciphertext-gives-rejection-key", 8 * ctlen, wrong);
	wrong = 0;
	for (size_t bit = 0; bit < 8 * eklen; bit++) {
		ek[bit / 8] ^= (uint8_t)(1u << bit % 8);
		if (mlkem_encaps(level, ek, seed + 64, ct2, got) ==
		    0) /* else: the ek check refused it */
			wrong += mlkem_decaps(level, dk, ct2, want) != 0 ||
				 memcmp(got, want, 32) == 0;
		ek[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
	report(alg, "encapsulation-key", 8 * eklen, wrong);
}

int main(void)
{
	mlkem(512);
	mlkem(768);
	mlkem(1024);
	mldsa(44);
	mldsa(65);
	mldsa(87);
	return failures != 0;
}

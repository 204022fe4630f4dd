/*
 * ct_check — the constant-time test. Built with CRYPTO_CT_TEST and run
 * under valgrind's memcheck: each secret input is marked undefined, so any
 * branch or memory index that depends on it (or on anything computed from
 * it) is reported as a use of uninitialised data. Each operation counts the
 * reports it caused and prints PASS or FAIL. Outputs are declassified
 * before anyone looks at them. The canary branches on a secret on purpose
 * and must be caught, which shows the method works.
 *
 *   valgrind -q --error-exitcode=0 build/test/ct_check
 */
#include <stdio.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/ct.h"
#include "crypto/drbg.h"
#include "crypto/mldsa.h"
#include "crypto/mlkem.h"
#include "crypto/sha3.h"

#ifndef CRYPTO_CT_TEST
#error "build with -DCRYPTO_CT_TEST"
#endif

static int failures;

/* Report whether the operation just run caused memcheck reports (if `want`, it must). */
static void verdict(const char *name, unsigned before, int want)
{
	unsigned after = VALGRIND_COUNT_ERRORS;
	int reported = after != before;
	if (!RUNNING_ON_VALGRIND) {
		printf("FAIL ct/%s: not running under valgrind\n", name);
		failures++;
	} else if (reported != want) {
		printf("FAIL ct/%s: %u reports\n", name, after - before);
		failures++;
	} else {
		printf("PASS ct/%s\n", name);
	}
}

#define CHECK(name, want, body)                                                                    \
	do {                                                                                       \
		unsigned before_ = VALGRIND_COUNT_ERRORS;                                          \
		body;                                                                              \
		verdict(name, before_, want);                                                      \
	} while (0)

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 31 * i);
}

static volatile int sink;

static void canary(const uint8_t *secret)
{
	if (secret[0] & 1) /* a secret-dependent branch, on purpose */
		sink++;
}

static void mlkem(unsigned level)
{
	static uint8_t d[32], z[32], m[32], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX],
		ss[32];
	char name[64];
	fill(d, 32, 1);
	fill(z, 32, 2);
	fill(m, 32, 3);
	snprintf(name, sizeof name, "mlkem%u/keygen", level);
	CHECK(name, 0, {
		CT_SECRET(d, 32);
		CT_SECRET(z, 32);
		mlkem_keygen(level, d, z, ek, dk);
	});
	CT_DECLASSIFY(ek, sizeof ek); /* the public key is public */
	snprintf(name, sizeof name, "mlkem%u/encaps", level);
	CHECK(name, 0, {
		CT_SECRET(m, 32);
		mlkem_encaps(level, ek, m, ct, ss);
	});
	CT_DECLASSIFY(ct, sizeof ct);
	for (int tamper = 0; tamper < 2; tamper++) {
		ct[5] ^= (uint8_t)
			tamper; /* the second round decapsulates to the implicit-rejection key */
		snprintf(name, sizeof name, "mlkem%u/decaps%s", level, tamper ? "-rejected" : "");
		CHECK(name, 0, {
			CT_SECRET(dk, MLKEM_DK_BYTES(level));
			mlkem_decaps(level, dk, ct, ss);
		});
	}
}

static void mldsa(unsigned level)
{
	static uint8_t seed[32], pk[2592], sk[4896], sig[4627], rnd[32], msg[100], ctx[7];
	char name[64];
	fill(seed, 32, 4);
	fill(rnd, 32, 5);
	fill(msg, sizeof msg, 6);
	fill(ctx, sizeof ctx, 7);
	snprintf(name, sizeof name, "mldsa%u/keygen", level);
	CHECK(name, 0, {
		CT_SECRET(seed, 32);
		mldsa_keygen(level, seed, pk, sk);
	});
	for (int hedged = 0; hedged < 2; hedged++) {
		uint8_t zero[32] = { 0 };
		snprintf(name, sizeof name, "mldsa%u/sign-%s", level,
			 hedged ? "hedged" : "deterministic");
		CHECK(name, 0, {
			CT_SECRET(sk, MLDSA_SK_BYTES(level));
			CT_SECRET(rnd, 32);
			mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, hedged ? rnd : zero,
				   sig);
		});
	}
}

static void symmetric(void)
{
	static uint8_t key[32], nonce[24], pt[1000], ct[1000], tag[16], out[64];
	fill(key, 32, 8);
	fill(nonce, 24, 9);
	fill(pt, sizeof pt, 10);
	CHECK("xchacha20poly1305/seal", 0, {
		CT_SECRET(key, 32);
		CT_SECRET(pt, sizeof pt);
		aead_xchacha20poly1305_seal(key, nonce, NULL, 0, pt, sizeof pt, ct, tag);
	});
	CT_DECLASSIFY(ct, sizeof ct);
	CT_DECLASSIFY(tag, sizeof tag);
	for (int tamper = 0; tamper < 2; tamper++) {
		tag[0] ^= (uint8_t)tamper;
		CHECK(tamper ? "xchacha20poly1305/open-forged" : "xchacha20poly1305/open", 0, {
			CT_SECRET(key, 32);
			int r = aead_xchacha20poly1305_open(key, nonce, NULL, 0, ct, sizeof ct, tag,
							    pt);
			CT_DECLASSIFY(
				&r, sizeof r); /* accepting or refusing is the published outcome */
			sink = r;
		});
	}
	CHECK("sha3-256/secret-input", 0, {
		CT_SECRET(pt, sizeof pt);
		sha3_256(pt, sizeof pt, out);
	});
	CHECK("kmac256/secret-key", 0, {
		CT_SECRET(key, 32);
		kmac256(key, 32, pt, 10, "S", 1, out, 64);
	});
	CHECK("kdf-kmac256/secret-key", 0, {
		CT_SECRET(key, 32);
		kdf_kmac256(key, 32, "label", "ctx", 3, out, 32);
	});
	struct drbg g;
	CHECK("drbg/seed-and-generate", 0, {
		uint8_t entropy[DRBG_INIT_ENTROPY];
		fill(entropy, sizeof entropy, 11);
		CT_SECRET(entropy, sizeof entropy);
		drbg_init(&g, entropy, sizeof entropy, NULL, 0);
		drbg_generate(&g, out, 64, NULL, 0);
		drbg_reseed(&g, entropy, DRBG_RESEED_ENTROPY, NULL, 0);
		drbg_generate(&g, out, 64, NULL, 0);
	});
}

int main(void)
{
	uint8_t secret[1] = { 1 };
	CHECK("canary-is-caught", 1, {
		CT_SECRET(secret, 1);
		canary(secret);
	});
	mlkem(512);
	mlkem(768);
	mlkem(1024);
	mldsa(44);
	mldsa(65);
	mldsa(87);
	symmetric();
	return failures != 0;
}

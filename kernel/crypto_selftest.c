/*
 * crypto_selftest.c — the boot-time known-answer test of lib/crypto, built
 * with the kernel's own flags: a miscompiled or corrupted library must stop
 * the system before anything relies on a signature or a key. Each
 * algorithm is run on published inputs and its output compared with the
 * published answer (FIPS 202, FIPS 180-4, SP 800-185, the XChaCha20 draft,
 * NIST ACVP keyGen vectors); the KEM and the signature scheme also run a
 * pairwise-consistency check (encapsulate/decapsulate, sign/verify, and a
 * corrupted input must be refused). Large answers are compared through
 * their SHA3-256. Working buffers are static: the boot stack is 16 KiB and
 * ML-DSA signing itself uses 10 KiB of it.
 */
#include "crypto_selftest.h"

#include "base/string.h"
#include "crypto/aead.h"
#include "crypto/drbg.h"
#include "crypto/mldsa.h"
#include "crypto/mlkem.h"
#include "crypto/sha2.h"
#include "crypto/sha3.h"
#include "log.h"
#include "time.h"

static struct {
	uint8_t pk[MLDSA_PK_BYTES(87)], sk[MLDSA_SK_BYTES(87)], sig[MLDSA_SIG_BYTES(87)];
	uint8_t ct[MLKEM_CT_MAX], buf[128], out[128], seed[64];
} w;

static unsigned hexval(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

/* Whether the n bytes at p are the lowercase hex string `want`. */
static bool is_hex(const uint8_t *p, size_t n, const char *want)
{
	if (strlen(want) != 2 * n)
		return false;
	uint8_t diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= p[i] ^ (uint8_t)(hexval(want[2 * i]) << 4 | hexval(want[2 * i + 1]));
	return diff == 0;
}

static size_t from_hex(uint8_t *out, const char *hex)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	return n;
}

/* Whether SHA3-256 of the n bytes at p is `want`. */
static bool digest_is(const uint8_t *p, size_t n, const char *want)
{
	uint8_t d[32];
	sha3_256(p, n, d);
	return is_hex(d, 32, want);
}

static void fill(uint8_t *p, size_t n, uint8_t first)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(first + i);
}

static bool hashes(void)
{
	uint8_t d[64], key[32];
	sha3_256("abc", 3, d);
	bool ok = is_hex(d, 32, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
	shake256("", 0, d, 32);
	ok &= is_hex(d, 32, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f");
	sha256("abc", 3, d);
	ok &= is_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha512("abc", 3, d);
	ok &= is_hex(d, 64,
		     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	/* SP 800-185 KMAC sample 4: key 40..5f, data 00..03. */
	fill(key, 32, 0x40);
	fill(w.buf, 4, 0);
	kmac256(key, 32, w.buf, 4, "My Tagged Application", 21, d, 64);
	ok &= is_hex(d, 64,
		     "20c570c31346f703c9ac36c61c03cb64c3970d0cfc787e9b79599d273a68d2f7"
		     "f69d4cc3de9d104a351689f27cf6f5951f0103f33f4f24871024d9c27773a8dd");
	return ok;
}

/* draft-irtf-cfrg-xchacha A.3.1; then a changed tag must not open. */
static bool xchacha(void)
{
	static const char text[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
				   "only one tip for the future, sunscreen would be it.";
	uint8_t key[32], nonce[24], aad[12], tag[16];
	fill(key, 32, 0x80);
	fill(nonce, 24, 0x40);
	from_hex(aad, "50515253c0c1c2c3c4c5c6c7");
	bool ok = aead_xchacha20poly1305_seal(key, nonce, aad, 12, (const uint8_t *)text, 114,
					      w.buf, tag) == 0 &&
		  is_hex(tag, 16, "c0875924c1c7987947deafd8780acf49");
	ok &= aead_xchacha20poly1305_open(key, nonce, aad, 12, w.buf, 114, tag, w.out) == 0 &&
	      memcmp(w.out, text, 114) == 0;
	tag[0] ^= 1;
	ok &= aead_xchacha20poly1305_open(key, nonce, aad, 12, w.buf, 114, tag, w.out) != 0;
	return ok;
}

/* The fixed-seed answer of tests/host/test_drbg.c (entropy 00..2f). */
static bool drbg(void)
{
	struct drbg g;
	fill(w.seed, 48, 0);
	drbg_init(&g, w.seed, 48, (const uint8_t *)"Skyscope test personalization", 29);
	bool ok = drbg_generate(&g, w.out, 64, NULL, 0) == 0 &&
		  is_hex(w.out, 64,
			 "4726e176571cc5ec8b65b0517f38f07d2f6584a0b267fabf9e8e076677d016d5"
			 "bb72e525ffcfae19e13deb4c5ed390c1fde2f9902dac868834c1d45df928c58a");
	drbg_wipe(&g);
	return ok;
}

/* ACVP ML-KEM keyGen tgId 3 tcId 51, then encapsulate, decapsulate, and reject a changed
 * ciphertext. */
static bool mlkem(void)
{
	uint8_t ss[32], ss2[32];
	from_hex(w.seed, "f3a706faf090c03db506863ab0b20bd8a1627956318e88c67eb875e8e7266009"
			 "35d2bc43dd1cc879f765bf2a0c5e297889dde910e57e2bb0eae417b90ab7a275");
	if (mlkem_keygen(1024, w.seed, w.seed + 32, w.pk, w.sk) ||
	    !digest_is(w.pk, MLKEM_EK_BYTES(1024),
		       "9370fe5b05ddc92c939f62cbde4c0fea36f45cd20c5748cf3ac891a4c2604496") ||
	    !digest_is(w.sk, MLKEM_DK_BYTES(1024),
		       "b8c683c71564ff8e2391c57b68c3a1ff186734b13e31d2a075b65307c8b80888"))
		return false;
	fill(w.buf, 32, 7);
	if (mlkem_encaps(1024, w.pk, w.buf, w.ct, ss) || mlkem_decaps(1024, w.sk, w.ct, ss2) ||
	    memcmp(ss, ss2, 32) != 0)
		return false;
	w.ct[100] ^= 1;
	return mlkem_decaps(1024, w.sk, w.ct, ss2) == 0 && memcmp(ss, ss2, 32) != 0;
}

/* ACVP ML-DSA keyGen tgId 3 tcId 51, then sign, verify, and reject a changed message. */
static bool mldsa(bool sabotage)
{
	from_hex(w.seed, "a16f5b0796703e2d1a0140a35cbf36efabe70e752ba59b6a9a0e9c4b05302f73");
	w.seed[0] ^= sabotage;
	if (mldsa_keygen(87, w.seed, w.pk, w.sk) ||
	    !digest_is(w.pk, MLDSA_PK_BYTES(87),
		       "9df39232077a88b3b36c0d4b37d2d369f942baaaa436cf5486a1f09d45d7ce0b") ||
	    !digest_is(w.sk, MLDSA_SK_BYTES(87),
		       "c41388f22cf3bc0ce79eb5fccfafeee5ec31e3d4321a8befe7f230d6c4841cf0"))
		return false;
	static const uint8_t zero[32];
	fill(w.buf, 64, 1);
	if (mldsa_sign(87, w.sk, w.buf, 64, (const uint8_t *)"boot", 4, zero, w.sig) ||
	    !mldsa_verify(87, w.pk, w.buf, 64, (const uint8_t *)"boot", 4, w.sig))
		return false;
	w.buf[0] ^= 1;
	return !mldsa_verify(87, w.pk, w.buf, 64, (const uint8_t *)"boot", 4, w.sig);
}

void crypto_selftest(bool sabotage)
{
	uint64_t start = time_now_ns();
	static const char *const names[] = { "SHA-3/SHAKE/KMAC/SHA-2", "XChaCha20-Poly1305", "DRBG",
					     "ML-KEM-1024", "ML-DSA-87" };
	bool ok[] = { hashes(), xchacha(), drbg(), mlkem(), mldsa(sabotage) };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!ok[i])
			panic("crypto self-test failed: %s gave a wrong answer", names[i]);
	memset(&w, 0, sizeof w);
	log_info("crypto: known-answer self-test passed (SHA-3, SHAKE, KMAC, SHA-2, "
		 "XChaCha20-Poly1305, DRBG, ML-KEM-1024, ML-DSA-87) in %llu ms",
		 (unsigned long long)((time_now_ns() - start) / 1000000));
}

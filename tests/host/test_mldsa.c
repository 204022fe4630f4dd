/*
 * test_mldsa — ML-DSA-44/65/87 (FIPS 204): known answers from NIST ACVP
 * (mldsa_kat.h; the full ACVP sets run through skycrypt), the rounding and
 * NTT arithmetic against plain definitions, and properties: sign/verify
 * round trips over random keys, messages and contexts in all four forms,
 * any flipped bit of signature, key, message or context refused, malformed
 * hint encodings and out-of-range z refused, context and level limits.
 */
#include <string.h>

#include "check.h"
#include "stack_scan.h"
#include "crypto/mldsa.h"
#include "crypto/mldsa_internal.h"
#include "crypto/sha3.h"
#include "mldsa_kat.h"
#include "sky/error.h"

/* ASan's fake stacks would move frames off the stack that secrets_wiped scans. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_stack_use_after_return=0";
}

#define PK_MAX  MLDSA_PK_BYTES(87)
#define SK_MAX  MLDSA_SK_BYTES(87)
#define SIG_MAX MLDSA_SIG_BYTES(87)

static const unsigned levels[] = { 44, 65, 87 };
static const uint8_t sha256_oid[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
				      0x65, 0x03, 0x04, 0x02, 0x01 };

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	for (; hex && hex[0] && hex[1]; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static bool sha3_is(const uint8_t *data, size_t len, const char *want_hex)
{
	uint8_t got[32], want[32];
	unhex(want_hex, want);
	sha3_256(data, len, got);
	return memcmp(got, want, 32) == 0;
}

/* A deterministic stream of test bytes (SHAKE128 of a label). */
static struct sha3 rng;

static void rng_seed(const char *label)
{
	shake_init(&rng, 128);
	sha3_absorb(&rng, label, strlen(label));
	shake_finish(&rng);
}

static void rng_bytes(void *out, size_t n)
{
	shake_squeeze(&rng, out, n);
}

static unsigned rng_below(unsigned n)
{
	uint32_t v;
	rng_bytes(&v, sizeof v);
	return v % n;
}

/* The expanded key pk, sk from rho || K || s1 || s2: t = A s1 + s2, tr = H(pk). */
static void rebuild_key(const struct mldsa_params *p, const uint8_t *parts, uint8_t *pk,
			uint8_t *sk)
{
	static uint8_t s1hat[MLDSA_L_MAX][MLDSA_PACK24];
	int32_t t[MLDSA_N], s2[MLDSA_N];
	size_t eta_poly = 32u * p->eta_bits, s_bytes = (p->k + p->l) * eta_poly;
	memcpy(sk, parts, 64);
	memcpy(sk + 128, parts + 64, s_bytes);
	memcpy(pk, parts, 32);
	for (unsigned j = 0; j < p->l; j++) {
		mldsa_unpack_eta(t, sk + 128 + j * eta_poly, p);
		mldsa_ntt(t);
		mldsa_pack24(s1hat[j], t);
	}
	for (unsigned i = 0; i < p->k; i++) {
		memset(t, 0, sizeof t);
		for (unsigned j = 0; j < p->l; j++)
			mldsa_matrix_mac(t, pk, i, j, s1hat[j]);
		mldsa_reduce(t);
		mldsa_invntt(t);
		mldsa_freeze(t);
		mldsa_unpack_eta(s2, sk + 128 + (p->l + i) * eta_poly, p);
		for (unsigned n = 0; n < MLDSA_N; n++)
			t[n] = mldsa_power2round(mldsa_mod_q(t[n] + s2[n]), &s2[n]);
		mldsa_pack_t1(pk + 32 + i * MLDSA_T1_POLY, t);
		mldsa_pack_t0(sk + 128 + s_bytes + i * MLDSA_T0_POLY, s2);
	}
	shake256(pk, p->pk_bytes, sk + 64, 64);
}

static void keygen_known(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX];
	for (size_t i = 0; i < sizeof keygen_kats / sizeof keygen_kats[0]; i++) {
		const struct keygen_kat *t = &keygen_kats[i];
		uint8_t seed[32];
		unhex(t->seed, seed);
		EXPECT(mldsa_keygen(t->level, seed, pk, sk) == 0);
		EXPECT(sha3_is(pk, MLDSA_PK_BYTES(t->level), t->pk_sha3));
		EXPECT(sha3_is(sk, MLDSA_SK_BYTES(t->level), t->sk_sha3));
	}
}

/* mu = H(H(pk, 64) || M', 64) for M' = pre || ctx || msg, as a caller of sign_mu computes it. */
static void external_mu(const uint8_t *pk, unsigned level, const uint8_t *pre, size_t prelen,
			const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t mlen,
			uint8_t mu[64])
{
	uint8_t tr[64];
	struct sha3 h;
	shake256(pk, MLDSA_PK_BYTES(level), tr, sizeof tr);
	shake_init(&h, 256);
	sha3_absorb(&h, tr, sizeof tr);
	sha3_absorb(&h, pre, prelen);
	sha3_absorb(&h, ctx, ctxlen);
	sha3_absorb(&h, msg, mlen);
	shake_finish(&h);
	shake_squeeze(&h, mu, 64);
}

static void sign_known(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX], parts[SK_MAX], msg[4096];
	for (size_t i = 0; i < sizeof sign_kats / sizeof sign_kats[0]; i++) {
		const struct sign_kat *t = &sign_kats[i];
		const struct mldsa_params *p = mldsa_params_get(t->level);
		uint8_t ctx[256], oid[16], rnd[32] = { 0 };
		unhex(t->sk_parts, parts);
		rebuild_key(p, parts, pk, sk);
		EXPECT(sha3_is(sk, p->sk_bytes, t->sk_sha3));
		size_t mlen = unhex(t->msg, msg), ctxlen = unhex(t->ctx, ctx);
		size_t oidlen = unhex(t->oid, oid);
		unhex(t->rnd, rnd);
		int rc = -1;
		bool ok = false;
		switch (t->form) {
		case FORM_PURE:
			rc = mldsa_sign(t->level, sk, msg, mlen, ctx, ctxlen, rnd, sig);
			ok = mldsa_verify(t->level, pk, msg, mlen, ctx, ctxlen, sig);
			break;
		case FORM_PREHASH:
			rc = mldsa_sign_prehash(t->level, sk, oid, oidlen, msg, mlen, ctx, ctxlen,
						rnd, sig);
			ok = mldsa_verify_prehash(t->level, pk, oid, oidlen, msg, mlen, ctx, ctxlen,
						  sig);
			break;
		case FORM_INTERNAL:
			rc = mldsa_sign_internal(t->level, sk, msg, mlen, rnd, sig);
			ok = mldsa_verify_internal(t->level, pk, msg, mlen, sig);
			break;
		case FORM_MU:
			rc = mldsa_sign_mu(t->level, sk, msg, rnd, sig);
			ok = mldsa_verify_mu(t->level, pk, msg, sig);
			break;
		}
		EXPECT(rc == 0);
		EXPECT(sha3_is(sig, p->sig_bytes, t->sig_sha3));
		EXPECT(ok);
		if (case_failed) {
			printf("    (%s, ML-DSA-%u)\n", t->what, t->level);
			return;
		}
	}
}

static void decompose_all(void)
{
	/* Every r in [0, q) against Alg. 35 and 36 written out plainly. */
	static const int32_t gammas[] = { (MLDSA_Q - 1) / 88, (MLDSA_Q - 1) / 32 };
	for (int32_t r = 0; r < MLDSA_Q; r++) {
		int32_t lo, hi = mldsa_power2round(r, &lo);
		int32_t want_lo = r % 8192 > 4096 ? r % 8192 - 8192 : r % 8192;
		if (hi != (r - want_lo) / 8192 || lo != want_lo) {
			EXPECT(!"power2round");
			return;
		}
		for (int g = 0; g < 2; g++) {
			int32_t a = 2 * gammas[g], r0 = r % a, r1;
			if (r0 > a / 2)
				r0 -= a;
			if (r - r0 == MLDSA_Q - 1) {
				r1 = 0;
				r0 -= 1;
			} else {
				r1 = (r - r0) / a;
			}
			int32_t got0, got1 = mldsa_decompose(r, gammas[g], &got0);
			if (got1 != r1 || got0 != r0) {
				printf("    r = %d, gamma2 = %d: (%d, %d) for (%d, %d)\n", r,
				       gammas[g], got1, got0, r1, r0);
				EXPECT(!"decompose");
				return;
			}
		}
	}
}

static void ntt_product(void)
{
	/* invntt(ntt(a) * ntt(b)) is the product in Z_q[X]/(X^256 + 1). */
	int32_t a[MLDSA_N], b[MLDSA_N], fa[MLDSA_N], fb[MLDSA_N];
	int64_t want[MLDSA_N];
	rng_seed("ntt_product");
	for (int round = 0; round < 20; round++) {
		for (int n = 0; n < MLDSA_N; n++) {
			a[n] = (int32_t)rng_below(2 * MLDSA_Q - 1) - (MLDSA_Q - 1);
			b[n] = round == 0 ? (n == 1) : (int32_t)rng_below(MLDSA_Q);
		}
		memset(want, 0, sizeof want);
		for (int i = 0; i < MLDSA_N; i++) {
			for (int j = 0; j < MLDSA_N; j++) {
				int64_t v = (int64_t)a[i] * b[j] % MLDSA_Q;
				if (i + j < MLDSA_N)
					want[i + j] = (want[i + j] + v) % MLDSA_Q;
				else
					want[i + j - MLDSA_N] =
						(want[i + j - MLDSA_N] - v) % MLDSA_Q;
			}
		}
		memcpy(fa, a, sizeof a);
		memcpy(fb, b, sizeof b);
		mldsa_ntt(fa);
		mldsa_ntt(fb);
		mldsa_pointwise(fa, fa, fb);
		mldsa_invntt(fa);
		mldsa_freeze(fa);
		for (int n = 0; n < MLDSA_N; n++)
			EXPECT(fa[n] == (want[n] + MLDSA_Q) % MLDSA_Q);
	}
}

/* A key pair of `level` from a test seed. */
static void test_key(unsigned level, const char *label, uint8_t *pk, uint8_t *sk)
{
	uint8_t seed[32];
	rng_seed(label);
	rng_bytes(seed, sizeof seed);
	EXPECT(mldsa_keygen(level, seed, pk, sk) == 0);
}

static void round_trips(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX], msg[300], ctx[255];
	uint8_t rnd[32], mu[64], digest[32];
	for (int i = 0; i < 3; i++) {
		for (int round = 0; round < 4; round++) {
			unsigned level = levels[i];
			char label[32];
			snprintf(label, sizeof label, "round trip %u %d", level, round);
			test_key(level, label, pk, sk);
			size_t mlen = rng_below(sizeof msg + 1), ctxlen = rng_below(256);
			rng_bytes(msg, mlen);
			rng_bytes(ctx, ctxlen);
			rng_bytes(rnd, sizeof rnd);
			rng_bytes(digest, sizeof digest);
			EXPECT(mldsa_sign(level, sk, msg, mlen, ctx, ctxlen, rnd, sig) == 0);
			EXPECT(mldsa_verify(level, pk, msg, mlen, ctx, ctxlen, sig));
			EXPECT(mldsa_sign_internal(level, sk, msg, mlen, rnd, sig) == 0);
			EXPECT(mldsa_verify_internal(level, pk, msg, mlen, sig));
			EXPECT(!mldsa_verify(level, pk, msg, mlen, NULL, 0, sig));
			memcpy(mu, msg, mlen < 64 ? mlen : 64);
			EXPECT(mldsa_sign_mu(level, sk, mu, rnd, sig) == 0);
			EXPECT(mldsa_verify_mu(level, pk, mu, sig));
			EXPECT(mldsa_sign_prehash(level, sk, sha256_oid, sizeof sha256_oid, digest,
						  sizeof digest, ctx, ctxlen, rnd, sig) == 0);
			EXPECT(mldsa_verify_prehash(level, pk, sha256_oid, sizeof sha256_oid,
						    digest, sizeof digest, ctx, ctxlen, sig));
			/* Pure and pre-hashed signatures are domain-separated. */
			EXPECT(!mldsa_verify(level, pk, digest, sizeof digest, ctx, ctxlen, sig));
		}
	}
}

static void forms_agree(void)
{
	/*
	 * sign is sign_internal on 0 || |ctx| || ctx || M, prehash on
	 * 1 || |ctx| || ctx || oid || digest, and sign_mu on the mu of M'.
	 * Deterministic signing repeats; hedged signing does not.
	 */
	static uint8_t pk[PK_MAX], sk[SK_MAX], a[SIG_MAX], b[SIG_MAX], mp[400];
	uint8_t msg[40], ctx[7], rnd[32] = { 0 }, mu[64];
	for (int i = 0; i < 3; i++) {
		unsigned level = levels[i];
		size_t n = MLDSA_SIG_BYTES(level);
		test_key(level, "forms", pk, sk);
		rng_bytes(msg, sizeof msg);
		rng_bytes(ctx, sizeof ctx);
		mp[0] = 0;
		mp[1] = sizeof ctx;
		memcpy(mp + 2, ctx, sizeof ctx);
		memcpy(mp + 2 + sizeof ctx, msg, sizeof msg);
		size_t mplen = 2 + sizeof ctx + sizeof msg;
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, a) == 0);
		EXPECT(mldsa_sign_internal(level, sk, mp, mplen, rnd, b) == 0);
		EXPECT(memcmp(a, b, n) == 0);
		external_mu(pk, level, NULL, 0, NULL, 0, mp, mplen, mu);
		EXPECT(mldsa_sign_mu(level, sk, mu, rnd, b) == 0);
		EXPECT(memcmp(a, b, n) == 0);
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, b) == 0);
		EXPECT(memcmp(a, b, n) == 0);
		rnd[0] = 1;
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, b) == 0);
		EXPECT(memcmp(a, b, n) != 0);
		EXPECT(mldsa_verify(level, pk, msg, sizeof msg, ctx, sizeof ctx, b));
		rnd[0] = 0;
		mp[0] = 1;
		memcpy(mp + 2 + sizeof ctx, sha256_oid, sizeof sha256_oid);
		memcpy(mp + 2 + sizeof ctx + sizeof sha256_oid, msg, 32);
		mplen = 2 + sizeof ctx + sizeof sha256_oid + 32;
		EXPECT(mldsa_sign_prehash(level, sk, sha256_oid, sizeof sha256_oid, msg, 32, ctx,
					  sizeof ctx, rnd, a) == 0);
		EXPECT(mldsa_sign_internal(level, sk, mp, mplen, rnd, b) == 0);
		EXPECT(memcmp(a, b, n) == 0);
		EXPECT(mldsa_verify_internal(level, pk, mp, mplen, a));
	}
}

/* Flips bit `bit` of buf[pos], checks that verify() now fails, and flips it back. */
#define EXPECT_FLIP_FAILS(buf, pos, bit, verify)                                                   \
	do {                                                                                       \
		size_t at_ = (pos);                                                                \
		uint8_t mask_ = (uint8_t)(1u << (bit));                                            \
		(buf)[at_] ^= mask_;                                                               \
		bool accepted_ = (verify);                                                         \
		(buf)[at_] ^= mask_;                                                               \
		if (accepted_)                                                                     \
			printf("    %s[%zu] mask %02x accepted\n", #buf, at_, mask_);              \
		EXPECT(!accepted_);                                                                \
	} while (0)

static void flipped_bits(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX];
	uint8_t msg[16], ctx[4], rnd[32];
	for (int i = 0; i < 3; i++) {
		unsigned level = levels[i];
		const struct mldsa_params *p = mldsa_params_get(level);
		test_key(level, "flips", pk, sk);
		rng_bytes(msg, sizeof msg);
		rng_bytes(ctx, sizeof ctx);
		rng_bytes(rnd, sizeof rnd);
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, sig) == 0);
#define VERIFY mldsa_verify(level, pk, msg, sizeof msg, ctx, sizeof ctx, sig)
		EXPECT(VERIFY);
		/* Every bit of the message and the context. */
		for (size_t b = 0; b < 8 * sizeof msg; b++)
			EXPECT_FLIP_FAILS(msg, b / 8, b % 8, VERIFY);
		for (size_t b = 0; b < 8 * sizeof ctx; b++)
			EXPECT_FLIP_FAILS(ctx, b / 8, b % 8, VERIFY);
		EXPECT(!mldsa_verify(level, pk, msg, sizeof msg - 1, ctx, sizeof ctx, sig));
		EXPECT(!mldsa_verify(level, pk, msg, sizeof msg, ctx, sizeof ctx - 1, sig));
		/*
		 * The signature: every byte of c~ and of the hints, the first and
		 * last bytes of each z polynomial, and random bits in between.
		 */
		size_t hint_at = p->ctilde + p->l * (size_t)p->z_poly;
		for (size_t b = 0; b < p->ctilde; b++)
			EXPECT_FLIP_FAILS(sig, b, rng_below(8), VERIFY);
		for (size_t b = hint_at; b < p->sig_bytes; b++)
			EXPECT_FLIP_FAILS(sig, b, rng_below(8), VERIFY);
		for (unsigned j = 0; j < p->l; j++) {
			size_t z = p->ctilde + j * (size_t)p->z_poly;
			EXPECT_FLIP_FAILS(sig, z, 0, VERIFY);
			EXPECT_FLIP_FAILS(sig, z + p->z_poly - 1, 7, VERIFY);
		}
		for (int n = 0; n < 100; n++)
			EXPECT_FLIP_FAILS(sig, rng_below(p->sig_bytes), rng_below(8), VERIFY);
		/* The public key: rho, the first and last byte, and random bits. */
		for (size_t b = 0; b < 32; b++)
			EXPECT_FLIP_FAILS(pk, b, rng_below(8), VERIFY);
		EXPECT_FLIP_FAILS(pk, p->pk_bytes - 1, 7, VERIFY);
		for (int n = 0; n < 40; n++)
			EXPECT_FLIP_FAILS(pk, 32 + rng_below(p->pk_bytes - 32), rng_below(8),
					  VERIFY);
		EXPECT(VERIFY);
#undef VERIFY
	}
}

static void malformed_signatures(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX], bad[SIG_MAX];
	uint8_t msg[8] = "message", rnd[32] = { 0 };
	for (int i = 0; i < 3; i++) {
		unsigned level = levels[i];
		const struct mldsa_params *p = mldsa_params_get(level);
		test_key(level, "malformed", pk, sk);
		/* Sign until the hints have two positions in one polynomial and room to spare. */
		size_t ha = p->ctilde + p->l * (size_t)p->z_poly;
		uint8_t *h = sig + ha;
		unsigned poly = 0;
		for (;; msg[0]++) {
			EXPECT(mldsa_sign(level, sk, msg, sizeof msg, NULL, 0, rnd, sig) == 0);
			for (poly = 0; poly < p->k; poly++)
				if (h[p->omega + poly] - (poly ? h[p->omega + poly - 1] : 0) >= 2)
					break;
			if (poly < p->k && h[p->omega + p->k - 1] < p->omega)
				break;
		}
		size_t n = p->sig_bytes;
		EXPECT(mldsa_verify(level, pk, msg, sizeof msg, NULL, 0, sig));
#define VERIFY_BAD mldsa_verify(level, pk, msg, sizeof msg, NULL, 0, bad)
		/* Two positions of one polynomial out of order. */
		unsigned first = poly ? h[p->omega + poly - 1] : 0;
		memcpy(bad, sig, n);
		bad[ha + first] = h[first + 1];
		bad[ha + first + 1] = h[first];
		EXPECT(!VERIFY_BAD);
		/* A repeated position. */
		memcpy(bad, sig, n);
		bad[ha + first + 1] = h[first];
		EXPECT(!VERIFY_BAD);
		/* A nonzero byte after the last position. */
		memcpy(bad, sig, n);
		bad[ha + p->omega - 1] = 1;
		EXPECT(!VERIFY_BAD);
		/* A count past omega, and counts that decrease. */
		memcpy(bad, sig, n);
		bad[ha + p->omega + p->k - 1] = p->omega + 1;
		EXPECT(!VERIFY_BAD);
		memcpy(bad, sig, n);
		bad[ha + p->omega] = (uint8_t)(h[p->omega + 1] + 1);
		EXPECT(!VERIFY_BAD);
		/* z[0] = gamma1 (stored as 0) and = gamma1 - beta: out of range. */
		int32_t z[MLDSA_N];
		memcpy(bad, sig, n);
		mldsa_unpack_z(z, bad + p->ctilde, p);
		z[0] = 1 << p->gamma1_bits;
		mldsa_pack_z(bad + p->ctilde, z, p);
		EXPECT(!VERIFY_BAD);
		z[0] = (1 << p->gamma1_bits) - p->beta;
		mldsa_pack_z(bad + p->ctilde, z, p);
		EXPECT(!VERIFY_BAD);
#undef VERIFY_BAD
	}
}

static void limits(void)
{
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX], before[SIG_MAX];
	uint8_t ctx[256], msg[3] = "abc", rnd[32] = { 0 }, mu[64] = { 0 };
	uint8_t seed[32] = { 0 };
	memset(ctx, 0xA5, sizeof ctx);
	for (int i = 0; i < 3; i++) {
		unsigned level = levels[i];
		size_t n = MLDSA_SIG_BYTES(level);
		test_key(level, "limits", pk, sk);
		/* Contexts of 0 and 255 bytes work; 256 is refused and writes nothing. */
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, NULL, 0, rnd, sig) == 0);
		EXPECT(mldsa_verify(level, pk, msg, sizeof msg, NULL, 0, sig));
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, 255, rnd, sig) == 0);
		EXPECT(mldsa_verify(level, pk, msg, sizeof msg, ctx, 255, sig));
		EXPECT(!mldsa_verify(level, pk, msg, sizeof msg, ctx, 256, sig));
		memcpy(before, sig, n);
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, ctx, 256, rnd, sig) == -SKY_E_INVAL);
		EXPECT(mldsa_sign_prehash(level, sk, sha256_oid, sizeof sha256_oid, mu, 32, ctx,
					  256, rnd, sig) == -SKY_E_INVAL);
		EXPECT(memcmp(before, sig, n) == 0);
		EXPECT(!mldsa_verify_prehash(level, pk, sha256_oid, sizeof sha256_oid, mu, 32, ctx,
					     256, sig));
		/* An empty message works too. */
		EXPECT(mldsa_sign(level, sk, NULL, 0, NULL, 0, rnd, sig) == 0);
		EXPECT(mldsa_verify(level, pk, NULL, 0, NULL, 0, sig));
		/* A signature of another level is not one of this level. */
		unsigned other = levels[(i + 1) % 3];
		EXPECT(!mldsa_verify(other, pk, NULL, 0, NULL, 0, sig));
	}
	/* Only 44, 65 and 87 are levels. */
	EXPECT(MLDSA_PK_BYTES(66) == 0 && MLDSA_SK_BYTES(66) == 0 && MLDSA_SIG_BYTES(66) == 0);
	EXPECT(mldsa_keygen(66, seed, pk, sk) == -SKY_E_INVAL);
	EXPECT(mldsa_sign(2, sk, msg, 3, NULL, 0, rnd, sig) == -SKY_E_INVAL);
	EXPECT(mldsa_sign_internal(0, sk, msg, 3, rnd, sig) == -SKY_E_INVAL);
	EXPECT(mldsa_sign_mu(88, sk, mu, rnd, sig) == -SKY_E_INVAL);
	EXPECT(mldsa_sign_prehash(43, sk, sha256_oid, 11, mu, 32, NULL, 0, rnd, sig) ==
	       -SKY_E_INVAL);
	EXPECT(!mldsa_verify(45, pk, msg, 3, NULL, 0, sig));
	EXPECT(!mldsa_verify_internal(64, pk, msg, 3, sig));
	EXPECT(!mldsa_verify_mu(86, pk, mu, sig));
	EXPECT(!mldsa_verify_prehash(0, pk, sha256_oid, 11, mu, 32, NULL, 0, sig));
}

static void secrets_wiped(void)
{
	/*
	 * After each call, no 8 bytes of the seed, of rho' or K, of rho'' or
	 * of the secret polynomials' encodings lie in the stack below: what
	 * the callees spilled (sponge lanes, coefficients) is wiped too.
	 */
	static uint8_t pk[PK_MAX], sk[SK_MAX], sig[SIG_MAX];
	uint8_t seed[32], rnd[32], msg[10] = "wipe test", seeds[128], kl[2], mu[64], rhopp[64];
	struct sha3 h;
	for (int i = 0; i < 3; i++) {
		unsigned level = levels[i];
		const struct mldsa_params *p = mldsa_params_get(level);
		rng_seed("wipe");
		rng_bytes(seed, sizeof seed);
		rng_bytes(rnd, sizeof rnd);
		kl[0] = p->k;
		kl[1] = p->l;
		shake_init(&h, 256);
		sha3_absorb(&h, seed, 32);
		sha3_absorb(&h, kl, 2);
		shake_finish(&h);
		shake_squeeze(&h, seeds, sizeof seeds);
		scrub();
		EXPECT(mldsa_keygen(level, seed, pk, sk) == 0);
		EXPECT(!stack_holds(seed, 32) && !stack_holds(seeds + 32, 96));
		EXPECT(!stack_holds(sk + 128, p->sk_bytes - 128));
		external_mu(pk, level, (const uint8_t *)"\0\0", 2, NULL, 0, msg, sizeof msg, mu);
		shake_init(&h, 256);
		sha3_absorb(&h, sk + 32, 32);
		sha3_absorb(&h, rnd, 32);
		sha3_absorb(&h, mu, 64);
		shake_finish(&h);
		shake_squeeze(&h, rhopp, sizeof rhopp);
		scrub();
		EXPECT(mldsa_sign(level, sk, msg, sizeof msg, NULL, 0, rnd, sig) == 0);
		EXPECT(!stack_holds(sk + 32, 32) && !stack_holds(rnd, 32) &&
		       !stack_holds(rhopp, 64));
		EXPECT(!stack_holds(sk + 128, p->sk_bytes - 128));
		EXPECT(mldsa_verify(level, pk, msg, sizeof msg, NULL, 0, sig));
	}
}

int main(void)
{
	RUN("mldsa", keygen_known);
	RUN("mldsa", sign_known);
	RUN("mldsa", decompose_all);
	RUN("mldsa", ntt_product);
	RUN("mldsa", round_trips);
	RUN("mldsa", forms_agree);
	RUN("mldsa", flipped_bits);
	RUN("mldsa", malformed_signatures);
	RUN("mldsa", limits);
	RUN("mldsa", secrets_wiped);
	return cases_failed != 0;
}

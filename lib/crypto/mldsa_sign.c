/*
 * mldsa_sign.c — ML-DSA.Sign_internal (FIPS 204 Alg. 7) from mu on, within
 * a fixed stack. Nothing of the expanded key is kept between attempts:
 * each attempt
 *   1. draws y (its bytes go straight into the signature's z field, which
 *      is their packed form), computes w = A y column by column with A's
 *      entries drawn as they are used, and hashes w1 into c~;
 *   2. keeps w at 3 bytes a coefficient, and computes cs2, cs1 and ct0 one
 *      polynomial at a time from the packed secret key, checking
 *      ||r0||, ||z|| and then ||ct0|| and the hint count.
 * Every value is computed without secret branches or indices; the only
 * secret-dependent decisions are each check's accept/reject outcome
 * (CT_DECLASSIFY), and, once accepted, the hints, which the signature
 * publishes.
 */
#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/mldsa_internal.h"

#define SK_S1      128  /* rho, K, tr, then s1, s2, t0 */
#define STACK_WIPE 1024 /* the deepest callee chain below mldsa_sign_core, with margin */

/*
 * The working memory of one attempt (9 KiB). A y is accumulated as k
 * NTT-domain polynomials beside the current y[j], which turns into y^[j]
 * packed in place; then the same place holds the hash of w1, and each row
 * of w is packed in place at 3 bytes a coefficient. Beside the packed w
 * come the challenge and two scratch polynomials, the second one holding
 * the hints at the end.
 */
union sign_work {
	struct {
		int32_t acc[MLDSA_K_MAX][MLDSA_N];
		union {
			int32_t y[MLDSA_N];
			struct {
				struct sha3 h; /* H(mu || w1Encode(w1)) */
				uint8_t w1[MLDSA_N * 6 / 8];
			} hash;
		} u;
	} commit;
	struct {
		uint8_t w[MLDSA_K_MAX][MLDSA_PACK24]; /* w, then r = w - cs2 */
		int32_t chat[MLDSA_N];
		int32_t t[MLDSA_N];
		union {
			int32_t z[MLDSA_N];
			uint8_t hints[MLDSA_K_MAX][MLDSA_N / 8];
		} u;
	} check;
};

struct sign_state {
	const struct mldsa_params *p;
	const uint8_t *sk;
	uint8_t rho[32];   /* the seed of A */
	uint8_t rhopp[64]; /* rho'': the seed of every y */
	union sign_work m;
};

static const uint8_t *sk_s1(const struct mldsa_params *p, const uint8_t *sk, unsigned j)
{
	return sk + SK_S1 + j * 32u * p->eta_bits;
}

static const uint8_t *sk_s2(const struct mldsa_params *p, const uint8_t *sk, unsigned i)
{
	return sk_s1(p, sk, p->l + i);
}

static const uint8_t *sk_t0(const struct mldsa_params *p, const uint8_t *sk, unsigned i)
{
	return sk_s1(p, sk, p->l + p->k) + i * MLDSA_T0_POLY;
}

static uint8_t *sig_z(const struct mldsa_params *p, uint8_t *sig, unsigned j)
{
	return sig + p->ctilde + j * (size_t)p->z_poly;
}

/* A coefficient packed by mldsa_pack24 (which leaves a spare byte at the end). */
static uint32_t load24(const uint8_t *b)
{
	uint32_t v;
	memcpy(&v, b, 4);
	return v & 0xFFFFFF;
}

static void store24(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
}

/* out = the Montgomery product of the challenge with the packed secret polynomial at `in`. */
static void times_c(struct sign_state *s, int32_t out[MLDSA_N], const uint8_t *in, bool is_t0)
{
	if (is_t0)
		mldsa_unpack_t0(out, in);
	else
		mldsa_unpack_eta(out, in, s->p);
	mldsa_ntt(out);
	mldsa_pointwise(out, s->m.check.chat, out);
	mldsa_invntt(out);
}

/* Step 1: y from kappa, w = A y, and c~ = H(mu || w1Encode(w1)); w is left packed. */
static void commit(struct sign_state *s, const uint8_t mu[64], unsigned kappa, uint8_t *sig)
{
	const struct mldsa_params *p = s->p;
	int32_t(*acc)[MLDSA_N] = s->m.commit.acc, *y = s->m.commit.u.y;
	memset(acc, 0, p->k * sizeof acc[0]);
	for (unsigned j = 0; j < p->l; j++) {
		/* y[j]'s bytes are its packed form: they wait in z's place in sig. */
		mldsa_mask_bytes(sig_z(p, sig, j), s->rhopp, kappa + j, p);
		mldsa_unpack_z(y, sig_z(p, sig, j), p);
		mldsa_ntt(y);
		mldsa_pack24((uint8_t *)y, y);
		for (unsigned i = 0; i < p->k; i++)
			mldsa_matrix_mac(acc[i], s->rho, i, j, (const uint8_t *)y);
	}
	struct sha3 *h = &s->m.commit.u.hash.h;
	uint8_t *w1 = s->m.commit.u.hash.w1;
	shake_init(h, 256);
	sha3_absorb(h, mu, 64);
	for (unsigned i = 0; i < p->k; i++) {
		mldsa_reduce(acc[i]);
		mldsa_invntt(acc[i]);
		mldsa_freeze(acc[i]);
		mldsa_pack_highbits(w1, acc[i], p);
		sha3_absorb(h, w1, 32u * p->w1_bits);
		/* w[i] lies within acc[0..i]: the rows before are used up, this one trails. */
		mldsa_pack24(s->m.check.w[i], acc[i]);
	}
	shake_finish(h);
	shake_squeeze(h, sig, p->ctilde);
}

/* Step 2a: w becomes r = w - cs2; returns 1 if some |LowBits(r)| >= gamma2 - beta. */
static uint32_t check_r0(struct sign_state *s)
{
	const struct mldsa_params *p = s->p;
	int32_t *t = s->m.check.t;
	uint32_t bad = 0;
	for (unsigned i = 0; i < p->k; i++) {
		times_c(s, t, sk_s2(p, s->sk, i), false);
		uint8_t *w = s->m.check.w[i];
		for (unsigned n = 0; n < MLDSA_N; n++) {
			int32_t r0, cs2 = mldsa_centre(t[n]);
			int32_t r = mldsa_mod_q((int32_t)load24(w + 3 * n) - cs2);
			mldsa_decompose(r, p->gamma2, &r0);
			bad |= mldsa_outside(r0, p->gamma2 - p->beta);
			store24(w + 3 * n, (uint32_t)r);
		}
	}
	return bad;
}

/* Step 2b: z = y + cs1 over y in the signature; returns 1 if some |z| >= gamma1 - beta. */
static uint32_t check_z(struct sign_state *s, uint8_t *sig)
{
	const struct mldsa_params *p = s->p;
	int32_t *t = s->m.check.t, *z = s->m.check.u.z;
	uint32_t bad = 0;
	for (unsigned j = 0; j < p->l; j++) {
		times_c(s, t, sk_s1(p, s->sk, j), false);
		mldsa_unpack_z(z, sig_z(p, sig, j), p);
		for (unsigned n = 0; n < MLDSA_N; n++) {
			z[n] += mldsa_centre(t[n]);
			bad |= mldsa_outside(z[n], (1 << p->gamma1_bits) - p->beta);
		}
		mldsa_pack_z(sig_z(p, sig, j), z, p);
	}
	return bad;
}

/*
 * Step 2c: the hints MakeHint(-ct0, r + ct0) = [HighBits(r) != HighBits(r + ct0)];
 * returns 1 if some |ct0| >= gamma2 or there are more than omega hints.
 */
static uint32_t check_hints(struct sign_state *s)
{
	const struct mldsa_params *p = s->p;
	int32_t *t = s->m.check.t;
	uint32_t bad = 0, count = 0;
	for (unsigned i = 0; i < p->k; i++) {
		times_c(s, t, sk_t0(p, s->sk, i), true);
		const uint8_t *w = s->m.check.w[i];
		memset(s->m.check.u.hints[i], 0, sizeof s->m.check.u.hints[i]);
		for (unsigned n = 0; n < MLDSA_N; n++) {
			int32_t ct0 = mldsa_centre(t[n]), r = (int32_t)load24(w + 3 * n), r0;
			bad |= mldsa_outside(ct0, p->gamma2);
			int32_t a = mldsa_decompose(r, p->gamma2, &r0);
			int32_t b = mldsa_decompose(mldsa_mod_q(r + ct0), p->gamma2, &r0);
			uint32_t hint = ((uint32_t)(a ^ b) + 0x7FFFFFFFu) >> 31; /* a != b */
			s->m.check.u.hints[i][n / 8] |= (uint8_t)(hint << (n % 8));
			count += hint;
		}
	}
	return bad | (p->omega - count) >> 31;
}

void mldsa_sign_core(const struct mldsa_params *p, const uint8_t *sk, const uint8_t mu[64],
		     const uint8_t rnd[32], uint8_t *sig)
{
	struct sign_state s;
	struct sha3 *h = &s.m.commit.u.hash.h;
	s.p = p;
	s.sk = sk;
	/* rho is public: the public key begins with it. */
	memcpy(s.rho, sk, sizeof s.rho);
	CT_DECLASSIFY(s.rho, sizeof s.rho);
	/* rho'' = H(K || rnd || mu, 64) */
	shake_init(h, 256);
	sha3_absorb(h, sk + 32, 32);
	sha3_absorb(h, rnd, 32);
	sha3_absorb(h, mu, 64);
	shake_finish(h);
	shake_squeeze(h, s.rhopp, sizeof s.rhopp);
	for (unsigned kappa = 0;; kappa += p->l) {
		commit(&s, mu, kappa, sig);
		mldsa_sample_in_ball(s.m.check.chat, sig, p);
		mldsa_ntt(s.m.check.chat);
		/*
		 * Each outcome below is a rejection decision of Alg. 7 (lines 23
		 * and 28), revealed when it is known: r0 first, as it throws away
		 * most attempts, then z, then ct0 and the hints. So the timing
		 * tells which check failed: z's fails with a probability that
		 * does not depend on the key at all (y is uniform, |cs1| <= beta),
		 * the others with the key-independent probabilities of FIPS 204's
		 * analysis; a rejected attempt publishes nothing else.
		 */
		uint32_t bad = check_r0(&s);
		CT_DECLASSIFY(&bad, sizeof bad);
		if (bad)
			continue;
		bad = check_z(&s, sig);
		CT_DECLASSIFY(&bad, sizeof bad);
		if (bad)
			continue;
		bad = check_hints(&s);
		CT_DECLASSIFY(&bad, sizeof bad);
		if (!bad)
			break;
	}
	/* Accepted: c~ and z are in place; the hints become part of the public signature. */
	CT_DECLASSIFY(s.m.check.u.hints, sizeof s.m.check.u.hints);
	mldsa_pack_hint(sig_z(p, sig, p->l), (const uint8_t(*)[MLDSA_N / 8]) s.m.check.u.hints, p);
	ct_zeroize(&s, sizeof s);
	ct_wipe_stack(STACK_WIPE); /* the lanes and coefficients the callees spilled */
}

/*
 * mldsa.c — ML-DSA (FIPS 204): the parameter sets, key generation
 * (Alg. 6), verification (Alg. 8), the message representative mu, and the
 * public calls: pure ML-DSA with a context (Alg. 2, 3), HashML-DSA
 * (Alg. 4, 5), the internal interface on M' and on an external mu.
 * Signing itself is in mldsa_sign.c, arithmetic in mldsa_poly.c, sampling
 * in mldsa_sample.c, encodings in mldsa_pack.c.
 *
 * The matrix A is never stored: its entries are drawn from rho when they
 * are multiplied (mldsa_matrix_mac), one row after another.
 */
#include "crypto/mldsa.h"

#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/mldsa_internal.h"
#include "sky/error.h"

#define SK_TR      64 /* rho (32), K (32), tr (64), s1, s2, t0 */
#define SK_S1      128
#define STACK_WIPE 1024 /* the deepest callee chain below mldsa_keygen, with margin */

/*
 * FIPS 204 Table 1, in the field order of struct mldsa_params:
 * k, l, eta, tau, omega, lambda/4, log2 gamma1, bits of eta, of w1, beta,
 * gamma2, sizes of pk, sk and signature, bytes of a packed z.
 */
static const struct mldsa_params params[3] = {
	{ 4, 4, 2, 39, 80, 32, 17, 3, 6, 78, (MLDSA_Q - 1) / 88, 1312, 2560, 2420, 576 },
	{ 6, 5, 4, 49, 55, 48, 19, 4, 4, 196, (MLDSA_Q - 1) / 32, 1952, 4032, 3309, 640 },
	{ 8, 7, 2, 60, 75, 64, 19, 3, 4, 120, (MLDSA_Q - 1) / 32, 2592, 4896, 4627, 640 },
};

const struct mldsa_params *mldsa_params_get(unsigned level)
{
	switch (level) {
	case 44:
		return &params[0];
	case 65:
		return &params[1];
	case 87:
		return &params[2];
	}
	return NULL;
}

void mldsa_mu(uint8_t mu[64], const uint8_t tr[64], const uint8_t *pre, size_t prelen,
	      const uint8_t *ctx, size_t ctxlen, const uint8_t *oid, size_t oidlen,
	      const uint8_t *msg, size_t mlen)
{
	struct sha3 h;
	shake_init(&h, 256);
	sha3_absorb(&h, tr, 64);
	sha3_absorb(&h, pre, prelen);
	sha3_absorb(&h, ctx, ctxlen);
	sha3_absorb(&h, oid, oidlen);
	sha3_absorb(&h, msg, mlen);
	shake_finish(&h);
	shake_squeeze(&h, mu, 64);
}

/* ---- key generation ---- */

struct keygen_work {
	uint8_t seeds[128]; /* rho, rho' (64), K */
	uint8_t s1hat[MLDSA_L_MAX][MLDSA_PACK24];
	int32_t t[MLDSA_N];
	int32_t s2[MLDSA_N];
};

/* Row i of t = A s1 + s2: packs s2[i], t1[i] and t0[i]. */
static void keygen_row(const struct mldsa_params *p, struct keygen_work *w, unsigned i, uint8_t *pk,
		       uint8_t *sk)
{
	uint8_t *s2_out = sk + SK_S1 + (p->l + i) * 32u * p->eta_bits;
	uint8_t *t0_out = sk + SK_S1 + (p->l + p->k) * 32u * p->eta_bits + i * MLDSA_T0_POLY;
	memset(w->t, 0, sizeof w->t);
	for (unsigned j = 0; j < p->l; j++)
		mldsa_matrix_mac(w->t, w->seeds, i, j, w->s1hat[j]);
	mldsa_reduce(w->t);
	mldsa_invntt(w->t);
	mldsa_freeze(w->t);
	mldsa_sample_eta(w->s2, w->seeds + 32, p->l + i, p->eta);
	mldsa_pack_eta(s2_out, w->s2, p);
	for (unsigned n = 0; n < MLDSA_N; n++)
		w->t[n] = mldsa_power2round(mldsa_mod_q(w->t[n] + w->s2[n]), &w->s2[n]);
	mldsa_pack_t1(pk + 32 + i * MLDSA_T1_POLY, w->t);
	mldsa_pack_t0(t0_out, w->s2);
}

int mldsa_keygen(unsigned level, const uint8_t seed[32], uint8_t *pk, uint8_t *sk)
{
	const struct mldsa_params *p = mldsa_params_get(level);
	if (!p)
		return -SKY_E_INVAL;
	struct keygen_work w;
	struct sha3 h;
	uint8_t kl[2] = { p->k, p->l };
	/* (rho, rho', K) = H(xi || k || l, 128) */
	shake_init(&h, 256);
	sha3_absorb(&h, seed, 32);
	sha3_absorb(&h, kl, 2);
	shake_finish(&h);
	shake_squeeze(&h, w.seeds, sizeof w.seeds);
	ct_zeroize(&h, sizeof h);
	/* rho is public: the public key begins with it. */
	CT_DECLASSIFY(w.seeds, 32);
	memcpy(pk, w.seeds, 32);
	memcpy(sk, w.seeds, 32);
	memcpy(sk + 32, w.seeds + 96, 32);
	for (unsigned j = 0; j < p->l; j++) {
		mldsa_sample_eta(w.t, w.seeds + 32, j, p->eta);
		mldsa_pack_eta(sk + SK_S1 + j * 32u * p->eta_bits, w.t, p);
		mldsa_ntt(w.t);
		mldsa_pack24(w.s1hat[j], w.t);
	}
	for (unsigned i = 0; i < p->k; i++)
		keygen_row(p, &w, i, pk, sk);
	shake256(pk, p->pk_bytes, sk + SK_TR, 64); /* tr = H(pk, 64) */
	ct_zeroize(&w, sizeof w);
	ct_wipe_stack(STACK_WIPE); /* the lanes and coefficients the callees spilled */
	return 0;
}

/* ---- verification ---- */

struct verify_work {
	uint8_t hints[MLDSA_K_MAX][MLDSA_N / 8];
	uint8_t w1[MLDSA_N * 6 / 8];
	uint8_t zhat[MLDSA_L_MAX][MLDSA_PACK24];
	int32_t chat[MLDSA_N];
	int32_t w[MLDSA_N];
	struct sha3 h;
};

/* Decodes z and keeps its NTT in zhat; false if some |z| >= gamma1 - beta. */
static bool verify_decode_z(const struct mldsa_params *p, struct verify_work *v, const uint8_t *sig)
{
	for (unsigned j = 0; j < p->l; j++) {
		uint32_t bad = 0;
		mldsa_unpack_z(v->w, sig + p->ctilde + j * (size_t)p->z_poly, p);
		for (unsigned n = 0; n < MLDSA_N; n++)
			bad |= mldsa_outside(v->w[n], (1 << p->gamma1_bits) - p->beta);
		if (bad)
			return false;
		mldsa_ntt(v->w);
		mldsa_pack24(v->zhat[j], v->w);
	}
	return true;
}

/* Row i of w'Approx = A z - c t1 2^d, rounded with the hints, into the hash of c~'. */
static void verify_row(const struct mldsa_params *p, struct verify_work *v, const uint8_t *pk,
		       unsigned i)
{
	int32_t *w = v->w;
	mldsa_unpack_t1(w, pk + 32 + i * MLDSA_T1_POLY);
	for (unsigned n = 0; n < MLDSA_N; n++)
		w[n] *= 1 << MLDSA_D;
	mldsa_ntt(w);
	mldsa_pointwise(w, v->chat, w);
	for (unsigned n = 0; n < MLDSA_N; n++)
		w[n] = -w[n];
	for (unsigned j = 0; j < p->l; j++)
		mldsa_matrix_mac(w, pk, i, j, v->zhat[j]);
	mldsa_reduce(w);
	mldsa_invntt(w);
	mldsa_freeze(w);
	for (unsigned n = 0; n < MLDSA_N; n++)
		w[n] = mldsa_use_hint(w[n], (v->hints[i][n / 8] >> (n % 8)) & 1, p->gamma2);
	mldsa_pack_w1(v->w1, w, p);
	sha3_absorb(&v->h, v->w1, 32u * p->w1_bits);
}

bool mldsa_verify_core(const struct mldsa_params *p, const uint8_t *pk, const uint8_t mu[64],
		       const uint8_t *sig)
{
	struct verify_work v;
	uint8_t ctilde[64];
	if (!mldsa_unpack_hint(v.hints, sig + p->ctilde + p->l * (size_t)p->z_poly, p))
		return false;
	if (!verify_decode_z(p, &v, sig))
		return false;
	mldsa_sample_in_ball(v.chat, sig, p);
	mldsa_ntt(v.chat);
	shake_init(&v.h, 256);
	sha3_absorb(&v.h, mu, 64);
	for (unsigned i = 0; i < p->k; i++)
		verify_row(p, &v, pk, i);
	shake_finish(&v.h);
	shake_squeeze(&v.h, ctilde, p->ctilde);
	return memcmp(ctilde, sig, p->ctilde) == 0;
}

/* ---- the public calls ---- */

int mldsa_sign_mu(unsigned level, const uint8_t *sk, const uint8_t mu[64], const uint8_t rnd[32],
		  uint8_t *sig)
{
	const struct mldsa_params *p = mldsa_params_get(level);
	if (!p)
		return -SKY_E_INVAL;
	mldsa_sign_core(p, sk, mu, rnd, sig);
	return 0;
}

/* The signature of M' = pre || ctx || oid || msg under sk. */
static int sign_parts(unsigned level, const uint8_t *sk, const uint8_t *pre, size_t prelen,
		      const uint8_t *ctx, size_t ctxlen, const uint8_t *oid, size_t oidlen,
		      const uint8_t *msg, size_t mlen, const uint8_t rnd[32], uint8_t *sig)
{
	const struct mldsa_params *p = mldsa_params_get(level);
	uint8_t mu[64];
	if (!p || ctxlen > 255)
		return -SKY_E_INVAL;
	mldsa_mu(mu, sk + SK_TR, pre, prelen, ctx, ctxlen, oid, oidlen, msg, mlen);
	mldsa_sign_core(p, sk, mu, rnd, sig);
	return 0;
}

int mldsa_sign_internal(unsigned level, const uint8_t *sk, const uint8_t *mprime, size_t len,
			const uint8_t rnd[32], uint8_t *sig)
{
	return sign_parts(level, sk, NULL, 0, NULL, 0, NULL, 0, mprime, len, rnd, sig);
}

int mldsa_sign(unsigned level, const uint8_t *sk, const uint8_t *msg, size_t mlen,
	       const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[32], uint8_t *sig)
{
	uint8_t pre[2] = { 0, (uint8_t)ctxlen };
	return sign_parts(level, sk, pre, 2, ctx, ctxlen, NULL, 0, msg, mlen, rnd, sig);
}

int mldsa_sign_prehash(unsigned level, const uint8_t *sk, const uint8_t *oid, size_t oidlen,
		       const uint8_t *digest, size_t dlen, const uint8_t *ctx, size_t ctxlen,
		       const uint8_t rnd[32], uint8_t *sig)
{
	uint8_t pre[2] = { 1, (uint8_t)ctxlen };
	return sign_parts(level, sk, pre, 2, ctx, ctxlen, oid, oidlen, digest, dlen, rnd, sig);
}

bool mldsa_verify_mu(unsigned level, const uint8_t *pk, const uint8_t mu[64], const uint8_t *sig)
{
	const struct mldsa_params *p = mldsa_params_get(level);
	return p && mldsa_verify_core(p, pk, mu, sig);
}

/* Whether sig signs M' = pre || ctx || oid || msg under pk. */
static bool verify_parts(unsigned level, const uint8_t *pk, const uint8_t *pre, size_t prelen,
			 const uint8_t *ctx, size_t ctxlen, const uint8_t *oid, size_t oidlen,
			 const uint8_t *msg, size_t mlen, const uint8_t *sig)
{
	const struct mldsa_params *p = mldsa_params_get(level);
	uint8_t tr[64], mu[64];
	if (!p || ctxlen > 255)
		return false;
	shake256(pk, p->pk_bytes, tr, sizeof tr);
	mldsa_mu(mu, tr, pre, prelen, ctx, ctxlen, oid, oidlen, msg, mlen);
	return mldsa_verify_core(p, pk, mu, sig);
}

bool mldsa_verify_internal(unsigned level, const uint8_t *pk, const uint8_t *mprime, size_t len,
			   const uint8_t *sig)
{
	return verify_parts(level, pk, NULL, 0, NULL, 0, NULL, 0, mprime, len, sig);
}

bool mldsa_verify(unsigned level, const uint8_t *pk, const uint8_t *msg, size_t mlen,
		  const uint8_t *ctx, size_t ctxlen, const uint8_t *sig)
{
	uint8_t pre[2] = { 0, (uint8_t)ctxlen };
	return verify_parts(level, pk, pre, 2, ctx, ctxlen, NULL, 0, msg, mlen, sig);
}

bool mldsa_verify_prehash(unsigned level, const uint8_t *pk, const uint8_t *oid, size_t oidlen,
			  const uint8_t *digest, size_t dlen, const uint8_t *ctx, size_t ctxlen,
			  const uint8_t *sig)
{
	uint8_t pre[2] = { 1, (uint8_t)ctxlen };
	return verify_parts(level, pk, pre, 2, ctx, ctxlen, oid, oidlen, digest, dlen, sig);
}

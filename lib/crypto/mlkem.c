/*
 * mlkem.c — ML-KEM (FIPS 203): K-PKE (§5) and the KEM on top of it (§6),
 * with the input checks of §7. The polynomial arithmetic, sampling and
 * encoding are in mlkem_poly.c and mlkem_sample.c (see mlkem_poly.h).
 *
 * Stack is kept low by never holding the k x k matrix: each product with it
 * samples one entry at a time into a scratch polynomial and adds its product
 * to a 32-bit accumulator. Decapsulation's re-encryption compares each
 * encoded chunk with the ciphertext as it is produced, so no second
 * ciphertext buffer is needed either.
 */
#include "crypto/mlkem.h"

#include "base/string.h"
#include "crypto/ct.h"
#include "crypto/mlkem_poly.h"
#include "crypto/sha3.h"
#include "sky/error.h"

#define K_MAX 4
/* Bytes of stack the callees of keygen, encaps and decaps reach (5.8-6.5 KiB, mlkem.h), with
 * margin. */
#define STACK_WIPE 7168

/* The parameter sets of §8, Table 2 (eta2 is 2 in all three). */
struct mlkem_params {
	uint8_t k, eta1, du, dv;
};

static const struct mlkem_params params_512 = { 2, 3, 10, 4 };
static const struct mlkem_params params_768 = { 3, 2, 10, 4 };
static const struct mlkem_params params_1024 = { 4, 2, 11, 5 };

#define ETA2 2

static const struct mlkem_params *params_of(unsigned level)
{
	switch (level) {
	case 512:
		return &params_512;
	case 768:
		return &params_768;
	case 1024:
		return &params_1024;
	default:
		return NULL;
	}
}

/* G (§4.1): SHA3-512 of a || b, split into two 32-byte halves out[0..31], out[32..63]. */
static void hash_g(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t out[64])
{
	struct sha3 c;
	sha3_init(&c, 512);
	sha3_absorb(&c, a, alen);
	sha3_absorb(&c, b, blen);
	sha3_final(&c, out);
	ct_zeroize(&c, sizeof c);
}

/*
 * r = row i of A_hat (or of its transpose) times the vector v, in the NTT
 * domain, with the factor R^-1 of the accumulated products. A_hat[i][j] is
 * SampleNTT(rho || j || i) (Algorithms 13 and 14), so its transpose's entry
 * (i, j) is SampleNTT(rho || i || j).
 */
static void matrix_row_times(struct mlkem_poly *r, const uint8_t rho[32], unsigned i,
			     bool transpose, const struct mlkem_poly *v, unsigned k,
			     struct mlkem_acc *acc, struct mlkem_poly *scratch)
{
	mlkem_acc_zero(acc);
	for (unsigned j = 0; j < k; j++) {
		if (transpose)
			mlkem_sample_ntt(scratch, rho, (uint8_t)i, (uint8_t)j);
		else
			mlkem_sample_ntt(scratch, rho, (uint8_t)j, (uint8_t)i);
		mlkem_acc_basemul(acc, scratch, &v[j]);
	}
	mlkem_acc_reduce(r, acc);
}

/* ---- K-PKE (§5) ---- */

struct keygen_work {
	uint8_t g[64]; /* rho || sigma */
	uint8_t rho[32];
	struct mlkem_poly s[K_MAX];
	struct mlkem_acc acc;
	struct mlkem_poly t, e;
};

/*
 * K-PKE.KeyGen (Algorithm 13): ek_pke = t_hat || rho and dk_pke = s_hat,
 * with t_hat = A_hat s_hat + e_hat computed one row at a time.
 */
static void pke_keygen(const struct mlkem_params *p, const uint8_t d[32], uint8_t *ek,
		       uint8_t *dk_pke, struct keygen_work *w)
{
	unsigned k = p->k;
	uint8_t kbyte = p->k;
	hash_g(d, 32, &kbyte, 1, w->g);
	const uint8_t *sigma = w->g + 32;
	memcpy(w->rho, w->g, 32);
	/* rho is published in ek; SampleNTT may branch on it. */
	CT_DECLASSIFY(w->rho, 32);
	for (unsigned i = 0; i < k; i++) {
		mlkem_sample_cbd(&w->s[i], sigma, (uint8_t)i, p->eta1);
		mlkem_ntt(&w->s[i]);
	}
	for (unsigned i = 0; i < k; i++) {
		matrix_row_times(&w->t, w->rho, i, false, w->s, k, &w->acc, &w->e);
		mlkem_poly_tomont(&w->t);
		mlkem_sample_cbd(&w->e, sigma, (uint8_t)(k + i), p->eta1);
		mlkem_ntt(&w->e);
		mlkem_poly_add(&w->t, &w->e); /* |c| < 2q */
		mlkem_poly_freeze(&w->t);
		mlkem_poly_encode12(ek + 384 * i, &w->t);
	}
	memcpy(ek + 384 * k, w->rho, 32);
	for (unsigned i = 0; i < k; i++) {
		mlkem_poly_freeze(&w->s[i]);
		mlkem_poly_encode12(dk_pke + 384 * i, &w->s[i]);
	}
}

/* Where encryption's output goes: written to `out`, or compared with `cmp`. */
struct ct_sink {
	uint8_t *out;
	const uint8_t *cmp;
	int differ; /* 1 once a compared chunk differed (secret in decapsulation) */
};

static void sink_put(struct ct_sink *s, const uint8_t *chunk, size_t n)
{
	if (s->out) {
		memcpy(s->out, chunk, n);
		s->out += n;
	} else {
		s->differ |= ct_differ(s->cmp, chunk, n);
		s->cmp += n;
	}
}

struct encrypt_work {
	uint8_t rho[32];
	struct mlkem_poly y[K_MAX];
	struct mlkem_acc acc;
	struct mlkem_poly u, scratch;
	uint8_t chunk[32 * 11]; /* one encoded polynomial of ct, du <= 11 */
};

/*
 * K-PKE.Encrypt (Algorithm 14) of m with randomness r under ek_pke, into
 * the sink: u = NTT^-1(A_hat^T y_hat) + e1 one polynomial at a time, then
 * v = NTT^-1(t_hat^T y_hat) + e2 + Decompress_1(m).
 */
static void pke_encrypt(const struct mlkem_params *p, const uint8_t *ek, const uint8_t m[32],
			const uint8_t r[32], struct ct_sink *out, struct encrypt_work *w)
{
	unsigned k = p->k;
	memcpy(w->rho, ek + 384 * k, 32);
	/* rho is part of the public key ek (in decapsulation, the copy inside dk). */
	CT_DECLASSIFY(w->rho, 32);
	for (unsigned i = 0; i < k; i++) {
		mlkem_sample_cbd(&w->y[i], r, (uint8_t)i, p->eta1);
		mlkem_ntt(&w->y[i]);
	}
	for (unsigned i = 0; i < k; i++) {
		matrix_row_times(&w->u, w->rho, i, true, w->y, k, &w->acc, &w->scratch);
		mlkem_invntt_tomont(&w->u);
		mlkem_sample_cbd(&w->scratch, r, (uint8_t)(k + i), ETA2);
		mlkem_poly_add(&w->u, &w->scratch);
		mlkem_poly_freeze(&w->u);
		mlkem_poly_compress(w->chunk, &w->u, p->du);
		sink_put(out, w->chunk, 32 * (size_t)p->du);
	}
	mlkem_acc_zero(&w->acc);
	for (unsigned j = 0; j < k; j++) {
		mlkem_poly_decode12(&w->scratch, ek + 384 * j);
		mlkem_acc_basemul(&w->acc, &w->scratch, &w->y[j]);
	}
	mlkem_acc_reduce(&w->u, &w->acc);
	mlkem_invntt_tomont(&w->u);
	mlkem_sample_cbd(&w->scratch, r, (uint8_t)(2 * k), ETA2);
	mlkem_poly_add(&w->u, &w->scratch);
	mlkem_poly_decompress(&w->scratch, m, 1);
	mlkem_poly_add(&w->u, &w->scratch); /* |c| < 2q + 2 */
	mlkem_poly_freeze(&w->u);
	mlkem_poly_compress(w->chunk, &w->u, p->dv);
	sink_put(out, w->chunk, 32 * (size_t)p->dv);
}

struct decrypt_work {
	struct mlkem_acc acc;
	struct mlkem_poly u, s;
};

/* K-PKE.Decrypt (Algorithm 15): m = Compress_1(v - NTT^-1(s_hat^T NTT(u))). */
static void pke_decrypt(const struct mlkem_params *p, const uint8_t *dk_pke, const uint8_t *ct,
			uint8_t m[32], struct decrypt_work *w)
{
	unsigned k = p->k;
	mlkem_acc_zero(&w->acc);
	for (unsigned i = 0; i < k; i++) {
		mlkem_poly_decompress(&w->u, ct + 32 * p->du * i, p->du);
		mlkem_ntt(&w->u);
		mlkem_poly_decode12(&w->s, dk_pke + 384 * i);
		mlkem_acc_basemul(&w->acc, &w->s, &w->u);
	}
	mlkem_acc_reduce(&w->s, &w->acc);
	mlkem_invntt_tomont(&w->s);
	mlkem_poly_decompress(&w->u, ct + 32 * p->du * k, p->dv);
	mlkem_poly_sub_from(&w->s, &w->u); /* v - w, |c| < 2q */
	mlkem_poly_freeze(&w->s);
	mlkem_poly_compress(m, &w->s, 1);
}

/* ---- ML-KEM (§6) and the checks (§7) ---- */

bool mlkem_check_ek(unsigned level, const uint8_t *ek)
{
	const struct mlkem_params *p = params_of(level);
	if (!p)
		return false;
	for (unsigned i = 0; i < p->k; i++)
		if (!mlkem_poly_check12(ek + 384 * i))
			return false;
	return true;
}

bool mlkem_check_dk(unsigned level, const uint8_t *dk)
{
	const struct mlkem_params *p = params_of(level);
	if (!p)
		return false;
	unsigned k = p->k;
	uint8_t h[32];
	sha3_256(dk + 384 * k, 384 * k + 32, h);
	int differ = ct_differ(h, dk + 768 * k + 32, 32);
	/* Whether dk is well formed depends on its public parts (ek and H(ek)) only. */
	CT_DECLASSIFY(&differ, sizeof differ);
	return !differ;
}

int mlkem_keygen(unsigned level, const uint8_t d[32], const uint8_t z[32], uint8_t *ek, uint8_t *dk)
{
	const struct mlkem_params *p = params_of(level);
	if (!p)
		return -SKY_E_INVAL;
	unsigned k = p->k;
	size_t ek_len = 384 * k + 32;
	struct keygen_work w;
	pke_keygen(p, d, ek, dk, &w);
	memcpy(dk + 384 * k, ek, ek_len);
	sha3_256(ek, ek_len, dk + 384 * k + ek_len);
	memcpy(dk + 384 * k + ek_len + 32, z, 32);
	ct_zeroize(&w, sizeof w);
	ct_wipe_stack(STACK_WIPE);
	return 0;
}

int mlkem_encaps(unsigned level, const uint8_t *ek, const uint8_t m[32], uint8_t *ct,
		 uint8_t ss[32])
{
	const struct mlkem_params *p = params_of(level);
	if (!p)
		return -SKY_E_INVAL;
	if (!mlkem_check_ek(level, ek))
		return -SKY_E_CORRUPT;
	uint8_t h[32], kr[64]; /* H(ek); K || r */
	sha3_256(ek, 384 * p->k + 32, h);
	hash_g(m, 32, h, 32, kr);
	struct encrypt_work w;
	struct ct_sink sink = { .out = ct };
	pke_encrypt(p, ek, m, kr + 32, &sink, &w);
	memcpy(ss, kr, 32);
	ct_zeroize(kr, sizeof kr);
	ct_zeroize(&w, sizeof w);
	ct_wipe_stack(STACK_WIPE);
	return 0;
}

struct decaps_work {
	uint8_t m[32];
	uint8_t kr[64];   /* K' || r' */
	uint8_t kbar[32]; /* the implicit-rejection key */
	struct sha3 j;
	union {
		struct decrypt_work dec;
		struct encrypt_work enc;
	} u;
};

int mlkem_decaps(unsigned level, const uint8_t *dk, const uint8_t *ct, uint8_t ss[32])
{
	const struct mlkem_params *p = params_of(level);
	if (!p)
		return -SKY_E_INVAL;
	if (!mlkem_check_dk(level, dk))
		return -SKY_E_CORRUPT;
	unsigned k = p->k;
	size_t ct_len = 32 * ((size_t)p->du * k + p->dv);
	const uint8_t *ek = dk + 384 * k, *h = dk + 768 * k + 32, *z = dk + 768 * k + 64;
	struct decaps_work w;
	pke_decrypt(p, dk, ct, w.m, &w.u.dec);
	hash_g(w.m, 32, h, 32, w.kr);
	/* J(z || c) = SHAKE256(z || c, 32) (§4.1). */
	shake_init(&w.j, 256);
	sha3_absorb(&w.j, z, 32);
	sha3_absorb(&w.j, ct, ct_len);
	shake_finish(&w.j);
	shake_squeeze(&w.j, w.kbar, 32);
	struct ct_sink sink = { .cmp = ct };
	pke_encrypt(p, ek, w.m, w.kr + 32, &sink, &w.u.enc);
	ct_select(w.kr, w.kbar, 32, sink.differ);
	memcpy(ss, w.kr, 32);
	ct_zeroize(&w, sizeof w);
	ct_zeroize(&sink, sizeof sink);
	ct_wipe_stack(STACK_WIPE);
	return 0;
}

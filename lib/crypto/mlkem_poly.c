/*
 * mlkem_poly.c — arithmetic mod q = 3329 for ML-KEM (FIPS 203 §4.3): the
 * NTT, its inverse and the products of the NTT domain, on int16_t
 * coefficients with Montgomery (R = 2^16) and Barrett reductions. Every
 * function is straight-line over the coefficients: no branch or index on
 * their values. The range comments are the invariants that keep each
 * intermediate inside int16_t (or, for sums of products, inside the input
 * range of mont_reduce).
 */
#include "crypto/mlkem_poly.h"

#include "base/string.h"

#define Q    MLKEM_Q
#define QINV 62209 /* q^-1 mod 2^16 */

/*
 * zetas[i] = 17^BitRev7(i) R mod q, centred in (-q/2, q/2): the twiddle
 * factors of Algorithms 9 and 10 in Montgomery form (entry 0 is unused).
 */
static const int16_t zetas[128] = {
	-1044, -758,  -359,  -1517, 1493,  1422,  287,   202,   -171,  622,   1577,  182,   962,
	-1202, -1474, 1468,  573,   -1325, 264,   383,   -829,  1458,  -1602, -130,  -681,  1017,
	732,   608,   -1542, 411,   -205,  -1571, 1223,  652,   -552,  1015,  -1293, 1491,  -282,
	-1544, 516,   -8,    -320,  -666,  -1618, -1162, 126,   1469,  -853,  -90,   -271,  830,
	107,   -1421, -247,  -951,  -398,  961,   -1508, -725,  448,   -1065, 677,   -1275, -1103,
	430,   555,   843,   -1251, 871,   1550,  105,   422,   587,   177,   -235,  -291,  -460,
	1574,  1653,  -246,  778,   1159,  -147,  -777,  1483,  -602,  1119,  -1590, 644,   -872,
	349,   418,   329,   -156,  -75,   817,   1097,  603,   610,   1322,  -1285, -1465, 384,
	-1215, -136,  1218,  -1335, -874,  220,   -1187, -1659, -1185, -1530, -1278, 794,   -1510,
	-854,  -870,  478,   -108,  -308,  996,   991,   958,   -1460, 1522,  1628,
};

/* a R^-1 mod q for |a| < q 2^15; result in (-q, q). */
static inline int16_t mont_reduce(int32_t a)
{
	int16_t t = (int16_t)(uint16_t)((uint32_t)a * QINV); /* a q^-1 mod 2^16 */
	return (int16_t)((a - (int32_t)t * Q) >> 16);        /* exact: low 16 bits are 0 */
}

/* a b R^-1 mod q for |a b| < q 2^15; result in (-q, q). */
static inline int16_t fqmul(int16_t a, int16_t b)
{
	return mont_reduce((int32_t)a * b);
}

/* a mod q, for any int16 a; result in [-(q-1)/2, (q-1)/2]. 20159 = round(2^26 / q). */
static inline int16_t barrett_reduce(int16_t a)
{
	int16_t t = (int16_t)((20159 * (int32_t)a + (1 << 25)) >> 26);
	return (int16_t)(a - t * Q);
}

/*
 * Cooley-Tukey butterflies, layers len = 128 .. 2. Each layer adds less than
 * q to the largest magnitude, so 7 layers on |c| < q stay below 8q < 2^15,
 * and fqmul's product |zeta c| < q/2 * 8q stays inside mont_reduce's range.
 */
void mlkem_ntt(struct mlkem_poly *p)
{
	int16_t *f = p->c;
	unsigned k = 1;
	for (unsigned len = 128; len >= 2; len >>= 1) {
		for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
			int16_t zeta = zetas[k++];
			for (unsigned j = start; j < start + len; j++) {
				int16_t t = fqmul(zeta, f[j + len]);
				f[j + len] = (int16_t)(f[j] - t);
				f[j] = (int16_t)(f[j] + t);
			}
		}
	}
	for (unsigned j = 0; j < MLKEM_N; j++)
		f[j] = barrett_reduce(f[j]);
}

/*
 * Gentleman-Sande butterflies, layers len = 2 .. 128. Differences leave
 * through fqmul (|c| < q); sums double per layer. From |c| < q the sums
 * reach 8q after len = 8, where every coefficient is Barrett-reduced to
 * |c| <= q/2; four more layers reach 8q again, still inside int16, and
 * differences of 8q times |zeta| <= q/2 stay inside mont_reduce's range.
 * The last step multiplies by f = R^2 / 128 mod q (1441): 128^-1 from
 * Algorithm 10 and one factor R to cancel the R^-1 of the products before.
 */
void mlkem_invntt_tomont(struct mlkem_poly *p)
{
	int16_t *f = p->c;
	unsigned k = 127;
	for (unsigned len = 2; len <= 128; len <<= 1) {
		for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
			int16_t zeta = zetas[k--];
			for (unsigned j = start; j < start + len; j++) {
				int16_t t = f[j];
				f[j] = (int16_t)(t + f[j + len]);
				f[j + len] = fqmul(zeta, (int16_t)(f[j + len] - t));
			}
		}
		if (len == 8)
			for (unsigned j = 0; j < MLKEM_N; j++)
				f[j] = barrett_reduce(f[j]);
	}
	for (unsigned j = 0; j < MLKEM_N; j++)
		f[j] = fqmul(f[j], 1441);
}

void mlkem_acc_zero(struct mlkem_acc *acc)
{
	memset(acc, 0, sizeof *acc);
}

/* One pair of BaseCaseMultiply (Algorithm 12), added to c[0], c[1]; gamma in Montgomery form. */
static inline void basemul_pair(int32_t *c, const int16_t *a, const int16_t *b, int16_t gamma)
{
	int32_t a1b1 = fqmul(a[1], b[1]);
	c[0] += (int32_t)a[0] * b[0] + a1b1 * gamma;
	c[1] += (int32_t)a[0] * b[1] + (int32_t)a[1] * b[0];
}

/*
 * MultiplyNTTs (Algorithm 11) added to acc: on each coefficient pair,
 *   c0 += a0 b0 + (a1 b1) gamma,   c1 += a0 b1 + a1 b0,
 * with gamma = 17^(2 BitRev7(i) + 1) for pair i; pairs 2m and 2m + 1 use
 * zetas[64 + m] and its negation. a1 b1 is reduced first (fqmul: a1 b1 R^-1)
 * and then multiplied by gamma R, so every term carries the same scale.
 * Each call adds at most 1.5 q^2 (c0) or 2 q^2 (c1); four calls stay below
 * 8 q^2 < q 2^15, the bound of mont_reduce.
 */
void mlkem_acc_basemul(struct mlkem_acc *acc, const struct mlkem_poly *a,
		       const struct mlkem_poly *b)
{
	for (unsigned m = 0; m < MLKEM_N / 4; m++) {
		int16_t z = zetas[64 + m];
		basemul_pair(acc->c + 4 * m, a->c + 4 * m, b->c + 4 * m, z);
		basemul_pair(acc->c + 4 * m + 2, a->c + 4 * m + 2, b->c + 4 * m + 2, (int16_t)-z);
	}
}

void mlkem_acc_reduce(struct mlkem_poly *p, const struct mlkem_acc *acc)
{
	for (unsigned j = 0; j < MLKEM_N; j++)
		p->c[j] = mont_reduce(acc->c[j]);
}

/* Times R^2 mod q = 1353, through one Montgomery reduction. */
void mlkem_poly_tomont(struct mlkem_poly *p)
{
	for (unsigned j = 0; j < MLKEM_N; j++)
		p->c[j] = fqmul(p->c[j], 1353);
}

void mlkem_poly_add(struct mlkem_poly *p, const struct mlkem_poly *a)
{
	for (unsigned j = 0; j < MLKEM_N; j++)
		p->c[j] = (int16_t)(p->c[j] + a->c[j]);
}

void mlkem_poly_sub_from(struct mlkem_poly *p, const struct mlkem_poly *a)
{
	for (unsigned j = 0; j < MLKEM_N; j++)
		p->c[j] = (int16_t)(a->c[j] - p->c[j]);
}

/* Barrett to [-(q-1)/2, (q-1)/2], then add q where negative (the mask is the sign). */
void mlkem_poly_freeze(struct mlkem_poly *p)
{
	for (unsigned j = 0; j < MLKEM_N; j++) {
		int16_t r = barrett_reduce(p->c[j]);
		p->c[j] = (int16_t)(r + ((r >> 15) & Q));
	}
}

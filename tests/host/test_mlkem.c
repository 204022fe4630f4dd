/*
 * test_mlkem — ML-KEM-512/768/1024 (FIPS 203): known answers from NIST's
 * ACVP sets (mlkem_vectors.h; the full sets were checked during
 * development), then properties: encapsulation and decapsulation agree for
 * random seeds, any flipped ciphertext bit yields the implicit-rejection
 * key J(z || c) and still returns 0, keys with an out-of-range coefficient
 * or a wrong H(ek) fail their checks and the calls that use them write
 * nothing. The polynomial layer is checked on its own too: products through
 * the NTT against schoolbook multiplication at the extremes of the input
 * ranges, and compression against its definition for every input.
 */
#include <string.h>

#include "check.h"
#include "crypto/mlkem.h"
#include "crypto/mlkem_poly.h"
#include "crypto/sha3.h"
#include "mlkem_vectors.h"
#include "sky/error.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define Q        MLKEM_Q

static const unsigned levels[3] = { 512, 768, 1024 };

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static bool same_hex(const uint8_t *got, size_t len, const char *want_hex)
{
	uint8_t want[MLKEM_DK_MAX];
	return unhex(want_hex, want) == len && memcmp(got, want, len) == 0;
}

static bool sha3_is(const uint8_t *data, size_t len, const char *want_hex)
{
	uint8_t h[32];
	sha3_256(data, len, h);
	return same_hex(h, 32, want_hex);
}

/* Deterministic test bytes: SHAKE128 of a tag. */
static void test_bytes(uint8_t *out, size_t n, unsigned tag)
{
	uint8_t t[4] = { (uint8_t)tag, (uint8_t)(tag >> 8), (uint8_t)(tag >> 16), 0x5a };
	shake128(t, sizeof t, out, n);
}

/* The implicit-rejection key J(z || ct) of a decapsulation key. */
static void reject_key(unsigned level, const uint8_t *dk, const uint8_t *ct, uint8_t out[32])
{
	struct sha3 c;
	shake_init(&c, 256);
	sha3_absorb(&c, dk + 768 * MLKEM_K(level) + 64, 32);
	sha3_absorb(&c, ct, MLKEM_CT_BYTES(level));
	shake_finish(&c);
	shake_squeeze(&c, out, 32);
}

static void sizes(void)
{
	EXPECT(MLKEM_EK_BYTES(512) == 800 && MLKEM_DK_BYTES(512) == 1632);
	EXPECT(MLKEM_CT_BYTES(512) == 768);
	EXPECT(MLKEM_EK_BYTES(768) == 1184 && MLKEM_DK_BYTES(768) == 2400);
	EXPECT(MLKEM_CT_BYTES(768) == 1088);
	EXPECT(MLKEM_EK_BYTES(1024) == 1568 && MLKEM_DK_BYTES(1024) == 3168);
	EXPECT(MLKEM_CT_BYTES(1024) == 1568);
}

static void keygen_kat(void)
{
	for (size_t i = 0; i < NELEM(kat_keygen); i++) {
		const struct kat_keygen *t = &kat_keygen[i];
		uint8_t d[32], z[32], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX];
		unhex(t->d, d);
		unhex(t->z, z);
		EXPECT(mlkem_keygen(t->level, d, z, ek, dk) == 0);
		EXPECT(sha3_is(ek, MLKEM_EK_BYTES(t->level), t->ek_sha3));
		EXPECT(sha3_is(dk, MLKEM_DK_BYTES(t->level), t->dk_sha3));
		EXPECT(mlkem_check_ek(t->level, ek));
		EXPECT(mlkem_check_dk(t->level, dk));
	}
}

static void encaps_kat(void)
{
	for (size_t i = 0; i < NELEM(kat_encaps); i++) {
		const struct kat_encaps *t = &kat_encaps[i];
		uint8_t ek[MLKEM_EK_MAX], m[32], ct[MLKEM_CT_MAX], ss[32];
		EXPECT(unhex(t->ek, ek) == MLKEM_EK_BYTES(t->level));
		unhex(t->m, m);
		EXPECT(mlkem_check_ek(t->level, ek));
		EXPECT(mlkem_encaps(t->level, ek, m, ct, ss) == 0);
		EXPECT(sha3_is(ct, MLKEM_CT_BYTES(t->level), t->ct_sha3));
		EXPECT(same_hex(ss, 32, t->k));
	}
}

static void decaps_kat(void)
{
	bool saw_reject = false;
	for (size_t i = 0; i < NELEM(kat_decaps); i++) {
		const struct kat_decaps *t = &kat_decaps[i];
		uint8_t dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX], ss[32], rej[32];
		EXPECT(unhex(t->dk, dk) == MLKEM_DK_BYTES(t->level));
		EXPECT(unhex(t->ct, ct) == MLKEM_CT_BYTES(t->level));
		EXPECT(mlkem_check_dk(t->level, dk));
		EXPECT(mlkem_decaps(t->level, dk, ct, ss) == 0);
		EXPECT(same_hex(ss, 32, t->k));
		reject_key(t->level, dk, ct, rej);
		EXPECT((memcmp(ss, rej, 32) == 0) == t->rejects);
		saw_reject |= t->rejects;
	}
	EXPECT(saw_reject);
}

static void bad_key_kat(void)
{
	for (size_t i = 0; i < NELEM(kat_bad_key); i++) {
		const struct kat_bad_key *t = &kat_bad_key[i];
		uint8_t key[MLKEM_DK_MAX];
		size_t n = unhex(t->key, key);
		if (t->is_dk) {
			EXPECT(n == MLKEM_DK_BYTES(t->level));
			EXPECT(!mlkem_check_dk(t->level, key));
		} else {
			EXPECT(n == MLKEM_EK_BYTES(t->level));
			EXPECT(!mlkem_check_ek(t->level, key));
		}
	}
}

/* Set the 12-bit value number i of a ByteEncode_12 string. */
static void set12(uint8_t *b, unsigned i, unsigned v)
{
	uint8_t *p = b + 3 * (i / 2);
	if (i % 2 == 0) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)((p[1] & 0xF0) | (v >> 8));
	} else {
		p[1] = (uint8_t)((p[1] & 0x0F) | (v << 4));
		p[2] = (uint8_t)(v >> 4);
	}
}

/*
 * The checks on keys built as ACVP builds its failing ones (t_hat[0] = 3330;
 * a changed byte of H(ek)) and at the edges (q - 1 passes, q fails, in the
 * first and the last coefficient); a failing key makes encaps and decaps
 * return -SKY_E_CORRUPT and leave their outputs alone.
 */
static void key_checks(void)
{
	for (unsigned l = 0; l < 3; l++) {
		unsigned level = levels[l], last = 256 * MLKEM_K(level) - 1;
		uint8_t seed[96], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], bad[MLKEM_DK_MAX];
		uint8_t ct[MLKEM_CT_MAX], ss[32], ct0[MLKEM_CT_MAX], ss0[32];
		test_bytes(seed, sizeof seed, 100 + l);
		EXPECT(mlkem_keygen(level, seed, seed + 32, ek, dk) == 0);
		const struct {
			unsigned index, value;
			bool ok;
		} cases[] = { { 0, 3330, false },   { 0, Q, false },    { 0, Q - 1, true },
			      { 0, 0, true },       { last, Q, false }, { last, 4095, false },
			      { last, Q - 1, true } };
		for (size_t i = 0; i < NELEM(cases); i++) {
			memcpy(bad, ek, MLKEM_EK_BYTES(level));
			set12(bad, cases[i].index, cases[i].value);
			EXPECT(mlkem_check_ek(level, bad) == cases[i].ok);
			memset(ct, 0xA5, sizeof ct);
			memset(ss, 0xA5, sizeof ss);
			memcpy(ct0, ct, sizeof ct);
			memcpy(ss0, ss, sizeof ss);
			int rc = mlkem_encaps(level, bad, seed + 64, ct, ss);
			EXPECT(rc == (cases[i].ok ? 0 : -SKY_E_CORRUPT));
			if (!cases[i].ok)
				EXPECT(memcmp(ct, ct0, sizeof ct) == 0 && memcmp(ss, ss0, 32) == 0);
		}
		/* Every byte of H(ek), and a byte of the ek inside dk, break the hash check. */
		EXPECT(mlkem_encaps(level, ek, seed + 64, ct, ss0) == 0);
		size_t hoff = 768 * MLKEM_K(level) + 32;
		size_t offs[] = { hoff, hoff + 16, hoff + 31, 384 * MLKEM_K(level), hoff - 1 };
		for (size_t i = 0; i < NELEM(offs); i++) {
			memcpy(bad, dk, MLKEM_DK_BYTES(level));
			bad[offs[i]] ^= 0x01;
			EXPECT(!mlkem_check_dk(level, bad));
			memset(ss, 0xA5, sizeof ss);
			EXPECT(mlkem_decaps(level, bad, ct, ss) == -SKY_E_CORRUPT);
			for (unsigned j = 0; j < 32; j++)
				EXPECT(ss[j] == 0xA5);
		}
		/* s_hat and z are not covered by the hash: changing them keeps the check passing.
		 */
		memcpy(bad, dk, MLKEM_DK_BYTES(level));
		bad[0] ^= 1;
		bad[MLKEM_DK_BYTES(level) - 1] ^= 1;
		EXPECT(mlkem_check_dk(level, bad));
	}
}

static void round_trip(void)
{
	for (unsigned l = 0; l < 3; l++) {
		unsigned level = levels[l];
		for (unsigned i = 0; i < 20; i++) {
			uint8_t seed[96], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
			uint8_t ss1[32], ss2[32], rej[32];
			test_bytes(seed, sizeof seed, 1000 * l + i);
			EXPECT(mlkem_keygen(level, seed, seed + 32, ek, dk) == 0);
			EXPECT(mlkem_check_ek(level, ek) && mlkem_check_dk(level, dk));
			EXPECT(memcmp(dk + 384 * MLKEM_K(level), ek, MLKEM_EK_BYTES(level)) == 0);
			EXPECT(mlkem_encaps(level, ek, seed + 64, ct, ss1) == 0);
			EXPECT(mlkem_decaps(level, dk, ct, ss2) == 0);
			EXPECT(memcmp(ss1, ss2, 32) == 0);
			reject_key(level, dk, ct, rej);
			EXPECT(memcmp(ss1, rej, 32) != 0);
		}
	}
}

/*
 * One flipped bit, at a spread of positions through u and v (every 7th
 * byte, the bit moving along, plus the first and last byte and the u/v
 * boundary): decaps returns 0 with J(z || c'), not the real key.
 */
static void flipped_bits(void)
{
	for (unsigned l = 0; l < 3; l++) {
		unsigned level = levels[l];
		size_t ct_len = MLKEM_CT_BYTES(level);
		size_t u_len = ct_len - 32 * (level == 1024 ? 5 : 4);
		uint8_t seed[96], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
		uint8_t ss[32], got[32], rej[32];
		test_bytes(seed, sizeof seed, 7 + l);
		mlkem_keygen(level, seed, seed + 32, ek, dk);
		mlkem_encaps(level, ek, seed + 64, ct, ss);
		size_t extra[] = { 0, u_len - 1, u_len, ct_len - 1 };
		for (size_t n = 0; n < ct_len / 7 + NELEM(extra); n++) {
			size_t byte = n < ct_len / 7 ? 7 * n : extra[n - ct_len / 7];
			uint8_t bit = (uint8_t)(1u << (n % 8));
			ct[byte] ^= bit;
			reject_key(level, dk, ct, rej);
			memset(got, 0, sizeof got);
			EXPECT(mlkem_decaps(level, dk, ct, got) == 0);
			EXPECT(memcmp(got, rej, 32) == 0);
			EXPECT(memcmp(got, ss, 32) != 0);
			ct[byte] ^= bit;
		}
		EXPECT(mlkem_decaps(level, dk, ct, got) == 0 && memcmp(got, ss, 32) == 0);
	}
}

static void bad_level(void)
{
	static const unsigned bad[] = { 0, 256, 511, 513, 1023, 2048 };
	uint8_t seed[64] = { 0 }, ek[MLKEM_EK_MAX] = { 0 }, dk[MLKEM_DK_MAX] = { 0 };
	uint8_t ct[MLKEM_CT_MAX] = { 0 }, ss[32];
	for (size_t i = 0; i < NELEM(bad); i++) {
		EXPECT(mlkem_keygen(bad[i], seed, seed + 32, ek, dk) == -SKY_E_INVAL);
		EXPECT(mlkem_encaps(bad[i], ek, seed, ct, ss) == -SKY_E_INVAL);
		EXPECT(mlkem_decaps(bad[i], dk, ct, ss) == -SKY_E_INVAL);
		EXPECT(!mlkem_check_ek(bad[i], ek));
		EXPECT(!mlkem_check_dk(bad[i], dk));
	}
}

/* c += a b in Z_q[X]/(X^256 + 1), schoolbook; c in [0, q). */
static void schoolbook_acc(int32_t c[256], const int16_t a[256], const int16_t b[256])
{
	for (int i = 0; i < 256; i++)
		for (int j = 0; j < 256; j++) {
			int32_t p = (int32_t)a[i] * b[j] % Q;
			int k = i + j < 256 ? i + j : i + j - 256;
			c[k] = ((i + j < 256 ? c[k] + p : c[k] - p) % Q + Q) % Q;
		}
}

/* Coefficient j of test polynomial `kind`: the extremes of the input range and random values. */
static int16_t test_coeff(unsigned kind, unsigned j, const uint8_t *rnd)
{
	unsigned r = rnd[2 * j] | (unsigned)rnd[2 * j + 1] << 8;
	switch (kind) {
	case 0:
		return Q - 1;
	case 1:
		return -(Q - 1);
	case 2:
		return (j & 1) ? Q - 1 : -(Q - 1);
	default:
		return (int16_t)((int)(r % (2 * Q - 1)) - (Q - 1));
	}
}

/*
 * Sums of four products through NTT, basemul accumulation and inverse NTT
 * equal the schoolbook sums, for inputs at +-(q-1) (the bounds the range
 * comments in mlkem_poly.c rely on) and random ones.
 */
static void ntt_products(void)
{
	for (unsigned kind = 0; kind < 6; kind++) {
		struct mlkem_poly a[4], b[4], r;
		struct mlkem_acc acc;
		int32_t want[256] = { 0 };
		uint8_t rnd[8 * 512];
		test_bytes(rnd, sizeof rnd, 5000 + kind);
		for (unsigned v = 0; v < 4; v++)
			for (unsigned j = 0; j < 256; j++) {
				a[v].c[j] = test_coeff(kind, j, rnd + 1024 * v);
				b[v].c[j] = test_coeff(kind < 3 ? 2 - kind : kind, j,
						       rnd + 1024 * v + 512);
			}
		mlkem_acc_zero(&acc);
		for (unsigned v = 0; v < 4; v++) {
			schoolbook_acc(want, a[v].c, b[v].c);
			mlkem_ntt(&a[v]);
			mlkem_ntt(&b[v]);
			for (unsigned j = 0; j < 256; j++)
				EXPECT(a[v].c[j] > -Q && a[v].c[j] < Q && b[v].c[j] > -Q &&
				       b[v].c[j] < Q);
			mlkem_acc_basemul(&acc, &a[v], &b[v]);
		}
		mlkem_acc_reduce(&r, &acc);
		mlkem_invntt_tomont(&r);
		for (unsigned j = 0; j < 256; j++)
			EXPECT(r.c[j] > -Q && r.c[j] < Q);
		mlkem_poly_freeze(&r);
		for (unsigned j = 0; j < 256; j++)
			EXPECT(r.c[j] == want[j]);
	}
}

/* freeze and tomont on every int16 value: the canonical residue, and x R mod q with |c| < q. */
static void reductions(void)
{
	for (int32_t base = -32768; base < 32768; base += 256) {
		struct mlkem_poly f, m;
		for (unsigned j = 0; j < 256; j++)
			f.c[j] = m.c[j] = (int16_t)(base + (int32_t)j);
		mlkem_poly_freeze(&f);
		mlkem_poly_tomont(&m);
		for (unsigned j = 0; j < 256; j++) {
			int32_t x = base + (int32_t)j;
			EXPECT(f.c[j] == (x % Q + Q) % Q);
			EXPECT(m.c[j] > -Q && m.c[j] < Q);
			EXPECT(((m.c[j] - x * 2285) % Q) == 0); /* R mod q = 2285 */
		}
	}
}

/*
 * The inverse NTT at the extremes of its input range (all +-(q-1): the sums
 * of 2^L inputs that the reductions after layers len = 8 and 64 keep inside
 * int16), checked by the NTT: NTT(invNTT(x) R) = x R.
 */
static void ntt_inverse(void)
{
	for (unsigned kind = 0; kind < 6; kind++) {
		struct mlkem_poly x, y;
		uint8_t rnd[512];
		test_bytes(rnd, sizeof rnd, 6000 + kind);
		for (unsigned j = 0; j < 256; j++)
			x.c[j] = test_coeff(kind, j, rnd);
		y = x;
		mlkem_invntt_tomont(&y);
		for (unsigned j = 0; j < 256; j++)
			EXPECT(y.c[j] > -Q && y.c[j] < Q);
		mlkem_ntt(&y);
		mlkem_poly_freeze(&y);
		for (unsigned j = 0; j < 256; j++)
			EXPECT(y.c[j] == ((int32_t)x.c[j] * 2285 % Q + Q) % Q); /* R mod q = 2285 */
	}
}

static unsigned bitrev7(unsigned i)
{
	unsigned r = 0;
	for (unsigned b = 0; b < 7; b++)
		r |= ((i >> b) & 1) << (6 - b);
	return r;
}

static int32_t pow17(unsigned e)
{
	int32_t r = 1;
	while (e--)
		r = r * 17 % Q;
	return r;
}

/*
 * Four accumulated NTT-domain products at +-(q-1), the largest sums
 * mlkem_acc_basemul may see, against Algorithms 11 and 12 computed
 * directly (gamma = 17^(2 BitRev7(i) + 1)).
 */
static void basemul_extremes(void)
{
	for (unsigned kind = 0; kind < 6; kind++) {
		struct mlkem_poly a, b, r;
		struct mlkem_acc acc;
		uint8_t rnd[1024];
		test_bytes(rnd, sizeof rnd, 7000 + kind);
		for (unsigned j = 0; j < 256; j++) {
			a.c[j] = test_coeff(kind, j, rnd);
			b.c[j] = test_coeff(kind < 3 ? kind : kind + 1, j, rnd + 512);
		}
		mlkem_acc_zero(&acc);
		for (unsigned v = 0; v < 4; v++)
			mlkem_acc_basemul(&acc, &a, &b);
		mlkem_acc_reduce(&r, &acc);
		mlkem_poly_tomont(&r);
		mlkem_poly_freeze(&r);
		for (unsigned i = 0; i < 128; i++) {
			int32_t a0 = a.c[2 * i], a1 = a.c[2 * i + 1], b0 = b.c[2 * i],
				b1 = b.c[2 * i + 1];
			int32_t g = pow17(2 * bitrev7(i) + 1);
			int32_t c0 = (a0 * b0 % Q + (a1 * b1 % Q) * g % Q) % Q;
			int32_t c1 = (a0 * b1 + a1 * b0) % Q;
			EXPECT(r.c[2 * i] == ((4 * c0) % Q + Q) % Q);
			EXPECT(r.c[2 * i + 1] == ((4 * c1) % Q + Q) % Q);
		}
	}
}

/* The d bits at bit offset `at` of a little-endian bit string. */
static uint32_t get_bits(const uint8_t *b, unsigned at, unsigned d)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < d; i++)
		v |= (uint32_t)((b[(at + i) / 8] >> ((at + i) % 8)) & 1) << i;
	return v;
}

static void put_bits(uint8_t *b, unsigned at, unsigned d, uint32_t v)
{
	for (unsigned i = 0; i < d; i++)
		b[(at + i) / 8] |= (uint8_t)(((v >> i) & 1) << ((at + i) % 8));
}

/*
 * Compress_d and Decompress_d against their definitions (§4.2.1, rounding
 * halves up) for every input and every d; ByteEncode_12 / ByteDecode_12 and
 * the modulus check on every 12-bit value.
 */
static void compression(void)
{
	static const unsigned ds[] = { 1, 4, 5, 10, 11 };
	struct mlkem_poly p;
	uint8_t buf[384];
	for (size_t di = 0; di < NELEM(ds); di++) {
		unsigned d = ds[di];
		for (unsigned base = 0; base < Q; base += 256) {
			for (unsigned j = 0; j < 256; j++)
				p.c[j] = (int16_t)((base + j) % Q);
			mlkem_poly_compress(buf, &p, d);
			for (unsigned j = 0; j < 256; j++) {
				uint32_t x = (uint32_t)p.c[j];
				uint32_t want = ((2 * (x << d) + Q) / (2 * Q)) % (1u << d);
				EXPECT(get_bits(buf, d * j, d) == want);
			}
		}
		for (uint32_t base = 0; base < (1u << d); base += 256) {
			memset(buf, 0, sizeof buf);
			for (unsigned j = 0; j < 256; j++)
				put_bits(buf, d * j, d, (base + j) % (1u << d));
			mlkem_poly_decompress(&p, buf, d);
			for (unsigned j = 0; j < 256; j++) {
				uint32_t y = (base + j) % (1u << d);
				EXPECT((uint32_t)p.c[j] == (2 * Q * y + (1u << d)) >> (d + 1));
			}
		}
	}
	for (unsigned base = 0; base < 4096; base += 256) {
		memset(buf, 0, sizeof buf);
		for (unsigned j = 0; j < 256; j++)
			put_bits(buf, 12 * j, 12, base + j);
		EXPECT(mlkem_poly_check12(buf) == (base + 255 < Q));
		mlkem_poly_decode12(&p, buf);
		for (unsigned j = 0; j < 256; j++)
			EXPECT(p.c[j] == (int16_t)((base + j) % Q));
		if (base + 255 < Q) {
			uint8_t again[384];
			mlkem_poly_encode12(again, &p);
			EXPECT(memcmp(again, buf, sizeof buf) == 0);
		}
	}
}

int main(void)
{
	RUN("mlkem", sizes);
	RUN("mlkem", reductions);
	RUN("mlkem", compression);
	RUN("mlkem", ntt_products);
	RUN("mlkem", ntt_inverse);
	RUN("mlkem", basemul_extremes);
	RUN("mlkem", keygen_kat);
	RUN("mlkem", encaps_kat);
	RUN("mlkem", decaps_kat);
	RUN("mlkem", bad_key_kat);
	RUN("mlkem", key_checks);
	RUN("mlkem", round_trip);
	RUN("mlkem", flipped_bits);
	RUN("mlkem", bad_level);
	return cases_failed != 0;
}

/*
 * acvp_mldsa.c — ACVP answers for ML-DSA (FIPS 204): keyGen from a seed;
 * sigGen and sigVer through the external interface (pure, or HashML-DSA
 * with any of the twelve approved hashes) and the internal one (on M', or
 * on an external mu); deterministic and hedged. In the seed key format of
 * later revisions a sigGen test carries the 32-byte seed in place of sk.
 */
#include <string.h>

#include "acvp.h"
#include "crypto/mldsa.h"
#include "crypto/sha2.h"
#include "crypto/sha3.h"

#define DIGEST_MAX 64

/* A pre-hash function of HashML-DSA: its ACVP name, the last byte of its OID, its output. */
struct prehash {
	const char *name;
	uint8_t oid_last; /* OID 2.16.840.1.101.3.4.2.<oid_last> */
	uint8_t bytes;
	void (*hash)(const void *in, size_t len, uint8_t *out);
};

static void sha3_224_all(const void *in, size_t len, uint8_t *out)
{
	struct sha3 c;
	sha3_init(&c, 224);
	sha3_absorb(&c, in, len);
	sha3_final(&c, out);
}

static void sha3_384_all(const void *in, size_t len, uint8_t *out)
{
	struct sha3 c;
	sha3_init(&c, 384);
	sha3_absorb(&c, in, len);
	sha3_final(&c, out);
}

static void sha3_256_all(const void *in, size_t len, uint8_t *out)
{
	sha3_256(in, len, out);
}

static void sha3_512_all(const void *in, size_t len, uint8_t *out)
{
	sha3_512(in, len, out);
}

/* FIPS 204 §5.4: SHAKE128 with 256 bits of output, SHAKE256 with 512. */
static void shake128_256(const void *in, size_t len, uint8_t *out)
{
	shake128(in, len, out, 32);
}

static void shake256_512(const void *in, size_t len, uint8_t *out)
{
	shake256(in, len, out, 64);
}

static const struct prehash prehashes[] = {
	{ "SHA2-224", 4, 28, sha224 },         { "SHA2-256", 1, 32, sha256 },
	{ "SHA2-384", 2, 48, sha384 },         { "SHA2-512", 3, 64, sha512 },
	{ "SHA2-512/224", 5, 28, sha512_224 }, { "SHA2-512/256", 6, 32, sha512_256 },
	{ "SHA3-224", 7, 28, sha3_224_all },   { "SHA3-256", 8, 32, sha3_256_all },
	{ "SHA3-384", 9, 48, sha3_384_all },   { "SHA3-512", 10, 64, sha3_512_all },
	{ "SHAKE-128", 11, 32, shake128_256 }, { "SHAKE-256", 12, 64, shake256_512 },
};

/* The level from the group's parameterSet "ML-DSA-44" etc., or 0. */
static unsigned level(const struct acvp_test *t)
{
	static const unsigned levels[] = { 44, 65, 87 };
	char name[16];
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		snprintf(name, sizeof name, "ML-DSA-%u", levels[i]);
		if (acvp_is(t, "parameterSet", name))
			return levels[i];
	}
	return 0;
}

static int check_group(struct acvp_test *t)
{
	if (!level(t))
		return acvp_fail(t, "unknown parameterSet (ML-DSA-44, -65 or -87)");
	if (acvp_field(t, "keyFormat") && !acvp_is(t, "keyFormat", "expanded") &&
	    !acvp_is(t, "keyFormat", "seed"))
		return acvp_fail(t, "unknown keyFormat (expanded or seed)");
	if (acvp_field(t, "signatureInterface") && !acvp_is(t, "signatureInterface", "external") &&
	    !acvp_is(t, "signatureInterface", "internal"))
		return acvp_fail(t, "unknown signatureInterface (external or internal)");
	return 0;
}

static int keygen(struct acvp_test *t)
{
	unsigned l = level(t);
	uint8_t seed[32], pk[MLDSA_PK_BYTES(87)], sk[MLDSA_SK_BYTES(87)];
	if (acvp_hex_exact(t, "seed", seed, 32))
		return -1;
	if (mldsa_keygen(l, seed, pk, sk))
		return acvp_fail(t, "keygen failed");
	acvp_put_hex(t, "pk", pk, MLDSA_PK_BYTES(l));
	acvp_put_hex(t, "sk", sk, MLDSA_SK_BYTES(l));
	return 0;
}

/* What is signed or verified, as the group's interface says. */
struct signed_input {
	enum { PURE, PREHASH, INTERNAL, MU } form;
	uint8_t *msg, *ctx;
	size_t mlen, ctxlen;
	uint8_t oid[11], digest[DIGEST_MAX];
	size_t dlen;
};

static int signed_input(struct acvp_test *t, struct signed_input *in)
{
	bool external_mu = false;
	if (acvp_is(t, "signatureInterface", "internal")) {
		if (acvp_field(t, "externalMu") && acvp_bool(t, "externalMu", &external_mu))
			return -1;
		in->form = external_mu ? MU : INTERNAL;
		return acvp_hex(t, external_mu ? "mu" : "message", &in->msg, &in->mlen);
	}
	if (acvp_hex(t, "message", &in->msg, &in->mlen) ||
	    acvp_hex(t, "context", &in->ctx, &in->ctxlen))
		return -1;
	if (!acvp_is(t, "preHash", "preHash")) {
		in->form = PURE;
		return 0;
	}
	in->form = PREHASH;
	for (size_t i = 0; i < sizeof prehashes / sizeof *prehashes; i++) {
		if (!acvp_is(t, "hashAlg", prehashes[i].name))
			continue;
		static const uint8_t prefix[10] = { 0x06, 0x09, 0x60, 0x86, 0x48,
						    0x01, 0x65, 0x03, 0x04, 0x02 };
		memcpy(in->oid, prefix, sizeof prefix);
		in->oid[10] = prehashes[i].oid_last;
		prehashes[i].hash(in->msg, in->mlen, in->digest);
		in->dlen = prehashes[i].bytes;
		return 0;
	}
	return acvp_fail(t, "unknown hashAlg");
}

static int sign(struct acvp_test *t)
{
	unsigned l = level(t);
	uint8_t sk[MLDSA_SK_BYTES(87)], rnd[32] = { 0 }, sig[MLDSA_SIG_BYTES(87)];
	bool deterministic = false;
	struct signed_input in;
	if (acvp_is(t, "keyFormat", "seed")) {
		uint8_t seed[32], pk[MLDSA_PK_BYTES(87)];
		if (acvp_hex_exact(t, "seed", seed, 32))
			return -1;
		mldsa_keygen(l, seed, pk, sk);
	} else if (acvp_hex_exact(t, "sk", sk, MLDSA_SK_BYTES(l))) {
		return -1;
	}
	if (acvp_bool(t, "deterministic", &deterministic) ||
	    (!deterministic && acvp_hex_exact(t, "rnd", rnd, 32)) || signed_input(t, &in))
		return -1;
	if (in.form == MU && in.mlen != MLDSA_MU_BYTES)
		return acvp_fail(t, "mu must be 64 bytes");
	int err = in.form == PURE ? mldsa_sign(l, sk, in.msg, in.mlen, in.ctx, in.ctxlen, rnd, sig)
		  : in.form == PREHASH ? mldsa_sign_prehash(l, sk, in.oid, sizeof in.oid, in.digest,
							    in.dlen, in.ctx, in.ctxlen, rnd, sig)
		  : in.form == MU      ? mldsa_sign_mu(l, sk, in.msg, rnd, sig)
				       : mldsa_sign_internal(l, sk, in.msg, in.mlen, rnd, sig);
	if (err)
		return acvp_fail(t, "signing refused (context over 255 bytes?)");
	acvp_put_hex(t, "signature", sig, MLDSA_SIG_BYTES(l));
	return 0;
}

static int verify(struct acvp_test *t)
{
	unsigned l = level(t);
	uint8_t *pk, *sig;
	size_t pklen, siglen;
	struct signed_input in;
	if (acvp_hex(t, "pk", &pk, &pklen) || acvp_hex(t, "signature", &sig, &siglen) ||
	    signed_input(t, &in))
		return -1;
	bool ok = pklen == MLDSA_PK_BYTES(l) && siglen == MLDSA_SIG_BYTES(l);
	if (ok)
		ok = in.form == PURE ? mldsa_verify(l, pk, in.msg, in.mlen, in.ctx, in.ctxlen, sig)
		     : in.form == PREHASH
			     ? mldsa_verify_prehash(l, pk, in.oid, sizeof in.oid, in.digest,
						    in.dlen, in.ctx, in.ctxlen, sig)
		     : in.form == MU
			     ? in.mlen == MLDSA_MU_BYTES && mldsa_verify_mu(l, pk, in.msg, sig)
			     : mldsa_verify_internal(l, pk, in.msg, in.mlen, sig);
	acvp_put_bool(t, "testPassed", ok);
	return 0;
}

const struct acvp_handler acvp_mldsa_handlers[] = {
	{ "ML-DSA", "keyGen", check_group, keygen },
	{ "ML-DSA", "sigGen", check_group, sign },
	{ "ML-DSA", "sigVer", check_group, verify },
	{ NULL, NULL, NULL, NULL },
};

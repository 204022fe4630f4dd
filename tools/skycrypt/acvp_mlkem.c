/*
 * acvp_mlkem.c — ACVP answers for ML-KEM (FIPS 203): keyGen from (d, z);
 * encapDecap's encapsulation (ek, m), decapsulation (dk, c) and the two key
 * checks. In the seed key format of later revisions a test carries (d, z)
 * in place of dk, and the key is expanded here first.
 */
#include <string.h>

#include "acvp.h"
#include "crypto/mlkem.h"

/* The level from the group's parameterSet "ML-KEM-512" etc., or 0. */
static unsigned level(const struct acvp_test *t)
{
	static const unsigned levels[] = { 512, 768, 1024 };
	char name[16];
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		snprintf(name, sizeof name, "ML-KEM-%u", levels[i]);
		if (acvp_is(t, "parameterSet", name))
			return levels[i];
	}
	return 0;
}

static int check_group(struct acvp_test *t)
{
	if (!level(t))
		return acvp_fail(t, "unknown parameterSet (ML-KEM-512, -768 or -1024)");
	if (acvp_field(t, "keyFormat") && !acvp_is(t, "keyFormat", "expanded") &&
	    !acvp_is(t, "keyFormat", "seed"))
		return acvp_fail(t, "unknown keyFormat (expanded or seed)");
	return 0;
}

static int keygen(struct acvp_test *t)
{
	unsigned l = level(t);
	uint8_t d[32], z[32], ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX];
	if (acvp_hex_exact(t, "d", d, 32) || acvp_hex_exact(t, "z", z, 32))
		return -1;
	if (mlkem_keygen(l, d, z, ek, dk))
		return acvp_fail(t, "keygen failed");
	acvp_put_hex(t, "ek", ek, MLKEM_EK_BYTES(l));
	acvp_put_hex(t, "dk", dk, MLKEM_DK_BYTES(l));
	return 0;
}

/* The test's decapsulation key: field dk, or expanded from d and z in the seed format. */
static int decaps_key(struct acvp_test *t, unsigned l, uint8_t *dk)
{
	if (!acvp_is(t, "keyFormat", "seed"))
		return acvp_hex_exact(t, "dk", dk, MLKEM_DK_BYTES(l));
	uint8_t d[32], z[32], ek[MLKEM_EK_MAX];
	if (acvp_hex_exact(t, "d", d, 32) || acvp_hex_exact(t, "z", z, 32))
		return -1;
	return mlkem_keygen(l, d, z, ek, dk) ? acvp_fail(t, "keygen failed") : 0;
}

static int encap_decap(struct acvp_test *t)
{
	unsigned l = level(t);
	uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX], m[32], ss[32];
	if (acvp_is(t, "function", "encapsulation")) {
		if (acvp_hex_exact(t, "ek", ek, MLKEM_EK_BYTES(l)) || acvp_hex_exact(t, "m", m, 32))
			return -1;
		if (mlkem_encaps(l, ek, m, ct, ss))
			return acvp_fail(t, "ek fails the encapsulation-key check");
		acvp_put_hex(t, "c", ct, MLKEM_CT_BYTES(l));
		acvp_put_hex(t, "k", ss, 32);
		return 0;
	}
	if (acvp_is(t, "function", "decapsulation")) {
		if (decaps_key(t, l, dk) || acvp_hex_exact(t, "c", ct, MLKEM_CT_BYTES(l)))
			return -1;
		if (mlkem_decaps(l, dk, ct, ss))
			return acvp_fail(t, "dk fails the decapsulation-key check");
		acvp_put_hex(t, "k", ss, 32);
		return 0;
	}
	/* The key checks: a key of the wrong length fails the type check. */
	uint8_t *key;
	size_t n;
	if (acvp_is(t, "function", "encapsulationKeyCheck")) {
		if (acvp_hex(t, "ek", &key, &n))
			return -1;
		acvp_put_bool(t, "testPassed", n == MLKEM_EK_BYTES(l) && mlkem_check_ek(l, key));
		return 0;
	}
	if (acvp_is(t, "function", "decapsulationKeyCheck")) {
		if (acvp_is(t, "keyFormat", "seed")) {
			if (decaps_key(t, l, dk))
				return -1;
			acvp_put_bool(t, "testPassed", mlkem_check_dk(l, dk));
			return 0;
		}
		if (acvp_hex(t, "dk", &key, &n))
			return -1;
		acvp_put_bool(t, "testPassed", n == MLKEM_DK_BYTES(l) && mlkem_check_dk(l, key));
		return 0;
	}
	return acvp_fail(t, "unknown function");
}

const struct acvp_handler acvp_mlkem_handlers[] = {
	{ "ML-KEM", "keyGen", check_group, keygen },
	{ "ML-KEM", "encapDecap", check_group, encap_decap },
	{ NULL, NULL, NULL, NULL },
};

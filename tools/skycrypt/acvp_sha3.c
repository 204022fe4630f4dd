/*
 * acvp_sha3.c — ACVP answers for SHA3-224/256/384/512 (AFT, standard MCT),
 * SHAKE-128/256 (AFT, VOT) and cSHAKE-256 (AFT, MCT). Large-data tests (LDT,
 * messages of gigabytes) are skipped, saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "crypto/sha3.h"

#define MCT_MAX_OUT_BYTES 8192       /* cSHAKE MCT outputs: maxOutLen is at most 65536 bits */
#define MAX_OUT_BITS      (1u << 20) /* AFT outputs: far beyond any vector set */

/* The digest size in bits from the algorithm name "SHA3-256" etc. */
static unsigned sha3_bits(const struct acvp_test *t)
{
	static const unsigned sizes[] = { 224, 256, 384, 512 };
	char name[16];
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		snprintf(name, sizeof name, "SHA3-%u", sizes[i]);
		if (acvp_is(t, "algorithm", name))
			return sizes[i];
	}
	return 0;
}

static int skip_ldt(struct acvp_test *t)
{
	if (acvp_is(t, "testType", "LDT")) {
		fprintf(t->log, "skycrypt: acvp: skipped tgId %llu (LDT: messages of gigabytes)\n",
			(unsigned long long)t->tg);
		return 1;
	}
	if (acvp_is(t, "testType", "MCT") && acvp_field(t, "mctVersion") &&
	    !acvp_is(t, "mctVersion", "standard"))
		return acvp_fail(t, "unsupported mctVersion (only \"standard\")");
	return 0;
}

static int sha3_test(struct acvp_test *t)
{
	unsigned bits = sha3_bits(t);
	uint64_t len;
	uint8_t *msg, last, md[64];
	size_t n;
	if (!bits)
		return acvp_fail(t, "unknown SHA-3 size");
	if (acvp_u64(t, "len", &len) || acvp_bits(t, "msg", len, &msg, &n, &last))
		return -1;
	struct sha3 c;
	if (!acvp_is(t, "testType", "MCT")) {
		sha3_init(&c, bits);
		sha3_absorb(&c, msg, n);
		sha3_final_bits(&c, last, len % 8, md);
		acvp_put_hex(t, "md", md, bits / 8);
		return 0;
	}
	/* Standard Monte Carlo: MD = seed; 100 x { 1000 x MD = H(MD); emit MD }. */
	if (len != bits)
		return acvp_fail(t, "MCT seed must be one digest long");
	memcpy(md, msg, bits / 8);
	acvp_begin_array(t, "resultsArray");
	for (int j = 0; j < 100; j++) {
		for (int i = 0; i < 1000; i++) {
			sha3_init(&c, bits);
			sha3_absorb(&c, md, bits / 8);
			sha3_final(&c, md);
		}
		acvp_begin_item(t, j == 0);
		acvp_put_hex(t, "md", md, bits / 8);
		acvp_end_item(t);
	}
	acvp_end_array(t);
	return 0;
}

static int shake_test(struct acvp_test *t)
{
	unsigned security = acvp_is(t, "algorithm", "SHAKE-128") ? 128 : 256;
	uint64_t len, outlen;
	uint8_t *msg, last;
	size_t n;
	if (acvp_is(t, "testType", "MCT"))
		return acvp_fail(t, "SHAKE MCT is not supported");
	if (acvp_u64(t, "len", &len) || acvp_u64(t, "outLen", &outlen) ||
	    acvp_bits(t, "msg", len, &msg, &n, &last))
		return -1;
	if (outlen > MAX_OUT_BITS)
		return acvp_fail(t, "outLen too large");
	uint8_t *md = calloc(1, (size_t)(outlen + 7) / 8 + 1);
	if (!md)
		return acvp_fail(t, "out of memory");
	struct sha3 c;
	shake_init(&c, security);
	sha3_absorb(&c, msg, n);
	shake_finish_bits(&c, last, len % 8);
	shake_squeeze(&c, md, (size_t)(outlen + 7) / 8);
	acvp_put_bits(t, "md", md, outlen);
	free(md);
	return 0;
}

/* One cSHAKE256 of `bits` input bits (whole bytes plus `last`) to `outbits` bits, in sponge order.
 */
static void cshake(const char *n, const uint8_t *s, size_t slen, const uint8_t *msg, size_t bytes,
		   uint8_t last, unsigned lastbits, uint8_t *out, uint64_t outbits)
{
	struct sha3 c;
	cshake256_init(&c, n, strlen(n), s, slen);
	sha3_absorb(&c, msg, bytes);
	shake_finish_bits(&c, last, lastbits);
	shake_squeeze(&c, out, (size_t)(outbits + 7) / 8);
}

/*
 * cSHAKE Monte Carlo (ACVP XOF specification): 1000 rounds per result; each
 * hashes the first 128 bits of the previous output, under a customization
 * string made from that input and the output's last 16 bits, which also
 * choose the next output length within [minOutLen, maxOutLen]. Sample
 * vector sets ask for 3 results, others for 100.
 */
static int cshake_mct(struct acvp_test *t, const uint8_t *seed, size_t seedlen)
{
	uint64_t minlen, maxlen, step = 1;
	bool hex_custom = false, sample = false;
	if (acvp_u64(t, "minOutLen", &minlen) || acvp_u64(t, "maxOutLen", &maxlen) ||
	    (acvp_field(t, "outLenIncrement") && acvp_u64(t, "outLenIncrement", &step)) ||
	    (acvp_field(t, "hexCustomization") && acvp_bool(t, "hexCustomization", &hex_custom)) ||
	    (acvp_field(t, "isSample") && acvp_bool(t, "isSample", &sample)))
		return -1;
	if (hex_custom || minlen < 16 || minlen > maxlen || maxlen > 8 * MCT_MAX_OUT_BYTES ||
	    step == 0)
		return acvp_fail(t, "unsupported MCT parameters");
	uint64_t range = maxlen - minlen + 1, outbits = maxlen;
	uint8_t *out = calloc(1, MCT_MAX_OUT_BYTES), inner[16];
	char custom[sizeof inner + 3] = "";
	if (!out)
		return acvp_fail(t, "out of memory");
	memcpy(out, seed, seedlen < MCT_MAX_OUT_BYTES ? seedlen : MCT_MAX_OUT_BYTES);
	acvp_begin_array(t, "resultsArray");
	for (int j = 0; j < (sample ? 3 : 100); j++) {
		uint64_t bits = 0;
		for (int i = 0; i < 1000; i++) {
			memcpy(inner, out, sizeof inner); /* out is zero beyond its bits */
			bits = outbits;
			memset(out, 0, MCT_MAX_OUT_BYTES);
			cshake("", (const uint8_t *)custom, strlen(custom), inner, sizeof inner, 0,
			       0, out, bits);
			acvp_bit_order(out, bits);
			uint8_t right[2];
			for (int b = 0; b < 16;
			     b++) { /* the last 16 bits, first bit most significant */
				uint64_t at = bits - 16 + (uint64_t)b;
				unsigned bit = out[at / 8] >> (7 - at % 8) & 1;
				right[b / 8] = (uint8_t)(right[b / 8] << 1 | bit);
			}
			unsigned value = (unsigned)right[0] << 8 | right[1];
			outbits = minlen + (value % range) / step * step;
			for (size_t k = 0; k < sizeof inner; k++)
				custom[k] = (char)('A' + inner[k] % 26);
			custom[16] = (char)('A' + right[0] % 26);
			custom[17] = (char)('A' + right[1] % 26);
			custom[18] = '\0';
		}
		acvp_begin_item(t, j == 0);
		acvp_put_hex(t, "md", out, (size_t)(bits + 7) / 8);
		acvp_put_u64(t, "outLen", bits);
		acvp_end_item(t);
	}
	acvp_end_array(t);
	free(out);
	return 0;
}

static int cshake_test(struct acvp_test *t)
{
	uint64_t len, outlen;
	uint8_t *msg, last;
	size_t n;
	char name[256], custom[2048];
	if (acvp_u64(t, "len", &len) || acvp_bits(t, "msg", len, &msg, &n, &last))
		return -1;
	if (acvp_is(t, "testType", "MCT"))
		return cshake_mct(t, msg, n);
	if (acvp_u64(t, "outLen", &outlen) || acvp_string(t, "functionName", name, sizeof name) ||
	    acvp_string(t, "customization", custom, sizeof custom))
		return -1;
	if (outlen > MAX_OUT_BITS)
		return acvp_fail(t, "outLen too large");
	uint8_t *md = calloc(1, (size_t)(outlen + 7) / 8 + 1);
	if (!md)
		return acvp_fail(t, "out of memory");
	cshake(name, (const uint8_t *)custom, strlen(custom), msg, n, last, len % 8, md, outlen);
	acvp_put_bits(t, "md", md, outlen);
	acvp_put_u64(t, "outLen", outlen);
	free(md);
	return 0;
}

const struct acvp_handler acvp_sha3_handlers[] = {
	{ "SHA3-224", NULL, skip_ldt, sha3_test },     { "SHA3-256", NULL, skip_ldt, sha3_test },
	{ "SHA3-384", NULL, skip_ldt, sha3_test },     { "SHA3-512", NULL, skip_ldt, sha3_test },
	{ "SHAKE-128", NULL, skip_ldt, shake_test },   { "SHAKE-256", NULL, skip_ldt, shake_test },
	{ "cSHAKE-256", NULL, skip_ldt, cshake_test }, { NULL, NULL, NULL, NULL },
};

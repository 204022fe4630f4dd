/*
 * commands.c — the key, signature, KEM, hash and sealing commands of
 * skycrypt. Key files hold the raw FIPS 203/204 encodings (secret keys in
 * the expanded form, written with mode 0600); randomness comes from the
 * KMAC DRBG seeded by getrandom. Exit status: 0 done (or valid), 1 a
 * signature did not verify or a sealed file did not authenticate, 2 any
 * error. Every output file is written whole or not at all.
 */
#include "commands.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/entropy.h"
#include "common/file.h"
#include "common/hex.h"
#include "crypto/aead.h"
#include "crypto/ct.h"
#include "crypto/drbg.h"
#include "crypto/mldsa.h"
#include "crypto/mlkem.h"
#include "crypto/sha2.h"
#include "crypto/sha3.h"

#define FILE_LIMIT  (1ull << 30) /* inputs we sign, hash whole or seal */
#define SEAL_MAGIC  "SKYSEAL1"
#define SEAL_HEADER (8 + XCHACHA20POLY1305_NONCE)

struct options {
	const char *alg, *seed, *pk, *sk, *in, *out, *sig, *context, *ct, *ss, *key, *aad, *len;
	bool deterministic;
	const char *file; /* the one positional argument (hash) */
};

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "skycrypt: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

/* Parse "--name value" pairs, the --deterministic flag and at most one positional argument. */
static int parse(int argc, char **argv, struct options *o)
{
	static const struct {
		const char *name;
		size_t offset;
	} names[] = {
#define OPTION(n) { "--" #n, offsetof(struct options, n) }
		OPTION(alg), OPTION(seed), OPTION(pk),      OPTION(sk), OPTION(in),
		OPTION(out), OPTION(sig),  OPTION(context), OPTION(ct), OPTION(ss),
		OPTION(key), OPTION(aad),  OPTION(len),
#undef OPTION
	};
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--deterministic") == 0) {
			o->deterministic = true;
			continue;
		}
		if (strncmp(argv[i], "--", 2) != 0) {
			if (o->file)
				return fail("unexpected argument '%s'", argv[i]);
			o->file = argv[i];
			continue;
		}
		size_t k = 0;
		while (k < sizeof names / sizeof *names && strcmp(argv[i], names[k].name) != 0)
			k++;
		if (k == sizeof names / sizeof *names)
			return fail("unknown option '%s' (see skycrypt --help)", argv[i]);
		if (i + 1 == argc)
			return fail("option '%s' needs a value", argv[i]);
		*(const char **)((char *)o + names[k].offset) = argv[++i];
	}
	return 0;
}

static int need(const char *value, const char *option)
{
	return value ? 0 : fail("missing %s", option);
}

/* Free a buffer that may hold a secret. */
static void unload(uint8_t *data, size_t size)
{
	if (data)
		ct_zeroize(data, size);
	free(data);
}

/* Read a whole file; exactly `want` bytes unless want is 0. NULL after an error message. */
static uint8_t *load(const char *path, size_t *size, size_t want, const char *what)
{
	const char *why;
	uint8_t *data = file_read(path, size, FILE_LIMIT, &why);
	if (!data) {
		fprintf(stderr, "skycrypt: cannot read %s '%s': %s\n", what, path, why);
		return NULL;
	}
	if (want && *size != want) {
		fprintf(stderr, "skycrypt: %s '%s' has %zu bytes, not %zu\n", what, path, *size,
			want);
		unload(data, *size);
		return NULL;
	}
	return data;
}

static int store(const char *path, const void *data, size_t size, unsigned mode)
{
	return file_write(path, data, size, mode) ? fail("cannot write '%s'", path) : 0;
}

/* Write two files that belong together (a key pair, a ciphertext and its secret): both or neither.
 */
static int store_pair(const char *path1, const void *data1, size_t size1, unsigned mode1,
		      const char *path2, const void *data2, size_t size2, unsigned mode2)
{
	char *tmp1, *tmp2;
	if (file_stage(path1, data1, size1, mode1, &tmp1))
		return fail("cannot write '%s'", path1);
	if (file_stage(path2, data2, size2, mode2, &tmp2)) {
		file_discard(tmp1);
		return fail("cannot write '%s'", path2);
	}
	if (file_commit(tmp1, path1)) {
		file_discard(tmp2);
		return fail("cannot write '%s'", path1);
	}
	return file_commit(tmp2, path2) ? fail("cannot write '%s'", path2) : 0;
}

/* Decode a hex option into a malloc'd buffer (empty when absent). */
static int hex_option(const char *hex, const char *name, uint8_t **out, size_t *len)
{
	size_t digits = hex ? strlen(hex) : 0;
	*out = malloc(digits / 2 + 1);
	long n = *out ? hex_decode(hex ? hex : "", digits, *out, digits / 2) : -1;
	if (n < 0) {
		free(*out);
		*out = NULL;
		return fail("%s is not an even number of hex digits", name);
	}
	*len = (size_t)n;
	return 0;
}

/* Fresh random bytes: a DRBG seeded from getrandom for each call (keys and nonces are few). */
static int random_bytes(uint8_t *out, size_t len)
{
	uint8_t seed[DRBG_INIT_ENTROPY];
	struct drbg g;
	if (entropy_get(seed, sizeof seed))
		return fail("%s", "the system gave no entropy (getrandom)");
	drbg_init(&g, seed, sizeof seed, (const uint8_t *)"skycrypt", 8);
	int err = drbg_generate(&g, out, len, NULL, 0);
	drbg_wipe(&g);
	ct_zeroize(seed, sizeof seed);
	return err ? fail("%s", "the DRBG refused") : 0;
}

/* The algorithm named by --alg: a level of ML-DSA or ML-KEM. */
struct scheme {
	const char *name;
	bool kem;
	unsigned level;
};

static const struct scheme schemes[] = {
	{ "ml-dsa-44", false, 44 },  { "ml-dsa-65", false, 65 },  { "ml-dsa-87", false, 87 },
	{ "ml-kem-512", true, 512 }, { "ml-kem-768", true, 768 }, { "ml-kem-1024", true, 1024 },
};

static const struct scheme *scheme(const char *alg, bool kem)
{
	for (size_t i = 0; alg && i < sizeof schemes / sizeof *schemes; i++)
		if (strcmp(alg, schemes[i].name) == 0 && schemes[i].kem == kem)
			return &schemes[i];
	fail(kem ? "--alg must be ml-kem-512, ml-kem-768 or ml-kem-1024 (got '%s')"
		 : "--alg must be ml-dsa-44, ml-dsa-65 or ml-dsa-87 (got '%s')",
	     alg ? alg : "nothing");
	return NULL;
}

static int keygen(const struct options *o)
{
	const struct scheme *s = scheme(o->alg, o->alg && strncmp(o->alg, "ml-kem", 6) == 0);
	if (!s || need(o->pk, "--pk FILE") || need(o->sk, "--sk FILE"))
		return 2;
	_Static_assert(MLKEM_EK_MAX <= MLDSA_PK_BYTES(87) && MLKEM_DK_MAX <= MLDSA_SK_BYTES(87),
		       "key buffers hold either scheme's keys");
	size_t seedlen = s->kem ? 64 : 32, n;
	uint8_t seed[64], *given = NULL, pk[MLDSA_PK_BYTES(87)], sk[MLDSA_SK_BYTES(87)];
	if (o->seed) {
		/* "--seed -" reads the hex from stdin: a seed on the command line is visible to
		 * others. */
		char line[2 * 64 + 2] = "";
		const char *hex = o->seed;
		if (strcmp(hex, "-") == 0) {
			size_t got = fread(line, 1, sizeof line - 1, stdin);
			line[got] = '\0';
			line[strcspn(line, " \t\r\n")] = '\0';
			hex = line;
		}
		int bad_hex = hex_option(hex, "--seed", &given, &n);
		ct_zeroize(line, sizeof line);
		if (bad_hex)
			return 2;
		int wrong = n != seedlen;
		if (!wrong)
			memcpy(seed, given, n);
		unload(given, n);
		if (wrong)
			return fail(s->kem ? "--seed must be 64 bytes (d || z) for %s"
					   : "--seed must be 32 bytes for %s",
				    s->name);
	} else if (random_bytes(seed, seedlen)) {
		return 2;
	}
	size_t pklen, sklen;
	if (s->kem) {
		mlkem_keygen(s->level, seed, seed + 32, pk, sk);
		pklen = MLKEM_EK_BYTES(s->level);
		sklen = MLKEM_DK_BYTES(s->level);
	} else {
		mldsa_keygen(s->level, seed, pk, sk);
		pklen = MLDSA_PK_BYTES(s->level);
		sklen = MLDSA_SK_BYTES(s->level);
	}
	int err = store_pair(o->sk, sk, sklen, 0600, o->pk, pk, pklen, 0644);
	ct_zeroize(seed, sizeof seed);
	ct_zeroize(sk, sizeof sk);
	return err;
}

static int sign(const struct options *o)
{
	const struct scheme *s = scheme(o->alg, false);
	if (!s || need(o->sk, "--sk FILE") || need(o->in, "--in FILE") ||
	    need(o->out, "--out FILE"))
		return 2;
	uint8_t *ctx, *sk = NULL, *msg = NULL, rnd[32] = { 0 }, sig[MLDSA_SIG_BYTES(87)];
	size_t ctxlen, sklen = 0, mlen = 0;
	if (hex_option(o->context, "--context", &ctx, &ctxlen))
		return 2;
	int err = 2;
	if (ctxlen > 255) {
		fail("%s", "--context is at most 255 bytes");
		goto out;
	}
	if (!(sk = load(o->sk, &sklen, MLDSA_SK_BYTES(s->level), "secret key")) ||
	    !(msg = load(o->in, &mlen, 0, "input")) || (!o->deterministic && random_bytes(rnd, 32)))
		goto out;
	mldsa_sign(s->level, sk, msg, mlen, ctx, ctxlen, rnd, sig);
	err = store(o->out, sig, MLDSA_SIG_BYTES(s->level), 0644);
out:
	unload(sk, sklen);
	free(msg);
	free(ctx);
	ct_zeroize(rnd, sizeof rnd);
	return err;
}

static int verify(const struct options *o)
{
	const struct scheme *s = scheme(o->alg, false);
	if (!s || need(o->pk, "--pk FILE") || need(o->in, "--in FILE") ||
	    need(o->sig, "--sig FILE"))
		return 2;
	uint8_t *ctx, *pk = NULL, *msg = NULL, *sig = NULL;
	size_t ctxlen, pklen, mlen, siglen;
	if (hex_option(o->context, "--context", &ctx, &ctxlen))
		return 2;
	int result = 2;
	if ((pk = load(o->pk, &pklen, MLDSA_PK_BYTES(s->level), "public key")) &&
	    (msg = load(o->in, &mlen, 0, "input")) &&
	    (sig = load(o->sig, &siglen, 0, "signature"))) {
		/* A signature of the wrong size is simply not valid. */
		bool ok = siglen == MLDSA_SIG_BYTES(s->level) &&
			  mldsa_verify(s->level, pk, msg, mlen, ctx, ctxlen, sig);
		printf("%s\n", ok ? "valid" : "INVALID");
		result = ok ? 0 : 1;
	}
	free(pk);
	free(msg);
	free(sig);
	free(ctx);
	return result;
}

static int encaps(const struct options *o)
{
	const struct scheme *s = scheme(o->alg, true);
	if (!s || need(o->pk, "--pk FILE") || need(o->ct, "--ct FILE") || need(o->ss, "--ss FILE"))
		return 2;
	size_t eklen;
	uint8_t *ek = load(o->pk, &eklen, MLKEM_EK_BYTES(s->level), "public key");
	uint8_t m[32], ct[MLKEM_CT_MAX], ss[32];
	int err = 2;
	if (ek && !random_bytes(m, 32)) {
		if (mlkem_encaps(s->level, ek, m, ct, ss))
			fail("'%s' is not a valid encapsulation key (FIPS 203 §7.2)", o->pk);
		else
			err = store_pair(o->ss, ss, 32, 0600, o->ct, ct, MLKEM_CT_BYTES(s->level),
					 0644);
	}
	free(ek);
	ct_zeroize(m, sizeof m);
	ct_zeroize(ss, sizeof ss);
	return err;
}

static int decaps(const struct options *o)
{
	const struct scheme *s = scheme(o->alg, true);
	if (!s || need(o->sk, "--sk FILE") || need(o->ct, "--ct FILE") || need(o->ss, "--ss FILE"))
		return 2;
	size_t dklen = 0, ctlen;
	uint8_t *dk = load(o->sk, &dklen, MLKEM_DK_BYTES(s->level), "secret key"), *ct = NULL,
		ss[32];
	int err = 2;
	if (dk && (ct = load(o->ct, &ctlen, MLKEM_CT_BYTES(s->level), "ciphertext"))) {
		/* A wrong ciphertext still gives a key (implicit rejection): only a corrupt dk is
		 * an error. */
		if (mlkem_decaps(s->level, dk, ct, ss))
			fail("'%s' is not a valid decapsulation key (FIPS 203 §7.3)", o->sk);
		else
			err = store(o->ss, ss, 32, 0600);
	}
	unload(dk, dklen);
	free(ct);
	ct_zeroize(ss, sizeof ss);
	return err;
}

/* An incremental hash: SHA-3 sizes and SHAKE through struct sha3, SHA-2 through its own contexts.
 */
struct hasher {
	const char *name;
	unsigned bits;  /* SHA3-x digest bits, SHAKE security bits, or SHA-2 digest bits */
	int kind;       /* 0 SHA-3, 1 SHAKE, 2 SHA-256 family, 3 SHA-512 family */
	size_t xof_len; /* default SHAKE output bytes */
};

static const struct hasher hashers[] = {
	{ "sha3-224", 224, 0, 0 }, { "sha3-256", 256, 0, 0 },  { "sha3-384", 384, 0, 0 },
	{ "sha3-512", 512, 0, 0 }, { "shake128", 128, 1, 32 }, { "shake256", 256, 1, 64 },
	{ "sha256", 256, 2, 0 },   { "sha512", 512, 3, 0 },
};

static int hash(const struct options *o)
{
	const struct hasher *h = NULL;
	for (size_t i = 0; o->alg && i < sizeof hashers / sizeof *hashers; i++)
		if (strcmp(o->alg, hashers[i].name) == 0)
			h = &hashers[i];
	if (!h)
		return fail("--alg must be sha3-224, sha3-256, sha3-384, sha3-512, shake128, "
			    "shake256, sha256 or "
			    "sha512 (got '%s')",
			    o->alg ? o->alg : "nothing");
	if (need(o->file, "FILE"))
		return 2;
	size_t outlen = h->kind == 1 ? h->xof_len : h->bits / 8;
	if (o->len) {
		char *end;
		unsigned long v = strtoul(o->len, &end, 10);
		if (h->kind != 1 || *end || end == o->len || v == 0 || v > 1 << 20)
			return fail("--len N (1 to 1048576 bytes) is for shake128 and shake256 "
				    "only, not '%s'",
				    o->len);
		outlen = v;
	}
	FILE *f = strcmp(o->file, "-") == 0 ? stdin : fopen(o->file, "rb");
	if (!f)
		return fail("cannot open '%s'", o->file);
	struct sha3 c3;
	struct sha256 c256;
	struct sha512 c512;
	if (h->kind == 0)
		sha3_init(&c3, h->bits);
	else if (h->kind == 1)
		shake_init(&c3, h->bits);
	else if (h->kind == 2)
		sha256_init(&c256);
	else
		sha512_init(&c512);
	static uint8_t buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (h->kind <= 1)
			sha3_absorb(&c3, buf, n);
		else if (h->kind == 2)
			sha256_update(&c256, buf, n);
		else
			sha512_update(&c512, buf, n);
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	ct_zeroize(buf, sizeof buf); /* the input may be secret */
	if (bad)
		return fail("cannot read '%s'", o->file);
	uint8_t *out = malloc(outlen);
	if (!out)
		return fail("%s", "out of memory");
	if (h->kind == 0) {
		sha3_final(&c3, out);
	} else if (h->kind == 1) {
		shake_finish(&c3);
		shake_squeeze(&c3, out, outlen);
	} else if (h->kind == 2) {
		sha256_final(&c256, out);
	} else {
		sha512_final(&c512, out);
	}
	ct_zeroize(&c3, sizeof c3);
	for (size_t i = 0; i < outlen; i++)
		printf("%02x", out[i]);
	printf("  %s\n", o->file);
	free(out);
	return 0;
}

/*
 * Sealed file: "SKYSEAL1" (8 bytes), the random XChaCha20 nonce (24), the
 * ciphertext (as long as the plaintext), the Poly1305 tag (16). The AEAD's
 * associated data is the magic followed by the --aad bytes, so the version
 * is authenticated too.
 */
static int seal_or_open(const struct options *o, bool seal)
{
	if (need(o->key, "--key FILE") || need(o->in, "--in FILE") || need(o->out, "--out FILE"))
		return 2;
	uint8_t *aad, *ad = NULL, *key = NULL, *in = NULL, *out = NULL;
	size_t aadlen, keylen = 0, inlen = 0, outlen = 0;
	if (hex_option(o->aad, "--aad", &aad, &aadlen))
		return 2;
	int err = 2;
	if (!(ad = malloc(8 + aadlen)) || !(key = load(o->key, &keylen, AEAD_KEY_BYTES, "key")) ||
	    !(in = load(o->in, &inlen, 0, "input")))
		goto out;
	memcpy(ad, SEAL_MAGIC, 8);
	memcpy(ad + 8, aad, aadlen);
	if (seal) {
		outlen = SEAL_HEADER + inlen + AEAD_TAG_BYTES;
		if (!(out = malloc(outlen)) || random_bytes(out + 8, XCHACHA20POLY1305_NONCE))
			goto out;
		memcpy(out, SEAL_MAGIC, 8);
		if (aead_xchacha20poly1305_seal(key, out + 8, ad, 8 + aadlen, in, inlen,
						out + SEAL_HEADER, out + SEAL_HEADER + inlen))
			fail("'%s' is too long to seal",
			     o->in); /* cannot happen under FILE_LIMIT */
		else
			err = store(o->out, out, outlen, 0644);
		goto out;
	}
	if (inlen < SEAL_HEADER + AEAD_TAG_BYTES || memcmp(in, SEAL_MAGIC, 8) != 0) {
		fail("'%s' is not a sealed file (no SKYSEAL1 header)", o->in);
		goto out;
	}
	outlen = inlen - SEAL_HEADER - AEAD_TAG_BYTES;
	if (!(out = malloc(outlen + 1)))
		goto out;
	if (aead_xchacha20poly1305_open(key, in + 8, ad, 8 + aadlen, in + SEAL_HEADER, outlen,
					in + SEAL_HEADER + outlen, out)) {
		fprintf(stderr,
			"skycrypt: '%s' does not authenticate (wrong key, AAD, or altered)\n",
			o->in);
		err = 1;
		goto out;
	}
	err = store(o->out, out, outlen, 0600);
out:
	unload(key, keylen);
	unload(out, out && !seal ? outlen : 0);
	unload(in, in && seal ? inlen : 0);
	free(ad);
	free(aad);
	return err;
}

static int seal(const struct options *o)
{
	return seal_or_open(o, true);
}

static int open_sealed(const struct options *o)
{
	return seal_or_open(o, false);
}

static const struct {
	const char *name;
	int (*run)(const struct options *o);
} commands[] = {
	{ "keygen", keygen }, { "sign", sign }, { "verify", verify }, { "encaps", encaps },
	{ "decaps", decaps }, { "hash", hash }, { "seal", seal },     { "open", open_sealed },
};

int command_run(const char *name, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(name, commands[i].name) != 0)
			continue;
		struct options o = { 0 };
		if (parse(argc, argv, &o))
			return 2;
		if (o.file && strcmp(name, "hash") != 0)
			return fail("unexpected argument '%s'", o.file);
		return commands[i].run(&o);
	}
	return fail("unknown command '%s' (see skycrypt --help)", name);
}

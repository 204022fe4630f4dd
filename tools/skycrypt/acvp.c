/*
 * acvp.c — the prompt walker and response writer of `skycrypt acvp`. The
 * response is built in memory and printed only when every test was
 * answered, so an error never leaves half a response on stdout.
 */
#include "acvp.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/hex.h"
#include "sky/error.h"

#define PROMPT_LIMIT (1u << 30)

static const struct acvp_handler *const handler_sets[] = {
	acvp_sha3_handlers,
	acvp_mlkem_handlers,
	acvp_mldsa_handlers,
};

int acvp_fail(struct acvp_test *t, const char *fmt, ...)
{
	va_list ap;
	fprintf(t->log, "skycrypt: acvp: tgId %llu tcId %llu: ", (unsigned long long)t->tg,
		(unsigned long long)t->tc);
	va_start(ap, fmt);
	vfprintf(t->log, fmt, ap);
	va_end(ap);
	fputc('\n', t->log);
	return -1;
}

uint32_t acvp_field(const struct acvp_test *t, const char *name)
{
	uint32_t v = t->test ? json_get(t->j, t->test, name) : 0;
	if (!v)
		v = json_get(t->j, t->group, name);
	return v ? v : json_get(t->j, t->vs, name);
}

int acvp_hex(struct acvp_test *t, const char *name, uint8_t **data, size_t *len)
{
	uint32_t f = acvp_field(t, name);
	if (!f || t->j->tok[f].type != JSON_STRING)
		return acvp_fail(t, "missing hex string \"%s\"", name);
	if (t->nscratch == sizeof t->scratch / sizeof *t->scratch)
		return acvp_fail(t, "too many fields");
	size_t digits = t->j->tok[f].len;
	uint8_t *buf = malloc(digits / 2 + 1);
	if (!buf)
		return acvp_fail(t, "out of memory");
	t->scratch[t->nscratch++] = buf;
	long n = hex_decode(t->j->text + t->j->tok[f].start, digits, buf, digits / 2);
	if (n < 0)
		return acvp_fail(t, "\"%s\" is not hex", name);
	*data = buf;
	*len = (size_t)n;
	return 0;
}

int acvp_hex_exact(struct acvp_test *t, const char *name, uint8_t *out, size_t len)
{
	uint8_t *p;
	size_t n;
	if (acvp_hex(t, name, &p, &n))
		return -1;
	if (n != len)
		return acvp_fail(t, "\"%s\" has %zu bytes, not %zu", name, n, len);
	memcpy(out, p, len);
	return 0;
}

int acvp_u64(struct acvp_test *t, const char *name, uint64_t *v)
{
	uint32_t f = acvp_field(t, name);
	if (!f || !json_u64(t->j, f, v))
		return acvp_fail(t, "missing whole number \"%s\"", name);
	return 0;
}

int acvp_bool(struct acvp_test *t, const char *name, bool *v)
{
	uint32_t f = acvp_field(t, name);
	if (!f || !json_bool(t->j, f, v))
		return acvp_fail(t, "missing boolean \"%s\"", name);
	return 0;
}

bool acvp_is(const struct acvp_test *t, const char *name, const char *s)
{
	uint32_t f = acvp_field(t, name);
	return f && json_is_string(t->j, f, s);
}

int acvp_string(struct acvp_test *t, const char *name, char *out, size_t cap)
{
	uint32_t f = acvp_field(t, name);
	if (!f || json_string(t->j, f, out, cap) < 0)
		return acvp_fail(t, "missing or overlong string \"%s\"", name);
	return 0;
}

int acvp_bits(struct acvp_test *t, const char *name, uint64_t bits, uint8_t **data, size_t *bytes,
	      uint8_t *last)
{
	size_t n;
	if (acvp_hex(t, name, data, &n))
		return -1;
	uint64_t need = bits / 8 + (bits % 8 != 0); /* (bits + 7) / 8 could wrap */
	if (n != need && !(bits == 0 && n == 1))
		return acvp_fail(t, "\"%s\" has %zu bytes for %llu bits", name, n,
				 (unsigned long long)bits);
	*bytes = (size_t)(bits / 8);
	unsigned k = bits % 8;
	*last = k ? (uint8_t)((*data)[*bytes] >> (8 - k)) : 0;
	return 0;
}

static void put_key(struct acvp_test *t, const char *name)
{
	fprintf(t->out, "%s\"%s\": ", t->first ? "" : ", ", name);
	t->first = false;
}

void acvp_put_hex(struct acvp_test *t, const char *name, const uint8_t *p, size_t n)
{
	put_key(t, name);
	fputc('"', t->out);
	hex_write(t->out, p, n);
	fputc('"', t->out);
}

void acvp_bit_order(uint8_t *p, uint64_t bits)
{
	unsigned k = bits % 8;
	if (k)
		p[bits / 8] = (uint8_t)((p[bits / 8] & ((1u << k) - 1)) << (8 - k));
}

void acvp_put_bits(struct acvp_test *t, const char *name, uint8_t *p, uint64_t bits)
{
	acvp_bit_order(p, bits);
	acvp_put_hex(t, name, p, (size_t)((bits + 7) / 8));
}

void acvp_put_bool(struct acvp_test *t, const char *name, bool v)
{
	put_key(t, name);
	fputs(v ? "true" : "false", t->out);
}

void acvp_put_u64(struct acvp_test *t, const char *name, uint64_t v)
{
	put_key(t, name);
	fprintf(t->out, "%llu", (unsigned long long)v);
}

void acvp_begin_array(struct acvp_test *t, const char *name)
{
	put_key(t, name);
	fputc('[', t->out);
}

void acvp_begin_item(struct acvp_test *t, bool first_item)
{
	fputs(first_item ? "{" : ", {", t->out);
	t->first = true;
}

void acvp_end_item(struct acvp_test *t)
{
	fputc('}', t->out);
}

void acvp_end_array(struct acvp_test *t)
{
	fputc(']', t->out);
	t->first = false;
}

/* The raw text of token v (a number or literal), for copying into the response. */
static void put_raw(FILE *out, const struct json *j, const char *name, uint32_t v)
{
	if (!v)
		return;
	const struct json_token *k = &j->tok[v];
	if (k->type == JSON_STRING)
		fprintf(out, "  \"%s\": \"%.*s\",\n", name, (int)k->len, j->text + k->start);
	else if (k->type == JSON_NUMBER)
		fprintf(out, "  \"%s\": %.*s,\n", name, (int)k->len, j->text + k->start);
	else if (k->type == JSON_TRUE || k->type == JSON_FALSE)
		fprintf(out, "  \"%s\": %s,\n", name, k->type == JSON_TRUE ? "true" : "false");
}

static const struct acvp_handler *find_handler(const struct json *j, uint32_t vs)
{
	uint32_t alg = json_get(j, vs, "algorithm"), mode = json_get(j, vs, "mode");
	for (size_t s = 0; s < sizeof handler_sets / sizeof *handler_sets; s++)
		for (const struct acvp_handler *h = handler_sets[s]; h->algorithm; h++)
			if (alg && json_is_string(j, alg, h->algorithm) &&
			    (h->mode ? mode && json_is_string(j, mode, h->mode) : !mode))
				return h;
	return NULL;
}

static void free_scratch(struct acvp_test *t)
{
	while (t->nscratch)
		free(t->scratch[--t->nscratch]);
}

/* Answer every test of group g; 0, or -1 after an error was printed. */
static int answer_group(const struct acvp_handler *h, struct acvp_test *t, bool *first_group)
{
	t->test = 0;
	t->tc = 0;
	int verdict = h->group ? h->group(t) : 0;
	if (verdict)
		return verdict < 0 ? -1 : 0;
	uint32_t tests = json_get(t->j, t->group, "tests");
	if (!tests || t->j->tok[tests].type != JSON_ARRAY)
		return acvp_fail(t, "group without a \"tests\" array");
	fprintf(t->out, "%s    {\"tgId\": %llu, \"tests\": [\n", *first_group ? "" : ",\n",
		(unsigned long long)t->tg);
	*first_group = false;
	for (uint32_t c = t->j->tok[tests].child; c; c = t->j->tok[c].next) {
		t->test = c;
		uint32_t id = json_get(t->j, c, "tcId");
		if (!id || !json_u64(t->j, id, &t->tc))
			return acvp_fail(t, "test without a tcId");
		fprintf(t->out, "%s      {\"tcId\": %llu", c == t->j->tok[tests].child ? "" : ",\n",
			(unsigned long long)t->tc);
		t->first = false;
		int err = h->test(t);
		free_scratch(t);
		if (err)
			return -1;
		fputc('}', t->out);
	}
	fputs("\n    ]}", t->out);
	return 0;
}

static int answer(const struct json *j, uint32_t vs, FILE *out, FILE *log)
{
	const struct acvp_handler *h = find_handler(j, vs);
	if (!h) {
		char alg[64] = "?", mode[64] = "";
		json_string(j, json_get(j, vs, "algorithm"), alg, sizeof alg);
		json_string(j, json_get(j, vs, "mode"), mode, sizeof mode);
		fprintf(log, "skycrypt: acvp: unsupported algorithm \"%s\"%s%s\n", alg,
			*mode ? " mode " : "", mode);
		return -1;
	}
	uint32_t groups = json_get(j, vs, "testGroups");
	if (!groups || j->tok[groups].type != JSON_ARRAY) {
		fprintf(log, "skycrypt: acvp: no \"testGroups\" array\n");
		return -1;
	}
	fputs("{\n", out);
	put_raw(out, j, "vsId", json_get(j, vs, "vsId"));
	put_raw(out, j, "algorithm", json_get(j, vs, "algorithm"));
	put_raw(out, j, "mode", json_get(j, vs, "mode"));
	put_raw(out, j, "revision", json_get(j, vs, "revision"));
	put_raw(out, j, "isSample", json_get(j, vs, "isSample"));
	fputs("  \"testGroups\": [\n", out);
	struct acvp_test t = { .j = j, .vs = vs, .out = out, .log = log };
	bool first_group = true;
	for (uint32_t g = j->tok[groups].child; g; g = j->tok[g].next) {
		t.group = g;
		uint32_t id = json_get(j, g, "tgId");
		if (j->tok[g].type != JSON_OBJECT || !id || !json_u64(j, id, &t.tg)) {
			fprintf(log, "skycrypt: acvp: a test group without a tgId\n");
			return -1;
		}
		if (answer_group(h, &t, &first_group)) {
			free_scratch(&t);
			return -1;
		}
	}
	fputs("\n  ]\n}\n", out);
	return 0;
}

/* The vector set: the root object, or the element of a root array that has testGroups. */
static uint32_t vector_set(const struct json *j)
{
	if (j->tok[0].type == JSON_OBJECT)
		return 0;
	if (j->tok[0].type == JSON_ARRAY)
		for (uint32_t e = j->tok[0].child; e; e = j->tok[e].next)
			if (json_get(j, e, "testGroups"))
				return e;
	return UINT32_MAX;
}

int acvp_answer(const char *text, size_t size, const char *name, FILE *out, FILE *log)
{
	/* Grow the token array until the text fits (a value takes at least one byte). */
	struct json j;
	struct json_token *tok = NULL;
	int err = -1;
	for (size_t cap = size / 16 + 16;; cap *= 2) {
		free(tok);
		tok = malloc(cap * sizeof *tok);
		if (!tok) {
			fprintf(log, "skycrypt: acvp: out of memory\n");
			return -1;
		}
		err = json_parse(&j, text, size, tok, (uint32_t)cap);
		if (!err || strstr(j.error, "token") == NULL || cap > size)
			break;
	}
	uint32_t vs = err ? 0 : vector_set(&j);
	if (err)
		fprintf(log, "skycrypt: acvp: %s: malformed JSON at byte %zu: %s\n", name,
			j.error_at, j.error);
	else if (vs == UINT32_MAX)
		fprintf(log, "skycrypt: acvp: %s: no vector set (an object with \"testGroups\")\n",
			name);
	else
		err = answer(&j, vs, out, log);
	free(tok);
	return err || vs == UINT32_MAX ? -1 : 0;
}

int acvp_run(const char *path)
{
	size_t size, response_size = 0;
	const char *why;
	char *text = (char *)file_read_gunzip(path, &size, PROMPT_LIMIT, &why), *response = NULL;
	if (!text) {
		fprintf(stderr, "skycrypt: acvp: %s: %s\n", path, why);
		return 2;
	}
	FILE *out = open_memstream(&response, &response_size);
	int err = out ? acvp_answer(text, size, path, out, stderr) : -1;
	if (out)
		fclose(out);
	if (!err && fwrite(response, 1, response_size, stdout) != response_size)
		err = -1;
	free(response);
	free(text);
	return err ? 2 : 0;
}

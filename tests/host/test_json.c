/*
 * test_json — the strict reader accepts what RFC 8259 allows, builds the
 * tree the header describes, and refuses each thing it must refuse with the
 * right offset.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json/json.h"

static struct json_token tok[256];

static int parse(struct json *j, const char *text)
{
	return json_parse(j, text, strlen(text), tok, 256);
}

static void tree(void)
{
	struct json j;
	const char *t = " {\"a\": [1, true, null], \"b\": {\"c\": \"x\\u00e9\\ud83d\\ude00\"}, "
			"\"n\": 18446744073709551615} ";
	EXPECT(parse(&j, t) == 0);
	EXPECT(tok[0].type == JSON_OBJECT && tok[0].len == 3);
	uint32_t a = json_get(&j, 0, "a");
	EXPECT(a && tok[a].type == JSON_ARRAY && tok[a].len == 3);
	uint32_t e = tok[a].child;
	uint64_t v = 0;
	EXPECT(json_u64(&j, e, &v) && v == 1);
	bool bv = false;
	EXPECT(json_bool(&j, tok[e].next, &bv) && bv);
	EXPECT(tok[tok[tok[e].next].next].type == JSON_NULL &&
	       tok[tok[tok[e].next].next].next == 0);
	uint32_t c = json_get(&j, json_get(&j, 0, "b"), "c");
	char s[16];
	EXPECT(json_string(&j, c, s, sizeof s) == 7);
	EXPECT(memcmp(s, "x\xc3\xa9\xf0\x9f\x98\x80", 8) == 0);
	EXPECT(json_string(&j, c, s, 7) == -1); /* no room for the NUL */
	EXPECT(json_u64(&j, json_get(&j, 0, "n"), &v) && v == UINT64_MAX);
	EXPECT(json_get(&j, 0, "missing") == 0);
	EXPECT(json_get(&j, a, "a") == 0); /* not an object */
}

static void escapes(void)
{
	struct json j;
	EXPECT(parse(&j, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"") == 0);
	char s[16];
	EXPECT(json_string(&j, 0, s, sizeof s) == 8 && memcmp(s, "\"\\/\b\f\n\r\t", 8) == 0);
	EXPECT(parse(&j, "{\"k\\u0065y\": 1}") == 0);
	EXPECT(json_get(&j, 0, "key") != 0);
	EXPECT(json_is_string(&j, tok[0].child, "key"));
}

static void numbers(void)
{
	struct json j;
	uint64_t v;
	const char *good[] = { "0", "-0", "1.5", "-12e+3", "3E-2", "0.0e0" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		EXPECT(parse(&j, good[i]) == 0 && tok[0].type == JSON_NUMBER &&
		       tok[0].len == strlen(good[i]));
	EXPECT(parse(&j, "-1") == 0 && !json_u64(&j, 0, &v));
	EXPECT(parse(&j, "1.0") == 0 && !json_u64(&j, 0, &v));
	EXPECT(parse(&j, "18446744073709551616") == 0 && !json_u64(&j, 0, &v));
}

/* Each text must be refused, at offset `at`. */
static const struct {
	const char *text;
	size_t at;
} bad[] = {
	{ "", 0 },
	{ "[1,]", 3 },
	{ "{\"a\":1,}", 7 },
	{ "[1 2]", 3 },
	{ "01", 1 },
	{ "-", 1 },
	{ "1.", 2 },
	{ "1e", 2 },
	{ "tru", 0 },
	{ "nul", 0 },
	{ "\"abc", 4 },
	{ "\"a\\x\"", 2 },
	{ "\"\\u12g4\"", 1 },
	{ "\"\\udc00\"", 7 },
	{ "\"\\ud800x\"", 7 },
	{ "\"\\ud800\\u0041\"", 7 },
	{ "\"a\tb\"", 2 },
	{ "\"\xc0\xaf\"", 1 },         /* overlong */
	{ "\"\xed\xa0\x80\"", 1 },     /* encoded surrogate */
	{ "\"\xf4\x90\x80\x80\"", 1 }, /* above U+10FFFF */
	{ "\"\xe2\x82\"", 1 },         /* truncated */
	{ "{\"a\":1,\"a\":2}", 7 },
	{ "{1:2}", 1 },
	{ "{\"a\" 1}", 5 },
	{ "[1] x", 4 },
	{ "/* c */ 1", 0 },
	{ "[", 1 },
	{ "{", 1 },
};

static void refusals(void)
{
	struct json j;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int err = parse(&j, bad[i].text);
		EXPECT(err != 0 && j.error != NULL);
		if (err == 0 || j.error_at != bad[i].at) {
			printf("  case %zu (%s): error_at %zu, wanted %zu (%s)\n", i, bad[i].text,
			       j.error_at, bad[i].at, j.error ? j.error : "accepted");
			EXPECT(0);
		}
	}
}

static void limits(void)
{
	struct json j;
	char deep[2 * JSON_MAX_DEPTH + 3];
	size_t n = 0;
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	EXPECT(json_parse(&j, deep, n, tok, 256) == 0);
	memmove(deep + 1, deep, n);
	deep[0] = '[';
	deep[++n] = ']';
	EXPECT(json_parse(&j, deep, n + 1, tok, 256) != 0 && strstr(j.error, "deep"));

	/* Running out of tokens is an error, never a write past the array. */
	struct json_token few[3];
	EXPECT(json_parse(&j, "[1,2]", 5, few, 3) == 0);
	EXPECT(json_parse(&j, "[1,2,3]", 7, few, 3) != 0 && strstr(j.error, "token"));

	/* Too many members in one object. */
	size_t cap = (JSON_MAX_MEMBERS + 1) * 16 + 2;
	char *big = malloc(cap);
	struct json_token *many = malloc(sizeof *many * (2 * JSON_MAX_MEMBERS + 4));
	n = 0;
	big[n++] = '{';
	for (int i = 0; i <= JSON_MAX_MEMBERS; i++)
		n += (size_t)sprintf(big + n, "%s\"k%d\":0", i ? "," : "", i);
	big[n++] = '}';
	EXPECT(json_parse(&j, big, n, many, 2 * JSON_MAX_MEMBERS + 4) != 0 &&
	       strstr(j.error, "members"));
	free(big);
	free(many);
}

int main(void)
{
	RUN("json", tree);
	RUN("json", escapes);
	RUN("json", numbers);
	RUN("json", refusals);
	RUN("json", limits);
	return cases_failed != 0;
}

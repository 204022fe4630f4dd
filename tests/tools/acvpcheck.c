/*
 * acvpcheck — compare an ACVP response with NIST's expectedResults, test by
 * test: every field NIST expects must be there with the same value. Groups
 * the prompt marks LDT may be missing (skycrypt skips them) and are counted
 * as skipped, never as passed.
 *
 *   acvpcheck NAME PROMPT EXPECTED RESPONSE
 *
 * Prints the mismatches, then "PASS acvp/NAME (N tests, S skipped)" or
 * "FAIL acvp/NAME: F of N tests differ"; exits 1 on any difference.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "json/json.h"

struct doc {
	struct json j;
	struct json_token *tok;
};

static void load(struct doc *d, const char *path)
{
	size_t size;
	const char *why;
	char *text = (char *)file_read_gunzip(path, &size, 1u << 30, &why);
	if (!text) {
		fprintf(stderr, "acvpcheck: %s: %s\n", path, why);
		exit(2);
	}
	d->tok = malloc((size / 2 + 16) * sizeof *d->tok);
	if (!d->tok || json_parse(&d->j, text, size, d->tok, (uint32_t)(size / 2 + 16)) != 0) {
		fprintf(stderr, "acvpcheck: %s: not JSON (%s at %zu)\n", path,
			d->tok ? d->j.error : "out of memory", d->tok ? d->j.error_at : 0);
		exit(2);
	}
}

/* The vector set: the root object or the array element holding testGroups. */
static uint32_t vector_set(const struct json *j)
{
	if (j->tok[0].type == JSON_ARRAY)
		for (uint32_t e = j->tok[0].child; e; e = j->tok[e].next)
			if (json_get(j, e, "testGroups"))
				return e;
	return 0;
}

/* The element of array `arr` (of objects) whose field `key` is the number `id`. */
static uint32_t find_by_id(const struct json *j, uint32_t arr, const char *key, uint64_t id)
{
	if (!arr)
		return 0;
	for (uint32_t e = j->tok[arr].child; e; e = j->tok[e].next) {
		uint64_t v;
		if (json_u64(j, json_get(j, e, key), &v) && v == id)
			return e;
	}
	return 0;
}

static uint64_t id_of(const struct json *j, uint32_t obj, const char *key)
{
	uint64_t v = UINT64_MAX;
	json_u64(j, json_get(j, obj, key), &v);
	return v;
}

/* Whether value a (in doc x) equals value b (in doc y): same type and text, recursively. */
static bool same(const struct json *x, uint32_t a, const struct json *y, uint32_t b)
{
	const struct json_token *ta = &x->tok[a], *tb = &y->tok[b];
	if (ta->type != tb->type)
		return false;
	switch (ta->type) {
	case JSON_STRING:
	case JSON_NUMBER:
		return ta->len == tb->len &&
		       memcmp(x->text + ta->start, y->text + tb->start, ta->len) == 0;
	case JSON_ARRAY:
		if (ta->len != tb->len)
			return false;
		for (uint32_t p = ta->child, q = tb->child; p;
		     p = x->tok[p].next, q = y->tok[q].next)
			if (!same(x, p, y, q))
				return false;
		return true;
	case JSON_OBJECT:
		if (ta->len != tb->len)
			return false;
		for (uint32_t k = ta->child; k; k = x->tok[k].next) {
			char key[64];
			if (json_string(x, k, key, sizeof key) < 0)
				return false;
			uint32_t v = json_get(y, b, key);
			if (!v || !same(x, x->tok[k].child, y, v))
				return false;
		}
		return true;
	default:
		return true;
	}
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: acvpcheck NAME PROMPT EXPECTED RESPONSE\n");
		return 2;
	}
	struct doc prompt, expected, response;
	load(&prompt, argv[2]);
	load(&expected, argv[3]);
	load(&response, argv[4]);
	const struct json *pj = &prompt.j, *ej = &expected.j, *rj = &response.j;
	uint32_t egroups = json_get(ej, vector_set(ej), "testGroups");
	uint32_t pgroups = json_get(pj, vector_set(pj), "testGroups");
	uint32_t rgroups = json_get(rj, vector_set(rj), "testGroups");
	unsigned total = 0, failed = 0, skipped = 0;
	for (uint32_t eg = egroups ? ej->tok[egroups].child : 0; eg; eg = ej->tok[eg].next) {
		uint64_t tg = id_of(ej, eg, "tgId");
		uint32_t pg = find_by_id(pj, pgroups, "tgId", tg);
		uint32_t rg = find_by_id(rj, rgroups, "tgId", tg);
		uint32_t etests = json_get(ej, eg, "tests");
		bool ldt = pg && json_is_string(pj, json_get(pj, pg, "testType"), "LDT");
		if (ldt && !rg) {
			skipped += ej->tok[etests].len;
			continue;
		}
		for (uint32_t et = etests ? ej->tok[etests].child : 0; et; et = ej->tok[et].next) {
			uint64_t tc = id_of(ej, et, "tcId");
			uint32_t rt = find_by_id(rj, json_get(rj, rg, "tests"), "tcId", tc);
			total++;
			for (uint32_t k = ej->tok[et].child; k; k = ej->tok[k].next) {
				char key[64] = "?";
				json_string(ej, k, key, sizeof key);
				uint32_t rv = rt ? json_get(rj, rt, key) : 0;
				if (!rv || !same(ej, ej->tok[k].child, rj, rv)) {
					if (failed < 10)
						printf("  tgId %llu tcId %llu: %s %s\n",
						       (unsigned long long)tg,
						       (unsigned long long)tc, key,
						       rt ? (rv ? "differs" : "missing")
							  : "(no such test)");
					failed++;
					break;
				}
			}
		}
	}
	if (failed || total == 0)
		printf("FAIL acvp/%s: %u of %u tests differ\n", argv[1], failed, total);
	else
		printf("PASS acvp/%s (%u tests, %u skipped)\n", argv[1], total, skipped);
	return failed || total == 0;
}

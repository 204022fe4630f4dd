/*
 * gate.c — the promotion gate: a package enters the deployment repository
 * only with a passing verification result (pkg.VerificationResult, signed
 * by promotion keys) for every check that the trust store's policy asks of
 * its name. A result counts only for exactly the package it names: same
 * name, version and digest.
 */
#include "pkg/pkg.h"

#include "base/string.h"

const struct pkg_policy_rule *pkg_policy_rule(const struct pkg_trust_store *s, const char *name,
					      size_t nlen)
{
	const struct pkg_policy_rule *best = NULL;
	for (uint32_t i = 0; i < s->policy.count; i++) {
		const struct pkg_policy_rule *r = &s->policy.items[i];
		if (r->prefix.len <= nlen && memcmp(r->prefix.data, name, r->prefix.len) == 0 &&
		    (!best || r->prefix.len > best->prefix.len))
			best = r;
	}
	return best;
}

/* A result file, checked and decoded, that must be about package v. */
static int result_read(const struct pkg_trust *t, const struct pkg_verified *v, const uint8_t *in,
		       size_t len, uint64_t now, struct pkg_verification_result *res,
		       struct pkg_err *e)
{
	struct pkg_meta m;
	int err = pkg_meta_open(&m, SKY_META_RESULT, in, len, e);
	if (!err)
		err = pkg_trust_check(t, PKG_ROLE_PROMOTION, SKY_META_RESULT, &m, in, now, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (pkg_verification_result_decode(res, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED,
				"verification result: bad field '%s' at byte %u", where.field,
				where.offset);
	const struct pkg_manifest *man = &v->manifest;
	if (res->package.len != man->name.len ||
	    memcmp(res->package.data, man->name.data, man->name.len) != 0 ||
	    pkg_version_cmp(&res->version, &man->version) != 0 ||
	    memcmp(res->digest, v->digest, 64) != 0)
		return pkg_fail(e, PKG_R_POLICY,
				"the result of check '%.*s' is about another package (%.*s)",
				(int)res->check.len, res->check.data, (int)res->package.len,
				res->package.data);
	return 0;
}

int pkg_gate_check(const struct pkg_trust *t, const struct pkg_verified *v,
		   const uint8_t *const *results, const size_t *lens, uint32_t n, uint64_t now,
		   struct pkg_err *e)
{
	const struct pkg_manifest *man = &v->manifest;
	const struct pkg_policy_rule *rule =
		pkg_policy_rule(&t->store, man->name.data, man->name.len);
	/* Which required checks have passed; a failed one is final. */
	bool passed[8] = { false };
	for (uint32_t i = 0; i < n; i++) {
		struct pkg_verification_result res;
		int err = result_read(t, v, results[i], lens[i], now, &res, e);
		if (err)
			return err;
		for (uint32_t c = 0; rule && c < rule->checks.count; c++) {
			if (rule->checks.items[c].len != res.check.len ||
			    memcmp(rule->checks.items[c].data, res.check.data, res.check.len) != 0)
				continue;
			if (res.outcome != PKG_OUTCOME_PASS)
				return pkg_fail(e, PKG_R_POLICY, "check '%.*s' failed: %.*s",
						(int)res.check.len, res.check.data,
						(int)res.detail.len, res.detail.data);
			passed[c] = true;
		}
	}
	for (uint32_t c = 0; rule && c < rule->checks.count; c++)
		if (!passed[c])
			return pkg_fail(e, PKG_R_POLICY,
					"the policy for '%.*s*' needs a passing '%.*s' result",
					(int)rule->prefix.len, rule->prefix.data,
					(int)rule->checks.items[c].len, rule->checks.items[c].data);
	return 0;
}

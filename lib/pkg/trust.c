/*
 * trust.c — where trust starts and how it reaches role keys. The anchor
 * (pkg.RootKeys, built into the boot bundle) lists the root keys and how
 * many must sign; the trust store (pkg.TrustStore) is signed by that many
 * of them and names the role keys, each role's threshold, the revoked keys
 * and the promotion policy. Key certificates (pkg.KeyCert) are a root's
 * word that a key holds a role; skyrepo copies them into the trust store.
 */
#include "pkg/pkg.h"

#include "base/string.h"

#define NO_EXPIRY UINT64_MAX

/*
 * Decode an anchor file into r, its key ids and a key set, and check that
 * `threshold` of its own keys signed it (signatures by other keys — the
 * previous roots, after a rotation — are left to the caller).
 */
static int roots_read(struct pkg_root_keys *r, uint8_t ids[4][SKY_PKG_KEY_ID_SIZE],
		      struct pkg_keyset *set, struct pkg_meta *m, const uint8_t *in, size_t len,
		      struct pkg_err *e)
{
	int err = pkg_meta_open(m, SKY_META_ROOT, in, len, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(m);
	struct sila_where where = { 0, "" };
	if (pkg_root_keys_decode(r, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "root keys: bad field '%s' at byte %u",
				where.field, where.offset);
	if (r->version == 0 || r->keys.count == 0 || r->threshold == 0 ||
	    r->threshold > r->keys.count)
		return pkg_fail(e, PKG_R_MALFORMED,
				"root keys: version %llu, threshold %u of %u keys",
				(unsigned long long)r->version, r->threshold, r->keys.count);
	memset(set, 0, sizeof *set);
	for (uint32_t i = 0; i < r->keys.count; i++) {
		pkg_key_id(r->keys.items[i].key, ids[i]);
		for (uint32_t j = 0; j < i; j++)
			if (memcmp(ids[i], ids[j], SKY_PKG_KEY_ID_SIZE) == 0)
				return pkg_fail(e, PKG_R_MALFORMED,
						"root keys: a key is listed twice");
		set->keys[i] = (struct pkg_key){ .id = ids[i],
						 .pk = r->keys.items[i].key,
						 .role = PKG_ROLE_ROOT,
						 .expires = NO_EXPIRY };
	}
	set->count = r->keys.count;
	return pkg_sigs_check_among(set, PKG_ROLE_ROOT, r->threshold, SKY_META_ROOT, in,
				    m->signed_len, &m->sigs, 0, true, e);
}

int pkg_roots_load(struct pkg_trust *t, const uint8_t *in, size_t len, struct pkg_err *e)
{
	struct pkg_meta m;
	memset(t, 0, sizeof *t);
	/* The anchor signs itself: a check that it was made whole, not a source of trust. */
	return roots_read(&t->roots, t->root_ids, &t->root_set, &m, in, len, e);
}

uint64_t pkg_roots_version(const uint8_t *in, size_t len)
{
	struct pkg_meta m;
	struct pkg_err e;
	/* The version is the record's first field. */
	if (pkg_meta_open(&m, SKY_META_ROOT, in, len, &e) || m.body_len < 8)
		return 0;
	return pkg_get_le(m.body, 8);
}

int pkg_roots_advance(struct pkg_trust *t, const uint8_t *in, size_t len, struct pkg_err *e)
{
	struct pkg_meta m;
	int err = roots_read(&t->next, t->next_ids, &t->next_set, &m, in, len, e);
	if (err)
		return err;
	if (t->next.version != t->roots.version + 1)
		return pkg_fail(e, PKG_R_MALFORMED, "root keys version %llu do not follow %llu",
				(unsigned long long)t->next.version,
				(unsigned long long)t->roots.version);
	/* The keys trusted so far must hand over to the new ones. */
	err = pkg_sigs_check_among(&t->root_set, PKG_ROLE_ROOT, t->roots.threshold, SKY_META_ROOT,
				   in, m.signed_len, &m.sigs, 0, true, e);
	if (err)
		return err;
	t->roots = t->next;
	memcpy(t->root_ids, t->next_ids, sizeof t->root_ids);
	t->root_set = t->next_set;
	for (uint32_t i = 0; i < t->root_set.count; i++) {
		t->root_set.keys[i].id = t->root_ids[i];
		t->root_set.keys[i].pk = t->roots.keys.items[i].key;
	}
	return 0;
}

/* The structural rules of a decoded trust store. */
static int store_check(struct pkg_trust *t, struct pkg_err *e)
{
	const struct pkg_trust_store *s = &t->store;
	for (int r = 0; r < 4; r++)
		if (s->thresholds[r] < 1 || s->thresholds[r] > SKY_PKG_SIGS_MAX)
			return pkg_fail(e, PKG_R_MALFORMED, "trust store: threshold %u of role %d",
					s->thresholds[r], r + 1);
	uint8_t id[SKY_PKG_KEY_ID_SIZE];
	for (uint32_t i = 0; i < s->keys.count; i++) {
		const struct pkg_role_key *k = &s->keys.items[i];
		pkg_key_id(k->public_key, id);
		if (memcmp(id, k->key_id, sizeof id) != 0)
			return pkg_fail(e, PKG_R_MALFORMED,
					"trust store: key %u's id is not its public key's", i);
		if (pkg_trust_key(s, k->key_id) != k)
			return pkg_fail(e, PKG_R_MALFORMED, "trust store: key %u is listed twice",
					i);
		t->role_set.keys[i] = (struct pkg_key){ .id = k->key_id,
							.pk = k->public_key,
							.role = k->role,
							.expires = k->expires,
							.retired_until = k->retired_until };
	}
	t->role_set.count = s->keys.count;
	t->role_set.revoked = s->revoked.items;
	t->role_set.nrevoked = s->revoked.count;
	/* The roots answer to the same revocation list. */
	t->root_set.revoked = s->revoked.items;
	t->root_set.nrevoked = s->revoked.count;
	return 0;
}

int pkg_trust_load(struct pkg_trust *t, const uint8_t *in, size_t len, uint64_t now,
		   struct pkg_err *e)
{
	struct pkg_meta m;
	t->have_store = false;
	int err = pkg_meta_open(&m, SKY_META_TRUST, in, len, e);
	if (!err)
		err = pkg_trust_check(t, PKG_ROLE_ROOT, SKY_META_TRUST, &m, in, now, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (pkg_trust_store_decode(&t->store, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "trust store: bad field '%s' at byte %u",
				where.field, where.offset);
	err = store_check(t, e);
	if (err)
		return err;
	t->have_store = true;
	if (now >= t->store.expires)
		return pkg_fail(e, PKG_R_EXPIRED, "the trust store (version %llu) expired at %llu",
				(unsigned long long)t->store.version,
				(unsigned long long)t->store.expires);
	return 0;
}

int pkg_trust_check(const struct pkg_trust *t, uint8_t role, const char magic[8],
		    const struct pkg_meta *m, const uint8_t *file, uint64_t now, struct pkg_err *e)
{
	if (role == PKG_ROLE_ROOT)
		return pkg_sigs_check(&t->root_set, role, t->roots.threshold, magic, file,
				      m->signed_len, &m->sigs, now, e);
	if (!t->have_store || role < 1 || role > 4)
		return pkg_fail(e, PKG_R_UNKNOWN_KEY, "no trust store names such keys");
	return pkg_sigs_check(&t->role_set, role, t->store.thresholds[role - 1], magic, file,
			      m->signed_len, &m->sigs, now, e);
}

int pkg_cert_load(const struct pkg_trust *t, const uint8_t *in, size_t len, uint64_t now,
		  struct pkg_key_cert *c, struct pkg_err *e)
{
	struct pkg_meta m;
	int err = pkg_meta_open(&m, SKY_META_CERT, in, len, e);
	if (!err)
		err = pkg_trust_check(t, PKG_ROLE_ROOT, SKY_META_CERT, &m, in, now, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (pkg_key_cert_decode(c, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "certificate: bad field '%s' at byte %u",
				where.field, where.offset);
	if (now >= c->expires)
		return pkg_fail(e, PKG_R_KEY_EXPIRED, "the certificate expired at %llu",
				(unsigned long long)c->expires);
	return 0;
}

const struct pkg_role_key *pkg_trust_key(const struct pkg_trust_store *s, const uint8_t *id)
{
	for (uint32_t i = 0; i < s->keys.count; i++)
		if (memcmp(s->keys.items[i].key_id, id, SKY_PKG_KEY_ID_SIZE) == 0)
			return &s->keys.items[i];
	return NULL;
}

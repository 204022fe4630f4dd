/*
 * state.c — versions and what they are checked against: the verifier's
 * highest-seen versions (pkg.State, its own memory, so that an older but
 * validly signed file is refused: rollback) and the snapshot's entries
 * (pkg.Snapshot, the repository's signed word on exactly which files
 * belong together: mix-and-match).
 */
#include "pkg/pkg.h"

#include "base/fmt.h"
#include "base/string.h"

int pkg_version_cmp(const struct modmgr_version *a, const struct modmgr_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

void pkg_version_str(const struct modmgr_version *v, char *buf, size_t size)
{
	fmt_snprintf(buf, size, "%u.%u.%u", v->major, v->minor, v->patch);
}

bool pkg_name_valid(const char *s, size_t len)
{
	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
			  c == '_' || (c == '.' && i > 0);
		if (!ok)
			return false;
	}
	return true;
}

int pkg_state_load(struct pkg_state *s, const uint8_t *in, size_t len, struct pkg_err *e)
{
	memset(s, 0, sizeof *s);
	if (len == 0)
		return 0;
	struct pkg_meta m;
	int err = pkg_meta_open(&m, SKY_META_STATE, in, len, e);
	if (err)
		return err;
	struct sila_msg msg = pkg_meta_msg(&m);
	struct sila_where where = { 0, "" };
	if (pkg_state_decode(s, &msg, &where))
		return pkg_fail(e, PKG_R_MALFORMED, "state: bad field '%s' at byte %u", where.field,
				where.offset);
	return 0;
}

#define SAME_NAME(str, name, nlen) ((str).len == (nlen) && memcmp((str).data, (name), (nlen)) == 0)

static struct pkg_seen *seen_find(const struct pkg_state *s, bool image, const char *name,
				  size_t nlen)
{
	uint32_t n = image ? s->images.count : s->packages.count;
	const struct pkg_seen *items = image ? s->images.items : s->packages.items;
	for (uint32_t i = 0; i < n; i++)
		if (SAME_NAME(items[i].name, name, nlen))
			return (struct pkg_seen *)&items[i];
	return NULL;
}

int pkg_seen_check(const struct pkg_state *s, bool image, const char *name, size_t nlen,
		   const struct modmgr_version *v, struct pkg_err *e)
{
	const struct pkg_seen *seen = seen_find(s, image, name, nlen);
	if (seen && pkg_version_cmp(v, &seen->version) < 0) {
		char have[32], top[32];
		pkg_version_str(v, have, sizeof have);
		pkg_version_str(&seen->version, top, sizeof top);
		return pkg_fail(e, PKG_R_ROLLBACK, "%.*s %s is older than %s, the highest seen",
				(int)nlen, name, have, top);
	}
	return 0;
}

bool pkg_seen_note(struct pkg_state *s, bool image, const char *name, size_t nlen,
		   const struct modmgr_version *v)
{
	struct pkg_seen *seen = seen_find(s, image, name, nlen);
	if (!seen) {
		uint16_t *n = image ? &s->images.count : &s->packages.count;
		uint16_t cap = image ? 64 : 256;
		if (*n >= cap || nlen > sizeof seen->name.data)
			return false;
		seen = image ? &s->images.items[*n] : &s->packages.items[*n];
		(*n)++;
		memcpy(seen->name.data, name, nlen);
		seen->name.len = (uint16_t)nlen;
		seen->version = *v;
	}
	if (pkg_version_cmp(v, &seen->version) > 0)
		seen->version = *v;
	return true;
}

int pkg_snapshot_check(const struct pkg_snapshot *s, bool image, const char *name, size_t nlen,
		       const struct modmgr_version *v, uint64_t size, const uint8_t digest[64],
		       struct pkg_err *e)
{
	uint32_t n = image ? s->images.count : s->packages.count;
	const struct pkg_entry *items = image ? s->images.items : s->packages.items;
	char ver[32];
	pkg_version_str(v, ver, sizeof ver);
	for (uint32_t i = 0; i < n; i++) {
		const struct pkg_entry *en = &items[i];
		if (!SAME_NAME(en->name, name, nlen) || pkg_version_cmp(&en->version, v) != 0)
			continue;
		if (en->size != size || memcmp(en->digest, digest, 64) != 0)
			return pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT,
					"%.*s %s is not the file snapshot %llu pins (digest or "
					"size differ)",
					(int)nlen, name, ver, (unsigned long long)s->version);
		return 0;
	}
	return pkg_fail(e, PKG_R_NOT_IN_SNAPSHOT, "snapshot %llu lists no %s %.*s %s",
			(unsigned long long)s->version, image ? "image" : "package", (int)nlen,
			name, ver);
}

/*
 * text.c — the text forms people write and read (docs/pkg.md): a
 * manifest or an image descriptor is one "key = value" per line, '#'
 * starts a comment. `skypack inspect` prints a manifest in the same form it
 * reads, so the two round-trip.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pkgtool/pkgtool.h"

#define MAX_WORDS 8

struct line {
	const char *path;
	int no;
	char key[32];
	char *words[MAX_WORDS];
	int nwords;
	char buf[1024];
};

/* Split the next non-empty line into key and words; false at the end. */
static bool next_line(const char **text, struct line *l, int *status)
{
	while (**text) {
		const char *end = strchr(*text, '\n');
		size_t n = end ? (size_t)(end - *text) : strlen(*text);
		l->no++;
		if (n >= sizeof l->buf) {
			*status = pt_error(PT_USAGE, "%s:%d: line too long", l->path, l->no);
			return false;
		}
		memcpy(l->buf, *text, n);
		l->buf[n] = 0;
		*text += n + (end != NULL);
		char *hash = strchr(l->buf, '#');
		if (hash)
			*hash = 0;
		char *eq = strchr(l->buf, '='), *s = l->buf;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		if (!eq) {
			*status =
				pt_error(PT_USAGE, "%s:%d: expected 'key = value'", l->path, l->no);
			return false;
		}
		*eq = 0;
		char *k = strtok(s, " \t\r");
		if (!k || strtok(NULL, " \t\r") || strlen(k) >= sizeof l->key) {
			*status = pt_error(PT_USAGE, "%s:%d: bad key", l->path, l->no);
			return false;
		}
		strcpy(l->key, k);
		l->nwords = 0;
		for (char *w = strtok(eq + 1, " \t\r"); w; w = strtok(NULL, " \t\r")) {
			if (l->nwords == MAX_WORDS) {
				*status =
					pt_error(PT_USAGE, "%s:%d: too many words", l->path, l->no);
				return false;
			}
			l->words[l->nwords++] = w;
		}
		if (l->nwords == 0) {
			*status = pt_error(PT_USAGE, "%s:%d: '%s' has no value", l->path, l->no,
					   l->key);
			return false;
		}
		return true;
	}
	return false;
}

static int bad(const struct line *l, const char *what)
{
	return pt_error(PT_USAGE, "%s:%d: %s: %s", l->path, l->no, l->key, what);
}

static int word_count(const struct line *l, int n)
{
	return l->nwords == n ? 0
			      : bad(l, n == 1 ? "expected one value" : "wrong number of values");
}

static int num(const struct line *l, const char *w, uint64_t max, uint64_t *v)
{
	return pt_number(w, max, v) ? 0 : bad(l, "not a number in range");
}

/* Copy a string into a SILA string field of capacity cap. */
#define SET_STR(field, s, l)                                                                       \
	(strlen(s) > sizeof(field).data                                                            \
		 ? bad((l), "too long")                                                            \
		 : (memcpy((field).data, (s), strlen(s)), (field).len = (uint16_t)strlen(s), 0))

static int version(const struct line *l, const char *w, struct modmgr_version *v)
{
	unsigned long a, b, c;
	char tail;
	if (sscanf(w, "%lu.%lu.%lu%c", &a, &b, &c, &tail) != 3 || a > 0xFFFF || b > 0xFFFF ||
	    c > 0xFFFF)
		return bad(l, "expected MAJOR.MINOR.PATCH, each at most 65535");
	*v = (struct modmgr_version){ (uint16_t)a, (uint16_t)b, (uint16_t)c };
	return 0;
}

static int object(const struct line *l, const char *w, uint8_t *o)
{
	for (uint64_t t = 1; t < 64; t++) {
		const char *n = modmgr_object_type_name(t);
		if (n && strcasecmp(n, w) == 0) {
			*o = (uint8_t)t;
			return 0;
		}
	}
	return bad(l, "unknown object type");
}

static const char *const right_names[] = { "read", "write", "exec", "grant", "phys", "control" };

static int rights(const struct line *l, char *w, uint8_t *r)
{
	*r = 0;
	if (strcmp(w, "-") == 0)
		return 0;
	for (char *save, *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int i = 0;
		while (i < 6 && strcmp(t, right_names[i]) != 0)
			i++;
		if (i == 6)
			return bad(l, "unknown right (read write exec grant phys control)");
		*r |= (uint8_t)(1u << i);
	}
	return 0;
}

static void print_rights(FILE *f, uint8_t r)
{
	if (!r)
		fputc('-', f);
	for (int i = 0, first = 1; i < 6; i++)
		if (r & (1u << i)) {
			fprintf(f, "%s%s", first ? "" : ",", right_names[i]);
			first = 0;
		}
}

static void print_object(FILE *f, uint8_t o)
{
	for (const char *n = modmgr_object_type_name(o); n && *n; n++)
		fputc(tolower((unsigned char)*n), f);
}

static int manifest_line(struct line *l, struct pkg_manifest *m, bool *have_entry)
{
	uint64_t v;
	const char *k = l->key;
	char **w = l->words;
	int err = 0;
	if (!strcmp(k, "name"))
		return word_count(l, 1)                      ? PT_USAGE
		       : !pkg_name_valid(w[0], strlen(w[0])) ? bad(l, "use 1-64 of a-z 0-9 - _ .")
							     : SET_STR(m->name, w[0], l);
	if (!strcmp(k, "version"))
		return word_count(l, 1) ? PT_USAGE : version(l, w[0], &m->version);
	if (!strcmp(k, "contract"))
		return word_count(l, 1) ? PT_USAGE : SET_STR(m->contract, w[0], l);
	if (!strcmp(k, "require")) {
		if (l->nwords != 3 && l->nwords != 4)
			return bad(l, "expected NAME OBJECT RIGHTS [PROTOCOL]");
		if (m->requires.count == 32)
			return bad(l, "at most 32 capabilities");
		struct modmgr_cap_requirement *c = &m->requires.items[m->requires.count];
		if ((err = SET_STR(c->name, w[0], l)) || (err = object(l, w[1], &c->object)) ||
		    (err = rights(l, w[2], &c->rights)))
			return err;
		if (l->nwords == 4) {
			if ((err = SET_STR(c->protocol.value, w[3], l)))
				return err;
			c->protocol.present = true;
		}
		m->requires.count++;
		return 0;
	}
	if (word_count(l, 1))
		return PT_USAGE;
	if (!strcmp(k, "abi") && !(err = num(l, w[0], UINT32_MAX, &v)))
		m->abi = (uint32_t)v;
	else if (!strcmp(k, "entry") && !(err = num(l, w[0], UINT64_MAX, &v)))
		m->entry = v, *have_entry = true;
	else if (!strcmp(k, "epoch") && !(err = num(l, w[0], UINT32_MAX, &v)))
		m->state_epoch = (uint32_t)v;
	else if (!strcmp(k, "memory") && !(err = num(l, w[0], UINT64_MAX, &v)))
		m->resources.memory_bytes = v;
	else if (!strcmp(k, "kmem") && !(err = num(l, w[0], UINT64_MAX, &v)))
		m->resources.kmem_bytes = v;
	else if (!strcmp(k, "threads") && !(err = num(l, w[0], UINT32_MAX, &v)))
		m->resources.threads = (uint32_t)v;
	else if (!strcmp(k, "caps") && !(err = num(l, w[0], UINT32_MAX, &v)))
		m->resources.caps = (uint32_t)v;
	else if (!strcmp(k, "cpu") && !(err = num(l, w[0], 100, &v)))
		m->resources.cpu_percent = (uint8_t)v;
	else if (!strcmp(k, "abi") || !strcmp(k, "entry") || !strcmp(k, "epoch") ||
		 !strcmp(k, "memory") || !strcmp(k, "kmem") || !strcmp(k, "threads") ||
		 !strcmp(k, "caps") || !strcmp(k, "cpu"))
		return err;
	else
		return bad(l, "unknown key");
	return 0;
}

int pt_manifest_parse(const char *path, const char *text, struct pkg_manifest *m, bool *have_entry)
{
	struct line l = { .path = path };
	int status = 0;
	memset(m, 0, sizeof *m);
	*have_entry = false;
	while (!status && next_line(&text, &l, &status))
		status = manifest_line(&l, m, have_entry);
	if (!status &&
	    (m->name.len == 0 || (m->version.major | m->version.minor | m->version.patch) == 0))
		status = pt_error(PT_USAGE, "%s: a manifest needs a name and a version above 0.0.0",
				  path);
	return status;
}

void pt_manifest_print(FILE *f, const struct pkg_manifest *m)
{
	fprintf(f, "name = %.*s\n", m->name.len, m->name.data);
	fprintf(f, "version = %u.%u.%u\n", m->version.major, m->version.minor, m->version.patch);
	fprintf(f, "abi = %u\nentry = 0x%llx\n", m->abi, (unsigned long long)m->entry);
	if (m->contract.len)
		fprintf(f, "contract = %.*s\n", m->contract.len, m->contract.data);
	fprintf(f, "epoch = %u\n", m->state_epoch);
	const struct pkg_resources *r = &m->resources;
	fprintf(f, "memory = %llu\nkmem = %llu\nthreads = %u\ncaps = %u\ncpu = %u\n",
		(unsigned long long)r->memory_bytes, (unsigned long long)r->kmem_bytes, r->threads,
		r->caps, r->cpu_percent);
	for (uint32_t i = 0; i < m->requires.count; i++) {
		const struct modmgr_cap_requirement *c = &m->requires.items[i];
		fprintf(f, "require = %.*s ", c->name.len, c->name.data);
		print_object(f, c->object);
		fputc(' ', f);
		print_rights(f, c->rights);
		if (c->protocol.present)
			fprintf(f, " %.*s", c->protocol.value.len, c->protocol.value.data);
		fputc('\n', f);
	}
}

static int yes_no(const struct line *l, bool *v)
{
	if (word_count(l, 1))
		return PT_USAGE;
	if (strcmp(l->words[0], "yes") && strcmp(l->words[0], "no"))
		return bad(l, "expected yes or no");
	*v = l->words[0][0] == 'y';
	return 0;
}

static struct image_module *module_named(struct image_descriptor *d, const char *name)
{
	for (uint32_t i = 0; i < d->modules.count; i++)
		if (strlen(name) == d->modules.items[i].package.len &&
		    !memcmp(d->modules.items[i].package.data, name, strlen(name)))
			return &d->modules.items[i];
	return NULL;
}

static int descriptor_line(struct line *l, const struct pt_pkgref *refs, int nrefs,
			   struct image_descriptor *d)
{
	const char *k = l->key;
	char **w = l->words;
	uint64_t v;
	int err = 0;
	struct image_quotas *q = &d->quotas;
	if (!strcmp(k, "name"))
		return word_count(l, 1)                      ? PT_USAGE
		       : !pkg_name_valid(w[0], strlen(w[0])) ? bad(l, "use 1-64 of a-z 0-9 - _ .")
							     : SET_STR(d->name, w[0], l);
	if (!strcmp(k, "version"))
		return word_count(l, 1) ? PT_USAGE : version(l, w[0], &d->version);
	if (!strcmp(k, "pid-namespace"))
		return yes_no(l, &d->namespaces.pid);
	if (!strcmp(k, "registry"))
		return yes_no(l, &d->namespaces.registry);
	if (!strcmp(k, "vnic"))
		return yes_no(l, &d->network.vnic);
	if (!strcmp(k, "uid-map")) {
		if (word_count(l, 2) || num(l, w[0], UINT32_MAX, &v))
			return PT_USAGE;
		d->namespaces.uid_base = (uint32_t)v;
		if (num(l, w[1], UINT32_MAX, &v))
			return PT_USAGE;
		d->namespaces.uid_count = (uint32_t)v;
		return 0;
	}
	if (!strcmp(k, "mount")) {
		if (word_count(l, 3) || d->mounts.count == 16)
			return bad(l, "expected SOURCE TARGET ro|rw (at most 16)");
		struct image_mount *m = &d->mounts.items[d->mounts.count];
		if ((err = SET_STR(m->source, w[0], l)) || (err = SET_STR(m->target, w[1], l)))
			return err;
		if (strcmp(w[2], "ro") && strcmp(w[2], "rw"))
			return bad(l, "expected ro or rw");
		m->read_only = w[2][1] == 'o';
		d->mounts.count++;
		return 0;
	}
	if (!strcmp(k, "allow")) {
		if (word_count(l, 1) || d->network.allow.count == 16)
			return bad(l, "one container name per line, at most 16");
		if ((err = SET_STR(d->network.allow.items[d->network.allow.count], w[0], l)))
			return err;
		d->network.allow.count++;
		return 0;
	}
	if (!strcmp(k, "interlink")) {
		if (word_count(l, 3) || d->interlink.count == 16)
			return bad(l, "expected PEER PROTOCOL in|out (at most 16)");
		struct image_interlink_rule *r = &d->interlink.items[d->interlink.count];
		if ((err = SET_STR(r->peer, w[0], l)) || (err = SET_STR(r->protocol, w[1], l)))
			return err;
		if (strcmp(w[2], "in") && strcmp(w[2], "out"))
			return bad(l, "expected in or out");
		r->direction = w[2][0] == 'i' ? IMAGE_DIRECTION_IN : IMAGE_DIRECTION_OUT;
		d->interlink.count++;
		return 0;
	}
	if (!strcmp(k, "module")) {
		if (d->modules.count == 16)
			return bad(l, "at most 16 modules");
		int i = 0;
		while (i < nrefs && (strlen(w[0]) != refs[i].manifest.name.len ||
				     memcmp(w[0], refs[i].manifest.name.data, strlen(w[0]))))
			i++;
		if (i == nrefs)
			return bad(l, "no package of this name was given on the command line");
		if (module_named(d, w[0]))
			return bad(l, "the module is listed twice");
		struct image_module *m = &d->modules.items[d->modules.count];
		if ((err = SET_STR(m->package, w[0], l)))
			return err;
		m->version = refs[i].manifest.version;
		memcpy(m->digest, refs[i].digest, 64);
		for (int a = 1; a < l->nwords; a++) {
			size_t at = m->args.len, n = strlen(w[a]) + (a > 1);
			if (at + n > sizeof m->args.data)
				return bad(l, "arguments too long");
			if (a > 1)
				m->args.data[at++] = ' ';
			memcpy(m->args.data + at, w[a], strlen(w[a]));
			m->args.len = (uint16_t)(at + strlen(w[a]));
		}
		d->modules.count++;
		return 0;
	}
	if (!strcmp(k, "grant")) {
		struct image_module *m = l->nwords == 4 ? module_named(d, w[0]) : NULL;
		if (!m)
			return bad(l, "expected MODULE NAME OBJECT RIGHTS, after the module line");
		if (m->grants.count == 16)
			return bad(l, "at most 16 grants a module");
		struct image_grant *g = &m->grants.items[m->grants.count];
		if ((err = SET_STR(g->name, w[1], l)) || (err = object(l, w[2], &g->object)) ||
		    (err = rights(l, w[3], &g->rights)))
			return err;
		m->grants.count++;
		return 0;
	}
	if (word_count(l, 1))
		return PT_USAGE;
	if (!strcmp(k, "memory") && !(err = num(l, w[0], UINT64_MAX, &v)))
		q->memory_bytes = v;
	else if (!strcmp(k, "kmem") && !(err = num(l, w[0], UINT64_MAX, &v)))
		q->kmem_bytes = v;
	else if (!strcmp(k, "threads") && !(err = num(l, w[0], UINT32_MAX, &v)))
		q->threads = (uint32_t)v;
	else if (!strcmp(k, "processes") && !(err = num(l, w[0], UINT32_MAX, &v)))
		q->processes = (uint32_t)v;
	else if (!strcmp(k, "cpu") && !(err = num(l, w[0], 100, &v)))
		q->cpu_percent = (uint8_t)v;
	else if (!strcmp(k, "io") && !(err = num(l, w[0], UINT32_MAX, &v)))
		q->io_tokens = (uint32_t)v;
	else if (err)
		return err;
	else
		return bad(l, "unknown key");
	return 0;
}

int pt_descriptor_parse(const char *path, const char *text, const struct pt_pkgref *refs, int nrefs,
			struct image_descriptor *d)
{
	struct line l = { .path = path };
	int status = 0;
	memset(d, 0, sizeof *d);
	while (!status && next_line(&text, &l, &status))
		status = descriptor_line(&l, refs, nrefs, d);
	if (!status && (d->name.len == 0 || d->modules.count == 0))
		status = pt_error(PT_USAGE, "%s: a descriptor needs a name and a module", path);
	return status;
}

void pt_descriptor_print(FILE *f, const struct image_descriptor *d)
{
	const struct image_quotas *q = &d->quotas;
	fprintf(f, "name = %.*s\nversion = %u.%u.%u\n", d->name.len, d->name.data, d->version.major,
		d->version.minor, d->version.patch);
	fprintf(f, "memory = %llu\nkmem = %llu\nthreads = %u\nprocesses = %u\ncpu = %u\nio = %u\n",
		(unsigned long long)q->memory_bytes, (unsigned long long)q->kmem_bytes, q->threads,
		q->processes, q->cpu_percent, q->io_tokens);
	fprintf(f, "pid-namespace = %s\nregistry = %s\nuid-map = %u %u\nvnic = %s\n",
		d->namespaces.pid ? "yes" : "no", d->namespaces.registry ? "yes" : "no",
		d->namespaces.uid_base, d->namespaces.uid_count, d->network.vnic ? "yes" : "no");
	for (uint32_t i = 0; i < d->network.allow.count; i++)
		fprintf(f, "allow = %.*s\n", d->network.allow.items[i].len,
			d->network.allow.items[i].data);
	for (uint32_t i = 0; i < d->mounts.count; i++) {
		const struct image_mount *m = &d->mounts.items[i];
		fprintf(f, "mount = %.*s %.*s %s\n", m->source.len, m->source.data, m->target.len,
			m->target.data, m->read_only ? "ro" : "rw");
	}
	for (uint32_t i = 0; i < d->interlink.count; i++) {
		const struct image_interlink_rule *r = &d->interlink.items[i];
		fprintf(f, "interlink = %.*s %.*s %s\n", r->peer.len, r->peer.data, r->protocol.len,
			r->protocol.data, r->direction == IMAGE_DIRECTION_IN ? "in" : "out");
	}
	for (uint32_t i = 0; i < d->modules.count; i++) {
		const struct image_module *m = &d->modules.items[i];
		fprintf(f, "module = %.*s%s%.*s   # %u.%u.%u digest ", m->package.len,
			m->package.data, m->args.len ? " " : "", m->args.len, m->args.data,
			m->version.major, m->version.minor, m->version.patch);
		pt_hex(f, m->digest, 16);
		fprintf(f, "...\n");
		for (uint32_t g = 0; g < m->grants.count; g++) {
			const struct image_grant *gr = &m->grants.items[g];
			fprintf(f, "grant = %.*s %.*s ", m->package.len, m->package.data,
				gr->name.len, gr->name.data);
			print_object(f, gr->object);
			fputc(' ', f);
			print_rights(f, gr->rights);
			fputc('\n', f);
		}
	}
}

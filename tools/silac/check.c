/*
 * check.c — everything silac checks after parsing, in this order: packages
 * (one per file, named after it, versions), declarations (duplicates, C
 * names), names (every type, record, error enum and protocol reference
 * resolves to the right kind of declaration), enums, records (sizes,
 * capabilities, cycles), protocols (messages fit a message, labels, the
 * state machine), contracts, labels across all packages, and cycles between
 * packages. Each broken rule is one diagnostic at the place it concerns.
 */
#include <stdlib.h>
#include <string.h>

#include "silac/silac.h"

#define SIZE_CEILING   (1ull << 40) /* sizes saturate here; anything near is refused anyway */
#define LABEL_RESERVED 0x7FFF0000u  /* labels from here up belong to the kernel (faults) */

static struct program *prog;

static struct package *find_package(const char *name)
{
	for (int i = 0; i < prog->npkgs; i++)
		if (!strcmp(prog->pkgs[i]->name, name))
			return prog->pkgs[i];
	return NULL;
}

struct decl *find_decl(const struct package *pkg, const char *name)
{
	for (int i = 0; i < pkg->ndecls; i++)
		if (!strcmp(pkg->decls[i]->name, name))
			return pkg->decls[i];
	return NULL;
}

bool is_record_kind(const struct decl *d)
{
	return d && d->kind == D_RECORD;
}

static const char *kind_name(enum decl_kind k)
{
	static const char *const names[] = { "an enum",  "an error enum", "a bits type",
					     "a record", "a protocol",    "a contract" };
	return names[k];
}

static void uses(struct package *pkg, struct package *other)
{
	if (other == pkg)
		return;
	for (int i = 0; i < pkg->nuses; i++)
		if (pkg->uses[i] == other)
			return;
	PUSH(pkg->uses, pkg->nuses, other);
}

/* Look up NAME or PKG.NAME from `pkg`; diagnoses what is unknown. */
static struct decl *lookup(struct package *pkg, const char *in, const char *name, struct pos at)
{
	struct package *where = pkg;
	if (in) {
		where = find_package(in);
		if (!where) {
			diag(at, "unknown package '%s'", in);
			return NULL;
		}
	}
	struct decl *d = find_decl(where, name);
	if (!d) {
		if (in)
			diag(at, "unknown name '%s.%s'", in, name);
		else
			diag(at, "unknown type '%s'", name);
		return NULL;
	}
	uses(pkg, where);
	return d;
}

/* ---- packages and declarations ------------------------------------------------ */

/* A protocol P's C enums are tagged P_state and P_message, which share C's
 * one tag name space with the records' structs. */
static void reserved_names(const struct package *pkg, const struct decl *d)
{
	if (d->kind != D_RECORD)
		return;
	for (int i = 0; i < pkg->ndecls; i++) {
		const struct decl *p = pkg->decls[i];
		if (p->kind != D_PROTOCOL)
			continue;
		size_t n = strlen(p->name);
		if (!strncmp(d->name, p->name, n) &&
		    (!strcmp(d->name + n, "State") || !strcmp(d->name + n, "Message")))
			diag(d->pos, "record name '%s' is taken by protocol '%s' (%d:%d)", d->name,
			     p->name, p->pos.line, p->pos.col);
	}
}

static void check_packages(void)
{
	for (int i = 0; i < prog->npkgs; i++) {
		struct package *pkg = prog->pkgs[i];
		const char *base = strrchr(pkg->file, '/');
		base = base ? base + 1 : pkg->file;
		size_t n = strlen(pkg->name);
		if (strncmp(base, pkg->name, n) || strcmp(base + n, ".sila"))
			diag(pkg->pos, "package '%s' must be in a file named %s.sila", pkg->name,
			     pkg->name);
		if (!strcmp(pkg->name, "packages"))
			diag(pkg->pos, "'packages' is silac's own output (sila_packages.h)");
		for (int j = 0; j < i; j++)
			if (!strcmp(prog->pkgs[j]->name, pkg->name))
				diag(pkg->pos, "package '%s' is declared twice (first in %s)",
				     pkg->name, prog->pkgs[j]->file);
		for (int a = 0; a < pkg->ndecls; a++) {
			struct decl *d = pkg->decls[a];
			for (int b = 0; b < a; b++) {
				struct decl *e = pkg->decls[b];
				if (!strcmp(d->name, e->name))
					diag(d->pos, "'%s' is declared twice (first at %d:%d)",
					     d->name, e->pos.line, e->pos.col);
				else if (!strcmp(snake(d->name), snake(e->name)))
					diag(d->pos, "'%s' and '%s' (%d:%d) have the same C name",
					     d->name, e->name, e->pos.line, e->pos.col);
			}
			reserved_names(pkg, d);
		}
	}
}

/* ---- enums, error enums, bits ---------------------------------------------------- */

static void check_enum(struct decl *d)
{
	struct type *b = d->base;
	if (b->kind != TY_INT || b->is_signed || (d->kind != D_BITS && b->width == 8)) {
		diag(b->pos, "%s needs an unsigned integer type (u8, u16, u32%s)",
		     d->kind == D_BITS ? "bits" : "an enum", d->kind == D_BITS ? ", u64" : "");
		return;
	}
	if (d->nmembers == 0)
		diag(d->pos, "'%s' has no members", d->name);
	unsigned bits = b->width * 8;
	for (int i = 0; i < d->nmembers; i++) {
		struct member *m = &d->members[i];
		if (d->kind == D_BITS) {
			if (m->value >= bits)
				diag(m->pos, "bit %llu of '%s' does not fit a u%u",
				     (unsigned long long)m->value, m->name, bits);
		} else if (bits < 64 && m->value >> bits) {
			diag(m->pos, "value %llu of '%s' does not fit a u%u",
			     (unsigned long long)m->value, m->name, bits);
		}
		if (d->kind == D_ERROR && (m->value == 0 || m->value > 0x7FFFFFFF))
			diag(m->pos, "error '%s' must be 1..2147483647 (0 is success)", m->name);
		for (int j = 0; j < i; j++) {
			if (!strcmp(d->members[j].name, m->name))
				diag(m->pos, "member '%s' is declared twice", m->name);
			else if (d->members[j].value == m->value)
				diag(m->pos, "'%s' has the same %s as '%s'", m->name,
				     d->kind == D_BITS ? "bit" : "value", d->members[j].name);
		}
	}
}

/* ---- capabilities ------------------------------------------------------------- */

/* The rights that mean something for each object type (docs/abi.md's
 * table), indexed by SKY_OBJ_*: asking for another one can never be met. */
static const uint32_t rights_of_type[] = {
	[1] = 0x23,  /* account: read, write, control */
	[2] = 0x22,  /* aspace: write, control */
	[3] = 0x20,  /* cspace: control */
	[4] = 0x20,  /* thread: control */
	[5] = 0x17,  /* memory: read, write, exec, phys */
	[6] = 0x0B,  /* endpoint: read, write, grant */
	[7] = 0x03,  /* notification: read, write */
	[8] = 0x0A,  /* reply: write, grant */
	[9] = 0x20,  /* irq: control */
	[10] = 0x23, /* ioport: read, write, control */
	[11] = 0x20, /* timer: control */
	[12] = 0x20, /* irq_control: control */
	[13] = 0x01, /* bootfs: read */
};

/* A capability type: its rights fit its object, and the protocol an
 * endpoint names is one. */
static void check_cap(struct package *pkg, struct type *ty)
{
	if (ty->obj) {
		uint32_t extra = ty->rights & ~rights_of_type[ty->obj];
		for (int k = 0; right_names[k]; k++)
			if (extra & (1u << k))
				diag(ty->pos, "a%s %s capability has no '%s' right",
				     strchr("aeiou", obj_names[ty->obj][0]) ? "n" : "",
				     obj_names[ty->obj], right_names[k]);
	}
	if (ty->ref_name) {
		ty->ref = lookup(pkg, ty->ref_pkg, ty->ref_name, ty->pos);
		if (ty->ref && ty->ref->kind != D_PROTOCOL) {
			diag(ty->pos, "'%s' is %s, not a protocol", ty->ref_name,
			     kind_name(ty->ref->kind));
			ty->ref = NULL;
		}
	}
}

/* ---- records -------------------------------------------------------------------- */

static uint64_t sat(uint64_t v)
{
	return v > SIZE_CEILING ? SIZE_CEILING : v;
}

static void record_size(struct decl *d);

/* Resolve a type and compute its smallest and largest encoding and its
 * most capabilities. */
static void type_size(struct package *pkg, struct type *ty, uint64_t *min, uint64_t *max,
		      uint64_t *caps)
{
	uint64_t emin, emax, ecaps;
	*min = *max = *caps = 0;
	switch (ty->kind) {
	case TY_INT:
		*min = *max = ty->width;
		break;
	case TY_BOOL:
		*min = *max = 1;
		break;
	case TY_STRING:
	case TY_BYTES:
		*min = 2;
		*max = 2 + (uint64_t)ty->bound;
		break;
	case TY_CAP:
		*caps = 1;
		check_cap(pkg, ty);
		break;
	case TY_ARRAY:
	case TY_VECTOR:
		type_size(pkg, ty->elem, &emin, &emax, &ecaps);
		*min = ty->kind == TY_ARRAY ? sat(emin * ty->bound) : 2;
		*max = sat((ty->kind == TY_VECTOR ? 2 : 0) + emax * ty->bound);
		*caps = sat(ecaps * ty->bound);
		break;
	case TY_OPTIONAL:
		type_size(pkg, ty->elem, &emin, &emax, &ecaps);
		*min = 1;
		*max = sat(1 + emax);
		*caps = ecaps;
		break;
	case TY_NAMED:
		ty->ref = lookup(pkg, ty->ref_pkg, ty->ref_name, ty->pos);
		if (!ty->ref)
			break;
		switch (ty->ref->kind) {
		case D_ENUM:
		case D_ERROR:
		case D_BITS:
			*min = *max = ty->ref->base->kind == TY_INT ? ty->ref->base->width : 1;
			break;
		case D_RECORD:
			if (ty->ref->visiting == 1) {
				diag(ty->pos, "record '%s' contains itself, so it has no bound",
				     ty->ref->name);
				ty->ref = NULL;
				break;
			}
			record_size(ty->ref);
			*min = ty->ref->min_size;
			*max = ty->ref->max_size;
			*caps = ty->ref->max_caps;
			break;
		default:
			diag(ty->pos, "'%s' is %s, not a type", ty->ref_name,
			     kind_name(ty->ref->kind));
			ty->ref = NULL;
		}
		break;
	}
}

/* Records nest at most this deep, so the generated coders' recursion (and
 * silac's own) stays small. */
#define NEST_MAX 16
static int nesting;

static void record_size(struct decl *d)
{
	if (d->visiting)
		return;
	if (nesting >= NEST_MAX) {
		diag(d->pos, "record '%s' is nested more than %d records deep", d->name, NEST_MAX);
		d->visiting = 2;
		return;
	}
	nesting++;
	d->visiting = 1;
	uint64_t min = 0, max = 0, caps = 0;
	if (d->nfields == 0)
		diag(d->pos, "record '%s' has no fields (a message without data is written ())",
		     d->name);
	for (int i = 0; i < d->nfields; i++) {
		struct field *f = &d->fields[i];
		for (int j = 0; j < i; j++)
			if (!strcmp(d->fields[j].name, f->name))
				diag(f->pos, "field '%s' is declared twice", f->name);
		uint64_t fmin, fmax, fcaps;
		type_size(d->pkg, f->type, &fmin, &fmax, &fcaps);
		min = sat(min + fmin);
		max = sat(max + fmax);
		caps = sat(caps + fcaps);
	}
	d->min_size = (uint32_t)(min > UINT32_MAX ? UINT32_MAX : min);
	d->max_size = max;
	d->max_caps = (unsigned)(caps > 255 ? 255 : caps);
	d->visiting = 2;
	nesting--;
}

/* ---- protocols ------------------------------------------------------------------ */

static uint32_t label_of(const struct package *pkg, const struct decl *proto,
			 const struct message *m)
{
	char *key = xprintf("%s.%s.%s/%u", pkg->name, proto->name, m->name, pkg->version);
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *s = key; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	free(key);
	h &= 0x7FFFFFFF;
	if (h >= LABEL_RESERVED)
		h %= LABEL_RESERVED;
	return h ? h : 1;
}

static void message_record(struct package *pkg, struct message *m, struct recref *r,
			   const char *what)
{
	if (!r->name)
		return;
	r->ref = lookup(pkg, r->pkg, r->name, r->pos);
	if (!r->ref)
		return;
	if (r->ref->kind != D_RECORD) {
		diag(r->pos, "'%s' is %s; a %s is a record", r->name, kind_name(r->ref->kind),
		     what);
		r->ref = NULL;
		return;
	}
	record_size(r->ref);
	if (r->ref->max_size > 4096)
		diag(r->pos, "the %s of '%s' can be %llu bytes; a message carries at most 4096",
		     what, m->name, (unsigned long long)r->ref->max_size);
	if (r->ref->max_caps > 4)
		diag(r->pos,
		     "the %s of '%s' can carry %u capabilities; a message carries at most 4", what,
		     m->name, r->ref->max_caps);
}

static int find_state(struct decl *d, const char *name)
{
	for (int i = 0; i < d->nstates; i++)
		if (!strcmp(d->states[i].name, name))
			return i;
	return -1;
}

static int find_message(struct decl *d, const char *name)
{
	for (int i = 0; i < d->nmsgs; i++)
		if (!strcmp(d->msgs[i].name, name))
			return i;
	return -1;
}

/* No state section: one state, "open", in which everything is allowed. */
static void implicit_states(struct decl *d)
{
	struct state s = { .name = "open", .pos = d->pos, .initial = true };
	for (int i = 0; i < d->nmsgs; i++) {
		if (find_message(d, d->msgs[i].name) != i)
			continue; /* a duplicate, diagnosed */
		struct transition t = { .msg = d->msgs[i].name, .target = "open", .pos = d->pos };
		PUSH(s.trans, s.ntrans, t);
	}
	PUSH(d->states, d->nstates, s);
}

static void check_states(struct decl *d)
{
	int errors_before = diag_errors;
	d->initial = -1;
	for (int i = 0; i < d->nstates; i++) {
		struct state *s = &d->states[i];
		if (find_state(d, s->name) != i)
			diag(s->pos, "state '%s' is declared twice", s->name);
		if (s->initial) {
			if (d->initial >= 0)
				diag(s->pos, "a second initial state '%s' (the first is '%s')",
				     s->name, d->states[d->initial].name);
			else
				d->initial = i;
			if (s->terminal)
				diag(s->pos, "the initial state '%s' cannot be terminal", s->name);
		}
		if (s->terminal && s->ntrans)
			diag(s->trans[0].pos, "terminal state '%s' allows no messages", s->name);
		if (!s->terminal && !s->ntrans)
			diag(s->pos,
			     "state '%s' has no way out: allow a message in it or mark it terminal",
			     s->name);
		for (int k = 0; k < s->ntrans; k++) {
			struct transition *t = &s->trans[k];
			t->msg_index = find_message(d, t->msg);
			t->to = find_state(d, t->target);
			t->else_to = i;
			if (t->msg_index < 0) {
				diag(t->pos, "unknown message '%s'", t->msg);
				continue;
			}
			for (int j = 0; j < k; j++)
				if (!strcmp(s->trans[j].msg, t->msg))
					diag(t->pos, "state '%s' names message '%s' twice", s->name,
					     t->msg);
			struct message *m = &d->msgs[t->msg_index];
			m->used = true;
			if (t->to < 0)
				diag(t->target_pos, "unknown state '%s'", t->target);
			if (t->else_target) {
				if (m->kind != MSG_CALL || !m->error.name)
					diag(t->else_pos,
					     "'else' is the state after an error reply; '%s' has "
					     "none",
					     m->name);
				t->else_to = find_state(d, t->else_target);
				if (t->else_to < 0)
					diag(t->else_pos, "unknown state '%s'", t->else_target);
			}
		}
	}
	if (d->initial < 0) {
		diag(d->pos, "protocol '%s' has no initial state", d->name);
		return;
	}
	for (int i = 0; i < d->nmsgs; i++)
		if (!d->msgs[i].used)
			diag(d->msgs[i].pos, "message '%s' is allowed in no state",
			     d->msgs[i].name);
	if (diag_errors != errors_before)
		return; /* the graph below needs every name resolved */

	/* Reachable from the initial state. */
	d->states[d->initial].reached = true;
	for (bool more = true; more;) {
		more = false;
		for (int i = 0; i < d->nstates; i++) {
			if (!d->states[i].reached)
				continue;
			for (int k = 0; k < d->states[i].ntrans; k++) {
				struct transition *t = &d->states[i].trans[k];
				int to[2] = { t->to, t->else_to };
				for (int j = 0; j < 2; j++)
					if (!d->states[to[j]].reached)
						more = d->states[to[j]].reached = true;
			}
		}
	}
	bool any_terminal = false;
	for (int i = 0; i < d->nstates; i++) {
		if (!d->states[i].reached)
			diag(d->states[i].pos,
			     "state '%s' cannot be reached from the initial state '%s'",
			     d->states[i].name, d->states[d->initial].name);
		any_terminal |= d->states[i].terminal;
	}
	if (!any_terminal)
		return;
	/* With terminal states, each state must be able to reach one. */
	bool *ends = xcalloc((size_t)d->nstates, sizeof *ends);
	for (int i = 0; i < d->nstates; i++)
		ends[i] = d->states[i].terminal;
	for (bool more = true; more;) {
		more = false;
		for (int i = 0; i < d->nstates; i++)
			for (int k = 0; k < d->states[i].ntrans && !ends[i]; k++) {
				struct transition *t = &d->states[i].trans[k];
				if (ends[t->to] || ends[t->else_to])
					more = ends[i] = true;
			}
	}
	for (int i = 0; i < d->nstates; i++)
		if (!ends[i] && d->states[i].reached)
			diag(d->states[i].pos, "no terminal state can be reached from state '%s'",
			     d->states[i].name);
	free(ends);
}

static void check_protocol(struct decl *d)
{
	struct package *pkg = d->pkg;
	if (d->nmsgs == 0)
		diag(d->pos, "protocol '%s' has no messages", d->name);
	/* Promela has at most 255 mtype names: the messages and two reply kinds. */
	if (d->nmsgs > 250)
		diag(d->pos, "protocol '%s' has more than 250 messages", d->name);
	if (d->nstates > 254)
		diag(d->pos, "protocol '%s' has more than 254 states", d->name);
	for (int i = 0; i < d->nmsgs; i++) {
		struct message *m = &d->msgs[i];
		if (find_message(d, m->name) != i) {
			diag(m->pos, "message '%s' is declared twice", m->name);
			m->used = true; /* one diagnostic is enough */
			continue;
		}
		message_record(pkg, m, &m->request, m->kind == MSG_EVENT ? "event" : "request");
		message_record(pkg, m, &m->response, "response");
		if (m->error.name) {
			m->error.ref = lookup(pkg, m->error.pkg, m->error.name, m->error.pos);
			if (m->error.ref && m->error.ref->kind != D_ERROR) {
				diag(m->error.pos, "'%s' is %s, not an error enum", m->error.name,
				     kind_name(m->error.ref->kind));
				m->error.ref = NULL;
			}
		}
		m->label = label_of(pkg, d, m);
	}
	if (d->nstates == 0)
		implicit_states(d);
	check_states(d);
}

/* ---- contracts ------------------------------------------------------------------ */

static const char *const limit_names[] = { "memory", "kmem", "threads", "caps", "cpu", NULL };
static const char *const isolation_names[] = {
	"private_memory", "wx", "no_ambient", "memory_quota", "cpu_budget", "dma", NULL
};

static void check_contract(struct decl *d)
{
	for (int i = 0; i < d->ncaps; i++) {
		struct capreq *c = &d->caps[i];
		for (int j = 0; j < i; j++)
			if (!strcmp(d->caps[j].name, c->name))
				diag(c->pos, "capability '%s' is named twice", c->name);
		if (c->type->kind != TY_CAP) {
			diag(c->type->pos, "'requires' takes a capability: cap OBJECT(RIGHTS)");
			continue;
		}
		check_cap(d->pkg, c->type);
	}
	bool seen[5] = { false };
	for (int i = 0; i < d->nlimits; i++) {
		struct limit *l = &d->limits[i];
		int k;
		for (k = 0; limit_names[k]; k++)
			if (!strcmp(l->name, limit_names[k]))
				break;
		if (!limit_names[k]) {
			diag(l->pos, "unknown limit '%s' (memory, kmem, threads, caps, cpu)",
			     l->name);
			continue;
		}
		if (seen[k])
			diag(l->pos, "limit '%s' is set twice", l->name);
		seen[k] = true;
		if (k == 4 && (l->value < 1 || l->value > 100))
			diag(l->pos, "cpu is a percentage, 1..100");
		else if (k >= 2 && k <= 3 && (l->value == 0 || l->value > UINT32_MAX))
			diag(l->pos, "%s must be 1..4294967295", l->name);
		else if (l->value == 0)
			diag(l->pos, "a limit of 0 %s leaves nothing to run with", l->name);
	}
	if (!seen[0])
		diag(d->pos, "contract '%s' sets no memory limit", d->name);
	if (!seen[2])
		diag(d->pos, "contract '%s' sets no thread limit", d->name);
	for (int i = 0; i < d->nisolation; i++) {
		int k;
		for (k = 0; isolation_names[k]; k++)
			if (!strcmp(d->isolation[i], isolation_names[k]))
				break;
		if (!isolation_names[k])
			diag(d->isolation_pos[i], "unknown isolation property '%s'",
			     d->isolation[i]);
		for (int j = 0; j < i; j++)
			if (!strcmp(d->isolation[j], d->isolation[i]))
				diag(d->isolation_pos[i], "isolation property '%s' is named twice",
				     d->isolation[i]);
	}
}

/* ---- across packages ------------------------------------------------------------ */

static void check_labels(void)
{
	struct seen {
		uint32_t label;
		const char *pkg, *proto, *msg;
	} *all = NULL;
	int n = 0;
	for (int i = 0; i < prog->npkgs; i++)
		for (int j = 0; j < prog->pkgs[i]->ndecls; j++) {
			struct decl *d = prog->pkgs[i]->decls[j];
			if (d->kind != D_PROTOCOL)
				continue;
			for (int k = 0; k < d->nmsgs; k++) {
				struct message *m = &d->msgs[k];
				if (!m->label)
					continue; /* a duplicate name, diagnosed */
				for (int s = 0; s < n; s++)
					if (all[s].label == m->label)
						diag(m->pos,
						     "the label of '%s' (0x%08x) is that of "
						     "%s.%s.%s: rename one",
						     m->name, m->label, all[s].pkg, all[s].proto,
						     all[s].msg);
				struct seen e = { m->label, prog->pkgs[i]->name, d->name, m->name };
				PUSH(all, n, e);
			}
		}
	free(all);
}

static bool cycle(struct package *pkg)
{
	if (pkg->visiting == 1) {
		diag(pkg->pos, "package '%s' uses itself through other packages", pkg->name);
		return true;
	}
	if (pkg->visiting == 2)
		return false;
	pkg->visiting = 1;
	for (int i = 0; i < pkg->nuses; i++)
		if (cycle(pkg->uses[i]))
			return true;
	pkg->visiting = 2;
	return false;
}

void check(struct program *p)
{
	prog = p;
	check_packages();
	for (int i = 0; i < prog->npkgs; i++) {
		struct package *pkg = prog->pkgs[i];
		for (int j = 0; j < pkg->ndecls; j++) {
			struct decl *d = pkg->decls[j];
			switch (d->kind) {
			case D_ENUM:
			case D_ERROR:
			case D_BITS:
				check_enum(d);
				break;
			case D_RECORD:
				record_size(d);
				break;
			default:
				break;
			}
		}
	}
	for (int i = 0; i < prog->npkgs; i++)
		for (int j = 0; j < prog->pkgs[i]->ndecls; j++) {
			struct decl *d = prog->pkgs[i]->decls[j];
			if (d->kind == D_PROTOCOL)
				check_protocol(d);
			else if (d->kind == D_CONTRACT)
				check_contract(d);
		}
	check_labels();
	for (int i = 0; i < prog->npkgs; i++)
		if (cycle(prog->pkgs[i]))
			break;
}

/*
 * parse.c — recursive descent over the tokens of one file, following the
 * grammar in docs/sila.md. Keywords are contextual (a field may be called
 * `state`). The first syntax error of a file ends its parse (longjmp back to
 * parse()): what follows an error is rarely worth reporting. Naming rules
 * (UpperCamel types, lower_snake fields, UPPER_SNAKE members) are checked
 * here because the C names are made from them.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "silac/silac.h"

struct parser {
	struct token *t;
	int i, n;
	jmp_buf fail;
	struct package *pkg;
};

static struct token *peek(struct parser *p)
{
	return &p->t[p->i];
}

static struct token *next(struct parser *p)
{
	struct token *t = &p->t[p->i];
	if (t->kind != TK_EOF)
		p->i++;
	return t;
}

static bool is(struct parser *p, const char *text)
{
	struct token *t = peek(p);
	return (t->kind == TK_PUNCT || t->kind == TK_IDENT) && !strcmp(t->text, text);
}

static bool accept(struct parser *p, const char *text)
{
	if (!is(p, text))
		return false;
	next(p);
	return true;
}

static const char *describe(const struct token *t)
{
	switch (t->kind) {
	case TK_EOF:
		return "end of file";
	case TK_INT:
		return xprintf("number %s", t->text);
	case TK_IDENT:
		return xprintf("'%s'", t->text);
	default:
		return xprintf("'%s'", t->text);
	}
}

static _Noreturn void syntax(struct parser *p, const char *wanted)
{
	diag(peek(p)->pos, "expected %s, found %s", wanted, describe(peek(p)));
	longjmp(p->fail, 1);
}

static struct token *expect(struct parser *p, const char *text)
{
	if (!is(p, text))
		syntax(p, xprintf("'%s'", text));
	return next(p);
}

static struct token *ident(struct parser *p, const char *what)
{
	if (peek(p)->kind != TK_IDENT)
		syntax(p, what);
	return next(p);
}

static uint64_t number(struct parser *p, const char *what)
{
	if (peek(p)->kind != TK_INT)
		syntax(p, what);
	return next(p)->value;
}

/* ---- naming rules -------------------------------------------------------- */

static const char *const c_keywords[] = {
	"auto",    "break",  "case",     "char",   "const",    "continue", "default",
	"do",      "double", "else",     "enum",   "extern",   "float",    "for",
	"goto",    "if",     "inline",   "int",    "long",     "register", "restrict",
	"return",  "short",  "signed",   "sizeof", "static",   "struct",   "switch",
	"typedef", "union",  "unsigned", "void",   "volatile", "while",    "bool",
	"true",    "false",  "asm",      "typeof", "_Bool",    "NULL",     NULL,
};

/* UpperCamel: a capital, then letters and digits. */
static void type_name(const struct token *t, const char *what)
{
	bool ok = isupper((unsigned char)t->text[0]);
	for (const char *s = t->text; *s; s++)
		ok = ok && isalnum((unsigned char)*s);
	if (!ok)
		diag(t->pos, "%s name '%s' must be UpperCamelCase (letters and digits)", what,
		     t->text);
}

/* lower_snake: a small letter, then small letters, digits and underscores. */
static void lower_name(const struct token *t, const char *what)
{
	bool ok = islower((unsigned char)t->text[0]);
	for (const char *s = t->text; *s; s++)
		ok = ok && (islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_');
	if (!ok)
		diag(t->pos, "%s name '%s' must be lower_snake_case", what, t->text);
	for (int i = 0; c_keywords[i]; i++)
		if (!strcmp(t->text, c_keywords[i]))
			diag(t->pos, "%s name '%s' is a C keyword", what, t->text);
}

static void member_name(const struct token *t)
{
	bool ok = isupper((unsigned char)t->text[0]);
	for (const char *s = t->text; *s; s++)
		ok = ok && (isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_');
	if (!ok)
		diag(t->pos, "member name '%s' must be UPPER_SNAKE_CASE", t->text);
}

/* ---- types ----------------------------------------------------------------- */

static struct type *new_type(enum type_kind kind, struct pos pos)
{
	struct type *ty = xcalloc(1, sizeof *ty);
	ty->kind = kind;
	ty->pos = pos;
	return ty;
}

/* NAME or PACKAGE.NAME */
static void qname(struct parser *p, char **pkg, char **name, struct pos *pos)
{
	struct token *a = ident(p, "a name");
	*pos = a->pos;
	if (accept(p, ".")) {
		*pkg = a->text;
		*name = ident(p, "a name after '.'")->text;
	} else {
		*pkg = NULL;
		*name = a->text;
	}
}

static uint32_t bound(struct parser *p)
{
	struct token *t = peek(p);
	uint64_t v = number(p, "a bound");
	if (v == 0 || v > 65535) {
		diag(t->pos, "bound %llu is outside 1..65535", (unsigned long long)v);
		v = 1;
	}
	return (uint32_t)v;
}

static const struct {
	const char *name;
	unsigned width;
	bool is_signed;
} ints[] = {
	{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
	{ "i8", 1, true },  { "i16", 2, true },  { "i32", 4, true },  { "i64", 8, true },
};

static unsigned rights_of(struct parser *p)
{
	unsigned rights = 0;
	if (!accept(p, "("))
		return 0;
	if (accept(p, ")"))
		return 0;
	do {
		struct token *r = ident(p, "a right (read, write, exec, grant, phys, control)");
		int k;
		for (k = 0; right_names[k]; k++)
			if (!strcmp(r->text, right_names[k]))
				break;
		if (!right_names[k])
			diag(r->pos, "unknown right '%s'", r->text);
		else if (rights & (1u << k))
			diag(r->pos, "right '%s' named twice", r->text);
		else
			rights |= 1u << k;
	} while (accept(p, ","));
	expect(p, ")");
	return rights;
}

static struct type *cap_type(struct parser *p, struct pos pos)
{
	struct type *ty = new_type(TY_CAP, pos);
	struct token *o = ident(p, "an object type after 'cap'");
	int k;
	for (k = 1; obj_names[k]; k++)
		if (!strcmp(o->text, obj_names[k]))
			break;
	if (!obj_names[k])
		diag(o->pos, "unknown object type '%s'", o->text);
	ty->obj = obj_names[k] ? (unsigned)k : 0;
	if (accept(p, "<")) {
		struct pos at;
		qname(p, &ty->ref_pkg, &ty->ref_name, &at);
		if (ty->obj != 6 /* SKY_OBJ_ENDPOINT */)
			diag(at, "only an endpoint capability names a protocol");
		expect(p, ">");
	}
	ty->rights = rights_of(p);
	return ty;
}

static struct type *base_type(struct parser *p)
{
	struct token *t = ident(p, "a type");
	for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
		if (!strcmp(t->text, ints[k].name)) {
			struct type *ty = new_type(TY_INT, t->pos);
			ty->width = ints[k].width;
			ty->is_signed = ints[k].is_signed;
			return ty;
		}
	}
	if (!strcmp(t->text, "bool"))
		return new_type(TY_BOOL, t->pos);
	if (!strcmp(t->text, "cap"))
		return cap_type(p, t->pos);
	if (!strcmp(t->text, "string") || !strcmp(t->text, "bytes")) {
		bool str = t->text[0] == 's';
		if (!is(p, "[")) {
			diag(t->pos, "%s needs a bound: %s[..N]", t->text, t->text);
			return new_type(str ? TY_STRING : TY_BYTES, t->pos);
		}
		next(p);
		struct type *ty;
		if (accept(p, "..")) {
			ty = new_type(str ? TY_STRING : TY_BYTES, t->pos);
			ty->bound = bound(p);
		} else if (str) {
			diag(peek(p)->pos,
			     "a string has a maximum length, not a fixed one: string[..N]");
			ty = new_type(TY_STRING, t->pos);
			ty->bound = bound(p);
		} else {
			/* bytes[N]: exactly N bytes, as u8[N] */
			ty = new_type(TY_ARRAY, t->pos);
			ty->elem = new_type(TY_INT, t->pos);
			ty->elem->width = 1;
			ty->bound = bound(p);
		}
		expect(p, "]");
		return ty;
	}
	struct type *ty = new_type(TY_NAMED, t->pos);
	if (accept(p, ".")) {
		ty->ref_pkg = t->text;
		ty->ref_name = ident(p, "a name after '.'")->text;
	} else {
		ty->ref_name = t->text;
	}
	return ty;
}

static struct type *type(struct parser *p)
{
	if (is(p, "optional")) {
		struct pos at = next(p)->pos;
		struct type *ty = new_type(TY_OPTIONAL, at);
		if (is(p, "optional"))
			syntax(p, "a type after 'optional' (one 'optional' is enough)");
		ty->elem = type(p);
		return ty;
	}
	struct type *ty = base_type(p);
	if (is(p, "[")) {
		struct pos at = next(p)->pos;
		struct type *arr;
		if (accept(p, "..")) {
			arr = new_type(TY_VECTOR, at);
		} else if (is(p, "]")) {
			diag(peek(p)->pos, "an array needs a bound: T[N] or T[..N]");
			arr = new_type(TY_VECTOR, at);
			arr->bound = 1;
			next(p);
			arr->elem = ty;
			return arr;
		} else {
			arr = new_type(TY_ARRAY, at);
		}
		arr->bound = bound(p);
		expect(p, "]");
		arr->elem = ty;
		if (is(p, "["))
			diag(peek(p)->pos,
			     "arrays of arrays are not allowed: put the inner array in a record");
		return arr;
	}
	return ty;
}

/* ---- declarations ------------------------------------------------------------ */

static struct decl *new_decl(struct parser *p, enum decl_kind kind, struct token *kw)
{
	struct decl *d = xcalloc(1, sizeof *d);
	d->kind = kind;
	d->doc = kw->doc;
	d->pkg = p->pkg;
	struct token *name = ident(p, "a name");
	type_name(name, kw->text);
	d->name = name->text;
	d->pos = name->pos;
	PUSH(p->pkg->decls, p->pkg->ndecls, d);
	return d;
}

static void enum_decl(struct parser *p, struct token *kw, enum decl_kind kind)
{
	struct decl *d = new_decl(p, kind, kw);
	if (accept(p, ":")) {
		d->base = base_type(p);
	} else {
		d->base = new_type(TY_INT, d->pos);
		d->base->width = kind == D_ENUM ? 1 : 4;
		if (kind == D_BITS)
			diag(peek(p)->pos, "bits needs an underlying type: bits %s : u32", d->name);
	}
	expect(p, "{");
	uint64_t nextv = kind == D_ERROR ? 1 : 0;
	while (!accept(p, "}")) {
		struct token *m = ident(p, "a member name or '}'");
		member_name(m);
		struct member mem = { .name = m->text, .pos = m->pos, .doc = m->doc };
		if (accept(p, "=")) {
			mem.value = number(p, "a value");
		} else {
			if (kind == D_BITS)
				diag(m->pos, "bit '%s' needs its bit number: %s = N", m->text,
				     m->text);
			mem.value = nextv;
		}
		nextv = mem.value + 1;
		PUSH(d->members, d->nmembers, mem);
		expect(p, ";");
	}
}

static void record_decl(struct parser *p, struct token *kw)
{
	struct decl *d = new_decl(p, D_RECORD, kw);
	expect(p, "{");
	while (!accept(p, "}")) {
		struct token *f = ident(p, "a field name or '}'");
		lower_name(f, "field");
		expect(p, ":");
		struct field fl = { .name = f->text, .pos = f->pos, .doc = f->doc };
		fl.type = type(p);
		expect(p, ";");
		PUSH(d->fields, d->nfields, fl);
	}
}

static void recref(struct parser *p, struct recref *r)
{
	expect(p, "(");
	if (!is(p, ")"))
		qname(p, &r->pkg, &r->name, &r->pos);
	expect(p, ")");
}

static void message_decl(struct parser *p, struct decl *d, struct token *kw)
{
	struct message m = { .doc = kw->doc };
	m.kind = !strcmp(kw->text, "call")   ? MSG_CALL
		 : !strcmp(kw->text, "send") ? MSG_SEND
					     : MSG_EVENT;
	struct token *name = ident(p, "a message name");
	lower_name(name, "message");
	size_t len = strlen(name->text);
	if ((len > 6 && !strcmp(name->text + len - 6, "_reply")) ||
	    (len > 6 && !strcmp(name->text + len - 6, "_error")))
		diag(name->pos, "message name '%s' ends like the functions of its reply",
		     name->text);
	m.name = name->text;
	m.pos = name->pos;
	recref(p, &m.request);
	if (m.kind == MSG_CALL) {
		expect(p, "->");
		recref(p, &m.response);
		if (accept(p, "error"))
			qname(p, &m.error.pkg, &m.error.name, &m.error.pos);
	} else if (is(p, "->")) {
		diag(peek(p)->pos, "only a call has a response; '%s' is a %s", m.name, kw->text);
	}
	expect(p, ";");
	PUSH(d->msgs, d->nmsgs, m);
}

static void state_decl(struct parser *p, struct decl *d, struct token *kw)
{
	struct state s = { .doc = kw->doc };
	struct token *name = ident(p, "a state name");
	lower_name(name, "state");
	s.name = name->text;
	s.pos = name->pos;
	for (;;) {
		if (accept(p, "initial"))
			s.initial = true;
		else if (accept(p, "terminal"))
			s.terminal = true;
		else
			break;
	}
	if (!accept(p, ";")) {
		expect(p, "{");
		while (!accept(p, "}")) {
			/* MSG, MSG... -> TARGET [else TARGET]; */
			struct token **msgs = NULL;
			int nmsgs = 0;
			do {
				struct token *m = ident(p, "a message name or '}'");
				PUSH(msgs, nmsgs, m);
			} while (accept(p, ","));
			expect(p, "->");
			struct token *to = ident(p, "a state name");
			struct token *e = NULL;
			if (accept(p, "else"))
				e = ident(p, "a state name after 'else'");
			expect(p, ";");
			for (int k = 0; k < nmsgs; k++) {
				struct transition t = { .msg = msgs[k]->text,
							.pos = msgs[k]->pos,
							.target = to->text,
							.target_pos = to->pos };
				if (e) {
					t.else_target = e->text;
					t.else_pos = e->pos;
				}
				PUSH(s.trans, s.ntrans, t);
			}
			free(msgs);
		}
	}
	PUSH(d->states, d->nstates, s);
}

static void protocol_decl(struct parser *p, struct token *kw)
{
	struct decl *d = new_decl(p, D_PROTOCOL, kw);
	expect(p, "{");
	while (!accept(p, "}")) {
		if (is(p, "call") || is(p, "send") || is(p, "event"))
			message_decl(p, d, next(p));
		else if (is(p, "state"))
			state_decl(p, d, next(p));
		else
			syntax(p, "'call', 'send', 'event', 'state' or '}'");
	}
}

static void contract_decl(struct parser *p, struct token *kw)
{
	struct decl *d = new_decl(p, D_CONTRACT, kw);
	expect(p, "{");
	while (!accept(p, "}")) {
		if (is(p, "requires") || is(p, "provides")) {
			bool req = is(p, "requires");
			next(p);
			struct token *name = ident(p, "a name");
			lower_name(name, "capability");
			struct capreq c = { .kind = req ? CI_REQUIRES : CI_PROVIDES,
					    .name = name->text,
					    .pos = name->pos };
			expect(p, ":");
			if (req) {
				c.type = type(p);
			} else {
				c.type = new_type(TY_CAP, peek(p)->pos);
				c.type->obj = 6;    /* SKY_OBJ_ENDPOINT */
				c.type->rights = 1; /* SKY_RIGHT_READ: it receives */
				struct pos at;
				qname(p, &c.type->ref_pkg, &c.type->ref_name, &at);
			}
			expect(p, ";");
			PUSH(d->caps, d->ncaps, c);
		} else if (accept(p, "limit")) {
			struct token *name = ident(p, "a limit (memory, kmem, threads, caps, cpu)");
			struct limit l = { .name = name->text, .pos = name->pos };
			struct token *num = peek(p);
			l.value = number(p, "a number");
			if (peek(p)->kind == TK_IDENT) {
				struct token *u = next(p);
				uint64_t mul = !strcmp(u->text, "KiB")   ? 1ull << 10
					       : !strcmp(u->text, "MiB") ? 1ull << 20
					       : !strcmp(u->text, "GiB") ? 1ull << 30
									 : 0;
				if (!mul)
					diag(u->pos, "unknown unit '%s' (KiB, MiB, GiB)", u->text);
				else if (l.value > UINT64_MAX / mul)
					diag(num->pos, "limit is larger than 2^64 - 1 bytes");
				else
					l.value *= mul;
			}
			expect(p, ";");
			PUSH(d->limits, d->nlimits, l);
		} else if (accept(p, "isolation")) {
			do {
				struct token *name = ident(p, "an isolation property");
				PUSH(d->isolation_pos, d->nisolation, name->pos);
				d->nisolation--;
				PUSH(d->isolation, d->nisolation, name->text);
			} while (accept(p, ","));
			expect(p, ";");
		} else {
			syntax(p, "'requires', 'provides', 'limit', 'isolation' or '}'");
		}
	}
}

struct package *parse(struct token *toks, int count, const char *file)
{
	struct parser p = { .t = toks, .n = count };
	struct package *pkg = xcalloc(1, sizeof *pkg);
	pkg->file = file;
	p.pkg = pkg;
	if (setjmp(p.fail))
		return NULL;
	expect(&p, "package");
	struct token *name = ident(&p, "the package name");
	bool ok = islower((unsigned char)name->text[0]);
	for (const char *s = name->text; *s; s++)
		ok = ok && (islower((unsigned char)*s) || isdigit((unsigned char)*s));
	if (!ok)
		diag(name->pos, "package name '%s' must be lower case letters and digits",
		     name->text);
	pkg->name = name->text;
	pkg->pos = name->pos;
	expect(&p, "version");
	struct token *v = peek(&p);
	uint64_t version = number(&p, "the package version");
	if (version == 0 || version > 65535)
		diag(v->pos, "version %llu is outside 1..65535", (unsigned long long)version);
	pkg->version = (uint32_t)version;
	expect(&p, ";");
	while (peek(&p)->kind != TK_EOF) {
		struct token *kw = peek(&p);
		if (accept(&p, "enum"))
			enum_decl(&p, kw, D_ENUM);
		else if (accept(&p, "error"))
			enum_decl(&p, kw, D_ERROR);
		else if (accept(&p, "bits"))
			enum_decl(&p, kw, D_BITS);
		else if (accept(&p, "record"))
			record_decl(&p, kw);
		else if (accept(&p, "protocol"))
			protocol_decl(&p, kw);
		else if (accept(&p, "contract"))
			contract_decl(&p, kw);
		else
			syntax(&p, "'enum', 'error', 'bits', 'record', 'protocol' or 'contract'");
	}
	return pkg;
}

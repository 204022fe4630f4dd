/*
 * gen_h.c — silac's header for package PKG, sila_PKG.h: the wire layout of
 * each record as an offset table, its C struct, its sizes with
 * _Static_asserts that tie them to the records it contains, enum constants,
 * message labels, the prototypes of the codecs gen_c.c writes, and the
 * protocol and contract tables. Declarations come in the order C needs
 * (enums, records after what they contain, protocols, contracts), whatever
 * order the .sila file chose.
 */
#include <stdlib.h>
#include <string.h>

#include "silac/silac.h"

/* The .sila spelling of a type, for comments. */
static char *type_text(const struct type *ty)
{
	switch (ty->kind) {
	case TY_INT:
		return xprintf("%c%u", ty->is_signed ? 'i' : 'u', ty->width * 8);
	case TY_BOOL:
		return "bool";
	case TY_NAMED:
		return ty->ref_pkg ? xprintf("%s.%s", ty->ref_pkg, ty->ref_name) : ty->ref_name;
	case TY_STRING:
		return xprintf("string[..%u]", ty->bound);
	case TY_BYTES:
		return xprintf("bytes[..%u]", ty->bound);
	case TY_CAP: {
		char *r = xstrdup("");
		for (int k = 0; right_names[k]; k++)
			if (ty->rights & (1u << k))
				r = xprintf("%s%s%s", r, *r ? ", " : "", right_names[k]);
		return xprintf("cap %s%s%s%s%s%s(%s)", obj_names[ty->obj], ty->ref_name ? "<" : "",
			       ty->ref_pkg ? ty->ref_pkg : "", ty->ref_pkg ? "." : "",
			       ty->ref_name ? ty->ref_name : "", ty->ref_name ? ">" : "", r);
	}
	case TY_ARRAY:
		return xprintf("%s[%u]", type_text(ty->elem), ty->bound);
	case TY_VECTOR:
		return xprintf("%s[..%u]", type_text(ty->elem), ty->bound);
	case TY_OPTIONAL:
		return xprintf("optional %s", type_text(ty->elem));
	}
	return "?";
}

/* The smallest and largest encoding of a type, for the offset tables. */
static void sizes(const struct type *ty, uint64_t *min, uint64_t *max)
{
	uint64_t a, b;
	switch (ty->kind) {
	case TY_INT:
		*min = *max = ty->width;
		return;
	case TY_BOOL:
		*min = *max = 1;
		return;
	case TY_NAMED:
		if (ty->ref->kind == D_RECORD) {
			*min = ty->ref->min_size;
			*max = ty->ref->max_size;
		} else {
			*min = *max = ty->ref->base->width;
		}
		return;
	case TY_STRING:
	case TY_BYTES:
		*min = 2;
		*max = 2 + (uint64_t)ty->bound;
		return;
	case TY_CAP:
		*min = *max = 0;
		return;
	case TY_ARRAY:
		sizes(ty->elem, &a, &b);
		*min = a * ty->bound;
		*max = b * ty->bound;
		return;
	case TY_VECTOR:
		sizes(ty->elem, &a, &b);
		*min = 2;
		*max = 2 + b * ty->bound;
		return;
	case TY_OPTIONAL:
		sizes(ty->elem, &a, &b);
		*min = 1;
		*max = 1 + b;
		return;
	}
}

/* A C expression for the smallest (or largest) encoding of ty, in terms of
 * the _MIN and _MAX of the records it contains, so that the compiler checks
 * the sizes silac computed against every header involved. */
static char *size_expr(const struct type *ty, bool max)
{
	switch (ty->kind) {
	case TY_INT:
		return xprintf("%u", ty->width);
	case TY_BOOL:
		return "1";
	case TY_NAMED:
		if (ty->ref->kind == D_RECORD)
			return xprintf("%s_%s", c_upper(ty->ref), max ? "MAX" : "MIN");
		return xprintf("%u", ty->ref->base->width);
	case TY_STRING:
	case TY_BYTES:
		return max ? xprintf("(2 + %u)", ty->bound) : "2";
	case TY_CAP:
		return "0";
	case TY_ARRAY:
		return xprintf("(%uull * %s)", ty->bound, size_expr(ty->elem, max));
	case TY_VECTOR:
		return max ? xprintf("(2 + %uull * %s)", ty->bound, size_expr(ty->elem, true))
			   : "2";
	case TY_OPTIONAL:
		return max ? xprintf("(1 + %s)", size_expr(ty->elem, true)) : "1";
	}
	return "0";
}

/* A C declaration of `name` with type ty. */
static char *c_decl(const struct type *ty, const char *name)
{
	switch (ty->kind) {
	case TY_INT:
		return xprintf("%s %s", c_int_type(ty->width, ty->is_signed), name);
	case TY_BOOL:
		return xprintf("bool %s", name);
	case TY_NAMED:
		if (ty->ref->kind == D_RECORD)
			return xprintf("struct %s %s", c_name(ty->ref), name);
		return xprintf("%s %s", c_int_type(ty->ref->base->width, false), name);
	case TY_STRING:
		return xprintf("struct { uint16_t len; char data[%u]; } %s", ty->bound, name);
	case TY_BYTES:
		return xprintf("struct { uint16_t len; uint8_t data[%u]; } %s", ty->bound, name);
	case TY_CAP:
		return xprintf("struct sila_cap %s", name);
	case TY_ARRAY:
		return c_decl(ty->elem, xprintf("%s[%u]", name, ty->bound));
	case TY_VECTOR:
		return xprintf("struct { uint16_t count; %s; } %s",
			       c_decl(ty->elem, xprintf("items[%u]", ty->bound)), name);
	case TY_OPTIONAL:
		return xprintf("struct { bool present; %s; } %s", c_decl(ty->elem, "value"), name);
	}
	return NULL;
}
/* A declaration's documentation (the comment lines above it in the .sila
 * file) as C comments, never closing one early. */
static void doc_comment(struct buf *b, const char *doc, int ind)
{
	if (!doc)
		return;
	const char *s = doc;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		bprintf(b, "%.*s", ind, "\t\t\t\t\t\t\t\t");
		bprintf(b, "/* ");
		for (size_t i = 0; i < n; i++) /* keep the comment closed */
			bprintf(b, "%c", s[i] == '*' && i + 1 < n && s[i + 1] == '/' ? '+' : s[i]);
		bprintf(b, " */\n");
		s += n + (nl ? 1 : 0);
	}
}
/* ---- the header ----------------------------------------------------------------- */

static void header_enum(struct buf *b, const struct decl *d)
{
	static const char *const kinds[] = { "enum", "error", "bits" };
	bprintf(b, "\n");
	doc_comment(b, d->doc, 0);
	bprintf(b, "/* %s %s : u%u */\n", kinds[d->kind], d->name, d->base->width * 8);
	uint64_t mask = 0;
	for (int i = 0; i < d->nmembers; i++) {
		const struct member *m = &d->members[i];
		doc_comment(b, m->doc, 0);
		if (d->kind == D_BITS) {
			bprintf(b, "#define %s_%s (1ull << %llu)\n", c_upper(d), m->name,
				(unsigned long long)m->value);
			mask |= 1ull << m->value;
		} else {
			bprintf(b, "#define %s_%s %lluu\n", c_upper(d), m->name,
				(unsigned long long)m->value);
		}
	}
	if (d->kind == D_BITS) {
		bprintf(b, "#define %s_MASK 0x%llxull /* every other bit is reserved: 0 */\n",
			c_upper(d), (unsigned long long)mask);
	} else {
		bprintf(b, "bool %s_valid(uint64_t v);\n", c_name(d));
		bprintf(b, "/* The member's name (\"%s\"), or NULL. */\n", d->members[0].name);
		bprintf(b, "const char *%s_name(uint64_t v);\n", c_name(d));
	}
}

static void header_record(struct buf *b, const struct decl *d)
{
	bprintf(b, "\n");
	doc_comment(b, d->doc, 0);
	bprintf(b, "/*\n * record %s.%s: %u..%llu bytes, up to %u capabilit%s\n *\n", d->pkg->name,
		d->name, d->min_size, (unsigned long long)d->max_size, d->max_caps,
		d->max_caps == 1 ? "y" : "ies");
	bprintf(b, " *   offset  bytes       field\n");
	uint64_t off = 0;
	bool fixed = true;
	for (int i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		uint64_t min, max;
		sizes(f->type, &min, &max);
		char *at = fixed ? xprintf("%llu", (unsigned long long)off) : "...";
		char *sz = min == max ? xprintf("%llu", (unsigned long long)min)
				      : xprintf("%llu..%llu", (unsigned long long)min,
						(unsigned long long)max);
		if (f->type->kind == TY_CAP) {
			at = "-";
			sz = "cap slot";
		}
		bprintf(b, " *   %-7s %-11s %s: %s\n", at, sz, f->name, type_text(f->type));
		if (min != max)
			fixed = false;
		off += min;
	}
	bprintf(b, " */\n");
	bprintf(b, "struct %s {\n", c_name(d));
	for (int i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		doc_comment(b, f->doc, 1);
		const char *note = "";
		if (f->type->kind == TY_NAMED && f->type->ref->kind != D_RECORD)
			note = xprintf(" /* %s */", type_text(f->type));
		bprintf(b, "\t%s;%s\n", c_decl(f->type, f->name), note);
	}
	bprintf(b, "};\n");
	char *U = c_upper(d);
	bprintf(b, "#define %s_MIN  %uu\n", U, d->min_size);
	bprintf(b, "#define %s_MAX  %lluu\n", U, (unsigned long long)d->max_size);
	bprintf(b, "#define %s_CAPS %uu\n", U, d->max_caps);
	if (d->max_size <= UINT32_MAX) {
		for (int pass = 0; pass < 2; pass++) {
			bprintf(b, "_Static_assert(%s_%s == 0", U, pass ? "MAX" : "MIN");
			for (int i = 0; i < d->nfields; i++)
				bprintf(b, " + %s", size_expr(d->fields[i].type, pass));
			bprintf(b, ", \"%s: the %s size is the sum of its fields'\");\n", d->name,
				pass ? "largest" : "smallest");
		}
	}
	for (int i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if (f->type->kind == TY_INT)
			bprintf(b,
				"_Static_assert(sizeof(((struct %s *)0)->%s) == %u, \"%s.%s\");\n",
				c_name(d), f->name, f->type->width, d->name, f->name);
	}
	bprintf(b, "int %s_encode(const struct %s *v, struct sila_msg *m);\n", c_name(d),
		c_name(d));
	bprintf(b,
		"int %s_decode(struct %s *v, const struct sila_msg *m, struct sila_where "
		"*where);\n",
		c_name(d), c_name(d));
	bprintf(b, "int %s_put(struct sila_out *o, const struct %s *v);\n", c_name(d), c_name(d));
	bprintf(b, "int %s_get(struct sila_in *in, struct %s *v);\n", c_name(d), c_name(d));
}

static void header_protocol(struct buf *b, const struct decl *d)
{
	char *P = c_upper(d), *p = c_name(d);
	bprintf(b, "\n");
	doc_comment(b, d->doc, 0);
	bprintf(b, "/* protocol %s.%s: labels (info word bits 32-62) */\n", d->pkg->name, d->name);
	for (int i = 0; i < d->nmsgs; i++)
		bprintf(b, "#define %s_LABEL_%s 0x%08xu\n", P, upper(d->msgs[i].name),
			d->msgs[i].label);
	bprintf(b, "enum %s_message {\n", p);
	for (int i = 0; i < d->nmsgs; i++)
		bprintf(b, "\t%s_MSG_%s,\n", P, upper(d->msgs[i].name));
	bprintf(b, "};\nenum %s_state {\n", p);
	for (int i = 0; i < d->nstates; i++)
		bprintf(b, "\t%s_STATE_%s,\n", P, upper(d->states[i].name));
	bprintf(b, "};\n");
	bprintf(b, "extern const struct sila_protocol %s_protocol;\n", p);
	for (int i = 0; i < d->nmsgs; i++) {
		const struct message *m = &d->msgs[i];
		static const char *const kinds[] = { "call", "send", "event" };
		bprintf(b, "\n");
		doc_comment(b, m->doc, 0);
		bprintf(b, "/* %s %s(%s)", kinds[m->kind], m->name,
			m->request.name ? m->request.name : "");
		if (m->kind == MSG_CALL)
			bprintf(b, " -> (%s)%s%s", m->response.name ? m->response.name : "",
				m->error.name ? " error " : "", m->error.name ? m->error.name : "");
		bprintf(b, " */\n");
		bprintf(b, "int %s_encode_%s(%sstruct sila_msg *m);\n", p, m->name,
			c_param(&m->request, true));
		bprintf(b,
			"int %s_decode_%s(%sconst struct sila_msg *m, struct sila_where *where);\n",
			p, m->name, c_param(&m->request, false));
		if (m->request.ref)
			bprintf(b,
				"_Static_assert(%s_MAX <= SILA_DATA_MAX && %s_CAPS <= "
				"SILA_CAPS_MAX, \"%s fits a message\");\n",
				c_upper(m->request.ref), c_upper(m->request.ref), m->name);
		if (m->kind != MSG_CALL)
			continue;
		bprintf(b, "int %s_encode_%s_reply(%sstruct sila_msg *m);\n", p, m->name,
			c_param(&m->response, true));
		if (m->error.ref)
			bprintf(b, "int %s_encode_%s_error(uint32_t error, struct sila_msg *m);\n",
				p, m->name);
		bprintf(b, "/* 0 with *error 0 and the response, or 0 with *error the error code. "
			   "*/\n");
		bprintf(b,
			"int %s_decode_%s_reply(%suint32_t *error, const struct sila_msg *m, "
			"struct sila_where *where);\n",
			p, m->name, c_param(&m->response, false));
		if (m->response.ref)
			bprintf(b,
				"_Static_assert(%s_MAX <= SILA_DATA_MAX && %s_CAPS <= "
				"SILA_CAPS_MAX, \"%s reply fits a message\");\n",
				c_upper(m->response.ref), c_upper(m->response.ref), m->name);
	}
}

static void header_contract(struct buf *b, const struct decl *d)
{
	bprintf(b, "\n");
	doc_comment(b, d->doc, 0);
	bprintf(b, "/* contract %s.%s: capabilities given in order", d->pkg->name, d->name);
	for (int i = 0; i < d->ncaps; i++)
		bprintf(b, "%s %s", i ? "," : ":", d->caps[i].name);
	bprintf(b, " */\nextern const struct sila_contract %s_contract;\n", c_name(d));
}

static void header_record_after_parts(struct buf *b, const struct package *pkg,
				      const struct decl *d, bool *done);

/* The records of this package that a type contains, first. */
static void header_parts(struct buf *b, const struct package *pkg, const struct type *ty,
			 bool *done)
{
	if (ty->elem)
		header_parts(b, pkg, ty->elem, done);
	else if (ty->kind == TY_NAMED && ty->ref->kind == D_RECORD && ty->ref->pkg == pkg)
		header_record_after_parts(b, pkg, ty->ref, done);
}

static void header_record_after_parts(struct buf *b, const struct package *pkg,
				      const struct decl *d, bool *done)
{
	int i = 0;
	while (pkg->decls[i] != d)
		i++;
	if (d->kind != D_RECORD || done[i])
		return;
	done[i] = true; /* records cannot contain themselves (check.c) */
	for (int k = 0; k < d->nfields; k++)
		header_parts(b, pkg, d->fields[k].type, done);
	header_record(b, d);
}

int gen_header(const struct package *pkg, const char *outdir)
{
	struct buf b = { 0 };
	char *P = upper(pkg->name);
	bprintf(&b,
		"/* sila_%s.h — generated by silac from %s (package %s, version %u); do not edit. "
		"*/\n",
		pkg->name, pkg->file, pkg->name, pkg->version);
	bprintf(&b, "#ifndef SILA_GEN_%s_H\n#define SILA_GEN_%s_H\n\n", P, P);
	bprintf(&b, "#include \"sila/sila.h\"\n");
	for (int i = 0; i < pkg->nuses; i++)
		bprintf(&b, "#include \"sila_%s.h\"\n", pkg->uses[i]->name);
	bprintf(&b, "\n#define %s_VERSION %uu\n", P, pkg->version);
	/* C wants a struct complete before it is used, whatever order the
	 * .sila file chose: enums, records (each after those it contains),
	 * protocols, contracts. */
	for (int i = 0; i < pkg->ndecls; i++)
		if (pkg->decls[i]->kind <= D_BITS)
			header_enum(&b, pkg->decls[i]);
	bool *done = xcalloc((size_t)pkg->ndecls, sizeof *done);
	for (int i = 0; i < pkg->ndecls; i++)
		header_record_after_parts(&b, pkg, pkg->decls[i], done);
	free(done);
	for (int i = 0; i < pkg->ndecls; i++)
		if (pkg->decls[i]->kind == D_PROTOCOL)
			header_protocol(&b, pkg->decls[i]);
	for (int i = 0; i < pkg->ndecls; i++)
		if (pkg->decls[i]->kind == D_CONTRACT)
			header_contract(&b, pkg->decls[i]);
	int nrec = 0, nproto = 0;
	for (int i = 0; i < pkg->ndecls; i++) {
		nrec += pkg->decls[i]->kind == D_RECORD;
		nproto += pkg->decls[i]->kind == D_PROTOCOL;
	}
	bprintf(&b, "\n/* Every record and protocol of the package, for generic code. */\n");
	bprintf(&b,
		"#define SILA_%s_NCODECS %d\nextern const struct sila_codec sila_%s_codecs[%d];\n",
		P, nrec, pkg->name, nrec ? nrec : 1);
	bprintf(&b,
		"#define SILA_%s_NPROTOCOLS %d\nextern const struct sila_protocol *const "
		"sila_%s_protocols[%d];\n",
		P, nproto, pkg->name, nproto ? nproto : 1);
	bprintf(&b, "\n#endif\n");
	int r = write_output(outdir, xprintf("sila_%s.h", pkg->name), &b);
	free(b.s);
	return r;
}

/*
 * gen_c.c — silac's C source for package PKG, sila_PKG.c: encoders and
 * decoders over the primitives of lib/sila (every length, count, enum,
 * bits value, flag, string and capability checked), the tables of each
 * protocol for the channel checker and of each contract, and
 * sila_packages.{h,c} listing every package. gen_h.c writes the header with
 * the declarations. The mapping from .sila to C is in docs/sila.md; the
 * output depends only on the input, so it is the same on every run.
 */
#include <stdlib.h>
#include <string.h>

#include "silac/silac.h"

char *c_name(const struct decl *d)
{
	return xprintf("%s_%s", d->pkg->name, snake(d->name));
}

char *c_upper(const struct decl *d)
{
	return upper(c_name(d));
}

/* The C type of an integer of `width` bytes. */
const char *c_int_type(unsigned width, bool is_signed)
{
	static const char *const u[] = { "", "uint8_t", "uint16_t", "",        "uint32_t",
					 "", "",        "",         "uint64_t" };
	static const char *const s[] = { "", "int8_t", "int16_t", "",       "int32_t",
					 "", "",       "",        "int64_t" };
	return is_signed ? s[width] : u[width];
}

static bool is_u8(const struct type *ty)
{
	return ty->kind == TY_INT && ty->width == 1 && !ty->is_signed;
}

/* The C parameter for a message's record, or "" for (). */
char *c_param(const struct recref *r, bool in)
{
	if (!r->ref)
		return "";
	return xprintf("%sstruct %s *v, ", in ? "const " : "", c_name(r->ref));
}

static void tabs(struct buf *b, int n)
{
	while (n-- > 0)
		bprintf(b, "\t");
}

/* "if ((r = CALL)) return r;" where CALL is given without its closing
 * parenthesis. */
static void try_line(struct buf *b, int ind, const char *call)
{
	tabs(b, ind);
	bprintf(b, "if ((r = %s)))\n", call);
	tabs(b, ind + 1);
	bprintf(b, "return r;\n");
}
#define TRY(b, ind, ...) try_line(b, ind, xprintf(__VA_ARGS__))

/* Encoder statements for a value `e` of type ty. */
static void emit_put(struct buf *b, const struct type *ty, const char *e, int depth, int ind)
{
	char *iv = xprintf("i%d", depth);
	switch (ty->kind) {
	case TY_INT:
		TRY(b, ind, "sila_put(o, %u, (uint64_t)(%s)", ty->width, e);
		break;
	case TY_BOOL:
		TRY(b, ind, "sila_put(o, 1, (%s) ? 1 : 0", e);
		break;
	case TY_NAMED: {
		const struct decl *d = ty->ref;
		if (d->kind == D_RECORD) {
			TRY(b, ind, "%s_put(o, &%s", c_name(d), e);
			break;
		}
		tabs(b, ind);
		if (d->kind == D_BITS)
			bprintf(b, "if ((uint64_t)(%s) & ~(uint64_t)%s_MASK)\n", e, c_upper(d));
		else
			bprintf(b, "if (!%s_valid(%s))\n", c_name(d), e);
		tabs(b, ind + 1);
		bprintf(b, "return -%s;\n", d->kind == D_BITS ? "SILA_E_RESERVED" : "SILA_E_ENUM");
		TRY(b, ind, "sila_put(o, %u, %s", d->base->width, e);
		break;
	}
	case TY_STRING:
	case TY_BYTES:
		tabs(b, ind);
		bprintf(b, "if (%s.len > %u)\n", e, ty->bound);
		tabs(b, ind + 1);
		bprintf(b, "return -SILA_E_BOUND;\n");
		if (ty->kind == TY_STRING) {
			tabs(b, ind);
			bprintf(b, "if (!sila_utf8_valid((const uint8_t *)%s.data, %s.len))\n", e,
				e);
			tabs(b, ind + 1);
			bprintf(b, "return -SILA_E_UTF8;\n");
		}
		TRY(b, ind, "sila_put(o, 2, %s.len", e);
		TRY(b, ind, "sila_put_bytes(o, %s.data, %s.len", e, e);
		break;
	case TY_CAP:
		TRY(b, ind, "sila_put_cap(o, &%s", e);
		break;
	case TY_ARRAY:
		if (is_u8(ty->elem)) {
			TRY(b, ind, "sila_put_bytes(o, %s, %u", e, ty->bound);
			break;
		}
		tabs(b, ind);
		bprintf(b, "for (uint32_t %s = 0; %s < %u; %s++) {\n", iv, iv, ty->bound, iv);
		emit_put(b, ty->elem, xprintf("%s[%s]", e, iv), depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	case TY_VECTOR:
		tabs(b, ind);
		bprintf(b, "if (%s.count > %u)\n", e, ty->bound);
		tabs(b, ind + 1);
		bprintf(b, "return -SILA_E_BOUND;\n");
		TRY(b, ind, "sila_put(o, 2, %s.count", e);
		if (is_u8(ty->elem)) {
			TRY(b, ind, "sila_put_bytes(o, %s.items, %s.count", e, e);
			break;
		}
		tabs(b, ind);
		bprintf(b, "for (uint32_t %s = 0; %s < %s.count; %s++) {\n", iv, iv, e, iv);
		emit_put(b, ty->elem, xprintf("%s.items[%s]", e, iv), depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	case TY_OPTIONAL:
		TRY(b, ind, "sila_put(o, 1, %s.present ? 1 : 0", e);
		tabs(b, ind);
		bprintf(b, "if (%s.present) {\n", e);
		emit_put(b, ty->elem, xprintf("%s.value", e), depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	}
}

/* Decoder statements for `e` of type ty; `f` is the field's name for
 * error reports. */
static void emit_get(struct buf *b, const struct type *ty, const char *e, const char *f, int depth,
		     int ind)
{
	char *iv = xprintf("i%d", depth);
	switch (ty->kind) {
	case TY_INT:
		TRY(b, ind, "sila_get(in, %u, &x, \"%s\"", ty->width, f);
		tabs(b, ind);
		if (ty->is_signed)
			bprintf(b, "%s = (%s)(%s)x;\n", e, c_int_type(ty->width, true),
				c_int_type(ty->width, false));
		else
			bprintf(b, "%s = (%s)x;\n", e, c_int_type(ty->width, false));
		break;
	case TY_BOOL:
		TRY(b, ind, "sila_get_bool(in, &%s, \"%s\"", e, f);
		break;
	case TY_NAMED: {
		const struct decl *d = ty->ref;
		if (d->kind == D_RECORD) {
			TRY(b, ind, "%s_get(in, &%s", c_name(d), e);
			break;
		}
		unsigned w = d->base->width;
		TRY(b, ind, "sila_get(in, %u, &x, \"%s\"", w, f);
		tabs(b, ind);
		if (d->kind == D_BITS)
			bprintf(b, "if (x & ~(uint64_t)%s_MASK)\n", c_upper(d));
		else
			bprintf(b, "if (!%s_valid(x))\n", c_name(d));
		tabs(b, ind + 1);
		bprintf(b, "return sila_refuse(in, %u, -%s, \"%s\");\n", w,
			d->kind == D_BITS ? "SILA_E_RESERVED" : "SILA_E_ENUM", f);
		tabs(b, ind);
		bprintf(b, "%s = (%s)x;\n", e, c_int_type(w, false));
		break;
	}
	case TY_STRING:
	case TY_BYTES:
		TRY(b, ind, "sila_get_count(in, %u, &%s.len, \"%s\"", ty->bound, e, f);
		if (ty->kind == TY_STRING)
			TRY(b, ind, "sila_get_utf8(in, %s.data, %s.len, \"%s\"", e, e, f);
		else
			TRY(b, ind, "sila_get_bytes(in, %s.data, %s.len, \"%s\"", e, e, f);
		break;
	case TY_CAP: {
		char *rights = xstrdup("");
		for (int k = 0; right_names[k]; k++)
			if (ty->rights & (1u << k))
				rights = xprintf("%s%sSKY_RIGHT_%s", rights, *rights ? " | " : "",
						 upper(right_names[k]));
		TRY(b, ind, "sila_get_cap(in, SKY_OBJ_%s, %s, &%s, \"%s\"",
		    upper(obj_names[ty->obj]), *rights ? rights : "0", e, f);
		break;
	}
	case TY_ARRAY:
		if (is_u8(ty->elem)) {
			TRY(b, ind, "sila_get_bytes(in, %s, %u, \"%s\"", e, ty->bound, f);
			break;
		}
		tabs(b, ind);
		bprintf(b, "for (uint32_t %s = 0; %s < %u; %s++) {\n", iv, iv, ty->bound, iv);
		emit_get(b, ty->elem, xprintf("%s[%s]", e, iv), f, depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	case TY_VECTOR:
		TRY(b, ind, "sila_get_count(in, %u, &%s.count, \"%s\"", ty->bound, e, f);
		if (is_u8(ty->elem)) {
			TRY(b, ind, "sila_get_bytes(in, %s.items, %s.count, \"%s\"", e, e, f);
			break;
		}
		tabs(b, ind);
		bprintf(b, "for (uint32_t %s = 0; %s < %s.count; %s++) {\n", iv, iv, e, iv);
		emit_get(b, ty->elem, xprintf("%s.items[%s]", e, iv), f, depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	case TY_OPTIONAL:
		TRY(b, ind, "sila_get_flag(in, &%s.present, \"%s\"", e, f);
		tabs(b, ind);
		bprintf(b, "if (%s.present) {\n", e);
		emit_get(b, ty->elem, xprintf("%s.value", e), f, depth + 1, ind + 1);
		tabs(b, ind);
		bprintf(b, "}\n");
		break;
	}
}

/* Does decoding this type read an integer through `x`? */
static bool needs_x(const struct type *ty)
{
	switch (ty->kind) {
	case TY_INT:
		return true;
	case TY_NAMED:
		return ty->ref->kind != D_RECORD;
	case TY_ARRAY:
	case TY_VECTOR:
	case TY_OPTIONAL:
		return !(ty->kind == TY_ARRAY && is_u8(ty->elem)) &&
		       !(ty->kind == TY_VECTOR && is_u8(ty->elem)) && needs_x(ty->elem);
	default:
		return false;
	}
}
/* ---- the source ----------------------------------------------------------------- */

static void source_enum(struct buf *b, const struct decl *d)
{
	if (d->kind == D_BITS)
		return;
	bprintf(b, "\nbool %s_valid(uint64_t v)\n{\n\tswitch (v) {\n", c_name(d));
	for (int i = 0; i < d->nmembers; i++)
		bprintf(b, "\tcase %s_%s:\n", c_upper(d), d->members[i].name);
	bprintf(b, "\t\treturn true;\n\tdefault:\n\t\treturn false;\n\t}\n}\n");
	bprintf(b, "\nconst char *%s_name(uint64_t v)\n{\n\tswitch (v) {\n", c_name(d));
	for (int i = 0; i < d->nmembers; i++)
		bprintf(b, "\tcase %s_%s:\n\t\treturn \"%s\";\n", c_upper(d), d->members[i].name,
			d->members[i].name);
	bprintf(b, "\tdefault:\n\t\treturn NULL;\n\t}\n}\n");
}

static void source_record(struct buf *b, const struct decl *d)
{
	char *c = c_name(d);
	bprintf(b, "\nint %s_put(struct sila_out *o, const struct %s *v)\n{\n\tint r;\n\n", c, c);
	for (int i = 0; i < d->nfields; i++)
		emit_put(b, d->fields[i].type, xprintf("v->%s", d->fields[i].name), 0, 1);
	bprintf(b, "\treturn 0;\n}\n");

	bool x = false;
	for (int i = 0; i < d->nfields; i++)
		x |= needs_x(d->fields[i].type);
	bprintf(b, "\nint %s_get(struct sila_in *in, struct %s *v)\n{\n\tint r;\n", c, c);
	if (x)
		bprintf(b, "\tuint64_t x;\n");
	bprintf(b, "\n");
	for (int i = 0; i < d->nfields; i++)
		emit_get(b, d->fields[i].type, xprintf("v->%s", d->fields[i].name),
			 xprintf("%s.%s", d->name, d->fields[i].name), 0, 1);
	bprintf(b, "\treturn 0;\n}\n");

	bprintf(b, "\nint %s_encode(const struct %s *v, struct sila_msg *m)\n{\n", c, c);
	bprintf(b, "\tstruct sila_out o;\n\tsila_out_start(&o, m);\n");
	bprintf(b, "\tint r = %s_put(&o, v);\n\tif (r)\n\t\treturn r;\n", c);
	bprintf(b, "\tsila_out_end(&o, m);\n\treturn 0;\n}\n");

	bprintf(b,
		"\nint %s_decode(struct %s *v, const struct sila_msg *m, struct sila_where "
		"*where)\n{\n",
		c, c);
	bprintf(b, "\tstruct sila_in in;\n\tsila_in_start(&in, m, where);\n");
	bprintf(b, "\tmemset(v, 0, sizeof *v);\n");
	bprintf(b, "\tint r = %s_get(&in, v);\n\tif (!r)\n\t\tr = sila_in_end(&in);\n", c);
	bprintf(b, "\tif (r) /* nothing half-checked leaves */\n\t\tmemset(v, 0, sizeof *v);\n");
	bprintf(b, "\treturn r;\n}\n");
}

/* An empty record: no bytes, no capabilities. */
static void empty_check(struct buf *b)
{
	bprintf(b, "\tif (m->len)\n\t\treturn sila_fail(&in, -SILA_E_TRAILING, NULL);\n");
	bprintf(b, "\tif (m->ncaps)\n\t\treturn sila_fail(&in, -SILA_E_CAPS, NULL);\n");
}

static void source_message_codec(struct buf *b, const char *fn, const struct recref *r,
				 const char *label, bool decode, bool is_reply)
{
	if (!decode) {
		bprintf(b, "\nint %s(%sstruct sila_msg *m)\n{\n", fn, c_param(r, true));
		if (r->ref) {
			bprintf(b, "\tint e = %s_encode(v, m);\n\tif (e)\n\t\treturn e;\n",
				c_name(r->ref));
		} else {
			bprintf(b, "\tm->len = 0;\n\tm->ncaps = 0;\n");
		}
		bprintf(b, "\tm->label = %s;\n\treturn 0;\n}\n", label);
		return;
	}
	if (is_reply)
		return;
	bprintf(b, "\nint %s(%sconst struct sila_msg *m, struct sila_where *where)\n{\n", fn,
		c_param(r, false));
	bprintf(b, "\tstruct sila_in in;\n\tsila_in_start(&in, m, where);\n");
	bprintf(b, "\tif (m->label != %s)\n\t\treturn sila_fail(&in, -SILA_E_LABEL, NULL);\n",
		label);
	if (r->ref)
		bprintf(b, "\treturn %s_decode(v, m, where);\n}\n", c_name(r->ref));
	else {
		empty_check(b);
		bprintf(b, "\treturn 0;\n}\n");
	}
}

static void source_protocol(struct buf *b, const struct decl *d)
{
	char *p = c_name(d), *P = c_upper(d);
	for (int i = 0; i < d->nmsgs; i++) {
		const struct message *m = &d->msgs[i];
		char *label = xprintf("%s_LABEL_%s", P, upper(m->name));
		source_message_codec(b, xprintf("%s_encode_%s", p, m->name), &m->request, label,
				     false, false);
		source_message_codec(b, xprintf("%s_decode_%s", p, m->name), &m->request, label,
				     true, false);
		if (m->kind != MSG_CALL)
			continue;
		source_message_codec(b, xprintf("%s_encode_%s_reply", p, m->name), &m->response,
				     "0", false, true);
		if (m->error.ref) {
			bprintf(b,
				"\nint %s_encode_%s_error(uint32_t error, struct sila_msg *m)\n{\n",
				p, m->name);
			bprintf(b, "\tif (!%s_valid(error))\n\t\treturn -SILA_E_ENUM;\n",
				c_name(m->error.ref));
			bprintf(b, "\tm->label = error;\n\tm->len = 0;\n\tm->ncaps = 0;\n\treturn "
				   "0;\n}\n");
		}
		bprintf(b,
			"\nint %s_decode_%s_reply(%suint32_t *error, const struct sila_msg *m, "
			"struct sila_where *where)\n{\n",
			p, m->name, c_param(&m->response, false));
		bprintf(b, "\tstruct sila_in in;\n\tsila_in_start(&in, m, where);\n");
		bprintf(b, "\t*error = 0;\n\tif (m->label != 0) {\n");
		if (m->error.ref) {
			bprintf(b, "\t\tif (!%s_valid(m->label))\n", c_name(m->error.ref));
			bprintf(b, "\t\t\treturn sila_fail(&in, -SILA_E_LABEL, NULL);\n");
			bprintf(b, "\t\tif (m->len)\n\t\t\treturn sila_fail(&in, -SILA_E_TRAILING, "
				   "NULL);\n");
			bprintf(b, "\t\tif (m->ncaps)\n\t\t\treturn sila_fail(&in, -SILA_E_CAPS, "
				   "NULL);\n");
			bprintf(b, "\t\t*error = m->label;\n\t\treturn 0;\n");
		} else {
			bprintf(b, "\t\treturn sila_fail(&in, -SILA_E_LABEL, NULL);\n");
		}
		bprintf(b, "\t}\n");
		if (m->response.ref)
			bprintf(b, "\treturn %s_decode(v, m, where);\n}\n",
				c_name(m->response.ref));
		else {
			empty_check(b);
			bprintf(b, "\treturn 0;\n}\n");
		}
	}

	bprintf(b, "\nstatic const char *const %s_state_names[] = {", p);
	for (int i = 0; i < d->nstates; i++)
		bprintf(b, " \"%s\",", d->states[i].name);
	bprintf(b, " };\nstatic const uint8_t %s_terminal[] = {", p);
	for (int i = 0; i < d->nstates; i++)
		bprintf(b, " %d,", d->states[i].terminal);
	bprintf(b, " };\n");
	for (int i = 0; i < d->nmsgs; i++) {
		const struct decl *e = d->msgs[i].error.ref;
		if (!e)
			continue;
		bprintf(b, "static const uint32_t %s_%s_errors[] = {", p, d->msgs[i].name);
		for (int k = 0; k < e->nmembers; k++)
			bprintf(b, " %s_%s,", c_upper(e), e->members[k].name);
		bprintf(b, " };\n");
	}
	static const char *const kinds[] = { "SILA_CALL", "SILA_SEND", "SILA_EVENT" };
	bprintf(b, "static const struct sila_message_info %s_messages[] = {\n", p);
	for (int i = 0; i < d->nmsgs; i++) {
		const struct message *m = &d->msgs[i];
		bprintf(b, "\t{ \"%s\", %s_LABEL_%s, %s, ", m->name, P, upper(m->name),
			kinds[m->kind]);
		if (m->error.ref)
			bprintf(b, "%d, %s_%s_errors },\n", m->error.ref->nmembers, p, m->name);
		else
			bprintf(b, "0, NULL },\n");
	}
	bprintf(b, "};\n");
	for (int pass = 0; pass < 2; pass++) {
		bprintf(b, "/* [state][message]: the state after it%s, or none */\n",
			pass ? " when the reply is an error" : "");
		bprintf(b, "static const uint8_t %s_next%s[] = {\n", p, pass ? "_error" : "");
		for (int s = 0; s < d->nstates; s++) {
			bprintf(b, "\t");
			for (int k = 0; k < d->nmsgs; k++) {
				int to = 255; /* SILA_NO_STATE */
				for (int t = 0; t < d->states[s].ntrans; t++)
					if (d->states[s].trans[t].msg_index == k)
						to = pass ? d->states[s].trans[t].else_to
							  : d->states[s].trans[t].to;
				bprintf(b, "%d, ", to);
			}
			bprintf(b, "/* %s */\n", d->states[s].name);
		}
		bprintf(b, "};\n");
	}
	bprintf(b, "const struct sila_protocol %s_protocol = {\n", p);
	bprintf(b, "\t\"%s.%s\", %u, %d, %d, %d,\n", d->pkg->name, d->name, d->pkg->version,
		d->nstates, d->nmsgs, d->initial);
	bprintf(b, "\t%s_state_names, %s_terminal, %s_messages, %s_next, %s_next_error,\n};\n", p,
		p, p, p, p);
}

static char *requirement(const struct capreq *c)
{
	char *rights = xstrdup("");
	for (int k = 0; right_names[k]; k++)
		if (c->type->rights & (1u << k))
			rights = xprintf("%s%sSKY_RIGHT_%s", rights, *rights ? " | " : "",
					 upper(right_names[k]));
	return xprintf("{ \"%s\", SKY_OBJ_%s, %s, %s }", c->name, upper(obj_names[c->type->obj]),
		       *rights ? rights : "0",
		       c->type->ref ? xprintf("&%s_protocol", c_name(c->type->ref)) : "NULL");
}

static void source_contract(struct buf *b, const struct decl *d)
{
	char *c = c_name(d);
	int nreq = 0, nprov = 0;
	for (int pass = 0; pass < 2; pass++) {
		enum contract_item want = pass ? CI_PROVIDES : CI_REQUIRES;
		int n = 0;
		for (int i = 0; i < d->ncaps; i++)
			n += d->caps[i].kind == want;
		if (!n)
			continue;
		bprintf(b, "\nstatic const struct sila_requirement %s_%s[] = {\n", c,
			pass ? "provides" : "requires");
		for (int i = 0; i < d->ncaps; i++)
			if (d->caps[i].kind == want)
				bprintf(b, "\t%s,\n", requirement(&d->caps[i]));
		bprintf(b, "};\n");
		*(pass ? &nprov : &nreq) = n;
	}
	uint64_t lim[5] = { 0 };
	static const char *const names[] = { "memory", "kmem", "threads", "caps", "cpu" };
	for (int i = 0; i < d->nlimits; i++)
		for (int k = 0; k < 5; k++)
			if (!strcmp(d->limits[i].name, names[k]))
				lim[k] = d->limits[i].value;
	char *iso = xstrdup("");
	static const char *const isos[][2] = {
		{ "private_memory", "PRIVATE_MEMORY" }, { "wx", "WX" },
		{ "no_ambient", "NO_AMBIENT" },         { "memory_quota", "MEMORY_QUOTA" },
		{ "cpu_budget", "CPU_BUDGET" },         { "dma", "DMA" },
	};
	for (int i = 0; i < d->nisolation; i++)
		for (int k = 0; k < 6; k++)
			if (!strcmp(d->isolation[i], isos[k][0]))
				iso = xprintf("%s%sSILA_ISO_%s", iso, *iso ? " | " : "",
					      isos[k][1]);
	bprintf(b, "\nconst struct sila_contract %s_contract = {\n", c);
	bprintf(b, "\t.name = \"%s.%s\",\n", d->pkg->name, d->name);
	bprintf(b, "\t.requires = %s,\n\t.nrequires = %d,\n",
		nreq ? xprintf("%s_requires", c) : "NULL", nreq);
	bprintf(b, "\t.provides = %s,\n\t.nprovides = %d,\n",
		nprov ? xprintf("%s_provides", c) : "NULL", nprov);
	bprintf(b, "\t.memory_bytes = %lluull,\n\t.kmem_bytes = %lluull,\n",
		(unsigned long long)lim[0], (unsigned long long)lim[1]);
	bprintf(b, "\t.threads = %llu,\n\t.caps = %llu,\n\t.cpu_percent = %llu,\n",
		(unsigned long long)lim[2], (unsigned long long)lim[3], (unsigned long long)lim[4]);
	bprintf(b, "\t.isolation = %s,\n};\n", *iso ? iso : "0");
}

static int source(const struct package *pkg, const char *outdir)
{
	struct buf b = { 0 };
	bprintf(&b,
		"/* sila_%s.c — generated by silac from %s (package %s, version %u); do not edit. "
		"*/\n",
		pkg->name, pkg->file, pkg->name, pkg->version);
	bprintf(&b, "#include \"sila_%s.h\"\n\n#include \"base/string.h\"\n", pkg->name);
	for (int i = 0; i < pkg->ndecls; i++) {
		const struct decl *d = pkg->decls[i];
		switch (d->kind) {
		case D_ENUM:
		case D_ERROR:
		case D_BITS:
			source_enum(&b, d);
			break;
		case D_RECORD:
			source_record(&b, d);
			break;
		case D_PROTOCOL:
			source_protocol(&b, d);
			break;
		case D_CONTRACT:
			source_contract(&b, d);
			break;
		}
	}
	/* The generic table: wrappers with void pointers. */
	int nrec = 0, nproto = 0;
	for (int i = 0; i < pkg->ndecls; i++) {
		const struct decl *d = pkg->decls[i];
		if (d->kind != D_RECORD)
			continue;
		nrec++;
		char *c = c_name(d);
		bprintf(&b,
			"\nstatic int any_%s_decode(void *v, const struct sila_msg *m, struct "
			"sila_where *where)\n{\n\treturn %s_decode(v, m, where);\n}\n",
			c, c);
		bprintf(&b,
			"\nstatic int any_%s_encode(const void *v, struct sila_msg "
			"*m)\n{\n\treturn %s_encode(v, m);\n}\n",
			c, c);
	}
	bprintf(&b, "\nconst struct sila_codec sila_%s_codecs[%d] = {\n", pkg->name,
		nrec ? nrec : 1);
	for (int i = 0; i < pkg->ndecls; i++) {
		const struct decl *d = pkg->decls[i];
		if (d->kind == D_RECORD)
			bprintf(&b,
				"\t{ \"%s.%s\", sizeof(struct %s), any_%s_decode, any_%s_encode "
				"},\n",
				pkg->name, d->name, c_name(d), c_name(d), c_name(d));
	}
	if (!nrec)
		bprintf(&b, "\t{ NULL, 0, NULL, NULL },\n");
	bprintf(&b, "};\n");
	for (int i = 0; i < pkg->ndecls; i++)
		nproto += pkg->decls[i]->kind == D_PROTOCOL;
	bprintf(&b, "\nconst struct sila_protocol *const sila_%s_protocols[%d] = {\n", pkg->name,
		nproto ? nproto : 1);
	for (int i = 0; i < pkg->ndecls; i++)
		if (pkg->decls[i]->kind == D_PROTOCOL)
			bprintf(&b, "\t&%s_protocol,\n", c_name(pkg->decls[i]));
	if (!nproto)
		bprintf(&b, "\tNULL,\n");
	bprintf(&b, "};\n");
	int r = write_output(outdir, xprintf("sila_%s.c", pkg->name), &b);
	free(b.s);
	return r;
}
int gen_c(const struct package *pkg, const char *outdir)
{
	return gen_header(pkg, outdir) || source(pkg, outdir) ? -1 : 0;
}

/* sila_packages.{h,c}: every package given to this run, for code that
 * handles any record or protocol (the codec tests, the fuzz target). */
int gen_index(const struct program *prog, const char *outdir)
{
	struct buf h = { 0 }, c = { 0 };
	bprintf(&h, "/* sila_packages.h — generated by silac: the packages of one run; do not "
		    "edit. */\n");
	bprintf(&h, "#ifndef SILA_GEN_PACKAGES_H\n#define SILA_GEN_PACKAGES_H\n\n");
	bprintf(&h, "#include \"sila/sila.h\"\n\n");
	bprintf(&h, "struct sila_package {\n\tconst char *name;\n\tuint32_t version;\n");
	bprintf(&h, "\tconst struct sila_codec *codecs;\n\tuint32_t ncodecs;\n");
	bprintf(&h,
		"\tconst struct sila_protocol *const *protocols;\n\tuint32_t nprotocols;\n};\n");
	bprintf(&h, "\n#define SILA_NPACKAGES %d\n", prog->npkgs);
	bprintf(&h, "extern const struct sila_package sila_packages[%d];\n\n#endif\n",
		prog->npkgs ? prog->npkgs : 1);
	bprintf(&c, "/* sila_packages.c — generated by silac; do not edit. */\n");
	bprintf(&c, "#include \"sila_packages.h\"\n");
	for (int i = 0; i < prog->npkgs; i++)
		bprintf(&c, "#include \"sila_%s.h\"\n", prog->pkgs[i]->name);
	bprintf(&c, "\nconst struct sila_package sila_packages[%d] = {\n",
		prog->npkgs ? prog->npkgs : 1);
	for (int i = 0; i < prog->npkgs; i++) {
		const struct package *pkg = prog->pkgs[i];
		char *P = upper(pkg->name);
		bprintf(&c,
			"\t{ \"%s\", %u, sila_%s_codecs, SILA_%s_NCODECS, sila_%s_protocols, "
			"SILA_%s_NPROTOCOLS },\n",
			pkg->name, pkg->version, pkg->name, P, pkg->name, P);
	}
	bprintf(&c, "};\n");
	int r = write_output(outdir, "sila_packages.h", &h) ||
		write_output(outdir, "sila_packages.c", &c);
	free(h.s);
	free(c.s);
	return r ? -1 : 0;
}

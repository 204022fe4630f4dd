/*
 * sila.c — the shared run time of SILA codecs and protocols (sila.h). Every
 * reader checks the remaining length before it touches a byte; every check
 * records where it failed so that a refused message can be reported with
 * its offset and field.
 */
#include "sila/sila.h"

#include "base/string.h"

const char *sila_status_name(int status)
{
	static const char *const names[SILA_E_COUNT] = {
		"SILA_OK",         "SILA_E_SHORT",    "SILA_E_TRAILING", "SILA_E_BOOL",
		"SILA_E_ENUM",     "SILA_E_RESERVED", "SILA_E_BOUND",    "SILA_E_UTF8",
		"SILA_E_OPTIONAL", "SILA_E_CAPS",     "SILA_E_CAP_TYPE", "SILA_E_CAP_RIGHTS",
		"SILA_E_LABEL",    "SILA_E_ORDER",    "SILA_E_SPACE",
	};
	if (status < 0)
		status = -status;
	return status < SILA_E_COUNT ? names[status] : "SILA_E_?";
}

/* ---- decoding ---------------------------------------------------------- */

void sila_in_start(struct sila_in *in, const struct sila_msg *m, struct sila_where *where)
{
	in->data = m->data;
	in->len = m->len;
	in->off = 0;
	in->caps = m->caps;
	in->ncaps = m->ncaps <= SILA_CAPS_MAX ? m->ncaps : SILA_CAPS_MAX + 1;
	in->capi = 0;
	in->where = where;
}

int sila_fail(struct sila_in *in, int status, const char *field)
{
	if (in->where) {
		in->where->offset = in->off;
		in->where->field = field;
	}
	return status;
}

int sila_refuse(struct sila_in *in, unsigned back, int status, const char *field)
{
	in->off -= back;
	return sila_fail(in, status, field);
}

/* Are n more bytes there? */
static bool have(const struct sila_in *in, uint32_t n)
{
	return in->off <= in->len && n <= in->len - in->off;
}

int sila_get(struct sila_in *in, unsigned width, uint64_t *v, const char *field)
{
	if (!have(in, width))
		return sila_fail(in, -SILA_E_SHORT, field);
	uint64_t x = 0;
	for (unsigned i = 0; i < width; i++)
		x |= (uint64_t)in->data[in->off + i] << (8 * i);
	in->off += width;
	*v = x;
	return 0;
}

/* A byte that must be 0 or 1; anything else is refused with `err` at its offset. */
static int get_zero_or_one(struct sila_in *in, bool *v, const char *field, int err)
{
	uint64_t x;
	int r = sila_get(in, 1, &x, field);
	if (r)
		return r;
	if (x > 1) {
		in->off--;
		return sila_fail(in, err, field);
	}
	*v = x == 1;
	return 0;
}

int sila_get_bool(struct sila_in *in, bool *v, const char *field)
{
	return get_zero_or_one(in, v, field, -SILA_E_BOOL);
}

int sila_get_flag(struct sila_in *in, bool *v, const char *field)
{
	return get_zero_or_one(in, v, field, -SILA_E_OPTIONAL);
}

int sila_get_count(struct sila_in *in, uint32_t bound, uint16_t *n, const char *field)
{
	uint64_t x;
	int r = sila_get(in, 2, &x, field);
	if (r)
		return r;
	if (x > bound) {
		in->off -= 2;
		return sila_fail(in, -SILA_E_BOUND, field);
	}
	*n = (uint16_t)x;
	return 0;
}

int sila_get_bytes(struct sila_in *in, void *dst, uint32_t n, const char *field)
{
	if (!have(in, n))
		return sila_fail(in, -SILA_E_SHORT, field);
	memcpy(dst, in->data + in->off, n);
	in->off += n;
	return 0;
}

int sila_get_utf8(struct sila_in *in, char *dst, uint32_t n, const char *field)
{
	if (!have(in, n))
		return sila_fail(in, -SILA_E_SHORT, field);
	if (!sila_utf8_valid(in->data + in->off, n))
		return sila_fail(in, -SILA_E_UTF8, field);
	memcpy(dst, in->data + in->off, n);
	in->off += n;
	return 0;
}

int sila_get_cap(struct sila_in *in, uint32_t type, uint32_t rights, struct sila_cap *c,
		 const char *field)
{
	if (in->capi >= in->ncaps || in->capi >= SILA_CAPS_MAX)
		return sila_fail(in, -SILA_E_CAPS, field);
	const struct sila_cap *got = &in->caps[in->capi];
	if (got->type != type)
		return sila_fail(in, -SILA_E_CAP_TYPE, field);
	if ((got->rights & rights) != rights)
		return sila_fail(in, -SILA_E_CAP_RIGHTS, field);
	*c = *got;
	in->capi++;
	return 0;
}

int sila_in_end(struct sila_in *in)
{
	if (in->off != in->len)
		return sila_fail(in, -SILA_E_TRAILING, NULL);
	if (in->capi != in->ncaps)
		return sila_fail(in, -SILA_E_CAPS, NULL);
	return 0;
}

/*
 * Well-formed UTF-8 (Unicode 15, table 3-7): no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence.
 */
bool sila_utf8_valid(const uint8_t *s, uint32_t n)
{
	uint32_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t need;
		uint8_t lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return false;
		if (need > n - i - 1)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (uint32_t k = 2; k <= need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += need + 1;
	}
	return true;
}

/* ---- encoding ---------------------------------------------------------- */

void sila_out_start(struct sila_out *out, struct sila_msg *m)
{
	out->data = m->data;
	out->space = m->space;
	out->off = 0;
	out->caps = m->caps;
	out->ncaps = 0;
}

int sila_put(struct sila_out *out, unsigned width, uint64_t v)
{
	if (width > out->space - out->off)
		return -SILA_E_SPACE;
	for (unsigned i = 0; i < width; i++)
		out->data[out->off + i] = (uint8_t)(v >> (8 * i));
	out->off += width;
	return 0;
}

int sila_put_bytes(struct sila_out *out, const void *src, uint32_t n)
{
	if (n > out->space - out->off)
		return -SILA_E_SPACE;
	if (n)
		memcpy(out->data + out->off, src, n);
	out->off += n;
	return 0;
}

int sila_put_cap(struct sila_out *out, const struct sila_cap *c)
{
	if (out->ncaps >= SILA_CAPS_MAX)
		return -SILA_E_CAPS;
	out->caps[out->ncaps++] = *c;
	return 0;
}

void sila_out_end(struct sila_out *out, struct sila_msg *m)
{
	m->len = out->off;
	m->ncaps = out->ncaps;
}

/* ---- channels ---------------------------------------------------------- */

void sila_chan_init(struct sila_chan *c, const struct sila_protocol *p)
{
	c->proto = p;
	c->state = p->initial;
	c->pending = 0;
}

int sila_message_index(const struct sila_protocol *p, uint32_t label)
{
	for (unsigned i = 0; i < p->nmessages; i++)
		if (p->messages[i].label == label)
			return (int)i;
	return -1;
}

/* The state after message i in the current state, or SILA_NO_STATE. */
static uint8_t next(const struct sila_chan *c, const uint8_t *table, int i)
{
	const struct sila_protocol *p = c->proto;
	if (c->state >= p->nstates || p->terminal[c->state])
		return SILA_NO_STATE;
	return table[c->state * p->nmessages + (unsigned)i];
}

int sila_chan_request(struct sila_chan *c, uint32_t label)
{
	int i = sila_message_index(c->proto, label);
	if (i < 0 || c->proto->messages[i].kind == SILA_EVENT)
		return -SILA_E_LABEL;
	uint8_t to = next(c, c->proto->next, i);
	if (c->pending || to == SILA_NO_STATE)
		return -SILA_E_ORDER;
	if (c->proto->messages[i].kind == SILA_CALL)
		c->pending = (uint8_t)(i + 1);
	else
		c->state = to;
	return 0;
}

int sila_chan_reply(struct sila_chan *c, uint32_t label)
{
	if (!c->pending)
		return -SILA_E_ORDER;
	int i = c->pending - 1;
	const struct sila_message_info *m = &c->proto->messages[i];
	uint8_t to;
	if (label == 0) {
		to = next(c, c->proto->next, i);
	} else {
		uint32_t k = 0;
		while (k < m->nerrors && m->errors[k] != label)
			k++;
		if (k == m->nerrors)
			return -SILA_E_LABEL;
		to = next(c, c->proto->next_error, i);
	}
	c->state = to;
	c->pending = 0;
	return 0;
}

int sila_chan_event(struct sila_chan *c, uint32_t label)
{
	int i = sila_message_index(c->proto, label);
	if (i < 0 || c->proto->messages[i].kind != SILA_EVENT)
		return -SILA_E_LABEL;
	uint8_t to = next(c, c->proto->next, i);
	if (c->pending || to == SILA_NO_STATE)
		return -SILA_E_ORDER;
	c->state = to;
	return 0;
}

bool sila_chan_done(const struct sila_chan *c)
{
	return c->state < c->proto->nstates && c->proto->terminal[c->state];
}

const char *sila_chan_state(const struct sila_chan *c)
{
	return c->state < c->proto->nstates ? c->proto->state_names[c->state] : "?";
}

/* ---- contracts --------------------------------------------------------- */

static int meets(const struct sila_requirement *r, const struct sila_cap *c)
{
	if (c->type != r->type)
		return -SILA_E_CAP_TYPE;
	if ((c->rights & r->rights) != r->rights)
		return -SILA_E_CAP_RIGHTS;
	return 0;
}

int sila_contract_check(const struct sila_contract *c, const struct sila_cap *given, uint32_t n,
			uint32_t *bad)
{
	uint32_t want = c->nrequires + c->nprovides;
	for (uint32_t i = 0; i < want && i < n; i++) {
		const struct sila_requirement *r =
			i < c->nrequires ? &c->requires[i] : &c->provides[i - c->nrequires];
		int e = meets(r, &given[i]);
		if (e) {
			*bad = i;
			return e;
		}
	}
	if (n != want) {
		*bad = n < want ? n : want;
		return -SILA_E_CAPS;
	}
	return 0;
}

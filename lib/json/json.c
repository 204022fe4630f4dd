/*
 * json.c — the strict reader. Recursive descent with an explicit depth
 * limit; every read checks the remaining length first. Token positions fit
 * in 32 bits because texts of 4 GiB or more are refused.
 */
#include "json/json.h"

#include "base/string.h"
#include "sky/error.h"

struct parser {
	struct json *j;
	size_t pos;
	unsigned depth;
};

static int fail(struct parser *p, const char *why)
{
	if (!p->j->error) {
		p->j->error = why;
		p->j->error_at = p->pos;
	}
	return -SKY_E_CORRUPT;
}

static bool more(const struct parser *p)
{
	return p->pos < p->j->size;
}

static char peek(const struct parser *p)
{
	return more(p) ? p->j->text[p->pos] : '\0';
}

static void skip_space(struct parser *p)
{
	while (more(p)) {
		char c = p->j->text[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int new_token(struct parser *p, uint8_t type, uint32_t *out)
{
	if (p->j->count == p->j->cap)
		return fail(p, "too many values for the token array");
	*out = p->j->count++;
	p->j->tok[*out] = (struct json_token){ .type = type, .start = (uint32_t)p->pos };
	return 0;
}

static int literal(struct parser *p, const char *word, uint8_t type, uint32_t *out)
{
	size_t n = strlen(word);
	if (p->j->size - p->pos < n || memcmp(p->j->text + p->pos, word, n) != 0)
		return fail(p, "unknown literal");
	int err = new_token(p, type, out);
	p->pos += n;
	return err;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int number(struct parser *p, uint32_t *out)
{
	int err = new_token(p, JSON_NUMBER, out);
	if (err)
		return err;
	size_t start = p->pos;
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
		if (is_digit(peek(p)))
			return fail(p, "leading zero in a number");
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			p->pos++;
	} else {
		return fail(p, "a number needs digits");
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, "a fraction needs digits");
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, "an exponent needs digits");
		while (is_digit(peek(p)))
			p->pos++;
	}
	p->j->tok[*out].len = (uint32_t)(p->pos - start);
	return 0;
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 16;
		if (d == 16)
			return -1;
		*v = *v * 16 + d;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0 if invalid. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	uint32_t cp = len == 1 ? c : c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0; /* overlong, out of range, or a surrogate */
	return len;
}

/* Check a string whose opening quote is at p->pos; leaves pos after the closing quote. */
static int string(struct parser *p, uint32_t *out)
{
	p->pos++; /* the quote */
	int err = new_token(p, JSON_STRING, out);
	if (err)
		return err;
	size_t start = p->pos;
	const char *t = p->j->text;
	for (;;) {
		if (!more(p))
			return fail(p, "unterminated string");
		unsigned char c = (unsigned char)t[p->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(p, "control character in a string");
		if (c == '\\') {
			if (p->j->size - p->pos < 2)
				return fail(p, "unterminated escape");
			char e = t[p->pos + 1];
			if (e == 'u') {
				unsigned v, w;
				if (p->j->size - p->pos < 6 || hex4(t + p->pos + 2, &v))
					return fail(p, "bad \\u escape");
				p->pos += 6;
				if (v >= 0xDC00 && v <= 0xDFFF)
					return fail(p, "unpaired low surrogate");
				if (v >= 0xD800 && v <= 0xDBFF) {
					if (p->j->size - p->pos < 6 || t[p->pos] != '\\' ||
					    t[p->pos + 1] != 'u' || hex4(t + p->pos + 2, &w) ||
					    w < 0xDC00 || w > 0xDFFF)
						return fail(p, "unpaired high surrogate");
					p->pos += 6;
				}
				continue;
			}
			if (!strchr("\"\\/bfnrt", e) || e == '\0')
				return fail(p, "bad escape");
			p->pos += 2;
			continue;
		}
		size_t n = utf8_length((const unsigned char *)t + p->pos, p->j->size - p->pos);
		if (!n)
			return fail(p, "invalid UTF-8");
		p->pos += n;
	}
	p->j->tok[*out].start = (uint32_t)start;
	p->j->tok[*out].len = (uint32_t)(p->pos - start);
	p->pos++; /* the closing quote */
	return 0;
}

static int value(struct parser *p, uint32_t *out);

/* Whether string tokens a and b hold the same raw bytes (escaped spellings differ: fine, strict).
 */
static bool same_raw(const struct json *j, uint32_t a, uint32_t b)
{
	return j->tok[a].len == j->tok[b].len &&
	       memcmp(j->text + j->tok[a].start, j->text + j->tok[b].start, j->tok[a].len) == 0;
}

static int container(struct parser *p, uint8_t type, uint32_t *out)
{
	char close = type == JSON_ARRAY ? ']' : '}';
	int err = new_token(p, type, out);
	if (err)
		return err;
	if (++p->depth > JSON_MAX_DEPTH)
		return fail(p, "nesting too deep");
	p->pos++; /* [ or { */
	skip_space(p);
	uint32_t last = 0, count = 0;
	if (peek(p) == close) {
		p->pos++;
		p->depth--;
		return 0;
	}
	for (;;) {
		uint32_t item;
		skip_space(p);
		if (type == JSON_OBJECT) {
			if (peek(p) != '"')
				return fail(p, "an object member needs a string key");
			if (count == JSON_MAX_MEMBERS)
				return fail(p, "too many members in one object");
			err = string(p, &item);
			if (err)
				return err;
			for (uint32_t k = p->j->tok[*out].child; k; k = p->j->tok[k].next)
				if (same_raw(p->j, k, item)) {
					p->pos = p->j->tok[item].start - 1; /* point at the key */
					return fail(p, "duplicate key");
				}
			skip_space(p);
			if (peek(p) != ':')
				return fail(p, "a key needs a colon");
			p->pos++;
			skip_space(p);
			uint32_t v;
			err = value(p, &v);
			if (err)
				return err;
			p->j->tok[item].child = v;
		} else {
			err = value(p, &item);
			if (err)
				return err;
		}
		if (last)
			p->j->tok[last].next = item;
		else
			p->j->tok[*out].child = item;
		last = item;
		count++;
		skip_space(p);
		if (peek(p) == ',') {
			p->pos++;
			skip_space(p);
			if (peek(p) == close)
				return fail(p, "trailing comma");
			continue;
		}
		if (peek(p) == close)
			break;
		return fail(p, type == JSON_ARRAY ? "expected , or ]" : "expected , or }");
	}
	p->pos++;
	p->depth--;
	p->j->tok[*out].len = count;
	return 0;
}

static int value(struct parser *p, uint32_t *out)
{
	switch (peek(p)) {
	case '{':
		return container(p, JSON_OBJECT, out);
	case '[':
		return container(p, JSON_ARRAY, out);
	case '"':
		return string(p, out);
	case 't':
		return literal(p, "true", JSON_TRUE, out);
	case 'f':
		return literal(p, "false", JSON_FALSE, out);
	case 'n':
		return literal(p, "null", JSON_NULL, out);
	default:
		if (peek(p) == '-' || is_digit(peek(p)))
			return number(p, out);
		return fail(p, more(p) ? "unexpected character" : "unexpected end of text");
	}
}

int json_parse(struct json *j, const char *text, size_t size, struct json_token *tokens,
	       uint32_t cap)
{
	*j = (struct json){ .text = text, .size = size, .tok = tokens, .cap = cap };
	struct parser p = { .j = j };
	if (size >= 0xFFFFFFFFull)
		return fail(&p, "text too large");
	skip_space(&p);
	uint32_t root;
	int err = value(&p, &root);
	if (err)
		return err;
	skip_space(&p);
	if (more(&p))
		return fail(&p, "text after the value");
	return 0;
}

uint32_t json_get(const struct json *j, uint32_t obj, const char *key)
{
	if (j->tok[obj].type != JSON_OBJECT)
		return 0;
	for (uint32_t k = j->tok[obj].child; k; k = j->tok[k].next)
		if (json_is_string(j, k, key))
			return j->tok[k].child;
	return 0;
}

/* Decode string t into out (cap bytes) if out is non-NULL; returns the decoded length. */
static long decode(const struct json *j, uint32_t t, char *out, size_t cap)
{
	const char *s = j->text + j->tok[t].start;
	size_t n = j->tok[t].len, w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		if (s[i] != '\\') {
			if (out && w < cap)
				out[w] = s[i];
			w++, i++;
			continue;
		}
		char e = s[i + 1];
		if (e != 'u') {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			if (out && w < cap)
				out[w] = to[strchr(from, e) - from];
			w++, i += 2;
			continue;
		}
		unsigned hi, lo;
		hex4(s + i + 2, &hi); /* validated by the parser */
		i += 6;
		cp = hi;
		if (hi >= 0xD800 && hi <= 0xDBFF) {
			hex4(s + i + 2, &lo);
			i += 6;
			cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
		}
		uint8_t b[4];
		size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (len == 1) {
			b[0] = (uint8_t)cp;
		} else {
			for (size_t k = len - 1; k > 0; k--, cp >>= 6)
				b[k] = (uint8_t)(0x80 | (cp & 0x3F));
			b[0] = (uint8_t)((0xF00u >> len) | cp); /* the lead byte's marker bits */
		}
		for (size_t k = 0; k < len; k++, w++)
			if (out && w < cap)
				out[w] = (char)b[k];
	}
	return (long)w;
}

long json_string(const struct json *j, uint32_t t, char *out, size_t cap)
{
	if (j->tok[t].type != JSON_STRING)
		return -1;
	long n = decode(j, t, NULL, 0);
	if ((size_t)n >= cap)
		return -1;
	decode(j, t, out, cap);
	out[n] = '\0';
	return n;
}

bool json_is_string(const struct json *j, uint32_t t, const char *s)
{
	if (j->tok[t].type != JSON_STRING)
		return false;
	size_t n = strlen(s);
	if ((size_t)decode(j, t, NULL, 0) != n)
		return false;
	char buf[256];
	if (n >= sizeof buf)
		return false;
	decode(j, t, buf, sizeof buf);
	return memcmp(buf, s, n) == 0;
}

bool json_u64(const struct json *j, uint32_t t, uint64_t *out)
{
	const struct json_token *k = &j->tok[t];
	if (k->type != JSON_NUMBER)
		return false;
	uint64_t v = 0;
	for (uint32_t i = 0; i < k->len; i++) {
		char c = j->text[k->start + i];
		if (!is_digit(c))
			return false; /* a sign, fraction or exponent */
		if (v > (UINT64_MAX - (uint64_t)(c - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(c - '0');
	}
	*out = v;
	return true;
}

bool json_bool(const struct json *j, uint32_t t, bool *out)
{
	if (j->tok[t].type != JSON_TRUE && j->tok[t].type != JSON_FALSE)
		return false;
	*out = j->tok[t].type == JSON_TRUE;
	return true;
}

/*
 * json.h — a strict JSON reader (RFC 8259) for untrusted input, without
 * allocation: the caller gives an array of tokens, the parser fills it with
 * a tree that points into the text. Anything RFC 8259 does not allow is
 * refused with the offset and the rule it broke: trailing commas, comments,
 * leading zeros, bad escapes, unpaired surrogates, invalid UTF-8, control
 * characters in strings, duplicate keys, nesting deeper than JSON_MAX_DEPTH,
 * objects of more than JSON_MAX_MEMBERS members, bytes after the value.
 *
 * Tree: token 0 is the root. Arrays and objects list their children through
 * `child` (first) and `next` (following); an object's children are its
 * keys, and a key's `child` is its value. Index 0 also means "none", which
 * is safe because the root is nobody's child or sibling.
 */
#ifndef JSON_JSON_H
#define JSON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 64
/* Members per object: the duplicate-key check is quadratic, so bound it. */
#define JSON_MAX_MEMBERS 4096

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_token {
	uint8_t type;   /* enum json_type */
	uint32_t start; /* strings: first byte after the quote; numbers: first character */
	uint32_t len;   /* strings: raw bytes (escapes not expanded); numbers: characters;
			   arrays and objects: number of elements or members */
	uint32_t child; /* first element, first key, or a key's value; 0 = none */
	uint32_t next;  /* next element or key; 0 = none */
};

struct json {
	const char *text;
	size_t size;
	struct json_token *tok;
	uint32_t count; /* tokens used */
	uint32_t cap;
	const char *error; /* why parsing failed */
	size_t error_at;   /* byte offset of the failure */
};

/*
 * Parse `size` bytes of text into at most `cap` tokens. Returns 0, or
 * -SKY_E_CORRUPT with j->error and j->error_at set (running out of tokens is
 * reported the same way). Texts of 4 GiB or more are refused.
 */
int json_parse(struct json *j, const char *text, size_t size, struct json_token *tokens,
	       uint32_t cap);

/* The value of member `key` of object `obj`, or 0 if absent (or obj is not an object). */
uint32_t json_get(const struct json *j, uint32_t obj, const char *key);
/* Whether token t is a string equal to `s` (after unescaping). */
bool json_is_string(const struct json *j, uint32_t t, const char *s);
/*
 * Unescape string token t into out (cap bytes, NUL-terminated when it fits).
 * Returns the decoded length, or -1 if t is not a string or out is too small.
 */
long json_string(const struct json *j, uint32_t t, char *out, size_t cap);
/* A non-negative integer number (no fraction or exponent) that fits 64 bits. */
bool json_u64(const struct json *j, uint32_t t, uint64_t *out);
bool json_bool(const struct json *j, uint32_t t, bool *out);

#endif

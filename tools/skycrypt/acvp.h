/*
 * acvp.h — answering NIST ACVP prompt files. acvp.c reads the prompt with
 * lib/json, picks the handler for its algorithm (and mode), runs it on every
 * test of every group, and writes the response in the shape of
 * expectedResults.json: the same vsId/tgId/tcId, uppercase hex, booleans.
 * Handlers live in acvp_sha3.c, acvp_mlkem.c and acvp_mldsa.c.
 */
#ifndef SKYCRYPT_ACVP_H
#define SKYCRYPT_ACVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json/json.h"

/* One test being answered: where it is in the prompt, and the response being written. */
struct acvp_test {
	const struct json *j;
	uint32_t vs, group, test; /* tokens: the vector set, the group, the test */
	uint64_t tg, tc;
	FILE *out;
	FILE *log;         /* where errors and notes go (stderr) */
	bool first;        /* no field written yet at the current nesting level */
	void *scratch[16]; /* buffers handed out by acvp_hex, freed after the test */
	unsigned nscratch;
};

struct acvp_handler {
	const char *algorithm;
	const char *mode; /* NULL: the prompt has no mode */
	/*
	 * Decide about a group before its tests run: 0 to answer it, 1 to skip
	 * it (after saying why on stderr), or acvp_fail's -1.
	 */
	int (*group)(struct acvp_test *t);
	/* Answer one test: read its fields, write the response fields. 0 or -1. */
	int (*test)(struct acvp_test *t);
};

extern const struct acvp_handler acvp_sha3_handlers[], acvp_mlkem_handlers[], acvp_mldsa_handlers[];

/* Answer the prompt file at path on stdout. Returns 0, or 2 after printing the error. */
int acvp_run(const char *path);
/*
 * Answer the prompt text (size bytes; `name` for messages) into out, with
 * errors and notes to log. Returns 0, or -1 after printing the error (out
 * then holds a partial answer).
 */
int acvp_answer(const char *text, size_t size, const char *name, FILE *out, FILE *log);

/* Print "skycrypt: acvp: tgId N tcId M: <message>" to t->log; returns -1. */
int acvp_fail(struct acvp_test *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Field `name` of the test, else of its group, else of the vector set (0 if none has it). */
uint32_t acvp_field(const struct acvp_test *t, const char *name);
/* Required fields: each fails (acvp_fail) when missing or of the wrong type. */
int acvp_hex(struct acvp_test *t, const char *name, uint8_t **data, size_t *len);
int acvp_hex_exact(struct acvp_test *t, const char *name, uint8_t *out, size_t len);
int acvp_u64(struct acvp_test *t, const char *name, uint64_t *v);
int acvp_bool(struct acvp_test *t, const char *name, bool *v);
/* Whether string field `name` equals s (false when missing). */
bool acvp_is(const struct acvp_test *t, const char *name, const char *s);
/* String field `name` into out; fails when missing or longer than cap - 1. */
int acvp_string(struct acvp_test *t, const char *name, char *out, size_t cap);

/*
 * Message bits: hex field `name` holding `bits` bits (ACVP puts the bits of
 * a partial last byte in its high bits). Gives the whole bytes and the
 * trailing bits moved to the low bits of *last, as the sponge wants them.
 */
int acvp_bits(struct acvp_test *t, const char *name, uint64_t bits, uint8_t **data, size_t *bytes,
	      uint8_t *last);

/* Response fields, written in order. */
void acvp_put_hex(struct acvp_test *t, const char *name, const uint8_t *p, size_t n);
/*
 * Sponge output of `bits` bits (a partial last byte has its bits in the low
 * positions) into ACVP's order (in the high positions, the rest zero).
 */
void acvp_bit_order(uint8_t *p, uint64_t bits);
/* acvp_bit_order, then acvp_put_hex of the (bits + 7) / 8 bytes. */
void acvp_put_bits(struct acvp_test *t, const char *name, uint8_t *p, uint64_t bits);
void acvp_put_bool(struct acvp_test *t, const char *name, bool v);
void acvp_put_u64(struct acvp_test *t, const char *name, uint64_t v);
/* "name": [ {..}, {..} ] — items opened and closed by the caller. */
void acvp_begin_array(struct acvp_test *t, const char *name);
void acvp_begin_item(struct acvp_test *t, bool first_item);
void acvp_end_item(struct acvp_test *t);
void acvp_end_array(struct acvp_test *t);

#endif

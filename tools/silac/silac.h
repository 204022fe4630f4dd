/*
 * silac.h — the SILA compiler's model of a set of .sila files: tokens,
 * the syntax tree the parser builds, and the passes over it. lex.c reads
 * characters into tokens, parse.c builds the tree, check.c resolves names
 * and checks every rule (docs/sila.md lists them), gen_h.c and gen_c.c write
 * the C header and codecs with the protocol tables, gen_pml.c the Promela
 * models. silac.c runs them in that order; nothing is written if any
 * diagnostic was an error.
 */
#ifndef SILAC_SILAC_H
#define SILAC_SILAC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A place in a source file, for diagnostics "file:line:column: message". */
struct pos {
	const char *file;
	int line, col;
};

/* Print a diagnostic and count it as an error. */
void diag(struct pos at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern int diag_errors;

void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Append one element to a growing array (n counts the elements). */
#define PUSH(arr, n, v)                                                                            \
	do {                                                                                       \
		(arr) = xrealloc((arr), ((size_t)(n) + 1) * sizeof *(arr));                        \
		(arr)[(n)++] = (v);                                                                \
	} while (0)
void *xrealloc(void *p, size_t size);

/* A growing text buffer for the generators. */
struct buf {
	char *s;
	size_t len, cap;
};
void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write the buffer to OUTDIR/NAME unless the file already holds exactly
 * that (so unchanged outputs keep their times); 0 or -1. */
int write_output(const char *outdir, const char *name, const struct buf *b);

/* ---- tokens ---------------------------------------------------------------- */

enum tok_kind { TK_EOF, TK_IDENT, TK_INT, TK_PUNCT };

struct token {
	enum tok_kind kind;
	struct pos pos;
	char *text;     /* identifier or punctuation ("{", "->", "..") */
	uint64_t value; /* TK_INT */
	char *doc;      /* the comment lines right above the token, or NULL */
};

/* Split a file's text into tokens (the last is TK_EOF); lexical errors are
 * diagnosed. */
struct token *lex(const char *file, const char *text, int *count);

/* ---- the syntax tree -------------------------------------------------------- */

enum type_kind {
	TY_INT,      /* u8..u64, i8..i64 */
	TY_BOOL,     /* one byte, 0 or 1 */
	TY_NAMED,    /* an enum, error enum, bits or record, by name */
	TY_STRING,   /* UTF-8, at most `bound` bytes */
	TY_BYTES,    /* at most `bound` bytes */
	TY_CAP,      /* a capability of `obj` type with at least `rights` */
	TY_ARRAY,    /* exactly `bound` elements */
	TY_VECTOR,   /* at most `bound` elements */
	TY_OPTIONAL, /* elem or nothing */
};

struct decl;

struct type {
	enum type_kind kind;
	struct pos pos;
	unsigned width; /* TY_INT: bytes */
	bool is_signed;
	uint32_t bound;
	struct type *elem;
	char *ref_pkg, *ref_name; /* TY_NAMED; TY_CAP: the endpoint's protocol */
	struct decl *ref;         /* resolved */
	unsigned obj;             /* TY_CAP: SKY_OBJ_* */
	uint32_t rights;          /* TY_CAP: SKY_RIGHT_* */
};

enum decl_kind { D_ENUM, D_ERROR, D_BITS, D_RECORD, D_PROTOCOL, D_CONTRACT };

struct member {
	char *name;
	struct pos pos;
	uint64_t value; /* bits: the bit number */
	char *doc;
};

struct field {
	char *name;
	struct pos pos;
	struct type *type;
	char *doc;
};

enum msg_kind { MSG_CALL, MSG_SEND, MSG_EVENT };

/* A reference to a record by name, or none ("()"). */
struct recref {
	char *pkg, *name;
	struct pos pos;
	struct decl *ref;
};

struct message {
	char *name;
	struct pos pos;
	enum msg_kind kind;
	struct recref request, response, error; /* error: an error enum */
	uint32_t label;
	char *doc;
	bool used;
};

struct transition {
	char *msg, *target, *else_target;
	struct pos pos, target_pos, else_pos;
	int msg_index, to, else_to; /* resolved; else_to = the state itself if no else */
};

struct state {
	char *name;
	struct pos pos;
	bool initial, terminal;
	struct transition *trans;
	int ntrans;
	char *doc;
	bool reached;
};

enum contract_item { CI_REQUIRES, CI_PROVIDES };

struct capreq {
	enum contract_item kind;
	char *name;
	struct pos pos;
	struct type *type; /* TY_CAP; provides: an endpoint with the protocol */
};

struct limit {
	char *name;
	struct pos pos;
	uint64_t value;
};

struct decl {
	enum decl_kind kind;
	char *name;
	struct pos pos;
	char *doc;
	struct package *pkg;
	/* enum, error, bits */
	struct type *base;
	struct member *members;
	int nmembers;
	/* record */
	struct field *fields;
	int nfields;
	/* protocol */
	struct message *msgs;
	int nmsgs;
	struct state *states;
	int nstates;
	int initial;
	/* contract */
	struct capreq *caps;
	int ncaps;
	struct limit *limits;
	int nlimits;
	char **isolation;
	struct pos *isolation_pos;
	int nisolation;
	/* computed by check.c: records' encoded sizes and capabilities */
	uint32_t min_size;
	uint64_t max_size;
	unsigned max_caps;
	int visiting; /* 1 while its size is being computed (cycles), 2 when done */
};

struct package {
	char *name;
	uint32_t version;
	struct pos pos;
	const char *file;
	struct decl **decls;
	int ndecls;
	struct package **uses; /* other packages its declarations name */
	int nuses;
	int visiting;
};

struct program {
	struct package **pkgs;
	int npkgs;
};

/* Parse one file's tokens into a package (NULL after a syntax error). */
struct package *parse(struct token *toks, int count, const char *file);
/* Resolve names and check every rule; computes sizes and labels. */
void check(struct program *prog);
/* Write OUTDIR/sila_PKG.h (gen_h.c), OUTDIR/sila_PKG.c; 0 or -1. */
int gen_c(const struct package *pkg, const char *outdir);
int gen_header(const struct package *pkg, const char *outdir);
/* C names shared by gen_h.c and gen_c.c: "pkg_record_name", its upper
 * case, the integer type of a width, a message's record parameter ("" for
 * ()). */
char *c_name(const struct decl *d);
char *c_upper(const struct decl *d);
const char *c_int_type(unsigned width, bool is_signed);
char *c_param(const struct recref *r, bool in);
/* Write OUTDIR/sila_packages.{h,c}: the table of every package; 0 or -1. */
int gen_index(const struct program *prog, const char *outdir);
/* Write OUTDIR/PKG_PROTOCOL.pml for each protocol; 0 or -1. */
int gen_pml(const struct package *pkg, const char *outdir);

/* Helpers shared by the passes. */
struct decl *find_decl(const struct package *pkg, const char *name);
/* "ReadRequest" -> "read_request" (static buffer rotation: copy if kept). */
char *snake(const char *name);
char *upper(const char *s);
bool is_record_kind(const struct decl *d);
extern const char *const obj_names[];
extern const char *const right_names[];

#endif

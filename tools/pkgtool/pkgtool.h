/*
 * pkgtool.h — what skypack, skyimage and skyrepo share: messages and exit
 * statuses (0 done, 1 refused, 2 usage or I/O error), key and metadata
 * files, the repository directory (docs/pkg.md) and the text forms of
 * manifests and image descriptors. The checks themselves are lib/pkg's.
 */
#ifndef TOOLS_PKGTOOL_H
#define TOOLS_PKGTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pkg/pkg.h"

#define PT_USAGE   2
#define PT_REFUSED 1

extern const char *pt_prog;

/* "PROG: message" on stderr; return the status. */
int pt_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "PROG: WHAT refused (REASON): WHY"; returns 1. */
int pt_refused(const char *what, const struct pkg_err *e);

/* A whole file, at most `limit` bytes; NULL after a message. */
uint8_t *pt_read(const char *path, size_t *len, size_t limit);
bool pt_number(const char *s, uint64_t max, uint64_t *v);
/* --now: a Unix time, or the clock. */
uint64_t pt_clock(void);
/* A raw key file of exactly `size` bytes; 0 or PT_USAGE after a message. */
int pt_read_key(const char *path, uint8_t *out, size_t size);
/* "package", "image", "promotion", "snapshot" -> pkg.Role, or 0. */
uint8_t pt_role(const char *s);
/* 32 random bytes for hedged signing. */
int pt_random(uint8_t rnd[32]);

/* A signed metadata file: header, body, one signature per secret key. malloc'd, or NULL. */
uint8_t *pt_meta_build(const char magic[8], const uint8_t *body, size_t blen,
		       const uint8_t (*sks)[SKY_PKG_SK_SIZE], int nsk, size_t *len);

/* Encode a SILA record into a malloc'd buffer of at most MAX bytes. */
#define PT_ENCODE(fn, v, max, outlen)                                                              \
	({                                                                                         \
		uint8_t *b_ = malloc(max);                                                         \
		struct sila_msg m_ = { .data = b_, .space = (max) };                               \
		if (b_ && fn((v), &m_) != 0) {                                                     \
			free(b_);                                                                  \
			b_ = NULL;                                                                 \
		}                                                                                  \
		*(outlen) = m_.len;                                                                \
		b_;                                                                                \
	})

/* ---- the repository directory (repo.c) ---- */

#define PT_ROOTS     "root.skr"
#define PT_TRUST     "trust.skt"
#define PT_SNAPSHOT  "snapshot.sks"
#define PT_STATE     "state.sks"
#define PT_CHAIN_MAX 64 /* root rotations kept in roots/ */

char *pt_path(const char *dir, const char *name);
/*
 * Load DIR's trust store, state and (if there is one) snapshot into r,
 * checked at `now` (flags: PKG_L_*) against the anchor file `anchor` — the
 * root keys the verifier trusts, as the boot bundle carries them — or, if
 * NULL, DIR's own root.skr, advanced through the root rotations kept in
 * DIR/roots/. 0, PT_REFUSED or PT_USAGE after a message.
 */
int pt_repo_open(const char *dir, const char *anchor, uint64_t now, unsigned flags,
		 struct pkg_repo *r);
/* Write the state atomically. 0 or PT_USAGE after a message. */
int pt_state_save(const char *dir, const struct pkg_state *s);
/* Load the dictionaries DIR/dicts/ holds (for packages built with --dict). */
int pt_dicts_load(const char *dir, struct zstd_params *zp);

/* ---- text forms (text.c) ---- */

/* Parse a manifest's text form; entry may be absent (*have_entry false). 0 or PT_USAGE. */
int pt_manifest_parse(const char *path, const char *text, struct pkg_manifest *m, bool *have_entry);
void pt_manifest_print(FILE *f, const struct pkg_manifest *m);

/* A package an image descriptor refers to, given on the command line. */
struct pt_pkgref {
	struct pkg_manifest manifest;
	uint8_t digest[64];
};
int pt_descriptor_parse(const char *path, const char *text, const struct pt_pkgref *refs, int nrefs,
			struct image_descriptor *d);
void pt_descriptor_print(FILE *f, const struct image_descriptor *d);
void pt_hex(FILE *f, const uint8_t *p, size_t n);

#endif

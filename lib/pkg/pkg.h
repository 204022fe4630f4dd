/*
 * pkg.h — reading and verifying the supply chain's files (include/sky/pkg.h,
 * docs/pkg.md): module packages, image bundles, and the metadata that
 * decides whether to trust them — root keys, trust store, snapshot,
 * highest-seen versions, verification results. Freestanding and without
 * allocation: the host tools and the module manager call the same code, so
 * they accept and refuse exactly the same files. The records themselves are
 * SILA records (sila/pkg.sila, sila/image.sila) decoded by silac's code.
 *
 *   sig.c     signature blocks and their check against a set of keys
 *   meta.c    the signed metadata file layout
 *   trust.c   root keys, trust store, key certificates
 *   state.c   highest-seen versions and snapshot look-ups
 *   skm.c     the package layout and its manifest
 *   verify.c  the whole verification of a package or an image bundle
 *   gate.c    the promotion gate
 *   write.c   headers and signatures, for the tools that make the files
 *   reason.c  refusal names
 *
 * Every function that can refuse returns 0 or the negated reason, and
 * fills a struct pkg_err with the reason and a sentence for people.
 */
#ifndef PKG_PKG_H
#define PKG_PKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compress/compress.h"
#include "sila_image.h"
#include "sila_pkg.h"
#include "sky/pkg.h"
#include "zstd/zstd.h"

enum pkg_reason {
	PKG_OK,
	PKG_R_MALFORMED,       /* sizes or structure are wrong */
	PKG_R_TOO_LARGE,       /* a declared size is over a limit */
	PKG_R_SIGNATURE,       /* a signature does not verify */
	PKG_R_THRESHOLD,       /* fewer valid signatures than the role needs */
	PKG_R_UNKNOWN_KEY,     /* signed by a key the trust store does not know */
	PKG_R_REVOKED_KEY,     /* signed by a revoked key */
	PKG_R_WRONG_ROLE,      /* signed by a key of another role */
	PKG_R_KEY_EXPIRED,     /* the key expired, or was retired and its grace ended */
	PKG_R_EXPIRED,         /* the snapshot or the trust store expired (freeze) */
	PKG_R_ROLLBACK,        /* a version lower than the highest seen */
	PKG_R_NOT_IN_SNAPSHOT, /* the snapshot does not pin this file (mix-and-match) */
	PKG_R_CONTENT,         /* the payload does not decompress to its declared size and hash */
	PKG_R_POLICY,          /* the promotion gate lacks a result the policy asks for */
	PKG_R_COUNT
};

#define PKG_WHY_MAX 200

struct pkg_err {
	enum pkg_reason reason;
	char why[PKG_WHY_MAX];
};

/* Short name of a reason ("rollback"); stable, used in test expectations. */
const char *pkg_reason_name(enum pkg_reason r);
/* Set e and return -reason (printf-style message). */
int pkg_fail(struct pkg_err *e, enum pkg_reason r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- signatures (sig.c) ------------------------------------------------ */

struct pkg_sigs {
	const uint8_t *at; /* count entries of SKY_PKG_SIG_ENTRY bytes */
	uint32_t count;
};

/* Role 0 is the root: the keys of the anchor (pkg.RootKeys). */
#define PKG_ROLE_ROOT 0

/* A key as the checks see it; id and pk point into decoded records. */
struct pkg_key {
	const uint8_t *id, *pk;
	uint8_t role;
	uint64_t expires, retired_until;
};

struct pkg_keyset {
	struct pkg_key keys[20];
	uint32_t count;
	const struct pkg_key_id *revoked;
	uint32_t nrevoked;
};

/* The block [count][entries] at in[0..len), which must be exactly that long. */
int pkg_sigs_parse(struct pkg_sigs *s, const uint8_t *in, size_t len, struct pkg_err *e);
/*
 * Accept msg if at least `threshold` distinct keys of `role` signed it
 * (context string ctx, 8 bytes) and every signature is by a known,
 * unrevoked, unexpired key of that role and verifies.
 */
int pkg_sigs_check(const struct pkg_keyset *ks, uint8_t role, unsigned threshold, const char ctx[8],
		   const uint8_t *msg, size_t mlen, const struct pkg_sigs *s, uint64_t now,
		   struct pkg_err *e);
/*
 * The digest of a file's signed region, which signatures cover and the
 * snapshot pins: 64 bytes of SHAKE256 (256-bit collision resistance, as
 * SHA3-512, in about half the Keccak permutations).
 */
void pkg_digest(const uint8_t *in, size_t len, uint8_t out[SKY_PKG_DIGEST_SIZE]);
/* The same, but signatures by keys outside ks are passed over rather than
 * refused: for a file that two key sets must both sign (a root rotation). */
int pkg_sigs_check_among(const struct pkg_keyset *ks, uint8_t role, unsigned threshold,
			 const char ctx[8], const uint8_t *msg, size_t mlen,
			 const struct pkg_sigs *s, uint64_t now, bool others_ok, struct pkg_err *e);
/* The key id of a public key: the first 32 bytes of SHAKE256(pk). */
void pkg_key_id(const uint8_t pk[SKY_PKG_PK_SIZE], uint8_t id[SKY_PKG_KEY_ID_SIZE]);

/* ---- signed metadata files (meta.c) ------------------------------------ */

struct pkg_meta {
	const uint8_t *body;
	uint32_t body_len;
	size_t signed_len; /* bytes [0, signed_len) are signed */
	struct pkg_sigs sigs;
};

/* Check the layout of a metadata file of kind `magic` (SKY_META_*). */
int pkg_meta_open(struct pkg_meta *m, const char magic[8], const uint8_t *in, size_t len,
		  struct pkg_err *e);
/* A SILA record body as a message for the generated decoders. */
struct sila_msg pkg_meta_msg(const struct pkg_meta *m);

/* ---- trust (trust.c) ---------------------------------------------------- */

struct pkg_trust {
	struct pkg_root_keys roots;
	uint8_t root_ids[4][SKY_PKG_KEY_ID_SIZE];
	struct pkg_keyset root_set;
	struct pkg_root_keys next; /* pkg_roots_advance's candidate */
	uint8_t next_ids[4][SKY_PKG_KEY_ID_SIZE];
	struct pkg_keyset next_set;
	struct pkg_trust_store store;
	struct pkg_keyset role_set;
	bool have_store;
};

/* The anchor: root keys, signed by `threshold` of themselves. */
int pkg_roots_load(struct pkg_trust *t, const uint8_t *in, size_t len, struct pkg_err *e);
/*
 * A root rotation: the next version of the root keys replaces t's if it is
 * version + 1 and signed by the current threshold of current keys and by
 * its own threshold of its own keys.
 */
int pkg_roots_advance(struct pkg_trust *t, const uint8_t *in, size_t len, struct pkg_err *e);
/* The version an anchor file declares (after its layout is checked), or 0. */
uint64_t pkg_roots_version(const uint8_t *in, size_t len);
/* The trust store, signed by the anchor's threshold, unexpired at `now`.
 * Expiry is checked last: refused for it alone, t->have_store is set. */
int pkg_trust_load(struct pkg_trust *t, const uint8_t *in, size_t len, uint64_t now,
		   struct pkg_err *e);
/* Check a metadata file's signatures for `role` (PKG_ROLE_ROOT or pkg.Role). */
int pkg_trust_check(const struct pkg_trust *t, uint8_t role, const char magic[8],
		    const struct pkg_meta *m, const uint8_t *file, uint64_t now, struct pkg_err *e);
/* A key certificate, signed by the root keys. */
int pkg_cert_load(const struct pkg_trust *t, const uint8_t *in, size_t len, uint64_t now,
		  struct pkg_key_cert *c, struct pkg_err *e);
/* The role key with this id, or NULL. */
const struct pkg_role_key *pkg_trust_key(const struct pkg_trust_store *s, const uint8_t *id);

/* ---- versions seen and snapshots (state.c) ----------------------------- */

int pkg_version_cmp(const struct modmgr_version *a, const struct modmgr_version *b);
/* "1.2.3" into buf. */
void pkg_version_str(const struct modmgr_version *v, char *buf, size_t size);
bool pkg_name_valid(const char *s, size_t len);
/* The state file (SKY_META_STATE, no signatures); len 0 is "nothing seen". */
int pkg_state_load(struct pkg_state *s, const uint8_t *in, size_t len, struct pkg_err *e);
/* Refuse a version lower than the highest seen for that name. */
int pkg_seen_check(const struct pkg_state *s, bool image, const char *name, size_t nlen,
		   const struct modmgr_version *v, struct pkg_err *e);
/* Raise the highest seen for name to v; false if the table is full. */
bool pkg_seen_note(struct pkg_state *s, bool image, const char *name, size_t nlen,
		   const struct modmgr_version *v);
/* The snapshot must list exactly this name, version, size and digest. */
int pkg_snapshot_check(const struct pkg_snapshot *s, bool image, const char *name, size_t nlen,
		       const struct modmgr_version *v, uint64_t size, const uint8_t digest[64],
		       struct pkg_err *e);

/* ---- packages (skm.c) ---------------------------------------------------- */

struct pkg_skm {
	const uint8_t *manifest;
	uint32_t manifest_len;
	const uint8_t *payload; /* the compression header and the frames */
	size_t payload_len;
	struct compress_info cmh;
	size_t signed_len;
	struct pkg_sigs sigs;
};

/* Sizes and structure: header, every size against the file and the limits. */
int pkg_skm_open(struct pkg_skm *p, const uint8_t *in, size_t len, struct pkg_err *e);
/* Decode and check a manifest record. */
int pkg_manifest_read(struct pkg_manifest *m, const uint8_t *in, size_t len, struct pkg_err *e);

/* ---- verification (verify.c) ------------------------------------------- */

struct pkg_repo {
	struct pkg_trust trust;
	struct pkg_snapshot snap;
	struct pkg_state state;
	bool have_snapshot;
};

struct pkg_repo_files {
	const uint8_t *roots, *trust, *snapshot, *state; /* snapshot, state may be NULL */
	size_t roots_len, trust_len, snapshot_len, state_len;
	/* Later root keys (rotations), in version order; versions not above the
	 * anchor's are passed over. */
	const uint8_t *const *root_chain;
	const size_t *root_chain_lens;
	uint32_t root_chain_count;
};

/*
 * Load what a verifier trusts: the anchor (advanced through the root
 * rotations given, and not older than the state's), the trust store (not older than
 * the state's), the snapshot (signed by snapshot keys, not older than the
 * state's, unexpired, made under this trust store or an earlier one).
 * PKG_L_KEEPER is for the repository's keeper, who is about to replace
 * them: an expired trust store is read all the same, and a snapshot that
 * fails its checks is left out (have_snapshot false) instead of refused.
 */
#define PKG_L_KEEPER 1u
int pkg_repo_load(struct pkg_repo *r, const struct pkg_repo_files *f, uint64_t now, unsigned flags,
		  struct pkg_err *e);

struct pkg_verified {
	struct pkg_manifest manifest;
	uint8_t digest[SKY_PKG_DIGEST_SIZE];
	size_t signed_len;
	size_t elf_len;
};

#define PKG_V_SNAPSHOT 1u /* the snapshot must pin it */
#define PKG_V_CONTENT  2u /* decompress and check the hash (elf must be given) */

/*
 * Verify a package: sizes and structure, the package keys' signatures,
 * the manifest, the snapshot and the highest seen version, then (with
 * PKG_V_CONTENT) decompression into elf[0..elf_cap) with `work`
 * (zstd_workspace_size() bytes) and the SHA3-512 of the result. On a
 * refusal nothing of elf is left to use (it is zeroed).
 */
int pkg_verify_package(const struct pkg_repo *r, const uint8_t *in, size_t len, uint64_t now,
		       unsigned flags, uint8_t *elf, size_t elf_cap, void *work, size_t work_size,
		       const struct zstd_params *zp, struct pkg_verified *out, struct pkg_err *e);

/* Verify an image bundle the same way; every module it starts must be in the snapshot. */
int pkg_verify_image(const struct pkg_repo *r, const uint8_t *in, size_t len, uint64_t now,
		     unsigned flags, struct image_descriptor *d, uint8_t digest[64],
		     size_t *signed_len, struct pkg_err *e);

/* ---- promotion (gate.c) ---------------------------------------------------- */

/* The policy's checks for this package: each needs a passing result, signed by promotion keys,
 * for exactly this name, version and digest. */
int pkg_gate_check(const struct pkg_trust *t, const struct pkg_verified *v,
		   const uint8_t *const *results, const size_t *lens, uint32_t n, uint64_t now,
		   struct pkg_err *e);
/* The rule that applies to a name (longest prefix), or NULL. */
const struct pkg_policy_rule *pkg_policy_rule(const struct pkg_trust_store *s, const char *name,
					      size_t nlen);

/* ---- writing (write.c) ---------------------------------------------------- */

void pkg_skm_header_write(uint8_t out[SKY_PKG_HEADER_SIZE], uint32_t manifest_len,
			  uint64_t payload_len);
void pkg_meta_header_write(uint8_t out[SKY_META_HEADER_SIZE], const char magic[8],
			   uint32_t body_len);
/* The key id of an expanded secret key (its tr starts with it). */
void pkg_sk_key_id(const uint8_t sk[SKY_PKG_SK_SIZE], uint8_t id[SKY_PKG_KEY_ID_SIZE]);
/* One signature entry over msg (context ctx, hedged with rnd); 0 or -1. */
int pkg_sign(const uint8_t sk[SKY_PKG_SK_SIZE], const char ctx[8], const uint8_t *msg, size_t mlen,
	     const uint8_t rnd[32], uint8_t entry[SKY_PKG_SIG_ENTRY]);

uint64_t pkg_get_le(const uint8_t *p, unsigned n);
void pkg_put_le(uint8_t *p, uint64_t v, unsigned n);

#endif

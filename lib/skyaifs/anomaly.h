/*
 * anomaly.h — the SKYAIFS anomaly detector (one of the seed's maintenance
 * "AI bots"): it flags ransomware-like behaviour, one actor overwriting
 * many files with high-entropy content in a short time.
 *
 * The filesystem reports each overwrite of existing file content with the
 * old and the new bytes (a sample is enough). An overwrite is suspicious
 * when the new bytes look random (entropy at least ANOMALY_HIGH_ENTROPY)
 * while the old bytes did not (below ANOMALY_LOW_ENTROPY): encrypting a
 * document does that. What legitimately writes random-looking bytes does
 * not: unpacking an archive creates new files (no old bytes), rewriting a
 * compressed file replaces high entropy with high entropy, and a build's
 * objects and executables stay well below the threshold. An actor is
 * flagged when its suspicious overwrites touch `threshold` distinct files
 * within `window_ns`; each flag is reported once per window through a
 * callback. Entropy is computed in fixed point (no floating point, so the
 * kernel and servers can use it). All memory is the caller's.
 */
#ifndef SKYAIFS_ANOMALY_H
#define SKYAIFS_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bits per byte in 1/256ths. */
#define ANOMALY_HIGH_ENTROPY (7 * 256 + 128) /* 7.5 */
#define ANOMALY_LOW_ENTROPY  (6 * 256)       /* 6.0 */
#define ANOMALY_SAMPLE       4096            /* bytes of each side looked at */

/* A recent suspicious overwrite. */
struct anomaly_event {
	uint32_t actor;
	uint64_t inode;
	uint64_t time_ns;
};

#define ANOMALY_FLAGS 16 /* actors whose last flag is remembered */

struct anomaly_flag {
	bool used;
	uint32_t actor;
	uint64_t time_ns;
};

struct anomaly {
	struct anomaly_event *events; /* a ring of the most recent suspicious overwrites */
	size_t capacity;
	size_t head, count;
	uint64_t window_ns;
	unsigned threshold;
	void (*alert)(void *ctx, uint32_t actor, unsigned files, uint64_t time_ns);
	void *ctx;
	struct anomaly_flag flags[ANOMALY_FLAGS]; /* the latest flags */
	unsigned next_flag;
	uint64_t suspicious, flagged;
};

/* Start: a ring of `capacity` events (at least `threshold`), the window and the threshold. */
void anomaly_init(struct anomaly *a, struct anomaly_event *ring, size_t capacity,
		  uint64_t window_ns, unsigned threshold,
		  void (*alert)(void *, uint32_t, unsigned, uint64_t), void *ctx);

/*
 * An overwrite of `inode` by `actor` at `time_ns` (non-decreasing): the new
 * bytes, and the bytes they replace (NULL for a new file or a region never
 * written). Returns whether this overwrite was suspicious.
 */
bool anomaly_observe(struct anomaly *a, uint32_t actor, uint64_t inode, uint64_t time_ns,
		     const uint8_t *new_data, size_t new_len, const uint8_t *old_data,
		     size_t old_len);

/* Shannon entropy of n bytes (up to ANOMALY_SAMPLE are looked at), bits per byte in 1/256ths. */
unsigned anomaly_entropy(const uint8_t *data, size_t n);

#endif

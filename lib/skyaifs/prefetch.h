/*
 * prefetch.h — the SKYAIFS prefetcher (one of the seed's maintenance
 * "AI bots"): it watches the stream of block reads, learns which block
 * tends to follow which, and names the blocks worth reading ahead. Two
 * models, checked in turn on every read:
 *
 *   stride     the last three reads were evenly spaced (sequential reads
 *              are stride 1): predict the next `depth` blocks of the run;
 *   successor  a table remembers, for recently read blocks, the block read
 *              right after them and how often that held: predict a chain of
 *              successors not since contradicted (repeated patterns, e.g. a
 *              program's start-up reading the same scattered blocks every
 *              time).
 *
 * A block named lately is not named again, so a steady run asks for one
 * new block per read, and the accuracy counts each prediction once.
 *
 * It only predicts; the caller reads the blocks into its cache (the
 * filesystem's read-ahead entry point) and tells it when a demand read hit a
 * prefetched block, which is how the hit rate is measured. All memory is
 * the caller's: a table of `slots` entries. Freestanding, no allocation.
 */
#ifndef SKYAIFS_PREFETCH_H
#define SKYAIFS_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PREFETCH_DEPTH_MAX 16

/* One learned transition: after block `from`, block `to` was read; `confidence` 0..3. */
struct prefetch_slot {
	uint64_t from, to;
	uint8_t confidence;
	bool used;
};

struct prefetch_stats {
	uint64_t reads;     /* demand reads observed */
	uint64_t predicted; /* blocks named for read-ahead */
	uint64_t useful;    /* demand reads that hit a block read ahead (reported by the caller) */
};

struct prefetch {
	struct prefetch_slot *table;
	size_t slots;     /* a power of two */
	unsigned depth;   /* how far ahead to predict, 1..PREFETCH_DEPTH_MAX */
	uint64_t last[3]; /* the last three blocks read, newest first */
	unsigned seen;    /* how many of last[] are valid */
	uint64_t recent[2 * PREFETCH_DEPTH_MAX]; /* blocks named lately: not named again */
	unsigned recent_count, recent_next;
	struct prefetch_stats stats;
};

/* Start with a table of `slots` entries (a power of two, at least 16: 4-way sets) and a prediction
 * depth. */
void prefetch_init(struct prefetch *p, struct prefetch_slot *table, size_t slots, unsigned depth);

/*
 * A demand read of `block`: learn from it, and write up to p->depth
 * blocks worth reading ahead into out[] (distinct, none equal to `block`).
 * Returns how many.
 */
unsigned prefetch_read(struct prefetch *p, uint64_t block, uint64_t out[PREFETCH_DEPTH_MAX]);

/* The caller's cache says a demand read was served by a block read ahead. */
void prefetch_hit(struct prefetch *p);

/* Useful predictions per 1000 predictions (0 when none were made). */
unsigned prefetch_accuracy_permille(const struct prefetch *p);

#endif

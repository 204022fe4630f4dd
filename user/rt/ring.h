/*
 * ring.h — single-producer, single-consumer rings in shared memory: the
 * transport for batched requests between processes (a request ring one way,
 * a completion ring the other, and a notification each way to wake the
 * other side). The memory is shared with another process, so a consumer
 * trusts nothing in it: indices are checked on every use, and a ring whose
 * indices make no sense reports itself corrupt instead of being read.
 *
 * Layout of a ring in its memory (all little-endian, offsets in bytes):
 *     0  4  head        entries ever pushed (written by the producer only)
 *    64  4  tail        entries ever popped (written by the consumer only)
 *   128  4  size        entries, a power of two (set once by ring_create)
 *   132  4  entry_size  bytes per entry, a multiple of 8
 *   192  .  entries
 */
#ifndef RT_RING_H
#define RT_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ring_shared;

struct ring {
	struct ring_shared *shared;
	uint8_t *entries;
	uint32_t size; /* private copies: never re-read from shared memory */
	uint32_t entry_size;
};

enum ring_status { RING_OK, RING_EMPTY, RING_FULL, RING_CORRUPT };

/* Lay out a new ring in `bytes` of memory; entries as many as fit (a power of two). */
int ring_create(struct ring *r, void *mem, size_t bytes, uint32_t entry_size);
/* Use a ring another process laid out; the size fields are checked against `bytes`. */
int ring_attach(struct ring *r, void *mem, size_t bytes, uint32_t entry_size);

enum ring_status ring_push(struct ring *r, const void *entry);
enum ring_status ring_pop(struct ring *r, void *entry);

#endif

/*
 * skyaifs_memdev.h — what the SKYAIFS tests run lib/skyaifs over: an
 * in-memory block device that can record every write and flush in order
 * (for crash images) and inject faults (a failing write, unreadable
 * blocks), a deterministic environment (malloc, a seeded PRNG as `random`,
 * a fake clock), a small PRNG for the tests' own choices, and the hook to
 * the library's consistency check.
 */
#ifndef TESTS_HOST_SKYAIFS_MEMDEV_H
#define TESTS_HOST_SKYAIFS_MEMDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skyaifs/skyaifs.h"

/* One recorded device event: a block write (its data copied) or a flush (data NULL). */
struct memdev_event {
	uint64_t block;
	uint8_t *data;
};

struct memdev {
	struct skyaifs_device dev; /* what the library is given; dev.ctx is this memdev */
	uint64_t blocks;
	uint8_t *data;                   /* blocks * SKYAIFS_BLOCK_SIZE */
	uint8_t *written;                /* per block: ever written since memdev_init */
	uint8_t *touched;                /* per block: read since memdev_clear_touched */
	uint8_t *bad;                    /* per block: reads of it fail with EIO */
	uint64_t writes, reads, flushes; /* blocks written, blocks read, flushes */
	/* Fault injection: the write of block number fail_write_at (1-based count of block
	 * writes) fails with EIO; with fail_sticky every later write and flush fails too (a
	 * disk that died). 0: never. */
	uint64_t fail_write_at;
	bool fail_sticky, failed;
	/* Recording: every write and flush, in order, while `recording`. */
	bool recording;
	struct memdev_event *log;
	size_t log_n, log_cap;
};

/* A zeroed device of `blocks` blocks. Returns 0, or -1 when out of memory. */
int memdev_init(struct memdev *m, uint64_t blocks);
void memdev_free(struct memdev *m);
/* Forget the recorded events (the device contents stay). */
void memdev_log_clear(struct memdev *m);
void memdev_clear_touched(struct memdev *m);
/* Make `m` a copy of `src`'s contents (sizes must match; counters and faults reset). */
void memdev_copy_from(struct memdev *m, const struct memdev *src);

/* A PRNG for the tests' choices (xorshift64*; any seed, 0 included). */
struct rng {
	uint64_t s;
};
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
void rng_fill(struct rng *r, void *buf, size_t n);

/* The deterministic environment: malloc/free, a PRNG seeded by test_env_seed as `random`, and
 * a clock that starts at 2026-01-01 and advances 1 ms per reading. */
extern const struct skyaifs_env test_env;
void test_env_seed(uint64_t seed);

/* Format `m` (with `key` an encrypted volume; few KDF iterations so tests stay fast). */
int memdev_format(struct memdev *m, const char *key);
/* Mount `m` and open subvolume "main". Returns 0 or the failing call's error. */
int memdev_mount(struct memdev *m, const char *key, unsigned flags, struct skyaifs **fs,
		 struct skyaifs_vol **vol);

/* The library's consistency check over the unmounted device `m` (lib/skyaifs/check.h).
 * Returns 1 if clean, 0 if it reports damage (a summary in why), -1 if the library has no
 * check yet (callers then skip that assertion, saying so once). */
int memdev_check(struct memdev *m, const char *key, char *why, size_t cap);

/* A readable name for a SKYAIFS error ("EIO (-5)"), from a static buffer ring. */
const char *errname(long err);

#endif

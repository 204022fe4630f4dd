/*
 * check.h — the scrubber and the consistency check (fsck's engine), over a
 * mounted volume:
 *
 *   skyaifs_scrub  reads every block every commit can reach (both copies of
 *                  metadata), verifies each checksum or tag, and rewrites a
 *                  damaged copy from the intact one when asked to repair;
 *   skyaifs_check  the scrub, plus every structural invariant: key order,
 *                  the space map against the references actually found,
 *                  link counts against directory entries, entries naming
 *                  inodes that exist, extents inside their file, block
 *                  counts; `repair` mends the counts (never guesses data).
 *
 * Each problem is reported once, as one line, through `problem`.
 */
#ifndef SKYAIFS_CHECK_H
#define SKYAIFS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "skyaifs/skyaifs.h"

struct skyaifs_check_report {
	void (*problem)(void *ctx, const char *line); /* may be NULL */
	void *ctx;
	uint64_t nodes, data_blocks, space_blocks; /* distinct blocks verified */
	uint64_t bad_copies;                       /* damaged copies found */
	uint64_t repaired;                         /* problems mended */
	uint64_t unrecoverable;                    /* blocks with no intact copy */
	uint64_t structure_errors;                 /* invariants broken */
};

/* 0 if nothing is (left) wrong, SKYAIFS_EUCLEAN if damage remains, another error if the check could
 * not run. With `repair` the volume must be mounted writable. */
int skyaifs_scrub(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r);
int skyaifs_check(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r);

#endif

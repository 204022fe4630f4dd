/*
 * fuse_daemon.h — what the two halves of skyaifs-fuse share: the daemon's
 * state, the FUSE operations (fuse_ops.c, each run under the library lock)
 * and the commit policy; fuse.c has the command line, mounting and the
 * request loop.
 */
#ifndef TOOLS_SKYAIFS_FUSE_DAEMON_H
#define TOOLS_SKYAIFS_FUSE_DAEMON_H

#define FUSE_USE_VERSION 34

#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "skyaifs/image.h"

#define TIMEOUT_S     1.0                /* how long the kernel may trust names and attributes */
#define IDLE_MS       1000               /* commit after this long without a change */
#define MAX_DIRTY_NS  (5 * 1000000000ll) /* ... and at least this often while busy */
#define XATTR_BUF_MAX 65536              /* the kernel's XATTR_SIZE_MAX and XATTR_LIST_MAX */

/* ---- the inodes the kernel knows -------------------------------------------------------------
 * The kernel holds an inode from the first reply that names it until it sends forget with the
 * total count. Each such inode holds one library reference, so a file unlinked while open (or
 * still cached) keeps its data until the kernel lets go, and its number is not reused meanwhile. */

struct known {
	uint64_t ino; /* 0: free slot */
	uint64_t lookups;
};

struct daemon {
	struct image img;
	struct skyaifs *fs;
	struct skyaifs_vol *vol;
	uint64_t root;       /* the library's inode for FUSE's root (FUSE_ROOT_ID) */
	int64_t dirty_since; /* monotonic ns of the first uncommitted change; 0: none */
	int64_t last_change; /* ... and of the latest */
	int commit_error;    /* the last failed commit, reported at exit */
	struct known *known;
	size_t known_cap, known_used;
	bool no_open, no_opendir; /* the kernel can do without open / opendir (op_open) */
	char *io_buf;             /* read buffer, grown as needed (used under the library lock) */
	size_t io_cap;
};

/* The operations, each with the library lock held; destroy (the last commit) runs without it, once
 * the request threads are gone. */
extern const struct fuse_lowlevel_ops daemon_ops;
void daemon_destroy(void *userdata);
/* One library call at a time: the operations and the committer take it. */
extern pthread_mutex_t library_lock;
/* Commit what the requests changed (lock held). */
void daemon_commit(struct daemon *d);
/* Milliseconds until a commit is due, 0 now, -1 nothing to commit (lock held). */
int daemon_commit_wait_ms(const struct daemon *d);

#endif

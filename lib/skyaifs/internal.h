/*
 * internal.h — what the files of lib/skyaifs share: the mounted volume,
 * the in-memory B+tree nodes, and the functions each file offers the
 * others. Nothing here is part of the public interface (skyaifs.h).
 *
 *   block.c   read, verify, seal and write one block through its pointer
 *   keys.c    passphrase and volume keys, per-file keys
 *   space.c   reference counts, allocation, deferred frees, the space map
 *   btree.c   copy-on-write B+trees of items
 *   commit.c  format, mount, commit (uberblock ring)
 *   volume.c  subvolumes, snapshots, clones
 *   inode.c / dir.c / file.c / xattr.c / view.c  the file system on top
 */
#ifndef SKYAIFS_INTERNAL_H
#define SKYAIFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skyaifs/format.h"
#include "skyaifs/skyaifs.h"

/* ---- little-endian fields ---- */
static inline uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t ld64(const uint8_t *p)
{
	return (uint64_t)ld32(p) | (uint64_t)ld32(p + 4) << 32;
}
static inline void st16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void st32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline void st64(uint8_t *p, uint64_t v)
{
	st32(p, (uint32_t)v);
	st32(p + 4, (uint32_t)(v >> 32));
}

/* ---- block pointers ---- */
struct bp {
	uint64_t addr[2];
	uint64_t birth;
	uint8_t kind, level;
	uint8_t check[32];
};
void bp_load(struct bp *bp, const uint8_t *raw);
void bp_store(const struct bp *bp, uint8_t *raw);

/* ---- keys ---- */
struct key {
	uint64_t obj;
	uint8_t type;
	uint64_t off;
};
int key_cmp(const struct key *a, const struct key *b);
/* The smallest key after k (for walking every item with tree_next). */
void key_after(struct key *k);

/* ---- in-memory tree nodes ---- */
struct node {
	uint8_t *buf;        /* the plaintext block */
	struct bp ptr;       /* where it is on disk; meaningless while dirty */
	bool dirty;          /* changed since the last commit: has no address yet */
	struct node **child; /* internal nodes: children loaded so far, by slot */
};

#define TREE_MAX_LEVELS 8
struct tree {
	struct skyaifs *fs;
	uint64_t id;       /* 0: the root tree, else the subvolume id */
	struct node *root; /* NULL: empty tree */
};

#define REF_BUCKETS 4096u
struct open_ref {
	uint64_t ino;
	uint32_t count;
	struct open_ref *next;
};

/* A subvolume in use: its tree and its record in the root tree. */
struct skyaifs_vol {
	struct skyaifs *fs;
	struct tree tree;
	uint64_t id, root_ino, next_ino, inodes, created;
	bool writable;
	char name[SKYAIFS_VOLUME_NAME_MAX + 1];
	bool record_dirty;    /* the root tree's copy of the fields above is stale */
	struct readahead *ra; /* read-ahead cache, made on the first read */
	unsigned users;       /* vol_open handles */
	struct open_ref *
		*refs;    /* REF_BUCKETS chains by inode number, made on the first reference */
	size_t ref_count; /* inodes referenced */
	struct skyaifs_vol *next;
	/* a small cache of unwrapped file keys (encrypted volumes) */
	struct {
		uint64_t ino;
		uint8_t key[32];
		bool valid;
	} keys[16];
};

/* The first bytes a truncate cut off a file, shown to the watcher as the old content when the file
 * is written again. */
struct truncated {
	uint64_t vol, ino;
	size_t len;
	uint8_t data[SKYAIFS_BLOCK_SIZE];
};

struct deferred {
	uint64_t block, txg; /* reusable once commit `txg` has begun */
};

struct skyaifs {
	struct skyaifs_device dev;
	struct skyaifs_env env;
	bool readonly, encrypted;
	uint8_t uuid[16];
	uint64_t blocks;
	uint64_t txg; /* the commit being built; the last durable one is txg - 1 */
	uint64_t next_vol;
	struct tree root_tree;
	struct skyaifs_vol *vols;
	/* keys (encrypted volumes) */
	uint8_t meta_key[32], wrap_key[32], commit_key[32];
	/* space */
	uint16_t *refcount;    /* per block */
	uint8_t *deferred_map; /* bit per block: freed, not reusable yet */
	struct deferred *deferred;
	size_t deferred_count, deferred_cap;
	uint64_t free_blocks; /* refcount 0 and not deferred */
	uint64_t alloc_cursor;
	uint32_t chunks;       /* space map chunks */
	uint8_t *chunk_dirty;  /* per chunk */
	struct bp *chunk_ptr;  /* per chunk, on disk */
	struct bp *index_ptr;  /* per index block */
	uint64_t dirty_nodes;  /* tree nodes awaiting a commit */
	uint64_t nodes_cached; /* tree nodes in memory */
	uint64_t data_written; /* data blocks since the last commit */
	int failed;            /* a device error made the volume read-only: the error */
	bool checking;         /* a scrub or check runs: opening subvolumes changes nothing */
	uint8_t *scratch;      /* one block for sealing */
	struct skyaifs_watch watch;
	struct truncated *cut; /* what a truncate removed, for the watcher */
};

/* ---- block.c ---- */
/* Read the block `bp` names into out (plaintext), checking its checksum or tag; `key` is the
 * data key for BP_DATA on encrypted volumes. Tries the second copy when the first fails. */
int block_read(struct skyaifs *fs, const struct bp *bp, const uint8_t *key, uint8_t *out);
/* Seal `plain` for bp (kind, level, birth set by the caller): fill bp->check (and encrypt into
 * `out`, or copy). */
int block_seal(struct skyaifs *fs, struct bp *bp, const uint8_t *key, const uint8_t *plain,
	       uint8_t *out);
/* Verify a raw block against its pointer; 0 or EIO. Decrypts into `out` when not NULL. */
int block_open(struct skyaifs *fs, const struct bp *bp, const uint8_t *key, const uint8_t *raw,
	       uint8_t *out);
int dev_read1(struct skyaifs *fs, uint64_t block, void *buf);
int dev_write(struct skyaifs *fs, const struct skyaifs_io *io, size_t n);
void *fs_alloc(struct skyaifs *fs, size_t n);
void *fs_zalloc(struct skyaifs *fs, size_t n);
void fs_free(struct skyaifs *fs, void *p);

/* ---- keys.c ---- */
int keys_create(struct skyaifs *fs, uint8_t *sb, const uint8_t *pass, size_t pass_len,
		uint32_t iterations);
int keys_unlock(struct skyaifs *fs, const uint8_t *sb, const uint8_t *pass, size_t pass_len);
/* A fresh data key for a new inode, sealed into inode bytes INODE_KEY..+72. */
int keys_new_file(struct skyaifs *fs, uint64_t ino, uint8_t *sealed);
int keys_file(struct skyaifs_vol *vol, uint64_t ino, const uint8_t *inode, uint8_t key[32]);
void keys_forget(struct skyaifs_vol *vol, uint64_t ino);
void keys_wipe(struct skyaifs *fs);

/* ---- space.c ---- */
int space_load(struct skyaifs *fs, const uint8_t *uber);
int space_init_new(struct skyaifs *fs);
void space_release(struct skyaifs *fs);
/* Allocate n blocks (refcount 1, birth this commit); ENOSPC having taken none. */
int space_alloc(struct skyaifs *fs, uint64_t *out, size_t n);
void space_inc(struct skyaifs *fs, const struct bp *bp);
void space_dec(struct skyaifs *fs, const struct bp *bp);
uint16_t space_refs(struct skyaifs *fs, uint64_t block);
/* Enough free space for an operation that writes `data_blocks` blocks of file data (deletes may dig
 * into the reserve). */
int space_reserve(struct skyaifs *fs, uint64_t data_blocks, bool is_delete);
uint64_t space_reserve_blocks(const struct skyaifs *fs);
/* Blocks free beyond the commit reserve (and, for file writes, the delete reserve). */
uint64_t space_avail(const struct skyaifs *fs, bool for_files);
/* Commit: write the dirty chunks and index blocks, fill the uberblock's part. */
int space_commit(struct skyaifs *fs, uint8_t *uber);
/* After a commit becomes durable: blocks freed two commits ago become free. */
void space_commit_done(struct skyaifs *fs);

/* ---- btree.c ---- */
/* Leaf values: pointers valid until the tree next changes. */
struct item {
	struct key key;
	const uint8_t *val;
	uint16_t len;
};
int tree_get(struct tree *t, const struct key *k, struct item *out);
/* The first item with key >= k (within obj/type bounds checked by the caller); ENOENT past the end.
 */
int tree_next(struct tree *t, const struct key *k, struct item *out);
int tree_put(struct tree *t, const struct key *k, const void *val,
	     uint16_t len); /* insert or replace */
int tree_insert(struct tree *t, const struct key *k, const void *val, uint16_t len); /* EEXIST */
int tree_delete(struct tree *t, const struct key *k);                                /* ENOENT */
/* Write every dirty node (post-order) and return the new root pointer. */
int tree_commit(struct tree *t, struct bp *root);
/* Forget the in-memory nodes (clean trees only), keeping `root` as the pointer to reload from. */
void tree_unload(struct tree *t);
int tree_load_root(struct tree *t, const struct bp *root);
int tree_new(struct tree *t);   /* an empty leaf as root */
void tree_free(struct tree *t); /* free memory, dirty or not */
/* Drop one reference to a tree's root; what it alone held is freed. */
int tree_drop(struct skyaifs *fs, const struct bp *root);
/* Make a node's children and data references count one more (a shared node is being copied). */
int node_ref_children(struct skyaifs *fs, const uint8_t *buf, int delta);
int node_check(const uint8_t *buf, const struct bp *bp);
bool item_has_bp(uint8_t type);

/* ---- commit.c ---- */
int fs_commit(struct skyaifs *fs);
/* Commit when enough has piled up (memory, deferred frees). */
int fs_maybe_commit(struct skyaifs *fs);
int fs_writable(struct skyaifs *fs);

/* ---- volume.c ---- */
int vol_store(struct skyaifs_vol *vol);
void vol_free(struct skyaifs_vol *vol); /* memory only */
void vol_encode(const struct skyaifs_vol *vol, const struct bp *root, uint8_t *out);

/* ---- inode.c ---- */
struct inode {
	uint8_t raw[INODE_SIZE];
};
int inode_get(struct skyaifs_vol *vol, uint64_t ino, struct inode *in);
int inode_put(struct skyaifs_vol *vol, uint64_t ino, const struct inode *in);
void inode_stat(const struct inode *in, uint64_t ino, struct skyaifs_stat *st);
void inode_touch(struct skyaifs_vol *vol, struct inode *in, unsigned which); /* SKYAIFS_SET_*TIME */
uint32_t inode_mode(const struct inode *in);
uint64_t inode_size(const struct inode *in);
int inode_release(struct skyaifs_vol *vol, uint64_t ino); /* free an inode with no names left */
int vol_writable(struct skyaifs_vol *vol);
/* 1 if directory `dir` is `top` or below it, 0 if not, or an error. */
int inode_is_within(struct skyaifs_vol *vol, uint64_t dir, uint64_t top);

/* ---- dir.c ---- */
uint64_t name_hash(const char *name, size_t len);
int dir_find(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint64_t *ino,
	     uint32_t *type);
int dir_add(struct skyaifs_vol *vol, uint64_t dir, const char *name, uint64_t ino, uint32_t type);
int dir_remove(struct skyaifs_vol *vol, uint64_t dir, const char *name);
int dir_is_empty(struct skyaifs_vol *vol, uint64_t dir);
int name_check(const char *name);

/* ---- file.c ---- */
int file_truncate(struct skyaifs_vol *vol, uint64_t ino, struct inode *in, uint64_t size);
int file_free_blocks(struct skyaifs_vol *vol, uint64_t ino, uint64_t from_block);

/* ---- scrub.c ---- */
struct skyaifs_check_report;
void check_problem(struct skyaifs_check_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Verify every block the newest commit reaches; count references per block into refs (may be NULL).
 */
int scrub_walk(struct skyaifs *fs, bool repair, struct skyaifs_check_report *r, uint32_t *refs);

/* ---- readahead.c ---- */
bool ra_lookup(struct skyaifs_vol *vol, uint64_t ino, uint64_t index, uint8_t *out);
/* A demand read of block `index` of a file of `size` bytes: read ahead what the prefetcher names.
 */
void ra_observe(struct skyaifs_vol *vol, uint64_t ino, uint64_t index, uint64_t size,
		const uint8_t *key);
void ra_forget(struct skyaifs_vol *vol, uint64_t ino, uint64_t index);
void ra_forget_file(struct skyaifs_vol *vol, uint64_t ino);
void ra_release(struct skyaifs_vol *vol);
int file_read_block(struct skyaifs_vol *vol, uint64_t ino, const uint8_t *key, uint64_t index,
		    uint8_t *out);

/* ---- xattr.c ---- */
int xattr_remove_all(struct skyaifs_vol *vol, uint64_t ino);

#endif

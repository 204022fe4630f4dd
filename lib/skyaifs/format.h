/*
 * format.h — the SKYAIFS on-disk format, as offset tables. All integers are
 * little-endian; a block is 4096 bytes. docs/skyaifs.md explains the design
 * (copy-on-write, commits, reference counts, encryption); this file is the
 * byte-level truth that the library, fsck and the docs share.
 *
 * Device layout:
 *   block 0            superblock
 *   block 1            superblock copy
 *   blocks 2..33       uberblock ring: commit T is written to block 2 + T % 32
 *   blocks 34..        allocated: tree nodes, space map blocks, file data
 */
#ifndef SKYAIFS_FORMAT_H
#define SKYAIFS_FORMAT_H

#include <stdint.h>

#define SKYAIFS_SUPER_MAGIC "SKYAIFS\0"
#define SKYAIFS_VERSION     1u
#define UBER_MAGIC          "SKYAIFUB"
#define UBER_RING_START     2u
#define UBER_RING_LEN       32u
#define FIRST_DATA_BLOCK    (UBER_RING_START + UBER_RING_LEN)

/*
 * Superblock (blocks 0 and 1, identical):
 *   0   8  magic "SKYAIFS\0"
 *   8   4  version (1)
 *   12  4  block size (4096)
 *   16  8  blocks in the volume
 *   24  16 volume uuid
 *   40  4  flags: bit 0 encrypted
 *   44  4  KDF iterations
 *   48  32 KDF salt
 *   80  24 nonce of the wrapped volume key
 *   104 32 volume key sealed with the passphrase key (XChaCha20-Poly1305, AAD bytes 0..80)
 *   136 16 its tag
 *   152 32 SHA3-256 of bytes 0..152
 */
#define SB_MAGIC          0
#define SB_VERSION        8
#define SB_BLOCK_SIZE     12
#define SB_BLOCKS         16
#define SB_UUID           24
#define SB_FLAGS          40
#define SB_KDF_ITER       44
#define SB_SALT           48
#define SB_VK_NONCE       80
#define SB_VK_SEALED      104
#define SB_VK_TAG         136
#define SB_HASH           152
#define SB_SIZE           184
#define SB_FLAG_ENCRYPTED 1u

/*
 * Block pointer (64 bytes), the only way one block names another. The
 * checksum of the child lives in the parent, so a block that is damaged,
 * stale or written to the wrong place fails on read.
 *   0   8  address (block number); 0 means none
 *   8   8  address of the second copy (metadata), or 0
 *   16  8  birth: the commit that wrote it
 *   24  1  kind (BP_NODE, BP_DATA, BP_SPACE)
 *   25  1  tree level (nodes)
 *   26  6  reserved, zero
 *   32  32 plain volume: TurboSHAKE256 (RFC 9861, D = 0x1F) of the block, 32 bytes;
 *          encrypted:    bytes 32..48 random nonce (the XChaCha20 nonce is
 *                        these 16 bytes then the birth), 48..64 Poly1305 tag
 */
#define BP_SIZE  64
#define BP_NODE  1u
#define BP_DATA  2u
#define BP_SPACE 3u

/*
 * Uberblock (one ring slot; the newest slot whose check holds wins):
 *   0   8  magic "SKYAIFUB"
 *   8   8  commit number (txg)
 *   16  8  time of the commit, ns since 1970
 *   24  8  next subvolume id
 *   32  4  number of space map chunks
 *   36  4  reserved
 *   40  64 root tree pointer
 *   104 64*N  space map chunk index pointers (N = chunks / 64, rounded up; at most 56)
 *   3688 32 check: SHA3-256 of bytes 0..3688; encrypted volumes: KMAC256 under the volume's
 *           commit key
 */
#define UB_MAGIC     0
#define UB_TXG       8
#define UB_TIME      16
#define UB_NEXT_VOL  24
#define UB_CHUNKS    32
#define UB_ROOT      40
#define UB_INDEX     104
#define UB_INDEX_MAX 56u
#define UB_CHECK     3688
#define UB_SIZE      3720

/*
 * Space map: one 16-bit reference count per block, 2048 to a chunk block;
 * 64 chunk pointers to an index block; up to 56 index pointers in the
 * uberblock, so a volume has at most 56 * 64 * 2048 blocks (28 GiB).
 */
#define SPACE_PER_CHUNK  2048u
#define CHUNKS_PER_INDEX 64u
#define SPACE_MAX_BLOCKS ((uint64_t)UB_INDEX_MAX * CHUNKS_PER_INDEX * SPACE_PER_CHUNK)
#define REFCOUNT_MAX     60000u

/*
 * Tree node (B+tree, copy-on-write):
 *   0   4  magic "SKYN"
 *   4   1  level (0: leaf)
 *   5   1  reserved
 *   6   2  item count
 *   8   8  id of the tree (0: root tree, else the subvolume)
 * Internal node, from byte 16: entries of 88 bytes
 *   0   24 key (see below): the lowest key of the child's subtree may be higher
 *   24  64 child pointer
 * Leaf, from byte 16: item headers of 24 bytes, in key order
 *   0   8  key object id
 *   8   8  key offset
 *   16  1  key type
 *   17  1  reserved
 *   18  2  value offset in the node
 *   20  2  value length
 *   22  2  reserved
 * and the values packed at the end of the node.
 */
#define NODE_MAGIC     0x4e594b53u /* "SKYN" */
#define NODE_HDR       16u
#define KEY_SIZE       24u
#define INTERNAL_ENTRY (KEY_SIZE + BP_SIZE)
#define NODE_FANOUT    ((SKYAIFS_BLOCK_SIZE - NODE_HDR) / INTERNAL_ENTRY)
#define ITEM_HDR       24u
#define VALUE_MAX      1800u /* two items always fit one leaf, so a split always succeeds */

/* Key types. A key is (object id, type, offset), ordered in that order. */
#define KT_INODE   1u /* fs tree: (ino, INODE, 0) -> inode */
#define KT_DIRENT  2u /* fs tree: (dir, DIRENT, name hash) -> entries */
#define KT_XATTR   3u /* fs tree: (ino, XATTR, name hash) -> attributes */
#define KT_EXTENT  4u /* fs tree: (ino, EXTENT, block index) -> block pointer */
#define KT_ORPHAN  5u /* fs tree: (ORPHAN_OBJ, ORPHAN, ino) -> nothing */
#define KT_SUBVOL  6u /* root tree: (subvolume id, SUBVOL, 0) -> subvolume */
#define ORPHAN_OBJ UINT64_MAX

/*
 * Inode (value of KT_INODE):
 *   0   4  mode        4  4 uid        8  4 gid       12  4 nlink
 *   16  8  size        24 8 data blocks 32 8 rdev     40  8 parent (directories)
 *   48  12 atime (8 s, 4 ns)   60 12 mtime   72 12 ctime   84 12 btime
 *   96  8  generation
 *   104 72 encrypted volumes: the file's data key, sealed with the volume's wrapping key
 *          (24 nonce, 32 key, 16 tag; AAD: the inode number)
 */
#define INODE_SIZE 176u
#define INODE_KEY  104

/*
 * Directory entry bucket (value of KT_DIRENT): entries with the same 48-bit
 * name hash, each 8 ino, 4 type (S_IF*), 1 name length, then the name.
 * Extended-attribute bucket (KT_XATTR): each 1 name length, 2 value length,
 * the name, the value.
 */
#define DIRENT_FIXED 13u
#define XATTR_FIXED  3u

/*
 * Subvolume (value of KT_SUBVOL in the root tree):
 *   0   64 tree root pointer
 *   64  8  root directory inode
 *   72  8  next inode number
 *   80  8  inodes in use
 *   88  8  commit that created it
 *   96  4  flags: bit 0 writable
 *   100 4  reserved
 *   104 64 name, NUL-padded
 */
#define SUBVOL_SIZE     168u
#define SUBVOL_WRITABLE 1u

#endif

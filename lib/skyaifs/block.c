/*
 * block.c — one block through its pointer: the checksum (TurboSHAKE256) or, on
 * encrypted volumes, XChaCha20-Poly1305 sealing, whose tag in the parent
 * pointer is the keyed MAC that makes the whole tree authenticated. Also
 * the device and allocator wrappers every other file uses.
 */
#include "base/string.h"
#include "crypto/aead.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"
#include "skyaifs/internal.h"

void bp_load(struct bp *bp, const uint8_t *raw)
{
	bp->addr[0] = ld64(raw);
	bp->addr[1] = ld64(raw + 8);
	bp->birth = ld64(raw + 16);
	bp->kind = raw[24];
	bp->level = raw[25];
	memcpy(bp->check, raw + 32, 32);
}

void bp_store(const struct bp *bp, uint8_t *raw)
{
	st64(raw, bp->addr[0]);
	st64(raw + 8, bp->addr[1]);
	st64(raw + 16, bp->birth);
	raw[24] = bp->kind;
	raw[25] = bp->level;
	memset(raw + 26, 0, 6);
	memcpy(raw + 32, bp->check, 32);
}

void *fs_alloc(struct skyaifs *fs, size_t n)
{
	return fs->env.alloc(n);
}

void *fs_zalloc(struct skyaifs *fs, size_t n)
{
	void *p = fs->env.alloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void fs_free(struct skyaifs *fs, void *p)
{
	if (p)
		fs->env.free(p);
}

int dev_read1(struct skyaifs *fs, uint64_t block, void *buf)
{
	if (block >= fs->dev.blocks)
		return SKYAIFS_EIO;
	struct skyaifs_io io = { block, buf };
	return fs->dev.read(fs->dev.ctx, &io, 1) == 0 ? 0 : SKYAIFS_EIO;
}

/* A write error leaves the volume's state unknown: refuse further changes. */
int dev_write(struct skyaifs *fs, const struct skyaifs_io *io, size_t n)
{
	int err = fs->dev.write(fs->dev.ctx, io, n);
	if (err) {
		fs->failed = SKYAIFS_EIO;
		return SKYAIFS_EIO;
	}
	return 0;
}

/* The checksum of a block on a plain volume: TurboSHAKE256 (RFC 9861), 256 bits. */
static void block_hash(const uint8_t *block, uint8_t out[32])
{
	turboshake256(block, SKYAIFS_BLOCK_SIZE, 0x1F, out, 32);
}

/* The AAD of a sealed block: what the pointer says it is. */
static void block_aad(const struct bp *bp, uint8_t aad[10])
{
	st64(aad, bp->birth);
	aad[8] = bp->kind;
	aad[9] = bp->level;
}

static const uint8_t *block_key(struct skyaifs *fs, const struct bp *bp, const uint8_t *key)
{
	return bp->kind == BP_DATA ? key : fs->meta_key;
}

int block_seal(struct skyaifs *fs, struct bp *bp, const uint8_t *key, const uint8_t *plain,
	       uint8_t *out)
{
	if (!fs->encrypted) {
		block_hash(plain, bp->check);
		if (out != plain)
			memcpy(out, plain, SKYAIFS_BLOCK_SIZE);
		return 0;
	}
	uint8_t nonce[24], aad[10];
	if (fs->env.random(bp->check, 16) != 0)
		return SKYAIFS_EIO;
	memcpy(nonce, bp->check, 16);
	st64(nonce + 16, bp->birth);
	block_aad(bp, aad);
	aead_xchacha20poly1305_seal(block_key(fs, bp, key), nonce, aad, sizeof aad, plain,
				    SKYAIFS_BLOCK_SIZE, out, bp->check + 16);
	return 0;
}

int block_open(struct skyaifs *fs, const struct bp *bp, const uint8_t *key, const uint8_t *raw,
	       uint8_t *out)
{
	if (!fs->encrypted) {
		uint8_t sum[32];
		block_hash(raw, sum);
		if (ct_differ(sum, bp->check, 32))
			return SKYAIFS_EIO;
		if (out && out != raw)
			memcpy(out, raw, SKYAIFS_BLOCK_SIZE);
		return 0;
	}
	uint8_t nonce[24], aad[10];
	memcpy(nonce, bp->check, 16);
	st64(nonce + 16, bp->birth);
	block_aad(bp, aad);
	uint8_t *dst = out ? out : fs->scratch;
	if (aead_xchacha20poly1305_open(block_key(fs, bp, key), nonce, aad, sizeof aad, raw,
					SKYAIFS_BLOCK_SIZE, bp->check + 16, dst) != 0)
		return SKYAIFS_EIO;
	return 0;
}

int block_read(struct skyaifs *fs, const struct bp *bp, const uint8_t *key, uint8_t *out)
{
	for (int copy = 0; copy < 2; copy++) {
		uint64_t a = bp->addr[copy];
		if (a < FIRST_DATA_BLOCK || a >= fs->blocks)
			continue;
		if (dev_read1(fs, a, out) != 0)
			continue;
		if (block_open(fs, bp, key, out, out) == 0)
			return 0;
	}
	memset(out, 0, SKYAIFS_BLOCK_SIZE);
	return SKYAIFS_EIO;
}

/*
 * keys.c — the key hierarchy of an encrypted volume:
 *
 *   passphrase or key file --(iterated KMAC256, salt, N rounds)--> KEK
 *   KEK unseals the random 256-bit volume key (superblock)
 *   volume key --KDF--> metadata key (tree nodes, space map),
 *                       wrapping key (per-file data keys in inodes),
 *                       commit key (the uberblock MAC)
 *   per-file data key (random) seals that file's blocks
 *
 * A wrong passphrase fails the superblock's AEAD tag: EACCES, nothing else
 * is read. Keys never leave the struct skyaifs and are wiped at unmount.
 */
#include "base/string.h"
#include "crypto/aead.h"
#include "crypto/ct.h"
#include "crypto/sha3.h"
#include "skyaifs/internal.h"

/* KEK = X_N, X_0 = KMAC256(pass, salt, "skyaifs kek"), X_i = KMAC256(pass, X_{i-1} || i). Each
 * round costs about two Keccak permutations; SKYAIFS_KDF_ITERATIONS makes a guess cost about 0.2 s
 * here.
 */
static void keys_kek(const uint8_t *pass, size_t pass_len, const uint8_t salt[32],
		     uint32_t iterations, uint8_t kek[32])
{
	static const char custom[] = "skyaifs kek";
	uint8_t x[36];
	kmac256(pass, pass_len, salt, 32, custom, sizeof custom - 1, x, 32);
	for (uint32_t i = 1; i <= iterations; i++) {
		st32(x + 32, i);
		kmac256(pass, pass_len, x, sizeof x, custom, sizeof custom - 1, x, 32);
	}
	memcpy(kek, x, 32);
	ct_zeroize(x, sizeof x);
}

static void keys_derive(struct skyaifs *fs, const uint8_t vk[32])
{
	kdf_kmac256(vk, 32, "skyaifs metadata", fs->uuid, 16, fs->meta_key, 32);
	kdf_kmac256(vk, 32, "skyaifs file keys", fs->uuid, 16, fs->wrap_key, 32);
	kdf_kmac256(vk, 32, "skyaifs commit", fs->uuid, 16, fs->commit_key, 32);
}

int keys_create(struct skyaifs *fs, uint8_t *sb, const uint8_t *pass, size_t pass_len,
		uint32_t iterations)
{
	uint8_t vk[32], kek[32];
	st32(sb + SB_KDF_ITER, iterations);
	if (fs->env.random(sb + SB_SALT, 32) || fs->env.random(sb + SB_VK_NONCE, 24) ||
	    fs->env.random(vk, 32))
		return SKYAIFS_EIO;
	keys_kek(pass, pass_len, sb + SB_SALT, iterations, kek);
	aead_xchacha20poly1305_seal(kek, sb + SB_VK_NONCE, sb, SB_VK_NONCE, vk, 32,
				    sb + SB_VK_SEALED, sb + SB_VK_TAG);
	keys_derive(fs, vk);
	ct_zeroize(vk, sizeof vk);
	ct_zeroize(kek, sizeof kek);
	return 0;
}

int keys_unlock(struct skyaifs *fs, const uint8_t *sb, const uint8_t *pass, size_t pass_len)
{
	uint8_t vk[32], kek[32];
	uint32_t iterations = ld32(sb + SB_KDF_ITER);
	if (iterations == 0 || iterations > (1u << 26))
		return SKYAIFS_EUCLEAN;
	keys_kek(pass, pass_len, sb + SB_SALT, iterations, kek);
	int rc = aead_xchacha20poly1305_open(kek, sb + SB_VK_NONCE, sb, SB_VK_NONCE,
					     sb + SB_VK_SEALED, 32, sb + SB_VK_TAG, vk);
	ct_zeroize(kek, sizeof kek);
	if (rc != 0)
		return SKYAIFS_EACCES;
	keys_derive(fs, vk);
	ct_zeroize(vk, sizeof vk);
	return 0;
}

int keys_new_file(struct skyaifs *fs, uint64_t ino, uint8_t *sealed)
{
	uint8_t key[32], aad[8];
	if (!fs->encrypted) {
		memset(sealed, 0, 72);
		return 0;
	}
	if (fs->env.random(sealed, 24) || fs->env.random(key, 32))
		return SKYAIFS_EIO;
	st64(aad, ino);
	aead_xchacha20poly1305_seal(fs->wrap_key, sealed, aad, 8, key, 32, sealed + 24,
				    sealed + 56);
	ct_zeroize(key, sizeof key);
	return 0;
}

int keys_file(struct skyaifs_vol *vol, uint64_t ino, const uint8_t *inode, uint8_t key[32])
{
	struct skyaifs *fs = vol->fs;
	if (!fs->encrypted)
		return 0;
	unsigned slot = (unsigned)(ino % (sizeof vol->keys / sizeof vol->keys[0]));
	if (vol->keys[slot].valid && vol->keys[slot].ino == ino) {
		memcpy(key, vol->keys[slot].key, 32);
		return 0;
	}
	uint8_t aad[8];
	const uint8_t *sealed = inode + INODE_KEY;
	st64(aad, ino);
	if (aead_xchacha20poly1305_open(fs->wrap_key, sealed, aad, 8, sealed + 24, 32, sealed + 56,
					key) != 0)
		return SKYAIFS_EIO;
	vol->keys[slot].ino = ino;
	vol->keys[slot].valid = true;
	memcpy(vol->keys[slot].key, key, 32);
	return 0;
}

void keys_forget(struct skyaifs_vol *vol, uint64_t ino)
{
	unsigned slot = (unsigned)(ino % (sizeof vol->keys / sizeof vol->keys[0]));
	if (vol->keys[slot].ino == ino) {
		ct_zeroize(vol->keys[slot].key, 32);
		vol->keys[slot].valid = false;
	}
}

void keys_wipe(struct skyaifs *fs)
{
	ct_zeroize(fs->meta_key, 32);
	ct_zeroize(fs->wrap_key, 32);
	ct_zeroize(fs->commit_key, 32);
}

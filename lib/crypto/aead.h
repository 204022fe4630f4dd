/*
 * aead.h — authenticated encryption with associated data on ChaCha20 and
 * Poly1305: AEAD_CHACHA20_POLY1305 of RFC 8439 §2.8 (12-byte nonce) and
 * AEAD_XChaCha20_Poly1305 of draft-irtf-cfrg-xchacha-03 §2 (24-byte
 * nonce: HChaCha20 of the key and the nonce's first 16 bytes gives a
 * subkey, used with 4 zero bytes and the nonce's last 8 as the ChaCha20
 * nonce). A nonce must never repeat under one key; XChaCha20's nonce is
 * long enough to be drawn at random for each message.
 *
 * seal writes len bytes of ciphertext and a 16-byte tag; open checks the
 * tag in constant time (ct_differ) before decrypting anything. On a bad
 * tag open returns -SKY_E_CORRUPT and zeroes pt (all len bytes, so in
 * place the ciphertext too); nothing else about the failure is revealed.
 * ct == pt (in place) works for both; other overlaps do not. A message is
 * at most AEAD_MAX_BYTES, 2^38 - 64 (2^32 - 1 ChaCha20 blocks after the key
 * block: past it the block counter would wrap onto the Poly1305 key's
 * keystream); seal and open refuse longer ones, touching nothing.
 * The one-time Poly1305 key, the subkey and all cipher state are wiped
 * before return.
 *
 * Stack (-fstack-usage, kernel flags, deepest chain): ChaCha20-Poly1305
 * seal 2560 bytes, open 2592; XChaCha20-Poly1305 seal 2704, open 2736
 * (upper bounds: measured when ct_wipe_stack always took 2 KiB; it now
 * takes only the bytes it clears, STACK_WIPE in the .c files).
 */
#ifndef CRYPTO_AEAD_H
#define CRYPTO_AEAD_H

#include <stddef.h>
#include <stdint.h>

#define AEAD_KEY_BYTES          32
#define AEAD_TAG_BYTES          16
#define CHACHA20POLY1305_NONCE  12
#define XCHACHA20POLY1305_NONCE 24
#define AEAD_MAX_BYTES          ((1ull << 38) - 64)

/* 0, or -SKY_E_RANGE if len is over AEAD_MAX_BYTES (nothing written). */
int aead_chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
			       size_t aadlen, const uint8_t *pt, size_t len, uint8_t *ct,
			       uint8_t tag[16]);
/* 0, -SKY_E_CORRUPT if the tag does not match (pt zeroed), -SKY_E_RANGE if len is too long. */
int aead_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
			       size_t aadlen, const uint8_t *ct, size_t len, const uint8_t tag[16],
			       uint8_t *pt);

/* 0, or -SKY_E_RANGE if len is over AEAD_MAX_BYTES (nothing written). */
int aead_xchacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *aad,
				size_t aadlen, const uint8_t *pt, size_t len, uint8_t *ct,
				uint8_t tag[16]);
/* 0, -SKY_E_CORRUPT if the tag does not match (pt zeroed), -SKY_E_RANGE if len is too long. */
int aead_xchacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *aad,
				size_t aadlen, const uint8_t *ct, size_t len, const uint8_t tag[16],
				uint8_t *pt);

#endif

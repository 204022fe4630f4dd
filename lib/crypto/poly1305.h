/*
 * poly1305.h — the Poly1305 one-time authenticator of RFC 8439 §2.5: a
 * 32-byte one-time key (r, clamped, and s) and a message of any length
 * give a 16-byte tag. A key must authenticate one message only; the AEADs
 * in aead.h derive a fresh one per nonce. Incremental: init, update any
 * number of times, final once (final wipes the context).
 *
 * Constant time: the accumulator lives in three 64-bit limbs, products in
 * unsigned __int128 (one mul instruction on x86_64, no library call), and
 * the final reduction selects with a mask; no branch or index depends on
 * the key, the accumulator or the message.
 *
 * Stack (-fstack-usage, kernel flags, deepest chain): poly1305_update and
 * poly1305_final about 2.1 KiB (the context, 80 bytes, is the caller's),
 * the one-call poly1305 2256 bytes (upper bounds: measured when
 * ct_wipe_stack always took 2 KiB; it now takes the 512 bytes it clears).
 */
#ifndef CRYPTO_POLY1305_H
#define CRYPTO_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define POLY1305_KEY_BYTES 32
#define POLY1305_TAG_BYTES 16

struct poly1305 {
	uint64_t r0, r1;     /* r after clamping, little-endian halves */
	uint64_t h0, h1, h2; /* the accumulator, h0 + h1 2^64 + h2 2^128, partly reduced */
	uint64_t s0, s1;     /* s, added at the end */
	uint8_t buf[16];     /* a partial block waiting for more input */
	uint32_t used;       /* bytes in buf */
};

void poly1305_init(struct poly1305 *p, const uint8_t key[32]);
void poly1305_update(struct poly1305 *p, const void *msg, size_t len);
/* Write the tag and wipe the context. */
void poly1305_final(struct poly1305 *p, uint8_t tag[16]);
void poly1305(const uint8_t key[32], const void *msg, size_t len, uint8_t tag[16]);

#endif

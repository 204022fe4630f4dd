/*
 * sha2.h — the SHA-2 family of FIPS 180-4: SHA-224 and SHA-256 on 32-bit
 * words (struct sha256), SHA-384, SHA-512, SHA-512/224 and SHA-512/256 on
 * 64-bit words (struct sha512). Each has a one-call form and an
 * incremental one: init, update any number of times, final once. final
 * writes the digest and wipes the context; init it again to reuse it.
 *
 * Messages are whole bytes, at most 2^61 - 1 of them for SHA-224/256
 * (the 64-bit bit count of §5.1.1) and 2^64 - 1 for the others.
 * Nothing branches on or indexes by message content.
 *
 * Stack (frames from -fstack-usage with the kernel's flags, summed along
 * the deepest call chain; contexts are the caller's): update and final
 * about 2.1 KiB, the one-call functions 2.3 KiB (SHA-224/256) and 2.4 KiB
 * (SHA-384/512/512-224/512-256): upper bounds, measured when ct_wipe_stack
 * always took 2 KiB; it now takes the 512 bytes it clears.
 */
#ifndef CRYPTO_SHA2_H
#define CRYPTO_SHA2_H

#include <stddef.h>
#include <stdint.h>

#define SHA224_BYTES     28
#define SHA256_BYTES     32
#define SHA384_BYTES     48
#define SHA512_BYTES     64
#define SHA512_224_BYTES 28
#define SHA512_256_BYTES 32

struct sha256 {
	uint32_t h[8];
	uint64_t bytes; /* message bytes so far; bytes % 64 of them wait in buf */
	uint8_t buf[64];
	uint32_t digest; /* bytes of output: 28 or 32 */
};

struct sha512 {
	uint64_t h[8];
	uint64_t bytes; /* message bytes so far; bytes % 128 of them wait in buf */
	uint8_t buf[128];
	uint32_t digest; /* bytes of output: 28, 32, 48 or 64 */
};

/* SHA-224 and SHA-256 (§6.2, §6.3): init, update, then final writes c->digest bytes. */
void sha224_init(struct sha256 *c);
void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *in, size_t len);
void sha256_final(struct sha256 *c, uint8_t *out);
void sha224(const void *in, size_t len, uint8_t out[SHA224_BYTES]);
void sha256(const void *in, size_t len, uint8_t out[SHA256_BYTES]);

/* SHA-384, SHA-512, SHA-512/224, SHA-512/256 (§6.4-§6.7): one update and final for all four. */
void sha384_init(struct sha512 *c);
void sha512_init(struct sha512 *c);
void sha512_224_init(struct sha512 *c);
void sha512_256_init(struct sha512 *c);
void sha512_update(struct sha512 *c, const void *in, size_t len);
void sha512_final(struct sha512 *c, uint8_t *out);
void sha384(const void *in, size_t len, uint8_t out[SHA384_BYTES]);
void sha512(const void *in, size_t len, uint8_t out[SHA512_BYTES]);
void sha512_224(const void *in, size_t len, uint8_t out[SHA512_224_BYTES]);
void sha512_256(const void *in, size_t len, uint8_t out[SHA512_256_BYTES]);

#endif

/*
 * xxh64.h — XXH64, the 64-bit xxHash (xxhash_spec.md), which Zstandard
 * frames use as their content checksum (the low 32 bits of XXH64 with seed
 * 0). Not a cryptographic hash: it only detects accidental corruption.
 * One-call form and incremental form (init, update any number of times,
 * digest — which may be called again and does not change the state).
 */
#ifndef ZSTD_XXH64_H
#define ZSTD_XXH64_H

#include <stddef.h>
#include <stdint.h>

struct xxh64 {
	uint64_t v[4];  /* the four lanes' accumulators */
	uint64_t total; /* bytes hashed so far */
	uint64_t seed;
	uint8_t buf[32]; /* total % 32 bytes not yet folded into a stripe */
	uint32_t buf_size;
};

void xxh64_init(struct xxh64 *h, uint64_t seed);
void xxh64_update(struct xxh64 *h, const void *data, size_t len);
uint64_t xxh64_digest(const struct xxh64 *h);
/* XXH64 of data[0..len) with the given seed. */
uint64_t xxh64(const void *data, size_t len, uint64_t seed);

#endif

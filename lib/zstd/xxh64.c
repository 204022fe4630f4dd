/*
 * xxh64.c — XXH64 as its specification (xxhash_spec.md, "XXH64 algorithm
 * description") gives it: four lanes over 32-byte stripes, the lanes
 * converged and merged, the last 0-31 bytes folded in 8, 4 and 1 at a
 * time, then the avalanche.
 */
#include "zstd/xxh64.h"

#include "base/string.h"
#include "zstd/bits.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static inline uint64_t rotl(uint64_t x, unsigned r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t round64(uint64_t acc, uint64_t lane)
{
	acc += lane * P2;
	return rotl(acc, 31) * P1;
}

static inline uint64_t merge(uint64_t acc, uint64_t v)
{
	acc ^= round64(0, v);
	return acc * P1 + P4;
}

/* Fold whole stripes of p[0..len) into v; returns the bytes consumed. */
static size_t stripes(uint64_t v[4], const uint8_t *p, size_t len)
{
	size_t i = 0;
	for (; i + 32 <= len; i += 32) {
		v[0] = round64(v[0], zstd_le64(p + i));
		v[1] = round64(v[1], zstd_le64(p + i + 8));
		v[2] = round64(v[2], zstd_le64(p + i + 16));
		v[3] = round64(v[3], zstd_le64(p + i + 24));
	}
	return i;
}

/* The accumulator after the stripes (or without any), the tail, the avalanche. */
static uint64_t finish(const uint64_t v[4], uint64_t seed, uint64_t total, const uint8_t *p,
		       size_t len)
{
	uint64_t acc;
	if (total >= 32) {
		acc = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
		for (int i = 0; i < 4; i++)
			acc = merge(acc, v[i]);
	} else {
		acc = seed + P5;
	}
	acc += total;
	for (; len >= 8; p += 8, len -= 8)
		acc = rotl(acc ^ round64(0, zstd_le64(p)), 27) * P1 + P4;
	if (len >= 4) {
		acc = rotl(acc ^ (uint64_t)zstd_le32(p) * P1, 23) * P2 + P3;
		p += 4;
		len -= 4;
	}
	for (; len > 0; p++, len--)
		acc = rotl(acc ^ *p * P5, 11) * P1;
	acc ^= acc >> 33;
	acc *= P2;
	acc ^= acc >> 29;
	acc *= P3;
	return acc ^ acc >> 32;
}

void xxh64_init(struct xxh64 *h, uint64_t seed)
{
	h->v[0] = seed + P1 + P2;
	h->v[1] = seed + P2;
	h->v[2] = seed;
	h->v[3] = seed - P1;
	h->total = 0;
	h->seed = seed;
	h->buf_size = 0;
}

void xxh64_update(struct xxh64 *h, const void *data, size_t len)
{
	const uint8_t *p = data;
	h->total += len;
	if (h->buf_size) {
		size_t take = 32 - h->buf_size < len ? 32 - h->buf_size : len;
		memcpy(h->buf + h->buf_size, p, take);
		h->buf_size += (uint32_t)take;
		p += take;
		len -= take;
		if (h->buf_size < 32)
			return;
		stripes(h->v, h->buf, 32);
		h->buf_size = 0;
	}
	size_t done = stripes(h->v, p, len);
	memcpy(h->buf, p + done, len - done);
	h->buf_size = (uint32_t)(len - done);
}

uint64_t xxh64_digest(const struct xxh64 *h)
{
	return finish(h->v, h->seed, h->total, h->buf, h->buf_size);
}

uint64_t xxh64(const void *data, size_t len, uint64_t seed)
{
	struct xxh64 h;
	xxh64_init(&h, seed);
	size_t done = stripes(h.v, data, len);
	return finish(h.v, seed, len, (const uint8_t *)data + done, len - done);
}

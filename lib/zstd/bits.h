/*
 * bits.h — the little-endian loads and the backward bit reader that the
 * FSE, Huffman and sequence decoders share (RFC 8878 §4.1: streams are
 * written forward and read from their last byte back to their first; the
 * last byte holds a 1 bit above the data, then 0-7 zero bits of padding).
 *
 * The reader keeps 8 bytes of the stream in a 64-bit container `c`, loaded
 * from `p`, and counts in `n` the bits already consumed from its top. A
 * stream shorter than 8 bytes sits in the low bytes of the container with
 * its missing top bytes counted as consumed, so "every bit read" is always
 * p == start && n == 64. Reading past the start yields zero bits and makes
 * n exceed 64, which bits_overflow() reports; shifts are masked, so even
 * then nothing is undefined and every value read is at most k bits wide.
 */
#ifndef ZSTD_BITS_H
#define ZSTD_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lib/zstd loads little-endian fields with plain loads"
#endif

static inline uint16_t zstd_le16(const uint8_t *p)
{
	uint16_t v;
	__builtin_memcpy(&v, p, sizeof v);
	return v;
}

static inline uint32_t zstd_le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t zstd_le32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, sizeof v);
	return v;
}

static inline uint64_t zstd_le64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, sizeof v);
	return v;
}

/* Index of the highest set bit of v (v != 0). */
static inline unsigned zstd_highbit(uint32_t v)
{
	return 31u - (unsigned)__builtin_clz(v);
}

struct bits {
	uint64_t c;           /* the 8 bytes at p (or the whole stream if shorter) */
	unsigned n;           /* bits of c consumed, from the top */
	const uint8_t *p;     /* where c was loaded from */
	const uint8_t *start; /* first byte of the stream */
};

/*
 * Start reading the `size`-byte stream at `start` from its end. Returns
 * false if there is no end mark (empty stream or last byte 0).
 */
static inline bool bits_init(struct bits *b, const uint8_t *start, size_t size)
{
	if (size == 0 || start[size - 1] == 0)
		return false;
	unsigned pad = (unsigned)__builtin_clz(start[size - 1]) - 24 + 1;
	b->start = start;
	if (size >= 8) {
		b->p = start + size - 8;
		b->c = zstd_le64(b->p);
		b->n = pad;
	} else {
		b->p = start;
		b->c = 0;
		for (size_t i = 0; i < size; i++)
			b->c |= (uint64_t)start[i] << (8 * i);
		b->n = (unsigned)(8 - size) * 8 + pad;
	}
	return true;
}

/* The next k bits (k <= 56 after a refill), without consuming them. */
static inline uint64_t bits_peek(const struct bits *b, unsigned k)
{
	return ((b->c << (b->n & 63)) >> 1) >> (63 - k);
}

static inline uint64_t bits_read(struct bits *b, unsigned k)
{
	uint64_t v = bits_peek(b, k);
	b->n += k;
	return v;
}

/*
 * Refill when at least 8 bytes lie before p (and so n <= 64: reading past
 * the start is the only way past 64): move back over the whole bytes
 * consumed and reload, leaving at most 7 bits used.
 */
static inline void bits_refill_fast(struct bits *b)
{
	b->p -= b->n >> 3;
	b->n &= 7;
	b->c = zstd_le64(b->p);
}

/*
 * Refill anywhere: at least 57 bits are then available unless the start
 * is near, in which case p stops at it. Never reads before start.
 */
static inline void bits_refill(struct bits *b)
{
	if (__builtin_expect(b->p - b->start >= 8, 1)) {
		bits_refill_fast(b);
		return;
	}
	size_t back = b->n >> 3, avail = (size_t)(b->p - b->start);
	if (back > avail)
		back = avail;
	if (back == 0)
		return;
	b->p -= back;
	b->n -= (unsigned)back * 8;
	b->c = zstd_le64(b->p);
}

/* Whether more bits were read than the stream holds. */
static inline bool bits_overflow(const struct bits *b)
{
	return b->n > 64;
}

/* Whether every bit was read, and no more. */
static inline bool bits_done(const struct bits *b)
{
	return b->p == b->start && b->n == 64;
}

#endif

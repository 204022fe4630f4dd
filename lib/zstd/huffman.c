/*
 * huffman.c — Huffman coding of literals (RFC 8878 §4.2): the tree
 * description (weights, written directly as 4-bit fields or FSE-coded with
 * two interleaved states; the last weight implied), the single-symbol
 * decoding table built from the weights, and the decoding of one stream or
 * of four streams interleaved, each read backward and consumed exactly.
 *
 * Table: indexed by the next `log` bits of a stream (log = the deepest
 * code); a symbol with a code of k bits fills 2^(log-k) entries. Codes are
 * handed out from the lowest weight up, symbols in natural order within a
 * weight, so filling entries in that order is the whole construction.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

#define MAX_WEIGHTS 255 /* encoded weights; the last symbol's is implied */

static enum zstd_error bad(const uint8_t **err_at, const uint8_t *at)
{
	*err_at = at;
	return ZSTD_E_CORRUPT_HUFFMAN_TABLE;
}

/*
 * FSE-coded weights (§4.2.1.2): the table description, then a backward
 * bitstream decoded by two states in turn. A stream too short for the two
 * initial states is refused (as the reference decoder does); when a later
 * state update reads past the stream's start, the other state gives the
 * final weight. There is room for 255 weights, and a step is refused
 * unless 2 are left.
 */
static enum zstd_error fse_weights(const uint8_t *src, size_t size, uint8_t *w, unsigned *count,
				   const uint8_t **err_at)
{
	int16_t norm[HUF_LOG_MAX + 1];
	unsigned symbols, log;
	size_t used;
	struct fse_entry t[1 << HUF_WEIGHTS_LOG];
	if (zstd_fse_read_counts(src, size, HUF_WEIGHTS_LOG, HUF_LOG_MAX, norm, &symbols, &log,
				 &used, err_at) != ZSTD_OK)
		return ZSTD_E_CORRUPT_HUFFMAN_TABLE;
	zstd_fse_build(t, norm, symbols, log);
	struct bits b;
	if (!bits_init(&b, src + used, size - used))
		return bad(err_at, src + size - 1);
	unsigned s1 = (unsigned)bits_read(&b, log), s2 = (unsigned)bits_read(&b, log), n = 0;
	bits_refill(&b);
	if (bits_overflow(&b)) /* too short to hold even the two initial states: truncated */
		return bad(err_at, src + size - 1);
	for (;;) {
		if (MAX_WEIGHTS - n < 2)
			return bad(err_at, src);
		w[n++] = t[s1].symbol;
		s1 = t[s1].next + (unsigned)bits_read(&b, t[s1].nbits);
		bits_refill(&b);
		if (bits_overflow(&b)) {
			w[n++] = t[s2].symbol;
			break;
		}
		if (MAX_WEIGHTS - n < 2)
			return bad(err_at, src);
		w[n++] = t[s2].symbol;
		s2 = t[s2].next + (unsigned)bits_read(&b, t[s2].nbits);
		bits_refill(&b);
		if (bits_overflow(&b)) {
			w[n++] = t[s1].symbol;
			break;
		}
	}
	*count = n;
	return ZSTD_OK;
}

/*
 * Complete the weights: the last one makes the sum of 2^(w-1) a power of
 * two, which gives the depth. The two longest codes are siblings, so at
 * least two symbols have weight 1.
 */
static enum zstd_error complete(uint8_t *w, unsigned *count, unsigned *log, const uint8_t *at,
				const uint8_t **err_at)
{
	uint32_t sum = 0, ones = 0;
	unsigned n = *count;
	for (unsigned i = 0; i < n; i++) {
		if (w[i] > HUF_LOG_MAX)
			return bad(err_at, at);
		sum += w[i] ? 1u << (w[i] - 1) : 0;
		ones += w[i] == 1;
	}
	if (sum == 0)
		return bad(err_at, at);
	unsigned depth = zstd_highbit(sum) + 1;
	uint32_t rest = (1u << depth) - sum;
	if (depth > HUF_LOG_MAX || (rest & (rest - 1)) != 0)
		return bad(err_at, at);
	w[n] = (uint8_t)(zstd_highbit(rest) + 1);
	if (ones + (w[n] == 1) < 2)
		return bad(err_at, at);
	*count = n + 1;
	*log = depth;
	return ZSTD_OK;
}

enum zstd_error zstd_huf_read_weights(const uint8_t *src, size_t size, uint8_t *w, unsigned *count,
				      unsigned *log, size_t *used, const uint8_t **err_at)
{
	unsigned n;
	if (size < 1)
		return bad(err_at, src);
	unsigned hb = src[0];
	if (hb < 128) {
		/* FSE-coded weights in the next hb bytes. */
		if (hb == 0 || hb > size - 1)
			return bad(err_at, src);
		if (fse_weights(src + 1, hb, w, &n, err_at) != ZSTD_OK)
			return ZSTD_E_CORRUPT_HUFFMAN_TABLE;
		*used = 1 + hb;
	} else {
		/* hb - 127 weights, 4 bits each, the first in the high half of a byte. */
		n = hb - 127;
		size_t bytes = (n + 1) / 2;
		if (bytes > size - 1)
			return bad(err_at, src);
		for (unsigned i = 0; i < n; i++)
			w[i] = (uint8_t)(i % 2 ? src[1 + i / 2] & 15 : src[1 + i / 2] >> 4);
		*used = 1 + bytes;
	}
	*count = n;
	return complete(w, count, log, src, err_at);
}

/* Hand out codes from the lowest weight up, symbols in order within a weight. */
void zstd_huf_build(struct huf_table *t, const uint8_t *w, unsigned count, unsigned log)
{
	uint32_t rank[HUF_LOG_MAX + 1] = { 0 }, start[HUF_LOG_MAX + 1], pos = 0;
	for (unsigned s = 0; s < count; s++)
		rank[w[s]]++;
	for (unsigned k = 1; k <= log; k++) {
		start[k] = pos;
		pos += rank[k] << (k - 1);
	}
	for (unsigned s = 0; s < count; s++) {
		if (w[s] == 0)
			continue;
		uint16_t e = (uint16_t)(s | (log + 1 - w[s]) << 8);
		uint32_t len = 1u << (w[s] - 1), p = start[w[s]];
		for (uint32_t i = 0; i < len; i++)
			t->e[p + i] = e;
		start[w[s]] = p + len;
	}
	t->log = (uint8_t)log;
	t->valid = true;
}

enum zstd_error zstd_huf_read_table(struct zstd_dctx *d, struct huf_table *t, const uint8_t *src,
				    size_t size, size_t *used)
{
	uint8_t w[MAX_WEIGHTS + 1];
	unsigned count, log;
	t->valid = false;
	if (zstd_huf_read_weights(src, size, w, &count, &log, used, &d->err_at) != ZSTD_OK)
		return ZSTD_E_CORRUPT_HUFFMAN_TABLE;
	zstd_huf_build(t, w, count, log);
	return ZSTD_OK;
}

/* Decode one symbol; n <= 63 before it, so the plain shift is defined. */
static inline void dec(struct bits *b, const uint16_t *t, unsigned shift, uint8_t *out)
{
	uint16_t e = t[(b->c << b->n) >> shift];
	*out = (uint8_t)e;
	b->n += e >> 8;
}

/* Decode the rest of one stream symbol by symbol; then it must be used up exactly. */
static bool finish_stream(struct bits *b, const struct huf_table *t, uint8_t *op,
			  const uint8_t *end)
{
	while (op < end) {
		bits_refill(b);
		uint16_t e = t->e[bits_peek(b, t->log)];
		*op++ = (uint8_t)e;
		b->n += e >> 8;
	}
	bits_refill(b);
	return bits_done(b);
}

/* A stream can take the fast path while 8 bytes lie before its load point. */
static inline bool roomy(const struct bits *b)
{
	return b->p - b->start >= 8;
}

static enum zstd_error one_stream(struct zstd_dctx *d, const struct huf_table *t,
				  const uint8_t *src, size_t size, uint8_t *op, size_t count)
{
	struct bits b;
	const uint16_t *e = t->e;
	unsigned shift = 64 - t->log;
	uint8_t *end = op + count;
	if (!bits_init(&b, src, size))
		return zstd_fail(d, ZSTD_E_CORRUPT_HUFFMAN_STREAM, src);
	/* 4 symbols of at most 12 bits after a refill leaves <= 7 bits used. */
	while (end - op >= 4 && roomy(&b)) {
		bits_refill_fast(&b);
		dec(&b, e, shift, op);
		dec(&b, e, shift, op + 1);
		dec(&b, e, shift, op + 2);
		dec(&b, e, shift, op + 3);
		op += 4;
	}
	if (!finish_stream(&b, t, op, end))
		return zstd_fail(d, ZSTD_E_CORRUPT_HUFFMAN_STREAM, src);
	return ZSTD_OK;
}

/* One symbol from each of four streams, at offset k of their outputs. */
static inline void dec4(struct bits *b0, struct bits *b1, struct bits *b2, struct bits *b3,
			uint8_t *const *o, int k, const uint16_t *e, unsigned shift)
{
	dec(b0, e, shift, o[0] + k);
	dec(b1, e, shift, o[1] + k);
	dec(b2, e, shift, o[2] + k);
	dec(b3, e, shift, o[3] + k);
}

/*
 * The four streams in step, 4 symbols each per refill, while all have 8
 * bytes before their load point and the shortest (fourth) output has room.
 * The readers are copied to locals so they can live in registers.
 */
static void fast4(struct bits *b, uint8_t **op, const uint8_t *end3, const struct huf_table *t)
{
	struct bits b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
	uint8_t *o[4] = { op[0], op[1], op[2], op[3] };
	const uint16_t *e = t->e;
	unsigned shift = 64 - t->log;
	while (end3 - o[3] >= 4 && roomy(&b0) && roomy(&b1) && roomy(&b2) && roomy(&b3)) {
		bits_refill_fast(&b0);
		bits_refill_fast(&b1);
		bits_refill_fast(&b2);
		bits_refill_fast(&b3);
		for (int k = 0; k < 4; k++)
			dec4(&b0, &b1, &b2, &b3, o, k, e, shift);
		for (int i = 0; i < 4; i++)
			o[i] += 4;
	}
	b[0] = b0;
	b[1] = b1;
	b[2] = b2;
	b[3] = b3;
	for (int i = 0; i < 4; i++)
		op[i] = o[i];
}

static enum zstd_error four_streams(struct zstd_dctx *d, const struct huf_table *t,
				    const uint8_t *src, size_t size, uint8_t *dst, size_t count)
{
	if (size < 10 || count < 6)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	size_t s1 = zstd_le16(src), s2 = zstd_le16(src + 2), s3 = zstd_le16(src + 4);
	if (s1 + s2 + s3 + 6 >= size)
		return zstd_fail(d, ZSTD_E_CORRUPT_LITERALS, src);
	const uint8_t *in[4] = { src + 6, src + 6 + s1, src + 6 + s1 + s2, src + 6 + s1 + s2 + s3 };
	size_t len[4] = { s1, s2, s3, size - 6 - s1 - s2 - s3 };
	size_t seg = (count + 3) / 4;
	uint8_t *op[4] = { dst, dst + seg, dst + 2 * seg, dst + 3 * seg };
	uint8_t *end[4] = { dst + seg, dst + 2 * seg, dst + 3 * seg, dst + count };
	struct bits b[4];
	for (int i = 0; i < 4; i++)
		if (!bits_init(&b[i], in[i], len[i]))
			return zstd_fail(d, ZSTD_E_CORRUPT_HUFFMAN_STREAM, in[i]);
	fast4(b, op, end[3], t);
	for (int i = 0; i < 4; i++)
		if (!finish_stream(&b[i], t, op[i], end[i]))
			return zstd_fail(d, ZSTD_E_CORRUPT_HUFFMAN_STREAM, in[i]);
	return ZSTD_OK;
}

enum zstd_error zstd_huf_decode(struct zstd_dctx *d, const struct huf_table *t, bool four,
				const uint8_t *src, size_t size, uint8_t *dst, size_t count)
{
	return four ? four_streams(d, t, src, size, dst, count)
		    : one_stream(d, t, src, size, dst, count);
}

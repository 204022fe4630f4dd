/*
 * execute.c — decoding the sequences bitstream and executing each sequence
 * as it is decoded (RFC 8878 §3.1.1.3.2.1 "Decoding Sequences", §3.1.1.4
 * "Sequence Execution", §3.1.1.5 repeat offsets).
 *
 * Per sequence: read the offset, match length and literals length extra
 * bits (in that order), resolve repeat offsets, update the three states
 * (LL, ML, OF; not after the last sequence), then copy the literals and
 * the match. The bitstream must be used up exactly at the end.
 *
 * Copies: when the sequence ends at least ZSTD_WILD bytes before the end
 * of the output buffer, literals and matches move 16 (or 8) bytes at a
 * time and may write past their end, into bytes the next copy overwrites;
 * otherwise they go byte-exact. Matches closer than 16 bytes repeat a
 * pattern and are copied with a distance widened to a multiple of their
 * offset. A match that reaches before the current segment (into the
 * dictionary or the streaming ring's previous segment) takes the slow path.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

static inline void copy8(uint8_t *d, const uint8_t *s)
{
	__builtin_memcpy(d, s, 8);
}

static inline void copy16(uint8_t *d, const uint8_t *s)
{
	__builtin_memcpy(d, s, 16);
}

/* Copy n bytes 16 at a time (at least 16): s and d are 16 or more bytes apart. */
static inline void wildcopy16(uint8_t *d, const uint8_t *s, size_t n)
{
	uint8_t *end = d + n;
	do {
		copy16(d, s);
		d += 16;
		s += 16;
	} while (d < end);
}

/*
 * The match of length n at d from offset `off` <= the bytes before d, with
 * room for ZSTD_WILD bytes past d + n. Offsets below 8 start byte by byte,
 * then copy 8 at a time from a distance that is a multiple of the offset.
 */
static inline void copy_match(uint8_t *d, size_t off, size_t n)
{
	static const uint8_t widen[8] = { 0, 8, 8, 9, 8, 10, 12, 14 };
	const uint8_t *s = d - off;
	uint8_t *end = d + n;
	if (off >= 16) {
		wildcopy16(d, s, n);
		return;
	}
	if (off < 8) {
		for (int i = 0; i < 8; i++)
			d[i] = s[i];
		d += 8;
		s = d - widen[off];
	}
	while (d < end) {
		copy8(d, s);
		d += 8;
		s += 8;
	}
}

/* Byte-exact copy; handles s < d overlapping (repeating patterns). */
static void copy_exact(uint8_t *d, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

/*
 * A match that is not entirely inside the current segment: check it
 * against the rules of zstd.h, copy its part from the older history, then
 * the rest from the segment's start.
 */
static bool far_match(const struct zstd_hist *h, uint8_t *op, size_t off, size_t n)
{
	size_t seg = (size_t)(op - h->base);
	if (off == 0 || off <= seg)
		return false; /* 0, or over the window inside the segment */
	size_t need = off - seg;
	uint64_t reach = h->base_pos == 0 ? seg : off; /* dictionary: only while output <= window */
	if (reach > h->window || need > h->ext_size)
		return false;
	size_t part = need < n ? need : n;
	memmove(op, h->ext_end - need, part);
	copy_exact(op + part, h->base, n - part);
	return true;
}

/* Where one block's sequences are executed. */
struct exec {
	uint8_t *op;            /* output cursor */
	uint8_t *start;         /* the block's first output byte */
	uint8_t *limit;         /* min(start + block_max, end of output) */
	uint8_t *fast_end;      /* sequences ending by here take the fast copies */
	const uint8_t *lit;     /* next literal */
	const uint8_t *lit_end; /* ZSTD_WILD bytes may be read past it */
};

/* Which error an output overrun is: past the block's maximum or past the buffer. */
static enum zstd_error overrun(const struct zstd_dctx *d, const struct exec *x, size_t need)
{
	size_t produced = (size_t)(x->op - x->start);
	return produced + need > d->block_max ? ZSTD_E_BLOCK_TOO_LARGE : ZSTD_E_OUTPUT_TOO_SMALL;
}

/* Execute one sequence byte-exact, near the end of the output. */
static enum zstd_error run_exact(const struct zstd_dctx *d, struct exec *x,
				 const struct zstd_hist *h, size_t ll, size_t ml, size_t off)
{
	if (ll + ml > (size_t)(x->limit - x->op))
		return overrun(d, x, ll + ml);
	uint8_t *op = x->op;
	memcpy(op, x->lit, ll);
	op += ll;
	x->lit += ll;
	if (off <= (size_t)(op - h->base) && off <= h->window)
		copy_exact(op, op - off, ml);
	else if (!far_match(h, op, off, ml))
		return ZSTD_E_BAD_OFFSET;
	x->op = op + ml;
	return ZSTD_OK;
}

/* Execute one sequence (literals length ll, match length ml, offset off). */
static inline enum zstd_error run(const struct zstd_dctx *d, struct exec *x,
				  const struct zstd_hist *h, size_t ll, size_t ml, size_t off)
{
	if (ll > (size_t)(x->lit_end - x->lit))
		return ZSTD_E_CORRUPT_SEQUENCES;
	uint8_t *op = x->op;
	if (__builtin_expect((ptrdiff_t)(ll + ml) > x->fast_end - op, 0))
		return run_exact(d, x, h, ll, ml, off);
	wildcopy16(op, x->lit, ll);
	op += ll;
	x->lit += ll;
	if (__builtin_expect(off <= (size_t)(op - h->base) && off <= h->window, 1))
		copy_match(op, off, ml);
	else if (!far_match(h, op, off, ml))
		return ZSTD_E_BAD_OFFSET;
	x->op = op + ml;
	return ZSTD_OK;
}

/*
 * Resolve an Offset_Value (§3.1.1.5): above 3 a new offset; 1-3 a repeat
 * offset, shifted by one when the literals length is 0, where 3 then means
 * repeat[0] - 1. Returns 0 for an offset of 0, which is corrupt. Written
 * with selects rather than branches: which repeat is used is unpredictable.
 */
static inline size_t resolve_offset(uint32_t *rep, size_t ofv, size_t ll)
{
	if (ofv > 3) {
		rep[2] = rep[1];
		rep[1] = rep[0];
		rep[0] = (uint32_t)(ofv - 3);
		return ofv - 3;
	}
	unsigned idx = (unsigned)ofv - 1 + (ll == 0); /* 0..3 */
	uint32_t r0 = rep[0], r1 = rep[1];
	uint32_t off = idx == 3 ? r0 - 1 : rep[idx];
	rep[2] = idx >= 2 ? r1 : rep[2];
	rep[1] = idx >= 1 ? r0 : r1;
	rep[0] = off;
	return off;
}

enum zstd_error zstd_execute(struct zstd_dctx *d, const uint8_t *src, size_t size, uint32_t nb_seq,
			     const struct zstd_hist *h, uint8_t **op)
{
	struct bits b;
	if (!bits_init(&b, src, size))
		return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src);
	const struct seq_entry *llt = d->seq[SEQ_LL].e, *oft = d->seq[SEQ_OF].e,
			       *mlt = d->seq[SEQ_ML].e;
	/* Initial states: LL, OF, ML; 26 bits at most after <= 8 of padding. */
	size_t sll = bits_read(&b, d->seq[SEQ_LL].log);
	size_t sof = bits_read(&b, d->seq[SEQ_OF].log);
	size_t sml = bits_read(&b, d->seq[SEQ_ML].log);
	bits_refill(&b);
	size_t room = (size_t)(h->end - *op);
	struct exec x = { .op = *op,
			  .start = *op,
			  .limit = *op + (room < d->block_max ? room : d->block_max),
			  .lit = d->lit,
			  .lit_end = d->lit + d->lit_size };
	x.fast_end = room < d->block_max + ZSTD_WILD
			     ? h->end - (room < ZSTD_WILD ? room : ZSTD_WILD)
			     : x.limit;
	uint32_t rep[3] = { d->rep[0], d->rep[1], d->rep[2] };
	for (uint32_t left = nb_seq; left > 0; left--) {
		const struct seq_entry *l = &llt[sll], *o = &oft[sof], *m = &mlt[sml];
		/*
		 * After a refill 57 bits are there: the extra bits, then at most
		 * 9 + 9 + 8 state bits. Over 31 extra bits (long offsets), refill
		 * between: 31 offset and 16 match length bits, then the rest.
		 */
		size_t ofv = o->base + bits_read(&b, o->extra);
		size_t ml = m->base + bits_read(&b, m->extra);
		if (o->extra + m->extra + l->extra > 31)
			bits_refill(&b);
		size_t ll = l->base + bits_read(&b, l->extra);
		if (left > 1) {
			sll = l->next + bits_read(&b, l->nbits);
			sml = m->next + bits_read(&b, m->nbits);
			sof = o->next + bits_read(&b, o->nbits);
		}
		bits_refill(&b);
		size_t off = resolve_offset(rep, ofv, ll);
		enum zstd_error e = off ? run(d, &x, h, ll, ml, off) : ZSTD_E_BAD_OFFSET;
		if (e != ZSTD_OK)
			return zstd_fail(d, e, src);
	}
	if (!bits_done(&b))
		return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src);
	memcpy(d->rep, rep, sizeof rep);
	/* The literals left after the last sequence end the block. */
	size_t rest = (size_t)(x.lit_end - x.lit);
	if (rest > (size_t)(x.limit - x.op))
		return zstd_fail(d, overrun(d, &x, rest), src);
	memcpy(x.op, x.lit, rest);
	*op = x.op + rest;
	return ZSTD_OK;
}

enum zstd_error zstd_copy_literals(struct zstd_dctx *d, const struct zstd_hist *h, uint8_t **op,
				   const uint8_t *at)
{
	size_t room = (size_t)(h->end - *op);
	if (d->lit_size > room || d->lit_size > d->block_max)
		return zstd_fail(d,
				 d->lit_size > d->block_max ? ZSTD_E_BLOCK_TOO_LARGE
							    : ZSTD_E_OUTPUT_TOO_SMALL,
				 at);
	memcpy(*op, d->lit, d->lit_size);
	*op += d->lit_size;
	return ZSTD_OK;
}

/*
 * stream.c — the streaming decoder: input and output in pieces of any
 * size, memory bounded by the largest window the caller accepts.
 *
 * Workspace: this struct, the literals buffer, a buffer for one compressed
 * block (used only when a block arrives in pieces; a block found whole in
 * the input is decoded where it lies) and the window ring:
 *
 *   ring = window_max + bmax + 2 * ZSTD_WILD bytes, bmax = min(window_max, 128 KiB)
 *
 * Blocks are decoded into the ring at `pos`, one at a time, and only once
 * every earlier byte has been handed out. Before a block, if fewer than
 * bmax + ZSTD_WILD bytes remain after pos, the ring wraps: the segment
 * written so far becomes the older history (ext) and writing restarts at
 * the ring's start. The wrap happens only past window_max + ZSTD_WILD
 * bytes, so the old segment holds a whole window, and the bytes a match at
 * distance <= Window_Size may still need lie more than ZSTD_WILD bytes
 * ahead of the write position, out of reach of the fast copies' overshoot.
 * A frame starts at the ring's start with the dictionary as ext.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

enum stage {
	ST_FRAME,        /* gathering a frame header (or a skippable frame's) */
	ST_SKIP,         /* skipping a skippable frame's data */
	ST_BLOCK_HEADER, /* gathering a block header */
	ST_BLOCK,        /* gathering or copying a block's content */
	ST_CHECKSUM,     /* gathering the content checksum */
};

struct zstd_stream {
	struct zstd_dctx d;
	struct zstd_params params;
	size_t bmax; /* min(window_max, 128 KiB) */
	enum stage stage;
	enum zstd_error error; /* sticky */
	uint8_t hdr[ZSTD_FRAME_HEADER_MAX];
	uint32_t have; /* bytes gathered in hdr */
	struct zstd_frame_header fh;
	uint64_t skip_left;
	struct zstd_block block;
	size_t block_have; /* content bytes gathered (compressed) or copied (raw) */
	uint8_t *inbuf;    /* ZSTD_BLOCK_MAX bytes */
	uint8_t *win;      /* the ring */
	size_t cap;
	size_t pos;             /* end of the decoded bytes in the ring */
	size_t flush;           /* first decoded byte not yet handed out */
	const uint8_t *ext_end; /* older history: see struct zstd_hist */
	size_t ext_size;
	uint64_t base_pos;
	uint64_t produced; /* bytes of the frame decoded */
	struct xxh64 hash;
	uint64_t in_total; /* input consumed */
	uint64_t unit_at;  /* input offset of the header or content being gathered */
	uint64_t error_at;
};

/* The caller's buffers during one call. */
struct io {
	const uint8_t *in;
	size_t in_size, *in_pos;
	uint8_t *out;
	size_t out_cap, *out_pos;
};

enum step { STEP_ON, STEP_STALL };

static size_t bmax_for(uint64_t window_max)
{
	return window_max < ZSTD_BLOCK_MAX ? (size_t)window_max : ZSTD_BLOCK_MAX;
}

size_t zstd_stream_workspace_size(uint64_t window_max)
{
	if (window_max == 0)
		window_max = ZSTD_WINDOW_DEFAULT;
	if (window_max > ZSTD_WINDOW_LIMIT)
		return 0;
	size_t bmax = bmax_for(window_max);
	return 64 + sizeof(struct zstd_stream) + (bmax + ZSTD_WILD) + ZSTD_BLOCK_MAX +
	       ((size_t)window_max + bmax + 2 * ZSTD_WILD);
}

enum zstd_error zstd_stream_init(struct zstd_stream **out, void *work, size_t work_size,
				 const struct zstd_params *params)
{
	struct zstd_params p = params ? *params : (struct zstd_params){ .dicts = NULL };
	if (p.window_max == 0)
		p.window_max = ZSTD_WINDOW_DEFAULT;
	if (p.window_max > ZSTD_WINDOW_LIMIT)
		return ZSTD_E_BAD_ARGUMENT;
	if (!work || work_size < zstd_stream_workspace_size(p.window_max))
		return ZSTD_E_WORKSPACE_TOO_SMALL;
	struct zstd_stream *s = zstd_align_workspace(work);
	memset(s, 0, sizeof *s);
	s->params = p;
	s->bmax = bmax_for(p.window_max);
	s->d.lit_buf = (uint8_t *)(s + 1);
	s->inbuf = s->d.lit_buf + s->bmax + ZSTD_WILD;
	s->win = s->inbuf + ZSTD_BLOCK_MAX;
	s->cap = (size_t)p.window_max + s->bmax + 2 * ZSTD_WILD;
	s->stage = ST_FRAME;
	*out = s;
	return ZSTD_OK;
}

/* Take up to n input bytes into dst (NULL: drop them); returns how many. */
static size_t take(struct zstd_stream *s, struct io *io, void *dst, size_t n)
{
	size_t avail = io->in_size - *io->in_pos;
	if (n > avail)
		n = avail;
	if (n == 0)
		return 0;
	if (dst)
		memcpy(dst, io->in + *io->in_pos, n);
	*io->in_pos += n;
	s->in_total += n;
	return n;
}

/* Gather s->hdr up to `need` bytes; true once it has them. */
static bool gather(struct zstd_stream *s, struct io *io, uint32_t need)
{
	if (s->have < need)
		s->have += (uint32_t)take(s, io, s->hdr + s->have, need - s->have);
	return s->have == need;
}

static enum zstd_error fail(struct zstd_stream *s, enum zstd_error e, uint64_t at)
{
	s->error = e;
	s->error_at = at;
	return e;
}

/* Hand out decoded bytes. */
static void flush(struct zstd_stream *s, struct io *io)
{
	size_t n = s->pos - s->flush, room = io->out_cap - *io->out_pos;
	if (n > room)
		n = room;
	if (n) {
		memcpy(io->out + *io->out_pos, s->win + s->flush, n);
		*io->out_pos += n;
		s->flush += n;
	}
}

/* A frame begins: its state, and the ring empty with the dictionary behind it. */
static enum zstd_error begin_frame(struct zstd_stream *s)
{
	if (s->fh.window_size > s->params.window_max)
		return ZSTD_E_WINDOW_TOO_LARGE;
	enum zstd_error e = zstd_frame_begin(&s->d, &s->fh, &s->params);
	if (e != ZSTD_OK)
		return e;
	const struct zstd_dict *dict = s->d.dict;
	s->pos = s->flush = 0;
	s->ext_end = dict ? dict->content + dict->content_size : NULL;
	s->ext_size = dict ? dict->content_size : 0;
	s->base_pos = 0;
	s->produced = 0;
	xxh64_init(&s->hash, 0);
	return ZSTD_OK;
}

static enum zstd_error frame_header(struct zstd_stream *s, struct io *io, enum step *step)
{
	enum zstd_error e;
	/* Each refusal to parse for want of bytes names how many it needs. */
	while ((e = zstd_frame_header(&s->fh, s->hdr, s->have)) == ZSTD_E_TRUNCATED) {
		if (!gather(s, io, s->fh.header_size)) {
			*step = STEP_STALL;
			return ZSTD_OK;
		}
	}
	uint64_t at = s->unit_at;
	s->have = 0;
	if (e != ZSTD_OK)
		return fail(s, e, at + zstd_frame_error_offset(e));
	s->unit_at = s->in_total;
	if (s->fh.skippable) {
		s->skip_left = s->fh.skip_size;
		s->stage = ST_SKIP;
		return ZSTD_OK;
	}
	e = begin_frame(s);
	if (e != ZSTD_OK)
		return fail(s, e, at);
	s->stage = ST_BLOCK_HEADER;
	return ZSTD_OK;
}

static enum zstd_error block_header(struct zstd_stream *s, struct io *io, enum step *step)
{
	if (!gather(s, io, 3)) {
		*step = STEP_STALL;
		return ZSTD_OK;
	}
	s->have = 0;
	enum zstd_error e = zstd_block_header(s->d.block_max, zstd_le24(s->hdr), &s->block);
	if (e != ZSTD_OK)
		return fail(s, e, s->unit_at);
	/* Room for a whole block, its overshoot included; everything is flushed. */
	if (s->cap - s->pos < s->bmax + ZSTD_WILD) {
		s->ext_end = s->win + s->pos;
		s->ext_size = s->pos;
		s->base_pos = s->produced;
		s->pos = s->flush = 0;
	}
	s->block_have = 0;
	s->unit_at = s->in_total;
	s->stage = ST_BLOCK;
	return ZSTD_OK;
}

/* n new bytes at pos belong to the frame. */
static void produce(struct zstd_stream *s, size_t n)
{
	if (s->fh.checksum)
		xxh64_update(&s->hash, s->win + s->pos, n);
	s->pos += n;
	s->produced += n;
}

/* A block is complete: check the size, and go on to the next block or the end. */
static enum zstd_error end_block(struct zstd_stream *s)
{
	uint64_t header_at = s->unit_at - 3;
	if (s->produced > s->fh.content_size)
		return fail(s, ZSTD_E_CONTENT_SIZE, header_at);
	s->unit_at = s->in_total;
	if (!s->block.last) {
		s->stage = ST_BLOCK_HEADER;
		return ZSTD_OK;
	}
	if (s->fh.content_size != ZSTD_CONTENT_UNKNOWN && s->produced != s->fh.content_size)
		return fail(s, ZSTD_E_CONTENT_SIZE, s->unit_at);
	s->stage = s->fh.checksum ? ST_CHECKSUM : ST_FRAME;
	return ZSTD_OK;
}

static enum zstd_error compressed(struct zstd_stream *s, struct io *io, enum step *step)
{
	const uint8_t *src;
	size_t size = s->block.size;
	if (s->block_have == 0 && io->in_size - *io->in_pos >= size) {
		src = io->in + *io->in_pos; /* whole in the input: decode it there */
		take(s, io, NULL, size);
	} else {
		s->block_have += take(s, io, s->inbuf + s->block_have, size - s->block_have);
		if (s->block_have < size) {
			*step = STEP_STALL;
			return ZSTD_OK;
		}
		src = s->inbuf;
	}
	struct zstd_hist h = { .base = s->win,
			       .end = s->win + s->cap,
			       .ext_end = s->ext_end,
			       .ext_size = s->ext_size,
			       .base_pos = s->base_pos,
			       .window = s->d.window };
	uint8_t *op = s->win + s->pos;
	enum zstd_error e = zstd_block_decode(&s->d, src, size, &h, &op);
	if (e != ZSTD_OK)
		return fail(s, e, s->unit_at + (uint64_t)(s->d.err_at - src));
	produce(s, (size_t)(op - (s->win + s->pos)));
	return end_block(s);
}

static enum zstd_error block_content(struct zstd_stream *s, struct io *io, enum step *step)
{
	switch (s->block.type) {
	case ZSTD_BLOCK_RAW: {
		size_t n = take(s, io, s->win + s->pos, s->block.size - s->block_have);
		s->block_have += n;
		produce(s, n);
		if (s->block_have < s->block.size) {
			*step = STEP_STALL;
			return ZSTD_OK;
		}
		return end_block(s);
	}
	case ZSTD_BLOCK_RLE: {
		uint8_t byte;
		if (take(s, io, &byte, 1) == 0) {
			*step = STEP_STALL;
			return ZSTD_OK;
		}
		memset(s->win + s->pos, byte, s->block.size);
		produce(s, s->block.size);
		return end_block(s);
	}
	default:
		return compressed(s, io, step);
	}
}

static enum zstd_error checksum(struct zstd_stream *s, struct io *io, enum step *step)
{
	if (!gather(s, io, 4)) {
		*step = STEP_STALL;
		return ZSTD_OK;
	}
	s->have = 0;
	if ((uint32_t)xxh64_digest(&s->hash) != zstd_le32(s->hdr))
		return fail(s, ZSTD_E_CHECKSUM, s->unit_at);
	s->unit_at = s->in_total;
	s->stage = ST_FRAME;
	return ZSTD_OK;
}

static enum zstd_error skip(struct zstd_stream *s, struct io *io, enum step *step)
{
	s->skip_left -= take(s, io, NULL, s->skip_left < SIZE_MAX ? s->skip_left : SIZE_MAX);
	if (s->skip_left) {
		*step = STEP_STALL;
		return ZSTD_OK;
	}
	s->unit_at = s->in_total;
	s->stage = ST_FRAME;
	return ZSTD_OK;
}

/* One step of the current stage. */
static enum zstd_error advance(struct zstd_stream *s, struct io *io, enum step *step)
{
	switch (s->stage) {
	case ST_FRAME:
		return frame_header(s, io, step);
	case ST_SKIP:
		return skip(s, io, step);
	case ST_BLOCK_HEADER:
		return block_header(s, io, step);
	case ST_BLOCK:
		return block_content(s, io, step);
	default:
		return checksum(s, io, step);
	}
}

enum zstd_error zstd_stream_decompress(struct zstd_stream *s, const void *in, size_t in_size,
				       size_t *in_pos, void *out, size_t out_cap, size_t *out_pos)
{
	struct io io = { in, in_size, in_pos, out, out_cap, out_pos };
	if (*in_pos > in_size || *out_pos > out_cap)
		return ZSTD_E_BAD_ARGUMENT;
	while (s->error == ZSTD_OK) {
		flush(s, &io);
		if (s->flush < s->pos)
			return ZSTD_OK; /* the output is full */
		enum step step = STEP_ON;
		enum zstd_error e = advance(s, &io, &step);
		if (e != ZSTD_OK || step == STEP_STALL)
			return e;
	}
	return s->error;
}

enum zstd_error zstd_stream_end(const struct zstd_stream *s)
{
	if (s->error != ZSTD_OK)
		return s->error;
	if (s->stage != ST_FRAME || s->have != 0 || s->flush < s->pos)
		return ZSTD_E_TRUNCATED;
	return ZSTD_OK;
}

uint64_t zstd_stream_in_pos(const struct zstd_stream *s)
{
	return s->error != ZSTD_OK ? s->error_at : s->in_total;
}

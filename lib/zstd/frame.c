/*
 * frame.c — frames (RFC 8878 §3.1): reading a frame header (layout at the
 * top of zstd.h), block headers, setting up a frame's decoder state, and
 * the one-shot decoder, which writes every frame straight into the
 * caller's buffer and takes history from there (and from the dictionary).
 * stream.c does the same work through a window ring.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

#define ALIGN 64

void *zstd_align_workspace(void *work)
{
	uintptr_t v = ((uintptr_t)work + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	return (void *)v;
}

/* Bytes the header occupies, from its descriptor byte. */
static uint32_t header_size(uint8_t fhd)
{
	static const uint8_t did_size[4] = { 0, 1, 2, 4 }, fcs_size[4] = { 0, 2, 4, 8 };
	bool single = fhd & 0x20;
	uint32_t fcs = fhd >> 6 == 0 ? single : fcs_size[fhd >> 6];
	return 5 + !single + did_size[fhd & 3] + fcs;
}

/* A little-endian field of n (0-8) bytes. */
static uint64_t field(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static enum zstd_error truncated(struct zstd_frame_header *h, uint32_t need)
{
	h->header_size = need;
	return ZSTD_E_TRUNCATED;
}

enum zstd_error zstd_frame_header(struct zstd_frame_header *h, const void *src, size_t size)
{
	static const uint8_t did_size[4] = { 0, 1, 2, 4 }, fcs_size[4] = { 0, 2, 4, 8 };
	const uint8_t *p = src;
	memset(h, 0, sizeof *h);
	if (size < 4)
		return truncated(h, 4);
	uint32_t magic = zstd_le32(p);
	if ((magic & ~0xFu) == ZSTD_SKIPPABLE_MAGIC) {
		if (size < 8)
			return truncated(h, 8);
		h->skippable = true;
		h->skip_size = zstd_le32(p + 4);
		h->header_size = 8;
		return ZSTD_OK;
	}
	if (magic != ZSTD_MAGIC)
		return ZSTD_E_BAD_MAGIC;
	if (size < 5)
		return truncated(h, 5);
	uint8_t fhd = p[4];
	if (fhd & 0x08)
		return ZSTD_E_RESERVED;
	uint32_t need = header_size(fhd);
	if (size < need)
		return truncated(h, need);
	h->header_size = need;
	h->single_segment = fhd & 0x20;
	h->checksum = fhd & 0x04;
	size_t pos = 5;
	if (!h->single_segment) {
		/* Window_Size = 2^(10 + exponent) * (1 + mantissa / 8) */
		uint64_t base = 1ull << (10 + (p[pos] >> 3));
		h->window_size = base + (base >> 3) * (p[pos] & 7);
		pos++;
	}
	h->dict_id = (uint32_t)field(p + pos, did_size[fhd & 3]);
	pos += did_size[fhd & 3];
	unsigned fcs = fhd >> 6 == 0 ? h->single_segment : fcs_size[fhd >> 6];
	h->content_size = fcs ? field(p + pos, fcs) : ZSTD_CONTENT_UNKNOWN;
	if (fcs == 2)
		h->content_size += 256;
	if (h->single_segment)
		h->window_size = h->content_size;
	return ZSTD_OK;
}

size_t zstd_frame_error_offset(enum zstd_error e)
{
	return e == ZSTD_E_RESERVED ? 4 : 0;
}

enum zstd_error zstd_block_header(size_t block_max, uint32_t bh, struct zstd_block *b)
{
	b->last = bh & 1;
	b->type = (bh >> 1) & 3;
	b->size = bh >> 3;
	if (b->type == ZSTD_BLOCK_RESERVED)
		return ZSTD_E_RESERVED;
	/* Raw and RLE sizes are decoded sizes; a compressed one is its content's. */
	if (b->size > (b->type == ZSTD_BLOCK_COMPRESSED ? ZSTD_BLOCK_MAX : block_max))
		return ZSTD_E_BLOCK_TOO_LARGE;
	return ZSTD_OK;
}

/* The dictionary a frame asks for (see zstd.h), or NULL for none. */
static enum zstd_error find_dict(const struct zstd_params *params, uint32_t id,
				 const struct zstd_dict **out)
{
	*out = NULL;
	for (size_t i = 0; params && i < params->dict_count; i++) {
		if (params->dicts[i].id == id) {
			*out = &params->dicts[i];
			return ZSTD_OK;
		}
	}
	return id == 0 ? ZSTD_OK : ZSTD_E_DICT_UNKNOWN;
}

enum zstd_error zstd_frame_begin(struct zstd_dctx *d, const struct zstd_frame_header *h,
				 const struct zstd_params *params)
{
	if (!h->single_segment && h->window_size > ZSTD_WINDOW_DESCRIPTOR_MAX)
		return ZSTD_E_WINDOW_TOO_LARGE;
	enum zstd_error e = find_dict(params, h->dict_id, &d->dict);
	if (e != ZSTD_OK)
		return e;
	d->window = h->window_size;
	d->block_max = h->window_size < ZSTD_BLOCK_MAX ? (size_t)h->window_size : ZSTD_BLOCK_MAX;
	d->rep[0] = 1;
	d->rep[1] = 4;
	d->rep[2] = 8;
	d->huf.valid = false;
	for (int k = 0; k < 3; k++)
		d->seq[k].valid = d->seq[k].predefined = false;
	return d->dict ? zstd_dict_apply(d, d->dict) : ZSTD_OK;
}

/* Skip over the blocks and checksum of the frame whose header h is at p[0..size). */
static enum zstd_error skip_frame(const struct zstd_frame_header *h, const uint8_t *p, size_t size,
				  size_t *pos)
{
	size_t block_max =
		h->window_size < ZSTD_BLOCK_MAX ? (size_t)h->window_size : ZSTD_BLOCK_MAX;
	struct zstd_block b = { .last = false };
	size_t at = h->header_size;
	while (!b.last) {
		*pos = at;
		if (size - at < 3)
			return ZSTD_E_TRUNCATED;
		enum zstd_error e = zstd_block_header(block_max, zstd_le24(p + at), &b);
		if (e != ZSTD_OK)
			return e;
		size_t content = b.type == ZSTD_BLOCK_RLE ? 1 : b.size;
		*pos = at + 3;
		if (size - at - 3 < content)
			return ZSTD_E_TRUNCATED;
		at += 3 + content;
	}
	*pos = at;
	if (h->checksum && size - at < 4)
		return ZSTD_E_TRUNCATED;
	*pos = at + (h->checksum ? 4 : 0);
	return ZSTD_OK;
}

enum zstd_error zstd_content_size(const void *src, size_t size, uint64_t *total, size_t *err_at)
{
	struct zstd_frames_info info;
	enum zstd_error e = zstd_frames_info(src, size, &info, err_at);
	*total = info.content_size;
	return e;
}

enum zstd_error zstd_frames_info(const void *src, size_t size, struct zstd_frames_info *info,
				 size_t *err_at)
{
	const uint8_t *p = src;
	size_t pos = 0, at = 0;
	enum zstd_error e = ZSTD_OK;
	uint64_t *total = &info->content_size;
	*info = (struct zstd_frames_info){ 0 };
	while (e == ZSTD_OK && pos < size) {
		struct zstd_frame_header h;
		size_t next = 0;
		e = zstd_frame_header(&h, p + pos, size - pos);
		if (e != ZSTD_OK) {
			at = pos + zstd_frame_error_offset(e);
		} else if (h.skippable) {
			next = 8 + (size_t)h.skip_size;
			if (size - pos - 8 < h.skip_size)
				e = ZSTD_E_TRUNCATED;
			at = pos;
		} else {
			e = skip_frame(&h, p + pos, size - pos, &next);
			at = pos + next;
			info->frames++;
			if (h.window_size > info->window_max)
				info->window_max = h.window_size;
			bool known = h.content_size != ZSTD_CONTENT_UNKNOWN &&
				     *total + h.content_size >= *total;
			*total = known && *total != ZSTD_CONTENT_UNKNOWN ? *total + h.content_size
									 : ZSTD_CONTENT_UNKNOWN;
		}
		pos += next;
	}
	if (e != ZSTD_OK && err_at)
		*err_at = at;
	return e;
}

/* ---- one-shot ------------------------------------------------------------ */

size_t zstd_workspace_size(void)
{
	return ALIGN + sizeof(struct zstd_dctx) + ZSTD_BLOCK_MAX + ZSTD_WILD;
}

/* Input and output of a one-shot decode; op advances block by block. */
struct oneshot {
	struct zstd_dctx *d;
	const struct zstd_params *params;
	const uint8_t *ip, *iend;
	uint8_t *op, *oend;
};

static enum zstd_error fail_at(struct oneshot *o, enum zstd_error e, const uint8_t *at)
{
	return zstd_fail(o->d, e, at);
}

/* One block at o->ip (its header, at `at`, read into b), written at o->op. */
static enum zstd_error block(struct oneshot *o, const struct zstd_block *b,
			     const struct zstd_hist *h, const uint8_t *at)
{
	const uint8_t *content = o->ip;
	size_t in = (size_t)(o->iend - content), room = (size_t)(o->oend - o->op);
	if (b->type == ZSTD_BLOCK_RLE ? in < 1 : in < b->size)
		return fail_at(o, ZSTD_E_TRUNCATED, content);
	if (b->type != ZSTD_BLOCK_COMPRESSED && b->size > room)
		return fail_at(o, ZSTD_E_OUTPUT_TOO_SMALL, at);
	switch (b->type) {
	case ZSTD_BLOCK_RAW:
		memcpy(o->op, content, b->size);
		o->op += b->size;
		o->ip += b->size;
		return ZSTD_OK;
	case ZSTD_BLOCK_RLE:
		memset(o->op, content[0], b->size);
		o->op += b->size;
		o->ip += 1;
		return ZSTD_OK;
	default: {
		uint8_t *op = o->op;
		enum zstd_error e = zstd_block_decode(o->d, content, b->size, h, &op);
		if (e != ZSTD_OK)
			return e;
		o->op = op;
		o->ip += b->size;
		return ZSTD_OK;
	}
	}
}

/* The blocks of a frame whose header h was read at o->ip, then its checksum. */
static enum zstd_error blocks(struct oneshot *o, const struct zstd_frame_header *h)
{
	struct zstd_dctx *d = o->d;
	uint8_t *first = o->op;
	const struct zstd_dict *dict = d->dict;
	struct zstd_hist hist = { .base = first,
				  .end = o->oend,
				  .ext_end = dict ? dict->content + dict->content_size : NULL,
				  .ext_size = dict ? dict->content_size : 0,
				  .window = d->window };
	o->ip += h->header_size;
	struct zstd_block b = { .last = false };
	while (!b.last) {
		const uint8_t *at = o->ip;
		if (o->iend - at < 3)
			return fail_at(o, ZSTD_E_TRUNCATED, at);
		enum zstd_error e = zstd_block_header(d->block_max, zstd_le24(at), &b);
		if (e != ZSTD_OK)
			return fail_at(o, e, at);
		o->ip += 3;
		e = block(o, &b, &hist, at);
		if (e != ZSTD_OK)
			return e;
		if ((uint64_t)(o->op - first) > h->content_size)
			return fail_at(o, ZSTD_E_CONTENT_SIZE, at);
	}
	uint64_t produced = (uint64_t)(o->op - first);
	if (h->content_size != ZSTD_CONTENT_UNKNOWN && produced != h->content_size)
		return fail_at(o, ZSTD_E_CONTENT_SIZE, o->ip);
	if (!h->checksum)
		return ZSTD_OK;
	if (o->iend - o->ip < 4)
		return fail_at(o, ZSTD_E_TRUNCATED, o->ip);
	if ((uint32_t)xxh64(first, (size_t)produced, 0) != zstd_le32(o->ip))
		return fail_at(o, ZSTD_E_CHECKSUM, o->ip);
	o->ip += 4;
	return ZSTD_OK;
}

/* One frame, zstd or skippable, at o->ip. */
static enum zstd_error frame(struct oneshot *o)
{
	struct zstd_frame_header h;
	const uint8_t *at = o->ip;
	size_t in = (size_t)(o->iend - at);
	enum zstd_error e = zstd_frame_header(&h, at, in);
	if (e != ZSTD_OK)
		return fail_at(o, e, at + zstd_frame_error_offset(e));
	if (h.skippable) {
		if (in - 8 < h.skip_size)
			return fail_at(o, ZSTD_E_TRUNCATED, at);
		o->ip += 8 + (size_t)h.skip_size;
		return ZSTD_OK;
	}
	e = zstd_frame_begin(o->d, &h, o->params);
	if (e != ZSTD_OK)
		return fail_at(o, e, at);
	if (h.content_size != ZSTD_CONTENT_UNKNOWN && h.content_size > (uint64_t)(o->oend - o->op))
		return fail_at(o, ZSTD_E_OUTPUT_TOO_SMALL, at);
	return blocks(o, &h);
}

struct zstd_result zstd_decompress(void *dst, size_t dst_cap, const void *src, size_t src_size,
				   void *work, size_t work_size, const struct zstd_params *params)
{
	static const uint8_t none[1];
	uint8_t scratch[1];
	struct zstd_result r = { .error = ZSTD_OK };
	if (!work || work_size < zstd_workspace_size()) {
		r.error = ZSTD_E_WORKSPACE_TOO_SMALL;
		return r;
	}
	struct zstd_dctx *d = zstd_align_workspace(work);
	d->lit_buf = (uint8_t *)(d + 1);
	const uint8_t *in = src_size ? src : none;
	uint8_t *out = dst_cap ? dst : scratch;
	struct oneshot o = { .d = d,
			     .params = params,
			     .ip = in,
			     .iend = in + src_size,
			     .op = out,
			     .oend = out + dst_cap };
	while (o.ip < o.iend) {
		r.error = frame(&o);
		if (r.error != ZSTD_OK) {
			r.in_pos = (size_t)(d->err_at - in);
			break;
		}
	}
	if (r.error == ZSTD_OK)
		r.in_pos = src_size;
	r.out_len = (size_t)(o.op - out);
	return r;
}

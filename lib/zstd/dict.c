/*
 * dict.c — dictionaries (RFC 8878 §5). A formatted dictionary:
 *
 *   offset  size  field
 *   0       4     Magic_Number 0xEC30A437
 *   4       4     Dictionary_ID (not 0)
 *   8       n     Entropy_Tables: a Huffman tree description, then FSE table
 *                 descriptions for offsets, match lengths, literals lengths
 *   8+n     12    three repeat offsets, 4 bytes each (1..content size)
 *   20+n    rest  Content
 *
 * Anything else is raw content. Loading checks every table (so a frame
 * never meets a bad one) but builds none: each frame using the dictionary
 * builds them into its own state, which is cheap next to decoding it.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

static enum zstd_error corrupt(size_t *err_at, size_t at)
{
	if (err_at)
		*err_at = at;
	return ZSTD_E_DICT_CORRUPT;
}

void zstd_dict_load_raw(struct zstd_dict *d, const void *data, size_t size, uint32_t id)
{
	*d = (struct zstd_dict){
		.id = id, .rep = { 1, 4, 8 }, .content = data, .content_size = size
	};
}

/* Check the entropy tables at p; *used = their size. */
static enum zstd_error check_tables(const uint8_t *p, size_t size, size_t *used, const uint8_t **at)
{
	uint8_t w[HUF_SYMBOLS];
	unsigned count, log, symbols;
	int16_t norm[FSE_MAX_SYMBOL + 1];
	size_t pos, u;
	if (zstd_huf_read_weights(p, size, w, &count, &log, &pos, at) != ZSTD_OK)
		return ZSTD_E_DICT_CORRUPT;
	static const int order[3] = { SEQ_OF, SEQ_ML, SEQ_LL };
	for (int i = 0; i < 3; i++) {
		int k = order[i];
		if (zstd_fse_read_counts(p + pos, size - pos, zstd_seq_max_log[k],
					 zstd_seq_max_symbol[k], norm, &symbols, &log, &u,
					 at) != ZSTD_OK)
			return ZSTD_E_DICT_CORRUPT;
		pos += u;
	}
	*used = pos;
	return ZSTD_OK;
}

enum zstd_error zstd_dict_load(struct zstd_dict *d, const void *data, size_t size, size_t *err_at)
{
	const uint8_t *p = data, *at;
	if (size < 4 || zstd_le32(p) != ZSTD_DICT_MAGIC) {
		zstd_dict_load_raw(d, data, size, 0);
		return ZSTD_OK;
	}
	if (size < 8 || zstd_le32(p + 4) == 0)
		return corrupt(err_at, 4);
	size_t tables;
	if (check_tables(p + 8, size - 8, &tables, &at) != ZSTD_OK)
		return corrupt(err_at, (size_t)(at - p));
	size_t pos = 8 + tables;
	if (size - pos < 12)
		return corrupt(err_at, pos);
	struct zstd_dict n = { .id = zstd_le32(p + 4),
			       .formatted = true,
			       .tables = p + 8,
			       .tables_size = tables,
			       .content = p + pos + 12,
			       .content_size = size - pos - 12 };
	for (int i = 0; i < 3; i++) {
		n.rep[i] = zstd_le32(p + pos + 4 * (size_t)i);
		if (n.rep[i] == 0 || n.rep[i] > n.content_size)
			return corrupt(err_at, pos + 4 * (size_t)i);
	}
	*d = n;
	return ZSTD_OK;
}

enum zstd_error zstd_dict_apply(struct zstd_dctx *d, const struct zstd_dict *dict)
{
	memcpy(d->rep, dict->rep, sizeof d->rep);
	if (!dict->formatted)
		return ZSTD_OK;
	const uint8_t *p = dict->tables;
	size_t size = dict->tables_size, pos, u;
	if (zstd_huf_read_table(d, &d->huf, p, size, &pos) != ZSTD_OK)
		return ZSTD_E_DICT_CORRUPT;
	static const int order[3] = { SEQ_OF, SEQ_ML, SEQ_LL };
	for (int i = 0; i < 3; i++) {
		if (zstd_seq_read_table(d, order[i], 2 /* FSE */, p + pos, size - pos, &u) !=
		    ZSTD_OK)
			return ZSTD_E_DICT_CORRUPT;
		pos += u;
	}
	return ZSTD_OK;
}

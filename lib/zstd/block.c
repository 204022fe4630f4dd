/*
 * block.c — one compressed block (RFC 8878 §3.1.1.3): the literals
 * section, then the sequences section, whose execution interleaves the
 * literals with matches. Block_Content is at most 128 KiB (checked by the
 * caller) and decodes to at most d->block_max bytes (checked as it goes).
 */
#include "zstd/zstd_internal.h"

enum zstd_error zstd_block_decode(struct zstd_dctx *d, const uint8_t *src, size_t size,
				  const struct zstd_hist *h, uint8_t **op)
{
	size_t lit_used, seq_used;
	uint32_t nb_seq;
	enum zstd_error e = zstd_literals_decode(d, src, size, &lit_used);
	if (e != ZSTD_OK)
		return e;
	const uint8_t *seq = src + lit_used;
	size_t seq_size = size - lit_used;
	e = zstd_sequences_header(d, seq, seq_size, &nb_seq, &seq_used);
	if (e != ZSTD_OK)
		return e;
	if (nb_seq == 0)
		return zstd_copy_literals(d, h, op, seq);
	return zstd_execute(d, seq + seq_used, seq_size - seq_used, nb_seq, h, op);
}

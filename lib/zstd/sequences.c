/*
 * sequences.c — the sequences section header (RFC 8878 §3.1.1.3.2.1):
 *
 *   bytes  field
 *   1-3    Number_of_Sequences: byte0 < 128 -> byte0; < 255 -> ((byte0 - 128) << 8)
 *          + byte1; 255 -> byte1 + (byte2 << 8) + 0x7F00
 *   1      Symbol_Compression_Modes (absent when there are no sequences): bits 7-6
 *          literals lengths, 5-4 offsets, 3-2 match lengths, 1-0 reserved (0);
 *          each 0 predefined, 1 RLE, 2 FSE-compressed, 3 repeat
 *   ..     the tables the modes ask for, in the order LL, OF, ML
 *
 * With no sequences the section is just the count: anything after it is
 * corruption (reference zstd >= 1.5.6 agrees), and the tables kept for
 * Repeat_Mode stay as they were.
 */
#include "zstd/zstd_internal.h"

const uint8_t zstd_seq_max_log[3] = { LL_LOG_MAX, OF_LOG_MAX, ML_LOG_MAX };
const uint8_t zstd_seq_max_symbol[3] = { LL_MAX_SYMBOL, OF_MAX_SYMBOL, ML_MAX_SYMBOL };

enum { MODE_PREDEFINED, MODE_RLE, MODE_FSE, MODE_REPEAT };

enum zstd_error zstd_seq_read_table(struct zstd_dctx *d, int kind, unsigned mode,
				    const uint8_t *src, size_t size, size_t *used)
{
	struct seq_table *t = &d->seq[kind];
	*used = 0;
	switch (mode) {
	case MODE_PREDEFINED:
		zstd_fse_build_predefined(t, kind);
		return ZSTD_OK;
	case MODE_RLE:
		if (size < 1 || src[0] > zstd_seq_max_symbol[kind])
			return zstd_fail(d, ZSTD_E_CORRUPT_FSE_TABLE, src);
		zstd_fse_build_rle(t, kind, src[0]);
		*used = 1;
		return ZSTD_OK;
	case MODE_FSE: {
		int16_t norm[FSE_MAX_SYMBOL + 1];
		unsigned symbols, log;
		t->valid = false;
		if (zstd_fse_read_counts(src, size, zstd_seq_max_log[kind],
					 zstd_seq_max_symbol[kind], norm, &symbols, &log, used,
					 &d->err_at) != ZSTD_OK)
			return ZSTD_E_CORRUPT_FSE_TABLE;
		zstd_fse_build_seq(t, kind, norm, symbols, log);
		return ZSTD_OK;
	}
	default:
		if (!t->valid)
			return zstd_fail(d, ZSTD_E_NO_PREVIOUS_TABLE, src);
		return ZSTD_OK;
	}
}

enum zstd_error zstd_sequences_header(struct zstd_dctx *d, const uint8_t *src, size_t size,
				      uint32_t *nb_seq, size_t *used)
{
	if (size < 1)
		return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src);
	size_t p;
	if (src[0] < 128) {
		*nb_seq = src[0];
		p = 1;
	} else if (src[0] < 255) {
		if (size < 2)
			return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src);
		*nb_seq = ((uint32_t)(src[0] - 128) << 8) + src[1];
		p = 2;
	} else {
		if (size < 3)
			return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src);
		*nb_seq = src[1] + ((uint32_t)src[2] << 8) + 0x7F00;
		p = 3;
	}
	if (*nb_seq == 0) {
		if (p != size)
			return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src + p);
		*used = p;
		return ZSTD_OK;
	}
	if (size < p + 1)
		return zstd_fail(d, ZSTD_E_CORRUPT_SEQUENCES, src + p);
	unsigned modes = src[p++];
	if (modes & 3)
		return zstd_fail(d, ZSTD_E_RESERVED, src + p - 1);
	for (int kind = SEQ_LL; kind <= SEQ_ML; kind++) {
		/* LL in bits 7-6, OF in 5-4, ML in 3-2. */
		size_t u;
		enum zstd_error e = zstd_seq_read_table(d, kind, (modes >> (6 - 2 * kind)) & 3,
							src + p, size - p, &u);
		if (e != ZSTD_OK)
			return e;
		p += u;
	}
	*used = p;
	return ZSTD_OK;
}

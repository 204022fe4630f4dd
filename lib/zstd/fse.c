/*
 * fse.c — FSE tables (RFC 8878 §4.1): reading a table description (the
 * normalized probabilities, §4.1.1), spreading the symbols over the states
 * and giving each state its next-state baseline and bit count (§4.1.1
 * "From normalized distribution to decoding tables"), and the three kinds
 * of sequence table a block may ask for: described, RLE and predefined
 * (§3.1.1.3.2.2). Sequence tables carry each code's length baseline and
 * extra bits (§3.1.1.3.2.1) so the hot loop needs no second lookup.
 */
#include "base/string.h"
#include "zstd/bits.h"
#include "zstd/zstd_internal.h"

/* Literals length codes 0-35: baseline and extra bits (§3.1.1.3.2.1.1). */
static const uint32_t ll_base[LL_MAX_SYMBOL + 1] = {
	0,  1,  2,  3,  4,  5,  6,  7,  8,   9,   10,  11,   12,   13,   14,   15,    16,    18,
	20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536
};
static const uint8_t ll_bits[LL_MAX_SYMBOL + 1] = { 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0,
						    0, 0, 0, 0, 1, 1,  1,  1,  2,  2,  3,  3,
						    4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

/* Match length codes 0-52 (§3.1.1.3.2.1.2). */
static const uint32_t ml_base[ML_MAX_SYMBOL + 1] = {
	3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,   14,   15,   16,   17,    18,    19,   20,
	21, 22, 23, 24, 25, 26, 27, 28,  29,  30,  31,   32,   33,   34,   35,    37,    39,   41,
	43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539
};
static const uint8_t ml_bits[ML_MAX_SYMBOL + 1] = { 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0, 0, 0, 0,
						    0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0, 0, 0, 0,
						    0, 0, 0, 0, 1,  1,  1,  1,  2,  2,  3, 3, 4, 4,
						    5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

/* Predefined distributions (§3.1.1.3.2.2): LL and ML at log 6, OF at log 5. */
static const int16_t ll_default[LL_MAX_SYMBOL + 1] = { 4, 3, 2, 2, 2, 2, 2, 2, 2,  2,  2,  2,
						       2, 1, 1, 1, 2, 2, 2, 2, 2,  2,  2,  2,
						       2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1 };
static const int16_t ml_default[ML_MAX_SYMBOL + 1] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1,  1,  1,  1,  1,  1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1
};
static const int16_t of_default[29] = { 1, 1, 1, 1, 1, 1, 2, 2, 2, 1,  1,  1,  1,  1, 1,
					1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1 };

/* Up to 32 bits of the description starting at bit `bp`; bytes past the end read as 0. */
static uint32_t peek_forward(const uint8_t *src, size_t size, size_t bp)
{
	size_t i = bp >> 3;
	uint32_t v = 0;
	for (unsigned k = 0; k < 4; k++)
		if (i + k < size)
			v |= (uint32_t)src[i + k] << (8 * k);
	return v >> (bp & 7);
}

/* The byte holding bit bp, or the end: where a description went wrong. */
static const uint8_t *at(const uint8_t *src, size_t size, size_t bp)
{
	return src + ((bp >> 3) < size ? (bp >> 3) : size);
}

/* Record where a description went wrong. */
static enum zstd_error bad(const uint8_t **err_at, const uint8_t *at)
{
	*err_at = at;
	return ZSTD_E_CORRUPT_FSE_TABLE;
}

enum zstd_error zstd_fse_read_counts(const uint8_t *src, size_t size, unsigned max_log,
				     unsigned max_symbol, int16_t *norm, unsigned *symbols,
				     unsigned *log, size_t *used, const uint8_t **err_at)
{
	if (size == 0)
		return bad(err_at, src);
	unsigned al = (src[0] & 15u) + 5;
	if (al > max_log)
		return bad(err_at, src);
	memset(norm, 0, (max_symbol + 1) * sizeof *norm);
	size_t bp = 4, bits = size * 8;
	uint32_t remaining = 1u << al;
	unsigned s = 0;
	while (remaining > 0) {
		/* A value 0..remaining+1 in T-1 or T bits; small values take the short form. */
		if (s > max_symbol || bp > bits)
			return bad(err_at, at(src, size, bp));
		uint32_t max = remaining + 1, t = zstd_highbit(max) + 1;
		uint32_t low = (1u << t) - 1 - max, half = (1u << (t - 1)) - 1;
		uint32_t v = peek_forward(src, size, bp), val;
		if ((v & half) < low) {
			val = v & half;
			bp += t - 1;
		} else {
			val = v & ((1u << t) - 1);
			if (val > half)
				val -= low;
			bp += t;
		}
		int proba = (int)val - 1;
		norm[s++] = (int16_t)proba;
		remaining -= proba < 0 ? 1u : (uint32_t)proba;
		/* After a zero, 2-bit flags give how many more zeros follow; 3 means more flags. */
		for (uint32_t flag = 3; proba == 0 && flag == 3;) {
			flag = peek_forward(src, size, bp) & 3;
			bp += 2;
			s += flag;
			if (s > max_symbol + 1 || bp > bits)
				return bad(err_at, at(src, size, bp));
		}
	}
	if (bp > bits)
		return bad(err_at, src + size);
	*symbols = s;
	*log = al;
	*used = (bp + 7) / 8;
	return ZSTD_OK;
}

/*
 * Spread the symbols over the 1 << log states: "less than 1" symbols take
 * the last states, one each; the others are dealt out with the fixed step,
 * skipping those. count[s] is set to the symbol's number of states.
 */
static void spread(const int16_t *norm, unsigned symbols, unsigned log, uint8_t *sym,
		   uint16_t *count)
{
	uint32_t size = 1u << log, high = size - 1, mask = size - 1;
	uint32_t step = (size >> 1) + (size >> 3) + 3, pos = 0;
	for (unsigned s = 0; s < symbols; s++) {
		count[s] = norm[s] < 0 ? 1 : (uint16_t)norm[s];
		if (norm[s] < 0)
			sym[high--] = (uint8_t)s;
	}
	for (unsigned s = 0; s < symbols; s++) {
		for (int i = 0; i < norm[s]; i++) {
			sym[pos] = (uint8_t)s;
			do
				pos = (pos + step) & mask;
			while (pos > high);
		}
	}
}

/*
 * The next-state rule of a state of symbol s: a symbol's states, in state
 * order, count x = its number of states, then one more each; state x reads
 * log - highbit(x) bits over the baseline (x << nbits) - size.
 */
static inline void next_state(uint16_t *count, unsigned s, unsigned log, uint8_t *nbits,
			      uint16_t *next)
{
	uint32_t x = count[s]++;
	*nbits = (uint8_t)(log - zstd_highbit(x));
	*next = (uint16_t)((x << *nbits) - (1u << log));
}

void zstd_fse_build(struct fse_entry *t, const int16_t *norm, unsigned symbols, unsigned log)
{
	uint8_t sym[1 << HUF_WEIGHTS_LOG];
	uint16_t count[FSE_MAX_SYMBOL + 1];
	spread(norm, symbols, log, sym, count);
	for (uint32_t u = 0; u < 1u << log; u++) {
		t[u].symbol = sym[u];
		next_state(count, sym[u], log, &t[u].nbits, &t[u].next);
	}
}

/* The value a sequence code stands for: baseline and extra bits. */
static void code_value(int kind, unsigned code, uint32_t *base, uint8_t *extra)
{
	if (kind == SEQ_LL) {
		*base = ll_base[code];
		*extra = ll_bits[code];
	} else if (kind == SEQ_ML) {
		*base = ml_base[code];
		*extra = ml_bits[code];
	} else {
		*base = 1u << code; /* Offset_Value = (1 << code) + code extra bits */
		*extra = (uint8_t)code;
	}
}

void zstd_fse_build_seq(struct seq_table *t, int kind, const int16_t *norm, unsigned symbols,
			unsigned log)
{
	uint8_t sym[1 << LL_LOG_MAX], extra[FSE_MAX_SYMBOL + 1];
	uint16_t count[FSE_MAX_SYMBOL + 1];
	uint32_t base[FSE_MAX_SYMBOL + 1];
	for (unsigned s = 0; s < symbols; s++)
		code_value(kind, s, &base[s], &extra[s]);
	spread(norm, symbols, log, sym, count);
	for (uint32_t u = 0; u < 1u << log; u++) {
		struct seq_entry *e = &t->e[u];
		e->base = base[sym[u]];
		e->extra = extra[sym[u]];
		next_state(count, sym[u], log, &e->nbits, &e->next);
	}
	t->log = (uint8_t)log;
	t->valid = true;
	t->predefined = false;
}

void zstd_fse_build_rle(struct seq_table *t, int kind, unsigned symbol)
{
	code_value(kind, symbol, &t->e[0].base, &t->e[0].extra);
	t->e[0].nbits = 0;
	t->e[0].next = 0;
	t->log = 0;
	t->valid = true;
	t->predefined = false;
}

void zstd_fse_build_predefined(struct seq_table *t, int kind)
{
	if (t->predefined && t->valid)
		return;
	if (kind == SEQ_LL)
		zstd_fse_build_seq(t, kind, ll_default, LL_MAX_SYMBOL + 1, 6);
	else if (kind == SEQ_ML)
		zstd_fse_build_seq(t, kind, ml_default, ML_MAX_SYMBOL + 1, 6);
	else
		zstd_fse_build_seq(t, kind, of_default, 29, 5);
	t->predefined = true;
}

/*
 * test_zstd_entropy — the pieces under lib/zstd's decoder: XXH64 against
 * the xxHash sanity values, FSE table descriptions and decoding tables
 * (the predefined ones against RFC 8878 Appendix A), Huffman weights,
 * tables and streams (RFC 8878's own example), and the refusals of each.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "zstd/zstd_internal.h"
#include "zstd_test.h"

/* Appendix A: each state's symbol, Number_of_Bits and Baseline. */
struct appendix_a {
	uint8_t symbol, nbits;
	uint16_t base;
};
static const struct appendix_a appendix_ll[64] = {
	{ 0, 4, 0 },   { 0, 4, 16 },  { 1, 5, 32 },  { 3, 5, 0 },   { 4, 5, 0 },   { 6, 5, 0 },
	{ 7, 5, 0 },   { 9, 5, 0 },   { 10, 5, 0 },  { 12, 5, 0 },  { 14, 6, 0 },  { 16, 5, 0 },
	{ 18, 5, 0 },  { 19, 5, 0 },  { 21, 5, 0 },  { 22, 5, 0 },  { 24, 5, 0 },  { 25, 5, 32 },
	{ 26, 5, 0 },  { 27, 6, 0 },  { 29, 6, 0 },  { 31, 6, 0 },  { 0, 4, 32 },  { 1, 4, 0 },
	{ 2, 5, 0 },   { 4, 5, 32 },  { 5, 5, 0 },   { 7, 5, 32 },  { 8, 5, 0 },   { 10, 5, 32 },
	{ 11, 5, 0 },  { 13, 6, 0 },  { 16, 5, 32 }, { 17, 5, 0 },  { 19, 5, 32 }, { 20, 5, 0 },
	{ 22, 5, 32 }, { 23, 5, 0 },  { 25, 4, 0 },  { 25, 4, 16 }, { 26, 5, 32 }, { 28, 6, 0 },
	{ 30, 6, 0 },  { 0, 4, 48 },  { 1, 4, 16 },  { 2, 5, 32 },  { 3, 5, 32 },  { 5, 5, 32 },
	{ 6, 5, 32 },  { 8, 5, 32 },  { 9, 5, 32 },  { 11, 5, 32 }, { 12, 5, 32 }, { 15, 6, 0 },
	{ 17, 5, 32 }, { 18, 5, 32 }, { 20, 5, 32 }, { 21, 5, 32 }, { 23, 5, 32 }, { 24, 5, 32 },
	{ 35, 6, 0 },  { 34, 6, 0 },  { 33, 6, 0 },  { 32, 6, 0 },
};
static const struct appendix_a appendix_ml[64] = {
	{ 0, 6, 0 },  { 1, 4, 0 },  { 2, 5, 32 }, { 3, 5, 0 },  { 5, 5, 0 },  { 6, 5, 0 },
	{ 8, 5, 0 },  { 10, 6, 0 }, { 13, 6, 0 }, { 16, 6, 0 }, { 19, 6, 0 }, { 22, 6, 0 },
	{ 25, 6, 0 }, { 28, 6, 0 }, { 31, 6, 0 }, { 33, 6, 0 }, { 35, 6, 0 }, { 37, 6, 0 },
	{ 39, 6, 0 }, { 41, 6, 0 }, { 43, 6, 0 }, { 45, 6, 0 }, { 1, 4, 16 }, { 2, 4, 0 },
	{ 3, 5, 32 }, { 4, 5, 0 },  { 6, 5, 32 }, { 7, 5, 0 },  { 9, 6, 0 },  { 12, 6, 0 },
	{ 15, 6, 0 }, { 18, 6, 0 }, { 21, 6, 0 }, { 24, 6, 0 }, { 27, 6, 0 }, { 30, 6, 0 },
	{ 32, 6, 0 }, { 34, 6, 0 }, { 36, 6, 0 }, { 38, 6, 0 }, { 40, 6, 0 }, { 42, 6, 0 },
	{ 44, 6, 0 }, { 1, 4, 32 }, { 1, 4, 48 }, { 2, 4, 16 }, { 4, 5, 32 }, { 5, 5, 32 },
	{ 7, 5, 32 }, { 8, 5, 32 }, { 11, 6, 0 }, { 14, 6, 0 }, { 17, 6, 0 }, { 20, 6, 0 },
	{ 23, 6, 0 }, { 26, 6, 0 }, { 29, 6, 0 }, { 52, 6, 0 }, { 51, 6, 0 }, { 50, 6, 0 },
	{ 49, 6, 0 }, { 48, 6, 0 }, { 47, 6, 0 }, { 46, 6, 0 },
};
static const struct appendix_a appendix_of[32] = {
	{ 0, 5, 0 },  { 6, 4, 0 },  { 9, 5, 0 },  { 15, 5, 0 }, { 21, 5, 0 }, { 3, 5, 0 },
	{ 7, 4, 0 },  { 12, 5, 0 }, { 18, 5, 0 }, { 23, 5, 0 }, { 5, 5, 0 },  { 8, 4, 0 },
	{ 14, 5, 0 }, { 20, 5, 0 }, { 2, 5, 0 },  { 7, 4, 16 }, { 11, 5, 0 }, { 17, 5, 0 },
	{ 22, 5, 0 }, { 4, 5, 0 },  { 8, 4, 16 }, { 13, 5, 0 }, { 19, 5, 0 }, { 1, 5, 0 },
	{ 6, 4, 16 }, { 10, 5, 0 }, { 16, 5, 0 }, { 28, 5, 0 }, { 27, 5, 0 }, { 26, 5, 0 },
	{ 25, 5, 0 }, { 24, 5, 0 },
};

/* RFC 8878 §3.1.1.3.2.1: the baselines of the literals and match length codes. */
static const uint32_t ll_baseline[36] = { 0,   1,   2,    3,    4,    5,    6,     7,     8,
					  9,   10,  11,   12,   13,   14,   15,    16,    18,
					  20,  22,  24,   28,   32,   40,   48,    64,    128,
					  256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536 };
static const uint32_t ml_baseline[53] = {
	3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,   14,   15,   16,   17,    18,    19,   20,
	21, 22, 23, 24, 25, 26, 27, 28,  29,  30,  31,   32,   33,   34,   35,    37,    39,   41,
	43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539
};

/* The sanity buffer of xxHash's self-test: bytes of a 64-bit multiplicative sequence. */
static void sanity_buffer(uint8_t *buf, size_t n)
{
	uint64_t g = 2654435761u;
	for (size_t i = 0; i < n; i++) {
		buf[i] = (uint8_t)(g >> 56);
		g *= 11400714785074694797ull;
	}
}

static void xxh64_vectors(void)
{
	static uint8_t buf[2367];
	sanity_buffer(buf, sizeof buf);
	static const struct {
		size_t len;
		uint64_t seed, want;
	} v[] = {
		{ 0, 0, 0xEF46DB3751D8E999ull },
		{ 0, 2654435761u, 0xAC75FDA2929B17EFull },
		{ 1, 0, 0xE934A84ADB052768ull },
		{ 1, 2654435761u, 0x5014607643A9B4C3ull },
		{ 4, 0, 0x9136A0DCA57457EEull },
		{ 14, 0, 0x8282DCC4994E35C8ull },
		{ 14, 2654435761u, 0xC3BD6BF63DEB6DF0ull },
		{ 222, 0, 0xB641AE8CB691C174ull },
		{ 222, 2654435761u, 0x20CB8AB7AE10C14Aull },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		EXPECT(xxh64(buf, v[i].len, v[i].seed) == v[i].want);
	EXPECT(xxh64("abc", 3, 0) == 0x44BC2CF5AD770999ull);
	EXPECT(xxh64("Nobody inspects the spammish repetition", 39, 0) == 0xFBCEA83C8A378BF1ull);
}

/* The incremental form gives the one-call result for every split of the input. */
static void xxh64_incremental(void)
{
	static uint8_t buf[300];
	sanity_buffer(buf, sizeof buf);
	uint64_t want = xxh64(buf, sizeof buf, 7);
	for (size_t piece = 1; piece <= 70; piece++) {
		struct xxh64 h;
		xxh64_init(&h, 7);
		for (size_t at = 0; at < sizeof buf; at += piece)
			xxh64_update(&h, buf + at,
				     piece < sizeof buf - at ? piece : sizeof buf - at);
		EXPECT(xxh64_digest(&h) == want);
		EXPECT(xxh64_digest(&h) == want); /* digest leaves the state alone */
	}
}

/* A predefined table, state by state, against Appendix A. */
static void check_predefined(int kind, const struct appendix_a *a, size_t states)
{
	static struct seq_table t;
	memset(&t, 0, sizeof t);
	zstd_fse_build_predefined(&t, kind);
	EXPECT(t.valid && (1u << t.log) == states);
	for (size_t s = 0; s < states; s++) {
		const struct seq_entry *e = &t.e[s];
		uint32_t base = kind == SEQ_LL   ? ll_baseline[a[s].symbol]
				: kind == SEQ_ML ? ml_baseline[a[s].symbol]
						 : 1u << a[s].symbol;
		EXPECT(e->nbits == a[s].nbits && e->next == a[s].base && e->base == base);
	}
}

static void fse_predefined_tables(void)
{
	check_predefined(SEQ_LL, appendix_ll, 64);
	check_predefined(SEQ_ML, appendix_ml, 64);
	check_predefined(SEQ_OF, appendix_of, 32);
}

static enum zstd_error counts(const uint8_t *src, size_t n, unsigned max_log, unsigned max_sym,
			      int16_t *norm, unsigned *symbols, unsigned *log, size_t *used)
{
	const uint8_t *at;
	return zstd_fse_read_counts(src, n, max_log, max_sym, norm, symbols, log, used, &at);
}

/* One symbol with all 32 states: 4 bits of log, then 33 in the long 6-bit form (63). */
static void fse_counts_single_symbol(void)
{
	static const uint8_t d[2] = { 0xF0, 0x03 };
	int16_t norm[53];
	unsigned symbols, log;
	size_t used;
	EXPECT(counts(d, 2, 9, 35, norm, &symbols, &log, &used) == ZSTD_OK);
	EXPECT(symbols == 1 && log == 5 && used == 2 && norm[0] == 32);
	/* A single-symbol table: every state reads no bits. */
	static struct seq_table t;
	zstd_fse_build_seq(&t, SEQ_LL, norm, symbols, log);
	for (int s = 0; s < 32; s++)
		EXPECT(t.e[s].nbits == 0 && t.e[s].next == s && t.e[s].base == 0);
	EXPECT(counts(d, 1, 9, 35, norm, &symbols, &log, &used) == ZSTD_E_CORRUPT_FSE_TABLE);
}

/* A "less than 1" symbol takes the last state and a full reset. */
static void fse_counts_less_than_one(void)
{
	struct bw w = { .bits = 0 };
	bw_put(&w, 0, 4);  /* log 5 */
	bw_put(&w, 0, 5);  /* symbol 0: value 0 (probability -1), short form */
	bw_put(&w, 63, 6); /* symbol 1: 31 left + 1 = 32 is the long form: 32 + 31 low values */
	size_t n = bw_finish(&w);
	int16_t norm[53];
	unsigned symbols, log;
	size_t used;
	EXPECT(counts(w.b, n, 9, 35, norm, &symbols, &log, &used) == ZSTD_OK);
	EXPECT(symbols == 2 && norm[0] == -1 && norm[1] == 31);
	static struct seq_table t;
	zstd_fse_build_seq(&t, SEQ_LL, norm, symbols, log);
	EXPECT(t.e[31].base == 0 && t.e[31].nbits == 5 && t.e[31].next == 0);
	/* Symbol 1's lowest state counts 31: one more bit, baseline (31 << 1) - 32. */
	EXPECT(t.e[0].base == 1 && t.e[0].nbits == 1 && t.e[0].next == 30);
	EXPECT(t.e[30].base == 1 && t.e[30].nbits == 0 && t.e[30].next == 29);
}

static void fse_counts_refused(void)
{
	int16_t norm[53];
	unsigned symbols, log;
	size_t used;
	/* Accuracy log 10 where 9 is the most. */
	static const uint8_t big[4] = { 0x05, 0xFF, 0xFF, 0xFF };
	EXPECT(counts(big, 4, 9, 35, norm, &symbols, &log, &used) == ZSTD_E_CORRUPT_FSE_TABLE);
	/* Zero-probability repeats that run past the last offset code. */
	struct bw w = { .bits = 0 };
	bw_put(&w, 0, 4);
	bw_put(&w, 1, 5); /* symbol 0: probability 0 */
	for (int i = 0; i < 11; i++)
		bw_put(&w, 3, 2); /* 3 more zeros each */
	size_t n = bw_finish(&w);
	EXPECT(counts(w.b, n, 8, 31, norm, &symbols, &log, &used) == ZSTD_E_CORRUPT_FSE_TABLE);
	/* Probabilities that never reach the total before the bytes run out. */
	static const uint8_t shortfall[2] = { 0x20, 0x00 };
	EXPECT(counts(shortfall, 2, 9, 35, norm, &symbols, &log, &used) ==
	       ZSTD_E_CORRUPT_FSE_TABLE);
	EXPECT(counts(big, 0, 9, 35, norm, &symbols, &log, &used) == ZSTD_E_CORRUPT_FSE_TABLE);
}

static enum zstd_error weights(const uint8_t *src, size_t n, uint8_t *w, unsigned *count,
			       unsigned *log)
{
	const uint8_t *at;
	size_t used;
	return zstd_huf_read_weights(src, n, w, count, log, &used, &at);
}

/*
 * RFC 8878 §4.2.1: weights 4 3 2 0 1 (the last symbol's, 1, implied) give
 * codes 1, 01, 001, -, 0000, 0001. The RFC's example stream for "0145",
 * 00010000 00001101, writes 4 as 0001 and 5 as 0000, against its own code
 * table; under the table (which the reference decoder follows too) the
 * stream says "0154".
 */
static void huffman_rfc_example(void)
{
	static const uint8_t desc[4] = { 127 + 5, 0x43, 0x20, 0x10 };
	uint8_t w[256];
	unsigned count, log;
	EXPECT(weights(desc, 4, w, &count, &log) == ZSTD_OK);
	EXPECT(count == 6 && log == 4 && w[5] == 1);
	if (case_failed)
		return;
	static struct huf_table t;
	zstd_huf_build(&t, w, count, log);
	EXPECT(t.e[0] == (4 | 4 << 8) && t.e[1] == (5 | 4 << 8));
	EXPECT(t.e[2] == (2 | 3 << 8) && t.e[3] == (2 | 3 << 8));
	for (int i = 4; i < 8; i++)
		EXPECT(t.e[i] == (1 | 2 << 8));
	for (int i = 8; i < 16; i++)
		EXPECT(t.e[i] == (0 | 1 << 8));
	static const uint8_t stream[2] = { 0x10, 0x0D };
	static struct zstd_dctx d;
	uint8_t out[4];
	EXPECT(zstd_huf_decode(&d, &t, false, stream, 2, out, 4) == ZSTD_OK);
	EXPECT(memcmp(out, "\x00\x01\x05\x04", 4) == 0);
	/* One symbol too many or too few: the stream is not used up exactly. */
	uint8_t more[5];
	EXPECT(zstd_huf_decode(&d, &t, false, stream, 2, more, 5) == ZSTD_E_CORRUPT_HUFFMAN_STREAM);
	EXPECT(zstd_huf_decode(&d, &t, false, stream, 2, out, 3) == ZSTD_E_CORRUPT_HUFFMAN_STREAM);
	static const uint8_t no_mark[2] = { 0x10, 0x00 };
	EXPECT(zstd_huf_decode(&d, &t, false, no_mark, 2, out, 4) == ZSTD_E_CORRUPT_HUFFMAN_STREAM);
}

static void huffman_weights_refused(void)
{
	uint8_t w[256];
	unsigned count, log;
	/* 4 + 1 = 5: no single weight completes it to a power of two. */
	static const uint8_t not_pow2[2] = { 127 + 2, 0x31 };
	EXPECT(weights(not_pow2, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	/* 2048 + 2048: 13 bits deep. */
	static const uint8_t deep[2] = { 127 + 2, 0xCC };
	EXPECT(weights(deep, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	/* A weight of 13. */
	static const uint8_t heavy[2] = { 127 + 1, 0xD0 };
	EXPECT(weights(heavy, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	/* Nothing but zeros. */
	static const uint8_t zeros[2] = { 127 + 2, 0x00 };
	EXPECT(weights(zeros, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	/* Weights 2 and an implied 2: two 1-bit codes but no weight 1. */
	static const uint8_t no_ones[2] = { 127 + 1, 0x20 };
	EXPECT(weights(no_ones, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	/* Direct weights cut short, FSE-coded ones of size 0 or past the end. */
	EXPECT(weights(not_pow2, 1, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	static const uint8_t fse0[1] = { 0 }, fse9[4] = { 9, 0, 0, 0 };
	EXPECT(weights(fse0, 1, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	EXPECT(weights(fse9, 4, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
	EXPECT(weights(fse9, 0, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
}

/*
 * 12 bits deep is accepted (the reference decoder does; trained
 * dictionaries use it): weights 12, 11, ..., 1 and an implied 1.
 */
static void huffman_depth_12(void)
{
	static const uint8_t desc[7] = { 127 + 12, 0xCB, 0xA9, 0x87, 0x65, 0x43, 0x21 };
	uint8_t w[256];
	unsigned count, log;
	EXPECT(weights(desc, 7, w, &count, &log) == ZSTD_OK);
	if (case_failed)
		return;
	EXPECT(count == 13 && log == 12 && w[12] == 1);
	static struct huf_table t;
	zstd_huf_build(&t, w, count, log);
	EXPECT(t.e[0] == (11 | 12 << 8) && t.e[1] == (12 | 12 << 8) && t.e[2] == (10 | 11 << 8));
	EXPECT(t.e[2047] == (1 | 2 << 8) && t.e[2048] == (0 | 1 << 8) && t.e[4095] == (0 | 1 << 8));
	/* Two 1-bit codes at depth 12 would have no weight-1 symbols: refused. */
	static const uint8_t bare[2] = { 127 + 1, 0xC0 };
	EXPECT(weights(bare, 2, w, &count, &log) == ZSTD_E_CORRUPT_HUFFMAN_TABLE);
}

/* FSE-coded weights: symbols 1 and 2 of probability 16 each, two states in turn. */
static void huffman_fse_weights(void)
{
	struct bw w = { .bits = 0 };
	bw_put(&w, 0, 4);  /* log 5 */
	bw_put(&w, 1, 5);  /* weight 0: probability 0 */
	bw_put(&w, 0, 2);  /*   no more zeros */
	bw_put(&w, 17, 5); /* weight 1: probability 16 (value 17 of 0..33, short form) */
	bw_put(&w, 31, 5); /* weight 2: the 16 left (value 17 of 0..17: 31 - 14 in the long form) */
	size_t desc = (w.bits + 7) / 8;
	w.bits = desc * 8;
	/*
	 * The bitstream: states 5 bits each, state 1 then 2; each symbol of a
	 * probability-16 table reads 1 bit. Written last-read first.
	 */
	struct bw s = { .bits = 0 };
	bw_put(&s, 0, 1); /* state 2's update (past the end: final) */
	bw_put(&s, 0, 1); /* state 1's update */
	bw_put(&s, 0, 5); /* state 2 */
	bw_put(&s, 0, 5); /* state 1 */
	size_t n = bw_finish(&s);
	uint8_t src[64] = { (uint8_t)(desc + n) };
	memcpy(src + 1, w.b, desc);
	memcpy(src + 1 + desc, s.b, n);
	uint8_t wt[256];
	unsigned count, log;
	EXPECT(weights(src, 1 + desc + n, wt, &count, &log) == ZSTD_OK);
	/* State 0 is weight 1 and comes back to itself: four 1s, then an implied 3. */
	EXPECT(count == 5 && log == 3);
	EXPECT(memcmp(wt, "\x01\x01\x01\x01\x03", 5) == 0);
}

int main(void)
{
	RUN("zstd", xxh64_vectors);
	RUN("zstd", xxh64_incremental);
	RUN("zstd", fse_predefined_tables);
	RUN("zstd", fse_counts_single_symbol);
	RUN("zstd", fse_counts_less_than_one);
	RUN("zstd", fse_counts_refused);
	RUN("zstd", huffman_rfc_example);
	RUN("zstd", huffman_weights_refused);
	RUN("zstd", huffman_depth_12);
	RUN("zstd", huffman_fse_weights);
	return cases_failed != 0;
}

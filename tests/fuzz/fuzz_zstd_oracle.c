/*
 * fuzz_zstd_oracle — lib/zstd against libzstd, the reference, on the same
 * bytes (one-shot, same output room, no dictionary). When both accept, the
 * contents must be equal; we must never accept what the reference refuses.
 * Where only the reference accepts, the input must fall in a class that
 * RFC 8878 calls corrupt and Debian's libzstd 1.5.4 lets through (fixed
 * in 1.5.6; the MUST_FAIL files of tests/zstd/vectors are such inputs):
 * a Huffman stream or the sequences bitstream not consumed exactly, the
 * reserved bits of the sequence modes, a block over its maximum size, a
 * zero offset, literals regenerating more than a block may hold; and
 * FSE-coded Huffman weights whose bitstream is too short
 * to hold the two initial states, which it decodes from bits that are not
 * there (we refuse them as truncated); and frames of the pre-RFC formats
 * v0.1-v0.7, which libzstd still decodes and RFC 8878 does not define. The other way round, 1.5.4
 * refuses one valid form that we accept: a block with zero sequences whose count is written in the
 * 2- or 3-byte form (golden-decompression/zeroSeq_2B.zst, which EXPECTED.txt says must decode).
 * Anything else aborts. At exit it prints how the inputs fell.
 *
 * Built with our driver for `make test` (corpus replay) and with libFuzzer
 * for long runs (`make fuzz-zstd`, docs/zstd.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "zstd/zstd.h"
#include "zstd/zstd_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP (4u << 20)

static unsigned long long both_ok, both_refused, only_reference[ZSTD_E_COUNT], only_here;

static void summary(void)
{
	unsigned long long lenient = 0;
	for (int e = 0; e < ZSTD_E_COUNT; e++)
		lenient += only_reference[e];
	fprintf(stdout,
		"oracle: %llu accepted by both with equal content, %llu refused by both, %llu "
		"refused only here:",
		both_ok, both_refused, lenient);
	for (int e = 0; e < ZSTD_E_COUNT; e++)
		if (only_reference[e])
			fprintf(stdout, " %s %llu", zstd_error_name((enum zstd_error)e),
				only_reference[e]);
	fprintf(stdout, "; %llu accepted only here (zero sequences in the long form)\n", only_here);
}

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* What libzstd 1.5.4 accepts although RFC 8878 calls it corrupt (see the top of the file). */
static int known_leniency(enum zstd_error e)
{
	return e == ZSTD_E_CORRUPT_HUFFMAN_STREAM || e == ZSTD_E_CORRUPT_SEQUENCES ||
	       e == ZSTD_E_RESERVED || e == ZSTD_E_BLOCK_TOO_LARGE || e == ZSTD_E_BAD_OFFSET;
}

/* The literals section of compressed block b[0..n): header size, content size, type. */
static int literals(const uint8_t *b, size_t n, size_t *header, size_t *content, unsigned *type,
		    size_t *regenerated)
{
	if (n < 5)
		return 0;
	unsigned format = (b[0] >> 2) & 3;
	*type = b[0] & 3;
	if (*type < 2) { /* raw or RLE: 1, 2 or 3 header bytes */
		*header = format == 1 ? 2 : format == 3 ? 3 : 1;
		uint32_t v = le(b, (unsigned)*header);
		*regenerated = *header == 1 ? v >> 3 : v >> 4;
		*content = *type == 0 ? *regenerated : 1;
	} else { /* compressed or treeless: sizes of 10, 14 or 18 bits */
		*header = format < 2 ? 3 : format == 2 ? 4 : 5;
		unsigned bits = format < 2 ? 10 : format == 2 ? 14 : 18;
		uint64_t v = le(b, *header > 4 ? 4 : (unsigned)*header) |
			     (*header > 4 ? (uint64_t)b[4] << 32 : 0);
		*content = (size_t)(v >> (4 + bits)) & ((1u << bits) - 1);
		*regenerated = (size_t)(v >> 4) & ((1u << bits) - 1);
	}
	return *header + *content <= n;
}

/* A count of zero sequences written in 2 or 3 bytes (zeroSeq_2B.zst). */
static int zero_sequences_long_form(const uint8_t *b, size_t n, size_t block_max)
{
	size_t header, content, regenerated;
	unsigned type;
	(void)block_max;
	if (!literals(b, n, &header, &content, &type, &regenerated))
		return 0;
	size_t s = header + content;
	if (s + 2 > n || b[s] < 128)
		return 0;
	uint32_t count = b[s] < 255 ? ((uint32_t)(b[s] - 128) << 8) + b[s + 1]
				    : (s + 3 > n ? 1 : le(b + s + 1, 2) + 0x7F00);
	return count == 0;
}

/* FSE-coded Huffman weights whose bitstream is too short for its two initial states. */
static int weights_stream_too_short(const uint8_t *b, size_t n, size_t block_max)
{
	size_t header, content, used, regenerated;
	unsigned type, symbols, log;
	int16_t norm[HUF_LOG_MAX + 1];
	const uint8_t *at;
	(void)block_max;
	if (!literals(b, n, &header, &content, &type, &regenerated) || type != 2 || content < 1)
		return 0;
	const uint8_t *desc = b + header + 1;
	size_t hb = b[header];
	if (hb >= 128 || hb == 0 || hb > content - 1 ||
	    zstd_fse_read_counts(desc, hb, HUF_WEIGHTS_LOG, HUF_LOG_MAX, norm, &symbols, &log,
				 &used, &at) != ZSTD_OK ||
	    used >= hb || desc[hb - 1] == 0)
		return 0;
	unsigned top = 7;
	while (!(desc[hb - 1] >> top & 1))
		top--;
	return 8 * (hb - used - 1) + top < 2 * log;
}

/* Literals that regenerate more than a block may hold: the oversized-block class. */
static int literals_over_block_max(const uint8_t *b, size_t n, size_t block_max)
{
	size_t header, content, regenerated;
	unsigned type;
	return n >= 5 && literals(b, n, &header, &content, &type, &regenerated) &&
	       regenerated > block_max;
}

/* The magic of a pre-RFC zstd format (v0.1 to v0.7), which libzstd still decodes. */
static int legacy_magic(const uint8_t *p, size_t n)
{
	uint32_t m = n >= 4 ? le(p, 4) : 0;
	return m == 0x1EB52FFDu || (m >= 0xFD2FB522u && m <= 0xFD2FB527u);
}

/* Whether a compressed block of the frames in d[0..size) satisfies `is` (given its frame's block
 * maximum). */
static int any_block(const uint8_t *d, size_t size, int (*is)(const uint8_t *, size_t, size_t))
{
	size_t pos = 0;
	while (pos < size) {
		struct zstd_frame_header h;
		if (zstd_frame_header(&h, d + pos, size - pos) != ZSTD_OK)
			return 0;
		if (h.skippable) {
			pos += 8 + (size_t)h.skip_size;
			continue;
		}
		pos += h.header_size;
		size_t block_max =
			h.window_size < ZSTD_BLOCK_MAX ? (size_t)h.window_size : ZSTD_BLOCK_MAX;
		for (int last = 0; !last;) {
			if (size - pos < 3)
				return 0;
			uint32_t bh = le(d + pos, 3);
			size_t len = bh >> 3, type = (bh >> 1) & 3, stored = type == 1 ? 1 : len;
			last = bh & 1;
			pos += 3;
			if (stored > size - pos)
				return 0;
			if (type == 2 && is(d + pos, len, block_max))
				return 1;
			pos += stored;
		}
		pos += h.checksum ? 4 : 0;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ours, *theirs, *work;
	static size_t work_size;
	if (!ours) {
		work_size = zstd_workspace_size();
		ours = malloc(CAP);
		theirs = malloc(CAP);
		work = malloc(work_size);
		if (!ours || !theirs || !work)
			abort();
		atexit(summary);
	}
	struct zstd_result r = zstd_decompress(ours, CAP, data, size, work, work_size, NULL);
	size_t t = ZSTD_decompress(theirs, CAP, data, size);
	int we = r.error == ZSTD_OK, they = !ZSTD_isError(t);
	if (we && they) {
		if (r.out_len != t || memcmp(ours, theirs, t) != 0)
			abort(); /* both accept, different content */
		both_ok++;
	} else if (we) {
		if (!any_block(data, size, zero_sequences_long_form))
			abort(); /* we accept what the reference refuses */
		only_here++;
	} else if (they) {
		if (!known_leniency(r.error) &&
		    !(r.error == ZSTD_E_CORRUPT_HUFFMAN_TABLE &&
		      any_block(data, size, weights_stream_too_short)) &&
		    !(r.error == ZSTD_E_CORRUPT_LITERALS &&
		      any_block(data, size, literals_over_block_max)) &&
		    !(r.error == ZSTD_E_BAD_MAGIC &&
		      legacy_magic(data + r.in_pos, size - r.in_pos)))
			abort();
		only_reference[r.error]++;
	} else {
		both_refused++;
	}
	return 0;
}

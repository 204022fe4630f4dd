/*
 * test_zstd — lib/zstd's frames and blocks: frames made by the zstd CLI,
 * every frame header variant and window descriptor, skippable frames, the
 * block types and limits, streaming split at every byte with output
 * pieces down to one byte, truncation at every byte, and the frame-level
 * refusals (magic, reserved bits, window, sizes, checksum, output room,
 * workspace). test_zstd_sequences covers what is inside compressed blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/sha2.h"
#include "zstd/zstd.h"
#include "zstd_test.h"

static bool sha256_is(const uint8_t *p, size_t n, const char *want)
{
	uint8_t d[32];
	char hex[65];
	sha256(p, n, d);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return strcmp(hex, want) == 0;
}

/* Content of a sample frame, by decoding it (checked against its SHA-256). */
static uint8_t *sample_content(const uint8_t *z, size_t n, size_t size, const char *sha)
{
	uint8_t *out = malloc(size);
	struct zstd_result r = t_one(z, n, out, size, NULL);
	EXPECT(r.error == ZSTD_OK && r.out_len == size && sha256_is(out, size, sha));
	return out;
}

static void cli_frames(void)
{
	uint8_t *a = sample_content(sample_4streams, sizeof sample_4streams, SAMPLE_4STREAMS_SIZE,
				    SAMPLE_4STREAMS_SHA256);
	uint8_t *b = sample_content(sample_1stream, sizeof sample_1stream, SAMPLE_1STREAM_SIZE,
				    SAMPLE_1STREAM_SHA256);
	t_expect_ok(sample_4streams, sizeof sample_4streams, a, SAMPLE_4STREAMS_SIZE, NULL);
	t_expect_ok(sample_1stream, sizeof sample_1stream, b, SAMPLE_1STREAM_SIZE, NULL);
	free(a);
	free(b);
}

/* Every proper prefix of a frame is a truncation, one-shot and streaming. */
static void truncated_everywhere(void)
{
	const uint8_t *z[2] = { sample_4streams, sample_1stream };
	size_t n[2] = { sizeof sample_4streams, sizeof sample_1stream };
	static uint8_t out[2048];
	for (int s = 0; s < 2; s++) {
		for (size_t cut = 1; cut < n[s]; cut++) {
			size_t len;
			struct zstd_result r = t_one(z[s], cut, out, sizeof out, NULL);
			EXPECT(r.error == ZSTD_E_TRUNCATED);
			EXPECT(t_stream(z[s], cut, SIZE_MAX, SIZE_MAX, out, sizeof out, &len, NULL,
					NULL) == ZSTD_E_TRUNCATED);
		}
	}
}

/* Frames of every kind in a row: the sample frames, skippable frames, hand-made frames. */
static size_t mixed_input(struct fb *f, uint8_t *want)
{
	size_t n = 0;
	f->n = 0;
	fb_put(f, sample_1stream, sizeof sample_1stream);
	n += SAMPLE_1STREAM_SIZE;
	fb_le(f, ZSTD_SKIPPABLE_MAGIC + 7, 4);
	fb_le(f, 5, 4);
	fb_put(f, "skip!", 5);
	fb_put(f, sample_4streams, sizeof sample_4streams);
	n += SAMPLE_4STREAMS_SIZE;
	fb_frame(f, 0x24, 0, 0, 11); /* single segment, checksum, 1-byte size */
	fb_raw_block(f, false, "hello ", 6);
	fb_block(f, true, 1, 5); /* RLE */
	fb_le(f, 'z', 1);
	fb_checksum(f, "hello zzzzz", 11);
	fb_le(f, ZSTD_SKIPPABLE_MAGIC, 4);
	fb_le(f, 0, 4);
	struct zstd_result r = t_one(sample_1stream, sizeof sample_1stream, want, 4096, NULL);
	EXPECT(r.error == ZSTD_OK);
	r = t_one(sample_4streams, sizeof sample_4streams, want + SAMPLE_1STREAM_SIZE, 4096, NULL);
	EXPECT(r.error == ZSTD_OK);
	memcpy(want + n, "hello zzzzz", 11);
	return n + 11;
}

/* Streaming: input split at every piece size, output in pieces of 1 byte and up. */
static void stream_every_split(void)
{
	static struct fb f;
	static uint8_t want[4096], out[4096];
	size_t n = mixed_input(&f, want);
	t_expect_ok(f.b, f.n, want, n, NULL);
	static const size_t outs[] = { 1, 2, 3, 5, 8, 13, 64, 4096 };
	for (size_t in = 1; in <= f.n; in++) {
		size_t len, o = outs[in % (sizeof outs / sizeof outs[0])];
		memset(out, 0, sizeof out);
		EXPECT(t_stream(f.b, f.n, in, o, out, sizeof out, &len, NULL, NULL) == ZSTD_OK);
		EXPECT(len == n && memcmp(out, want, n) == 0);
	}
	for (size_t o = 1; o <= 64; o++) {
		size_t len;
		EXPECT(t_stream(f.b, f.n, SIZE_MAX, o, out, sizeof out, &len, NULL, NULL) ==
		       ZSTD_OK);
		EXPECT(len == n && memcmp(out, want, n) == 0);
	}
}

/* Walking frames without decoding them: the declared sizes, or unknown; refusals. */
static void content_size(void)
{
	static struct fb f;
	static uint8_t want[4096];
	size_t n = mixed_input(&f, want), at;
	uint64_t total;
	EXPECT(zstd_content_size(f.b, f.n, &total, &at) == ZSTD_OK && total == n);
	EXPECT(zstd_content_size(f.b, 0, &total, &at) == ZSTD_OK && total == 0);
	for (size_t cut = 1; cut < f.n; cut++) {
		size_t cut_at;
		enum zstd_error e = zstd_content_size(f.b, cut, &total, &cut_at);
		struct zstd_result r = t_one(f.b, cut, want, sizeof want, NULL);
		/* The walk stops where a decode would, for the same reason. */
		EXPECT(e == ZSTD_OK ? r.error == ZSTD_OK : e == r.error && cut_at == r.in_pos);
	}
	fb_plain_frame(&f, 0x00); /* a frame without a content size */
	fb_raw_block(&f, true, "abc", 3);
	EXPECT(zstd_content_size(f.b, f.n, &total, &at) == ZSTD_OK &&
	       total == ZSTD_CONTENT_UNKNOWN);
	fb_put(&f, "junk", 4);
	EXPECT(zstd_content_size(f.b, f.n, &total, &at) == ZSTD_E_BAD_MAGIC && at == f.n - 4);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, true, 0, 1025);
	EXPECT(zstd_content_size(f.b, f.n, &total, &at) == ZSTD_E_BLOCK_TOO_LARGE && at == 6);
}

/*
 * Every header variant: content size field 0/1/2/4/8 bytes (2 adds 256),
 * single segment or a window descriptor, dictionary id 0/1/2/4 bytes,
 * checksum or not. Each frame holds one raw block and must decode.
 */
static void frame_header_variants(void)
{
	static const uint32_t ids[4] = { 0, 0xAB, 0xBEEF, 0xDEADBEEF };
	static uint8_t content[300];
	for (size_t i = 0; i < sizeof content; i++)
		content[i] = (uint8_t)(i * 7);
	for (unsigned fcs = 0; fcs < 4; fcs++)
		for (unsigned single = 0; single < 2; single++)
			for (unsigned did = 0; did < 4; did++)
				for (unsigned ck = 0; ck < 2; ck++) {
					uint8_t fhd =
						(uint8_t)(fcs << 6 | single << 5 | ck << 2 | did);
					bool has_size = fcs != 0 || single;
					uint32_t len = fcs == 0 ? 200 : 300;
					static struct fb f;
					f.n = 0;
					fb_frame(&f, fhd, 0x00, ids[did], len);
					size_t header = f.n;
					fb_raw_block(&f, true, content, len);
					if (ck)
						fb_checksum(&f, content, len);
					struct zstd_frame_header h;
					EXPECT(zstd_frame_header(&h, f.b, f.n) == ZSTD_OK);
					EXPECT(!h.skippable && h.header_size == header);
					EXPECT(h.single_segment == single && h.checksum == ck);
					EXPECT(h.dict_id == ids[did]);
					EXPECT(h.content_size ==
					       (has_size ? len : ZSTD_CONTENT_UNKNOWN));
					EXPECT(h.window_size == (single ? len : 1024));
					struct zstd_dict dict;
					zstd_dict_load_raw(&dict, "", 0, ids[did]);
					struct zstd_params p = { .dicts = &dict, .dict_count = 1 };
					t_expect_ok(f.b, f.n, content, len, &p);
					/* Every cut of the header is a truncation. */
					for (size_t cut = 1; cut < header; cut++)
						EXPECT(zstd_frame_header(&h, f.b, cut) ==
						       ZSTD_E_TRUNCATED);
				}
}

static void window_descriptors(void)
{
	static const struct {
		uint8_t wd;
		uint64_t size;
	} v[] = { { 0x00, 1024 },
		  { 0x01, 1024 + 128 },
		  { 0x07, 1024 + 7 * 128 },
		  { 0x08, 2048 },
		  { 0x50, 1u << 20 },
		  { 0xA8, 1ull << 31 },
		  { 0xFF, (1ull << 41) + 7 * (1ull << 38) } };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct fb f = { .n = 0 };
		fb_plain_frame(&f, v[i].wd);
		struct zstd_frame_header h;
		EXPECT(zstd_frame_header(&h, f.b, f.n) == ZSTD_OK && h.window_size == v[i].size);
	}
}

/* The smallest 2-byte content size is 256, the largest 65791. */
static void content_size_2_bytes(void)
{
	struct fb f = { .n = 0 };
	fb_le(&f, ZSTD_MAGIC, 4);
	fb_le(&f, 0x60, 1); /* 2-byte size, single segment */
	fb_le(&f, 0xFFFF, 2);
	struct zstd_frame_header h;
	EXPECT(zstd_frame_header(&h, f.b, f.n) == ZSTD_OK && h.content_size == 65791);
	f.b[5] = f.b[6] = 0;
	EXPECT(zstd_frame_header(&h, f.b, f.n) == ZSTD_OK && h.content_size == 256);
}

static void skippable_frames(void)
{
	for (uint32_t k = 0; k < 16; k++) {
		struct fb f = { .n = 0 };
		fb_le(&f, ZSTD_SKIPPABLE_MAGIC + k, 4);
		fb_le(&f, 3, 4);
		fb_put(&f, "abc", 3);
		struct zstd_frame_header h;
		EXPECT(zstd_frame_header(&h, f.b, f.n) == ZSTD_OK && h.skippable &&
		       h.skip_size == 3);
		t_expect_ok(f.b, f.n, "", 0, NULL);
		t_expect_fail(f.b, f.n - 1, ZSTD_E_TRUNCATED, 0, NULL);
		t_expect_fail(f.b, 6, ZSTD_E_TRUNCATED, 0, NULL);
	}
	t_expect_ok("", 0, "", 0, NULL); /* no frames at all */
}

static void bad_magic_and_trailing_bytes(void)
{
	t_expect_fail("\x28\xb5\x2f\xfe", 4, ZSTD_E_BAD_MAGIC, 0, NULL);
	static struct fb f;
	f.n = 0;
	fb_put(&f, sample_1stream, sizeof sample_1stream);
	fb_put(&f, "garbage!", 8);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_MAGIC, sizeof sample_1stream, NULL);
	/* A few bytes too short to hold a magic. */
	t_expect_fail(f.b, sizeof sample_1stream + 3, ZSTD_E_TRUNCATED, sizeof sample_1stream,
		      NULL);
	/* The reserved bit of the descriptor, found at offset 4. */
	f.n = 0;
	fb_frame(&f, 0x08, 0, 0, 0);
	fb_raw_block(&f, true, "x", 1);
	t_expect_fail(f.b, f.n, ZSTD_E_RESERVED, 4, NULL);
	/* The unused bit is ignored. */
	f.n = 0;
	fb_frame(&f, 0x10, 0, 0, 0);
	fb_raw_block(&f, true, "x", 1);
	t_expect_ok(f.b, f.n, "x", 1, NULL);
}

static void block_types(void)
{
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "", 0); /* an empty raw block */
	fb_block(&f, false, 1, 4);      /* RLE first */
	fb_le(&f, 'q', 1);
	fb_raw_block(&f, false, "raw", 3);
	fb_seq_block(&f, true, "lit", NULL); /* compressed: literals only */
	t_expect_ok(f.b, f.n, "qqqqrawlit", 10, NULL);
	/* The reserved block type, found at its header. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	size_t at = f.n;
	fb_block(&f, true, 3, 1);
	fb_le(&f, 0, 1);
	t_expect_fail(f.b, f.n, ZSTD_E_RESERVED, at, NULL);
	/* No last block: the input ends inside the frame. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "abc", 3);
	t_expect_fail(f.b, f.n, ZSTD_E_TRUNCATED, f.n, NULL);
}

/* decompressor_errata.md's example frames. */
static void errata_frames(void)
{
	/* A compressed block with no literals and no sequences, in a window of 0. */
	static const uint8_t empty[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00,
					 0x15, 0x00, 0x00, 0x00, 0x00 };
	t_expect_ok(empty, sizeof empty, "", 0, NULL);
	/* An RLE block of 128 KiB first, then an RLE block of 1 byte. */
	static const uint8_t rle[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0x01, 0x00, 0x02, 0x00,
				       0x02, 0x00, 0x10, 0x00, 0x0b, 0x00, 0x00, 0x00 };
	static uint8_t want[131073];
	t_expect_ok(rle, sizeof rle, want, sizeof want, NULL);
	/* A 2-byte FSE table description and a 1-byte bitstream ending the block. */
	static const uint8_t tiny[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x27, 0xc5, 0x00, 0x00,
					0x80, 0xf3, 0xf1, 0xf0, 0xec, 0xeb, 0xc6, 0xc5, 0xc7,
					0xf0, 0x9d, 0x43, 0x00, 0x00, 0x00, 0xe0, 0xe0, 0x06,
					0x58, 0x01, 0x00, 0x60, 0x3e, 0x52 };
	static uint8_t out[64];
	struct zstd_result r = t_one(tiny, sizeof tiny, out, sizeof out, NULL);
	EXPECT(r.error == ZSTD_OK && r.out_len == 39);
	t_expect_ok(tiny, sizeof tiny, out, 39, NULL);
}

/*
 * Block_Maximum_Size = min(Window_Size, 128 KiB) for what a block decodes
 * to; 128 KiB for a compressed block's content.
 */
static void block_limits(void)
{
	static uint8_t big[1025];
	memset(big, 'b', sizeof big);
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00); /* 1 KiB window */
	fb_raw_block(&f, true, big, 1024);
	t_expect_ok(f.b, f.n, big, 1024, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	size_t at = f.n;
	fb_raw_block(&f, true, big, 1025);
	t_expect_fail(f.b, f.n, ZSTD_E_BLOCK_TOO_LARGE, at, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, true, 1, 1025);
	fb_le(&f, 'b', 1);
	t_expect_fail(f.b, f.n, ZSTD_E_BLOCK_TOO_LARGE, at, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x50); /* 1 MiB: the 128 KiB limit applies */
	fb_block(&f, true, 2, ZSTD_BLOCK_MAX + 1);
	t_expect_fail(f.b, f.n, ZSTD_E_BLOCK_TOO_LARGE, at, NULL);
	/* A compressed block whose sequences decode past 1 KiB. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	struct rle_seqs s = { .n = 1 };
	s.ll = t_ll_code(4, &s.x[0].ll);
	s.ml = t_ml_code(1021, &s.x[0].ml);
	s.of = t_of_code(1 + 3, &s.x[0].of);
	fb_seq_block(&f, true, "abcd", &s);
	/* Found at the bitstream: header 3, literals 1 + 4, sequences header 5. */
	t_expect_fail(f.b, f.n, ZSTD_E_BLOCK_TOO_LARGE, at + 3 + 1 + 4 + 5, NULL);
}

static void content_size_and_checksum(void)
{
	static struct fb f;
	/* Declared 6, decoded 5; declared 4, decoded 5. */
	for (uint64_t declared = 4; declared <= 6; declared += 2) {
		f.n = 0;
		fb_frame(&f, 0x20, 0, 0, declared);
		fb_raw_block(&f, false, "ab", 2);
		size_t second = f.n;
		fb_raw_block(&f, true, "cde", 3);
		t_expect_fail(f.b, f.n, ZSTD_E_CONTENT_SIZE, declared == 4 ? second : f.n, NULL);
	}
	/* A checksum off by one bit, found at its offset. */
	f.n = 0;
	fb_frame(&f, 0x04, 0, 0, 0);
	fb_raw_block(&f, true, "abcde", 5);
	size_t at = f.n;
	fb_checksum(&f, "abcde", 5);
	t_expect_ok(f.b, f.n, "abcde", 5, NULL);
	f.b[at + 3] ^= 0x10;
	t_expect_fail(f.b, f.n, ZSTD_E_CHECKSUM, at, NULL);
	t_expect_fail(f.b, f.n - 1, ZSTD_E_TRUNCATED, at, NULL);
	uint8_t *z = malloc(sizeof sample_4streams);
	memcpy(z, sample_4streams, sizeof sample_4streams);
	z[sizeof sample_4streams - 1] ^= 1;
	t_expect_fail(z, sizeof sample_4streams, ZSTD_E_CHECKSUM, sizeof sample_4streams - 4, NULL);
	free(z);
}

/* One-shot output room; a failed decode writes nothing past the buffer. */
static void output_too_small(void)
{
	static uint8_t out[SAMPLE_4STREAMS_SIZE + 16];
	memset(out, 0xEE, sizeof out);
	struct zstd_result r =
		t_one(sample_4streams, sizeof sample_4streams, out, SAMPLE_4STREAMS_SIZE - 1, NULL);
	EXPECT(r.error == ZSTD_E_OUTPUT_TOO_SMALL && r.in_pos == 0 && r.out_len == 0);
	/* No content size: found at the block that does not fit. */
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "0123456789", 10);
	size_t at = f.n;
	struct rle_seqs s = { .n = 1 };
	s.ll = t_ll_code(2, &s.x[0].ll);
	s.ml = t_ml_code(100, &s.x[0].ml);
	s.of = t_of_code(10 + 3, &s.x[0].of);
	fb_seq_block(&f, true, "ab", &s);
	for (size_t cap = 0; cap < 112; cap++) {
		memset(out, 0xEE, sizeof out);
		r = t_one(f.b, f.n, out, cap, NULL);
		EXPECT(r.error == ZSTD_E_OUTPUT_TOO_SMALL);
		/* Found at the raw block's header, or the compressed block's bitstream. */
		EXPECT(r.out_len == (cap < 10 ? 0 : 10) &&
		       r.in_pos == (cap < 10 ? at - 13 : at + 3 + 3 + 5));
		for (size_t i = cap; i < sizeof out; i++)
			EXPECT(out[i] == 0xEE);
	}
	r = t_one(f.b, f.n, out, 112, NULL);
	EXPECT(r.error == ZSTD_OK && r.out_len == 112);
}

/* Streaming refuses windows over its maximum; one-shot does not care. */
static void window_too_large(void)
{
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x58); /* 2 MiB */
	fb_raw_block(&f, true, "w", 1);
	size_t len;
	uint64_t at;
	static uint8_t out[16];
	struct zstd_params p = { .window_max = 1u << 20 };
	EXPECT(t_stream(f.b, f.n, SIZE_MAX, SIZE_MAX, out, sizeof out, &len, &p, &at) ==
	       ZSTD_E_WINDOW_TOO_LARGE);
	EXPECT(at == 0);
	EXPECT(t_one(f.b, f.n, out, sizeof out, NULL).error == ZSTD_OK);
	/* Window descriptors past 2^31 + 7 * 2^28 are refused in both modes. */
	f.n = 0;
	fb_plain_frame(&f, 0xAF);
	fb_raw_block(&f, true, "w", 1);
	EXPECT(t_one(f.b, f.n, out, sizeof out, NULL).error == ZSTD_OK);
	f.b[5] = 0xB0;
	t_expect_fail(f.b, f.n, ZSTD_E_WINDOW_TOO_LARGE, 0, NULL);
	/* A single-segment frame's window is its content size. */
	f.n = 0;
	fb_frame(&f, 0xE0, 0, 0, (1u << 20) + 1);
	EXPECT(t_stream(f.b, f.n, SIZE_MAX, SIZE_MAX, out, sizeof out, &len, &p, &at) ==
	       ZSTD_E_WINDOW_TOO_LARGE);
}

static void workspace_and_arguments(void)
{
	static uint8_t small[1024], out[16];
	struct zstd_result r = zstd_decompress(out, sizeof out, sample_1stream,
					       sizeof sample_1stream, small, sizeof small, NULL);
	EXPECT(r.error == ZSTD_E_WORKSPACE_TOO_SMALL);
	struct zstd_stream *s;
	EXPECT(zstd_stream_init(&s, small, sizeof small, NULL) == ZSTD_E_WORKSPACE_TOO_SMALL);
	struct zstd_params p = { .window_max = ZSTD_WINDOW_LIMIT + 1 };
	EXPECT(zstd_stream_init(&s, t_stream_work, t_stream_work_size, &p) == ZSTD_E_BAD_ARGUMENT);
	EXPECT(zstd_stream_workspace_size(ZSTD_WINDOW_LIMIT + 1) == 0);
	EXPECT(zstd_stream_workspace_size(0) == zstd_stream_workspace_size(ZSTD_WINDOW_DEFAULT));
	EXPECT(zstd_stream_workspace_size(1024) < zstd_stream_workspace_size(1u << 20));
	/* The workspace may have any alignment. */
	uint8_t *w = malloc(zstd_workspace_size() + 1);
	r = zstd_decompress(out, sizeof out, "", 0, w + 1, zstd_workspace_size(), NULL);
	EXPECT(r.error == ZSTD_OK);
	free(w);
	/* Errors are sticky; positions past the buffers are refused. */
	p.window_max = 1024;
	EXPECT(zstd_stream_init(&s, t_stream_work, t_stream_work_size, &p) == ZSTD_OK);
	size_t ip = 0, op = 0;
	EXPECT(zstd_stream_decompress(s, "abcd", 4, &ip, out, sizeof out, &op) == ZSTD_E_BAD_MAGIC);
	ip = 0;
	EXPECT(zstd_stream_decompress(s, sample_1stream, sizeof sample_1stream, &ip, out,
				      sizeof out, &op) == ZSTD_E_BAD_MAGIC);
	EXPECT(zstd_stream_end(s) == ZSTD_E_BAD_MAGIC);
	EXPECT(zstd_stream_init(&s, t_stream_work, t_stream_work_size, &p) == ZSTD_OK);
	ip = 5;
	EXPECT(zstd_stream_decompress(s, "abcd", 4, &ip, out, sizeof out, &op) ==
	       ZSTD_E_BAD_ARGUMENT);
}

static void error_names(void)
{
	for (int e = 0; e < ZSTD_E_COUNT; e++) {
		const char *n = zstd_error_name(e);
		EXPECT(n && strncmp(n, "ZSTD_", 5) == 0);
		for (int k = 0; k < e; k++)
			EXPECT(strcmp(n, zstd_error_name(k)) != 0);
	}
	EXPECT(strcmp(zstd_error_name(ZSTD_E_COUNT), "ZSTD_E_?") == 0);
	EXPECT(strcmp(zstd_error_name(ZSTD_E_CHECKSUM), "ZSTD_E_CHECKSUM") == 0);
}

int main(void)
{
	t_setup();
	RUN("zstd", cli_frames);
	RUN("zstd", truncated_everywhere);
	RUN("zstd", stream_every_split);
	RUN("zstd", content_size);
	RUN("zstd", frame_header_variants);
	RUN("zstd", window_descriptors);
	RUN("zstd", content_size_2_bytes);
	RUN("zstd", skippable_frames);
	RUN("zstd", bad_magic_and_trailing_bytes);
	RUN("zstd", block_types);
	RUN("zstd", errata_frames);
	RUN("zstd", block_limits);
	RUN("zstd", content_size_and_checksum);
	RUN("zstd", output_too_small);
	RUN("zstd", window_too_large);
	RUN("zstd", workspace_and_arguments);
	RUN("zstd", error_names);
	t_teardown();
	return cases_failed != 0;
}

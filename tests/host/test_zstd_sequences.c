/*
 * test_zstd_sequences — what lies inside lib/zstd's compressed blocks,
 * on hand-made frames: literals sections of every type and size format,
 * sequences with predefined, RLE, FSE-described and repeated tables, the
 * repeat offsets and their literals-length-0 shift, overlapping matches at
 * every offset, offsets beyond the output or the window, dictionaries of
 * both kinds and how frames pick them, and the refusal of each malformed
 * section with its error and offset. Every decode runs one-shot and
 * streaming (zstd_test.h).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "zstd/zstd.h"
#include "zstd_test.h"

/* A plain reference: ll literals, then a match of ml at offset off, into out. */
static void ref_seq(uint8_t *out, size_t *len, const char **lit, size_t ll, size_t off, size_t ml)
{
	memcpy(out + *len, *lit, ll);
	*len += ll;
	*lit += ll;
	for (size_t i = 0; i < ml; i++, (*len)++)
		out[*len] = out[*len - off];
}

/* One sequence per block: every offset from 1 to 40, lengths around the copy widths. */
static void overlapping_matches(void)
{
	static const size_t lens[] = { 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100 };
	const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn";
	static struct fb f;
	static uint8_t want[256];
	for (size_t off = 1; off <= 40; off++)
		for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
			f.n = 0;
			fb_plain_frame(&f, 0x00);
			struct rle_seqs s = { .n = 1 };
			s.ll = t_ll_code(40, &s.x[0].ll);
			s.ml = t_ml_code((uint32_t)lens[i], &s.x[0].ml);
			s.of = t_of_code((uint32_t)off + 3, &s.x[0].of);
			fb_seq_block(&f, true, alpha, &s);
			size_t len = 0;
			const char *lit = alpha;
			ref_seq(want, &len, &lit, 40, off, lens[i]);
			t_expect_ok(f.b, f.n, want, len, NULL);
		}
}

/*
 * Repeat offsets (§3.1.1.5) through blocks of RLE-mode sequences, each
 * block's offsets resolved by hand from the offset history it starts with.
 */
static void repeat_offsets(void)
{
	static const struct {
		const char *lit;
		uint32_t ll, ml, of_code;
		int n;
		uint32_t of_extra[3];
		size_t offs[3]; /* what the offset values resolve to */
	} blocks[] = {
		/* (1,4,8): values 2, 3 with ll 1 -> repeat 2 = 4, then repeat 3 = 8 */
		{ "XY", 1, 3, 1, 2, { 0, 1 }, { 4, 8 } },
		/* (8,4,1): ll 0 shifts: 3 -> 8-1 = 7; 2 -> repeat 3 = 4; 3 -> 4-1 = 3 */
		{ "", 0, 3, 1, 3, { 1, 0, 1 }, { 7, 4, 3 } },
		/* (3,4,7): ll 0, value 1 -> repeat 2 = 4, then repeat 2 = 3 */
		{ "", 0, 4, 0, 2, { 0, 0 }, { 4, 3 } },
		/* (3,4,7): ll 2, value 1 -> repeat 1 = 3, unchanged */
		{ "KLMN", 2, 5, 0, 2, { 0, 0 }, { 3, 3 } },
		/* new offsets: values 20, 16 -> 17, 13; history (13,17,3) */
		{ "ST", 1, 5, 4, 2, { 4, 0 }, { 17, 13 } },
		/* ll 1: 2 -> repeat 2 = 17, 3 -> repeat 3 = 3; history (3,17,13) */
		{ "UV", 1, 3, 1, 2, { 0, 1 }, { 17, 3 } },
		/* ll 0: 3 -> 3-1 = 2 */
		{ "", 0, 6, 1, 1, { 1 }, { 2 } },
	};
	static struct fb f;
	static uint8_t want[512];
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	const char *first = "abcdefghijklmnopqrstuvwxyz";
	fb_raw_block(&f, false, first, 26); /* raw: the history stays (1, 4, 8) */
	memcpy(want, first, 26);
	size_t len = 26;
	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
		struct rle_seqs s = { .ll = (uint8_t)blocks[b].ll,
				      .ml = (uint8_t)blocks[b].ml,
				      .of = (uint8_t)blocks[b].of_code,
				      .n = blocks[b].n };
		const char *lit = blocks[b].lit;
		for (int i = 0; i < s.n; i++) {
			s.x[i].of = blocks[b].of_extra[i];
			ref_seq(want, &len, &lit, blocks[b].ll, blocks[b].offs[i],
				blocks[b].ml + 3);
		}
		memcpy(want + len, lit, strlen(lit));
		len += strlen(lit);
		fb_seq_block(&f, b + 1 == sizeof blocks / sizeof blocks[0], blocks[b].lit, &s);
	}
	t_expect_ok(f.b, f.n, want, len, NULL);
}

/* repeat[0] - 1 with repeat[0] = 1 is an offset of 0 (golden off0.bin.zst does this too). */
static void offset_zero(void)
{
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "abc", 3);
	size_t at = f.n;
	struct rle_seqs s = { .ll = 0, .ml = 0, .of = 1, .n = 1, .x = { { 0, 1, 0 } } };
	fb_seq_block(&f, true, "", &s);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at + 3 + 1 + 5, NULL);
}

/* A block of one sequence (ll literals of lit, then ml at offset off) after `pre` raw bytes. */
static size_t one_seq_frame(struct fb *f, uint8_t wd, size_t pre, const char *lit, uint32_t ll,
			    uint32_t off, uint32_t ml)
{
	static uint8_t raw[4096];
	for (size_t i = 0; i < sizeof raw; i++)
		raw[i] = (uint8_t)(i * 13 + 1);
	f->n = 0;
	fb_plain_frame(f, wd);
	for (size_t done = 0; done < pre; done += 1024)
		fb_raw_block(f, false, raw + done,
			     (uint32_t)(pre - done < 1024 ? pre - done : 1024));
	size_t at = f->n;
	struct rle_seqs s = { .n = 1 };
	s.ll = t_ll_code(ll, &s.x[0].ll);
	s.ml = t_ml_code(ml, &s.x[0].ml);
	s.of = t_of_code(off + 3, &s.x[0].of);
	fb_seq_block(f, true, lit, &s);
	/* Where execution errors are found: the bitstream. */
	return at + 3 + (strlen(lit) < 32 ? 1 : 2) + strlen(lit) + 5;
}

static void offsets_out_of_reach(void)
{
	static struct fb f;
	/* Before the start of the output. */
	size_t at = one_seq_frame(&f, 0x00, 0, "abcde", 5, 6, 3);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at, NULL);
	one_seq_frame(&f, 0x00, 0, "abcde", 5, 5, 3);
	t_expect_ok(f.b, f.n, "abcdeabc", 8, NULL);
	/* Beyond a 1 KiB window with 2 KiB of output; exactly the window is fine. */
	at = one_seq_frame(&f, 0x00, 2048, "", 0, 1025, 3);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at, NULL);
	one_seq_frame(&f, 0x00, 2048, "", 0, 1024, 3);
	size_t cap = 4096, len;
	uint8_t *out = malloc(cap);
	struct zstd_result r = t_one(f.b, f.n, out, cap, NULL);
	EXPECT(r.error == ZSTD_OK && r.out_len == 2051 && memcmp(out + 2048, out + 1024, 3) == 0);
	EXPECT(t_stream(f.b, f.n, 100, 100, out, cap, &len, NULL, NULL) == ZSTD_OK && len == 2051);
	free(out);
	/* More literals than the block has. */
	at = one_seq_frame(&f, 0x00, 0, "abc", 4, 1, 3);
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_SEQUENCES, at, NULL);
}

/* The ring wraps and matches reach across the wrap (streaming with a 1 KiB window). */
static void stream_ring_wrap(void)
{
	static struct fb f;
	static uint8_t want[70000], out[70000];
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	size_t len = 0;
	for (int b = 0; b < 60; b++) {
		char lit[9];
		for (int i = 0; i < 8; i++)
			lit[i] = (char)('a' + (b * 8 + i) % 26);
		lit[8] = 0;
		struct rle_seqs s = { .n = 1 };
		uint32_t off = b == 0 ? 5 : 1000 - (uint32_t)b;
		s.ll = t_ll_code(8, &s.x[0].ll);
		s.ml = t_ml_code(1000, &s.x[0].ml);
		s.of = t_of_code(off + 3, &s.x[0].of);
		fb_seq_block(&f, b == 59, lit, &s);
		const char *l = lit;
		ref_seq(want, &len, &l, 8, off, 1000);
	}
	for (size_t wmax = 1024; wmax <= 4096; wmax *= 2) {
		struct zstd_params p = { .window_max = wmax };
		static const size_t pieces[] = { 1, 7, 100, 5000, SIZE_MAX };
		for (size_t i = 0; i < 5; i++) {
			size_t n;
			memset(out, 0, sizeof out);
			EXPECT(t_stream(f.b, f.n, pieces[i], pieces[4 - i], out, sizeof out, &n, &p,
					NULL) == ZSTD_OK);
			EXPECT(n == len && memcmp(out, want, len) == 0);
		}
	}
	t_expect_ok(f.b, f.n, want, len, NULL);
}

/* Literals sections: raw and RLE in each size format. */
static void literals_plain(void)
{
	static struct fb f;
	static char lit[200];
	memset(lit, 'L', sizeof lit);
	/* Raw, 3-byte header (20-bit size) holding 150; then RLE with 1- and 2-byte headers. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, false, 2, 3 + 150 + 1);
	fb_le(&f, 150 << 4 | 3 << 2 | 0, 3);
	fb_put(&f, lit, 150);
	fb_le(&f, 0, 1);
	fb_block(&f, false, 2, 1 + 1 + 1);
	fb_le(&f, 5 << 3 | 1, 1);
	fb_le(&f, 'r', 1);
	fb_le(&f, 0, 1);
	fb_block(&f, true, 2, 2 + 1 + 1);
	fb_le(&f, 40 << 4 | 1 << 2 | 1, 2);
	fb_le(&f, 's', 1);
	fb_le(&f, 0, 1);
	static uint8_t want[200];
	memset(want, 'L', 150);
	memset(want + 150, 'r', 5);
	memset(want + 155, 's', 40);
	t_expect_ok(f.b, f.n, want, 195, NULL);
	/* Sizes that run past the block, or past the block's maximum. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	size_t at = f.n + 3;
	fb_block(&f, true, 2, 1 + 3);
	fb_le(&f, 10 << 3, 1);
	fb_put(&f, "abc", 3);
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, true, 2, 3);
	fb_le(&f, 2000 << 4 | 3 << 2 | 1, 3); /* RLE of 2000 in a 1 KiB window */
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, true, 2, 1);
	fb_le(&f, 5 << 3 | 1, 1); /* RLE without its byte */
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_block(&f, true, 2, 1);
	fb_le(&f, 1 << 2, 1); /* a 2-byte header cut to 1 */
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at, NULL);
}

/* Huffman codes of the RFC 8878 example table: symbols 0 1 2 4 5 (3 absent). */
static const struct {
	uint8_t code, len;
} rfc_code[6] = { { 1, 1 }, { 1, 2 }, { 1, 3 }, { 0, 0 }, { 0, 4 }, { 1, 4 } };
static const uint8_t rfc_desc[4] = { 127 + 5, 0x43, 0x20, 0x10 };

/* A Huffman stream of the symbols sym[0..n) (written last first). */
static size_t huf_stream(uint8_t *out, const uint8_t *sym, size_t n)
{
	struct bw w = { .bits = 0 };
	for (size_t i = n; i-- > 0;)
		bw_put(&w, rfc_code[sym[i]].code, rfc_code[sym[i]].len);
	size_t size = bw_finish(&w);
	memcpy(out, w.b, size);
	return size;
}

/* A compressed or treeless literals section, 1 or 4 streams, and no sequences. */
static void huf_block(struct fb *f, bool last, bool treeless, unsigned format, const uint8_t *sym,
		      size_t n)
{
	static const unsigned hsize[4] = { 3, 3, 4, 5 }, field[4] = { 10, 10, 14, 18 };
	uint8_t body[512];
	size_t size = treeless ? 0 : sizeof rfc_desc;
	memcpy(body, rfc_desc, size);
	if (format == 0) {
		size += huf_stream(body + size, sym, n);
	} else {
		size_t seg = (n + 3) / 4, jump = size;
		size += 6;
		for (int i = 0; i < 4; i++) {
			size_t from = seg * (size_t)i;
			size_t k = i < 3 ? seg : n > 3 * seg ? n - 3 * seg : 0;
			size_t s = huf_stream(body + size, sym + from, k);
			if (i < 3) {
				body[jump + 2 * i] = (uint8_t)s;
				body[jump + 2 * i + 1] = (uint8_t)(s >> 8);
			}
			size += s;
		}
	}
	fb_block(f, last, 2, (uint32_t)(hsize[format] + size + 1));
	uint64_t h = (treeless ? 3u : 2u) | format << 2 | (uint64_t)n << 4 |
		     (uint64_t)size << (4 + field[format]);
	fb_le(f, h, hsize[format]);
	fb_put(f, body, size);
	fb_le(f, 0, 1);
}

static void literals_huffman(void)
{
	static uint8_t sym[64];
	for (size_t i = 0; i < sizeof sym; i++)
		sym[i] = (uint8_t)("\x00\x01\x02\x04\x05"[i * 7 % 5]);
	static struct fb f;
	static uint8_t want[512];
	for (unsigned format = 0; format < 4; format++) {
		size_t n = format == 0 ? 13 : 64;
		f.n = 0;
		fb_plain_frame(&f, 0x00);
		huf_block(&f, false, false, format, sym, n);
		huf_block(&f, true, true, format, sym + 1, n - 6); /* the same table again */
		memcpy(want, sym, n);
		memcpy(want + n, sym + 1, n - 6);
		t_expect_ok(f.b, f.n, want, 2 * n - 6, NULL);
	}
	/* Treeless first: no table to repeat. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	size_t at = f.n + 3;
	huf_block(&f, true, true, 0, sym, 8);
	t_expect_fail(f.b, f.n, ZSTD_E_NO_PREVIOUS_TABLE, at, NULL);
	/* A stream ending in a zero byte; a stream with one symbol too few. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 0, sym, 8);
	f.b[f.n - 2] = 0;
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_HUFFMAN_STREAM, at + 3 + sizeof rfc_desc, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 0, sym, 8);
	f.b[at] = (uint8_t)(f.b[at] & 0x0F) | (uint8_t)(9 << 4); /* Regenerated_Size 9 */
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_HUFFMAN_STREAM, at + 3 + sizeof rfc_desc, NULL);
	/* Four streams: fewer than 6 literals; jump table past the streams' bytes. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 1, sym, 5);
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at + 3 + sizeof rfc_desc, NULL);
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 1, sym, 64);
	f.b[at + 3 + sizeof rfc_desc + 1] = 0x7F;
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at + 3 + sizeof rfc_desc, NULL);
	/* A bad tree description. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 0, sym, 8);
	f.b[at + 3 + 1] = 0x33;
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_HUFFMAN_TABLE, at + 3, NULL);
	/* Compressed_Size past the block. */
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	huf_block(&f, true, false, 0, sym, 8);
	f.b[at + 2] = 0xFF;
	t_expect_fail(f.b, f.n, ZSTD_E_CORRUPT_LITERALS, at, NULL);
}

/*
 * Predefined tables (Appendix A): one sequence, so only the initial states
 * are read: LL state 2 = code 1, OF state 5 = code 3, ML state 3 = code 3.
 */
static void sequences_predefined(void)
{
	struct bw w = { .bits = 0 };
	bw_put(&w, 2, 3); /* offset code 3: 8 + 2 = value 10, offset 7 */
	bw_put(&w, 3, 6); /* ML state */
	bw_put(&w, 5, 5); /* OF state */
	bw_put(&w, 2, 6); /* LL state */
	size_t n = bw_finish(&w);
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "0123456", 7);
	fb_block(&f, true, 2, (uint32_t)(2 + 2 + n));
	fb_le(&f, 1 << 3, 1);
	fb_le(&f, 'x', 1);
	fb_le(&f, 1, 1);
	fb_le(&f, 0x00, 1); /* all predefined */
	fb_put(&f, w.b, n);
	t_expect_ok(f.b, f.n, "0123456x123456", 14, NULL);
}

/*
 * FSE-described tables of one symbol each (4-bit log 5, then 33 in 6 bits:
 * bytes F0 03): every state is that symbol and reads no bits, so only the
 * three 5-bit initial states are in the bitstream. Then Repeat_Mode.
 */
static void sequences_fse_and_repeat(void)
{
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x00);
	fb_raw_block(&f, false, "abcdefgh", 8);
	/* LL 0, OF 0 (value 1: ll 0 -> repeat 2 = 4), ML 0 (3); 3 sequences. */
	static const uint8_t seqs[] = { 3, 0xA8, 0xF0, 0x03, 0xF0, 0x03, 0xF0, 0x03, 0x00, 0x80 };
	fb_block(&f, false, 2, 1 + sizeof seqs);
	fb_le(&f, 0, 1);
	fb_put(&f, seqs, sizeof seqs);
	/* Repeat all three: (4,1,8) -> 1 -> 4 ... */
	static const uint8_t again[] = { 2, 0xFC, 0x00, 0x80 };
	fb_block(&f, true, 2, 1 + 1 + sizeof again);
	fb_le(&f, 1 << 3, 1);
	fb_le(&f, 'Z', 1);
	fb_put(&f, again, sizeof again);
	static uint8_t want[64];
	size_t len = 8;
	const char *lit = "Z";
	memcpy(want, "abcdefgh", 8);
	size_t offs[5] = { 4, 1, 4, 1, 4 };
	for (int i = 0; i < 5; i++)
		ref_seq(want, &len, &lit, 0, offs[i], 3);
	memcpy(want + len, "Z", 1);
	t_expect_ok(f.b, f.n, want, len + 1, NULL);
}

static void sequences_refused(void)
{
	static struct fb f;
	struct {
		uint8_t bytes[12];
		size_t n;
		enum zstd_error e;
		size_t at; /* from the sequences section */
	} bad[] = {
		{ { 1, 0x56, 0, 0, 0, 0x80 }, 6, ZSTD_E_RESERVED, 1 }, /* modes bits 1-0 */
		{ { 1, 0xFC, 0x80 }, 3, ZSTD_E_NO_PREVIOUS_TABLE, 2 }, /* repeat first */
		{ { 1, 0x80, 0x05, 0xFF, 0x80 }, 5, ZSTD_E_CORRUPT_FSE_TABLE, 2 }, /* log 10 */
		{ { 1, 0x54, 36, 0, 0, 0x80 }, 6, ZSTD_E_CORRUPT_FSE_TABLE, 2 },   /* LL code 36 */
		{ { 1, 0x54, 0, 32, 0, 0x80 }, 6, ZSTD_E_CORRUPT_FSE_TABLE, 3 },   /* OF code 32 */
		{ { 1, 0x54, 0, 0, 53, 0x80 }, 6, ZSTD_E_CORRUPT_FSE_TABLE, 4 },   /* ML code 53 */
		{ { 0, 0 }, 2, ZSTD_E_CORRUPT_SEQUENCES, 1 },                      /* after 0 */
		{ { 1, 0x54, 0, 0, 0 }, 5, ZSTD_E_CORRUPT_SEQUENCES, 5 },          /* no stream */
		{ { 1, 0x54, 0, 0, 0, 0x00 }, 6, ZSTD_E_CORRUPT_SEQUENCES, 5 },    /* no mark */
		{ { 1, 0x54, 0, 0, 0, 0x01, 0x80 }, 7, ZSTD_E_CORRUPT_SEQUENCES, 5 }, /* extra */
		{ { 0x80 }, 1, ZSTD_E_CORRUPT_SEQUENCES, 0 },       /* count cut short */
		{ { 0xFF, 0x01 }, 2, ZSTD_E_CORRUPT_SEQUENCES, 0 }, /* count cut short */
		{ { 1 }, 1, ZSTD_E_CORRUPT_SEQUENCES, 1 },          /* no modes */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f.n = 0;
		fb_plain_frame(&f, 0x00);
		fb_raw_block(&f, false, "0123456789", 10);
		size_t at = f.n + 3 + 1;
		fb_block(&f, true, 2, (uint32_t)(1 + bad[i].n));
		fb_le(&f, 0, 1);
		fb_put(&f, bad[i].bytes, bad[i].n);
		t_expect_fail(f.b, f.n, bad[i].e, at + bad[i].at, NULL);
	}
}

/* Number_of_Sequences in its 2- and 3-byte forms; 32512 sequences in one block. */
static void sequence_counts(void)
{
	static struct fb f;
	f.n = 0;
	fb_plain_frame(&f, 0x38); /* 128 KiB */
	fb_raw_block(&f, false, "abcd", 4);
	/* 2-byte form: 2 sequences, LL 0, OF 0 (value 1, ll 0: repeat 2), ML 0: no bits. */
	static const uint8_t two[] = { 0x80, 2, 0x54, 0, 0, 0, 0x01 };
	fb_block(&f, false, 2, 1 + sizeof two);
	fb_le(&f, 0, 1);
	fb_put(&f, two, sizeof two);
	/* 3-byte form: 0x7F00 + 0 sequences, each 3 bytes at alternating offsets 4 and 1. */
	static const uint8_t many[] = { 0xFF, 0, 0, 0x54, 0, 0, 0, 0x01 };
	fb_block(&f, true, 2, 1 + sizeof many);
	fb_le(&f, 0, 1);
	fb_put(&f, many, sizeof many);
	static uint8_t want[4 + 6 + 3 * 0x7F00];
	size_t len = 4;
	const char *lit = "";
	memcpy(want, "abcd", 4);
	for (int i = 0; i < 2 + 0x7F00; i++)
		ref_seq(want, &len, &lit, 0, i % 2 ? 1 : 4, 3);
	t_expect_ok(f.b, f.n, want, len, NULL);
}

/* A raw-content dictionary: the history in front of the frame. */
static void dict_raw(void)
{
	static char content[4096];
	for (size_t i = 0; i < sizeof content; i++)
		content[i] = (char)('A' + i % 23);
	struct zstd_dict d;
	zstd_dict_load_raw(&d, content, sizeof content, 0);
	struct zstd_params p = { .dicts = &d, .dict_count = 1 };
	static struct fb f;
	static uint8_t want[8192];
	/* 10 bytes out, offset 3000: into the dictionary, further than the 1 KiB window. */
	size_t at = one_seq_frame(&f, 0x00, 0, "0123456789", 10, 3000, 20);
	memcpy(want, content, sizeof content);
	size_t len = sizeof content;
	const char *lit = "0123456789";
	ref_seq(want, &len, &lit, 10, 3000, 20);
	t_expect_ok(f.b, f.n, want + sizeof content, len - sizeof content, &p);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at, NULL); /* no dictionary */
	/* Past the dictionary's start. */
	at = one_seq_frame(&f, 0x00, 0, "0123456789", 10, 4107, 3);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at, &p);
	one_seq_frame(&f, 0x00, 0, "0123456789", 10, 4106, 3);
	EXPECT(t_one(f.b, f.n, want, sizeof want, &p).error == ZSTD_OK);
	/* After Window_Size bytes of output the dictionary is out of reach. */
	one_seq_frame(&f, 0x00, 1024, "", 0, 1025, 3);
	EXPECT(t_one(f.b, f.n, want, sizeof want, &p).error == ZSTD_OK);
	at = one_seq_frame(&f, 0x00, 1024, "x", 1, 1026, 3);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, at, &p);
	/* A match that starts in the dictionary and runs on into the frame. */
	one_seq_frame(&f, 0x00, 0, "0123456789", 10, 12, 40);
	len = sizeof content;
	lit = "0123456789";
	ref_seq(want, &len, &lit, 10, 12, 40);
	t_expect_ok(f.b, f.n, want + sizeof content, len - sizeof content, &p);
}

/* Which dictionary a frame gets: by its id; id 0 or none takes the one with id 0. */
static void dict_selection(void)
{
	struct zstd_dict d[2];
	zstd_dict_load_raw(&d[0], "ABCDEFGH", 8, 0);
	zstd_dict_load_raw(&d[1], "abcdefgh", 8, 77);
	struct zstd_params both = { .dicts = d, .dict_count = 2 };
	struct zstd_params only77 = { .dicts = d + 1, .dict_count = 1 };
	static struct fb f;
	struct rle_seqs s = { .n = 1 };
	s.ll = t_ll_code(1, &s.x[0].ll);
	s.ml = t_ml_code(3, &s.x[0].ml);
	s.of = t_of_code(5 + 3, &s.x[0].of);
	for (uint32_t id = 0; id <= 78; id += 77) {
		for (unsigned did = 0; did < 2; did++) {
			f.n = 0;
			fb_frame(&f, (uint8_t)did, 0, id, 0);
			fb_seq_block(&f, true, "!", &s);
			if (did == 0 && id != 0)
				continue;
			if (id == 77)
				t_expect_ok(f.b, f.n, "!efg", 4, &both);
			else
				t_expect_ok(f.b, f.n, "!EFG", 4, &both);
		}
	}
	f.n = 0;
	fb_frame(&f, 1, 0, 78, 0);
	fb_seq_block(&f, true, "!", &s);
	t_expect_fail(f.b, f.n, ZSTD_E_DICT_UNKNOWN, 0, &both);
	f.n = 0;
	fb_frame(&f, 0, 0, 0, 0);
	fb_seq_block(&f, true, "!", &s);
	t_expect_fail(f.b, f.n, ZSTD_E_BAD_OFFSET, 6 + 3 + 2 + 5, &only77);
}

/*
 * A formatted dictionary made by hand: Huffman weights 1 (+1 implied:
 * bytes 0x00 and 0x01, one bit each), one-symbol FSE tables for OF, ML, LL
 * (codes 0: value 1, length 3, length 0), repeat offsets 2, 4, 8.
 */
static const uint8_t fdict[] = {
	0x37, 0xA4, 0x30, 0xEC, 0x2A, 0x00, 0x00, 0x00, /* magic, id 42 */
	128,  0x10,                                     /* Huffman: 1 direct weight */
	0xF0, 0x03, 0xF0, 0x03, 0xF0, 0x03,             /* OF, ML, LL */
	2,    0,    0,    0,    4,    0,    0,    0,    8,   0,   0,   0, /* repeat offsets */
	'A',  'B',  'C',  'D',  'E',  'F',  'G',  'H',  'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
};

static void dict_formatted(void)
{
	struct zstd_dict d;
	size_t at;
	EXPECT(zstd_dict_load(&d, fdict, sizeof fdict, &at) == ZSTD_OK);
	EXPECT(d.id == 42 && d.formatted && d.content == fdict + 28 && d.content_size == 16);
	EXPECT(d.rep[0] == 2 && d.rep[1] == 4 && d.rep[2] == 8 && d.tables == fdict + 8);
	struct zstd_params p = { .dicts = &d, .dict_count = 1 };
	/* Treeless literals 1 0 0 1 and two sequences, all tables repeated from the dictionary. */
	static struct fb f;
	f.n = 0;
	fb_frame(&f, 0x01, 0x00, 42, 0);
	struct bw w = { .bits = 0 };
	bw_put(&w, 0x9, 4); /* literals last first: 1 0 0 1 */
	size_t lit_n = bw_finish(&w);
	static const uint8_t seqs[] = { 2, 0xFC, 0x00, 0x80 };
	fb_block(&f, true, 2, (uint32_t)(3 + lit_n + sizeof seqs));
	fb_le(&f, 3 | 4 << 4 | (uint32_t)lit_n << 14, 3);
	fb_put(&f, w.b, lit_n);
	fb_put(&f, seqs, sizeof seqs);
	/* (2,4,8): ll 0, value 1 -> 4 (MNO); then 2 (NON). */
	t_expect_ok(f.b, f.n, "MNONON\x01\x00\x00\x01", 10, &p);
	/* The caller may make it the default for frames without an id. */
	d.id = 0;
	f.b[4] = 0x00; /* no id field: move the rest down */
	memmove(f.b + 6, f.b + 7, f.n - 7);
	f.n--;
	t_expect_ok(f.b, f.n, "MNONON\x01\x00\x00\x01", 10, &p);
}

static void dict_refused(void)
{
	static uint8_t bad[sizeof fdict];
	struct zstd_dict d;
	size_t at;
	static const struct {
		size_t pos;
		uint8_t value;
		size_t at;
	} v[] = { { 4, 0, 4 },      /* id 0 (with the other id bytes 0) */
		  { 9, 0x30, 8 },   /* weight 3, implied 3: no weight 1 */
		  { 10, 0x0F, 10 }, /* OF accuracy log 20 */
		  { 16, 0, 16 },    /* repeat offset 0 */
		  { 24, 17, 24 } }; /* repeat offset past the content */
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		memcpy(bad, fdict, sizeof fdict);
		bad[v[i].pos] = v[i].value;
		EXPECT(zstd_dict_load(&d, bad, sizeof bad, &at) == ZSTD_E_DICT_CORRUPT);
		EXPECT(at == v[i].at);
	}
	/* Cut anywhere inside the tables or offsets. */
	for (size_t cut = 4; cut < 28; cut++)
		EXPECT(zstd_dict_load(&d, fdict, cut, NULL) == ZSTD_E_DICT_CORRUPT);
	/* Without the magic it is raw content, of any size. */
	EXPECT(zstd_dict_load(&d, fdict + 1, 3, NULL) == ZSTD_OK && !d.formatted && d.id == 0 &&
	       d.content_size == 3);
}

int main(void)
{
	t_setup();
	RUN("zstd", overlapping_matches);
	RUN("zstd", repeat_offsets);
	RUN("zstd", offset_zero);
	RUN("zstd", offsets_out_of_reach);
	RUN("zstd", stream_ring_wrap);
	RUN("zstd", literals_plain);
	RUN("zstd", literals_huffman);
	RUN("zstd", sequences_predefined);
	RUN("zstd", sequences_fse_and_repeat);
	RUN("zstd", sequences_refused);
	RUN("zstd", sequence_counts);
	RUN("zstd", dict_raw);
	RUN("zstd", dict_selection);
	RUN("zstd", dict_formatted);
	RUN("zstd", dict_refused);
	t_teardown();
	return cases_failed != 0;
}

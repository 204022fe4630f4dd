/*
 * zstd_internal.h — what the files of lib/zstd share and callers never see:
 * the decoding tables, the per-frame decoder state (struct zstd_dctx, kept
 * in the caller's workspace), the description of where output goes and
 * which history a match may reach (struct zstd_hist), and the entry points
 * of each stage:
 *
 *   frame.c      frame headers; per-frame setup; the one-shot loop
 *   stream.c     the streaming loop over a window ring
 *   block.c      one compressed block: literals, then sequences
 *   literals.c   the literals section (raw, RLE, Huffman 1 or 4 streams)
 *   huffman.c    Huffman tree descriptions and Huffman-coded streams
 *   fse.c        FSE table descriptions and decoding tables
 *   sequences.c  the sequences section header and its three tables
 *   execute.c    decoding and executing sequences (the hot loop)
 *   dict.c       dictionaries
 *   xxh64.c      the content checksum
 */
#ifndef ZSTD_ZSTD_INTERNAL_H
#define ZSTD_ZSTD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zstd/xxh64.h"
#include "zstd/zstd.h"

/*
 * Fast copies move 16 bytes at a time and may write up to ZSTD_WILD bytes
 * past their end and read as far past the literals; buffers carry that
 * much slack, and copies near a buffer's end go byte-exact instead.
 */
#define ZSTD_WILD 32

#define HUF_LOG_MAX     12 /* deepest Huffman code accepted (see zstd.h) */
#define HUF_SYMBOLS     256
#define HUF_WEIGHTS_LOG 6 /* accuracy log limit of FSE-coded weights */
#define LL_LOG_MAX      9
#define ML_LOG_MAX      9
#define OF_LOG_MAX      8
#define LL_MAX_SYMBOL   35
#define ML_MAX_SYMBOL   52
#define OF_MAX_SYMBOL   31 /* offset codes beyond are refused (see zstd.h) */
#define FSE_MAX_SYMBOL  52 /* the largest of the above */

enum { SEQ_LL, SEQ_OF, SEQ_ML };

/* One state of a sequence decoding table: the code's value and the next state. */
struct seq_entry {
	uint16_t next; /* baseline of the next state */
	uint8_t nbits; /* bits read and added to `next` */
	uint8_t extra; /* extra bits read and added to `base` */
	uint32_t base; /* literal or match length baseline; offsets: 1 << code */
};

struct seq_table {
	bool valid;      /* a table exists (for Repeat_Mode) */
	bool predefined; /* it is the predefined one (no need to build it again) */
	uint8_t log;     /* accuracy log; 0 for RLE_Mode */
	struct seq_entry e[1 << LL_LOG_MAX];
};

/* Single-symbol Huffman table: entry = symbol | code length << 8. */
struct huf_table {
	bool valid;
	uint8_t log; /* Max_Number_of_Bits: entries are indexed by that many bits */
	uint16_t e[1 << HUF_LOG_MAX];
};

/* Decoder state of one frame, carried from block to block. */
struct zstd_dctx {
	uint64_t window;              /* Window_Size */
	size_t block_max;             /* largest decoded block: min(window, 128 KiB) */
	const struct zstd_dict *dict; /* the frame's dictionary, or NULL */
	uint32_t rep[3];              /* repeat offsets */
	struct huf_table huf;         /* the last Huffman table, for treeless literals */
	struct seq_table seq[3];      /* LL, OF, ML tables, for Repeat_Mode */
	uint8_t *lit_buf;             /* ZSTD_BLOCK_MAX + ZSTD_WILD bytes for decoded literals */
	const uint8_t *lit;           /* this block's literals (lit_buf, or raw in the input) */
	size_t lit_size;
	const uint8_t *err_at; /* where in its input a stage found an error */
};

/*
 * Where a block's output goes. Output is written from *op forward inside
 * one contiguous segment starting at `base`; before it, ext_size bytes of
 * older history end at ext_end: the dictionary's content while base_pos is
 * 0 (the segment holds the frame from its first byte), else the streaming
 * ring's previous segment.
 */
struct zstd_hist {
	uint8_t *base;
	uint8_t *end; /* no byte is written at or past end */
	const uint8_t *ext_end;
	size_t ext_size;
	uint64_t base_pos; /* frame bytes before base */
	uint64_t window;
};

/* Record where an error was found and return it. */
static inline enum zstd_error zstd_fail(struct zstd_dctx *d, enum zstd_error e, const uint8_t *at)
{
	d->err_at = at;
	return e;
}

/* frame.c: set up d for a frame with header h (dictionary, tables, repeat offsets). */
enum zstd_error zstd_frame_begin(struct zstd_dctx *d, const struct zstd_frame_header *h,
				 const struct zstd_params *params);
/* frame.c: where, from the frame's start, zstd_frame_header() found error e. */
size_t zstd_frame_error_offset(enum zstd_error e);
/* frame.c: the workspace pointer rounded up to the alignment the structures want. */
void *zstd_align_workspace(void *work);

enum { ZSTD_BLOCK_RAW, ZSTD_BLOCK_RLE, ZSTD_BLOCK_COMPRESSED, ZSTD_BLOCK_RESERVED };

/* A block header: bit 0 last, bits 2-1 type, bits 23-3 size. */
struct zstd_block {
	bool last;
	unsigned type;
	uint32_t size; /* raw, RLE: decoded size; compressed: content size */
};

/* frame.c: split and check a block header (reserved type, size limits). */
enum zstd_error zstd_block_header(size_t block_max, uint32_t bh, struct zstd_block *b);

/*
 * block.c: decode the compressed block src[0..size) to *op, advancing it.
 * At most d->block_max bytes are produced.
 */
enum zstd_error zstd_block_decode(struct zstd_dctx *d, const uint8_t *src, size_t size,
				  const struct zstd_hist *h, uint8_t **op);

/* literals.c: decode the literals section at src into d->lit; *used = its size. */
enum zstd_error zstd_literals_decode(struct zstd_dctx *d, const uint8_t *src, size_t size,
				     size_t *used);

/*
 * huffman.c: read a Huffman tree description at src: the weights of all
 * symbols (the implied last one included; *count of them) and the depth
 * *log, checked to form a complete code; *used = bytes read. Then fill a
 * table from such weights, or do both at once; then decode `count`
 * literals from the 1 or 4 streams of src[0..size).
 */
enum zstd_error zstd_huf_read_weights(const uint8_t *src, size_t size, uint8_t *w, unsigned *count,
				      unsigned *log, size_t *used, const uint8_t **err_at);
void zstd_huf_build(struct huf_table *t, const uint8_t *w, unsigned count, unsigned log);
enum zstd_error zstd_huf_read_table(struct zstd_dctx *d, struct huf_table *t, const uint8_t *src,
				    size_t size, size_t *used);
enum zstd_error zstd_huf_decode(struct zstd_dctx *d, const struct huf_table *t, bool four,
				const uint8_t *src, size_t size, uint8_t *dst, size_t count);

/*
 * fse.c: read an FSE table description (§4.1.1) of at most max_log and
 * symbols 0..max_symbol into norm[]; *symbols = last symbol + 1, *log = its
 * accuracy log, *used = bytes read; on error *err_at says where. Then the
 * builders: sequence tables (with each code's baseline and extra bits) and
 * the table used for Huffman weights.
 */
enum zstd_error zstd_fse_read_counts(const uint8_t *src, size_t size, unsigned max_log,
				     unsigned max_symbol, int16_t *norm, unsigned *symbols,
				     unsigned *log, size_t *used, const uint8_t **err_at);
void zstd_fse_build_seq(struct seq_table *t, int kind, const int16_t *norm, unsigned symbols,
			unsigned log);
void zstd_fse_build_rle(struct seq_table *t, int kind, unsigned symbol);
void zstd_fse_build_predefined(struct seq_table *t, int kind);

struct fse_entry {
	uint8_t symbol;
	uint8_t nbits;
	uint16_t next;
};
void zstd_fse_build(struct fse_entry *t, const int16_t *norm, unsigned symbols, unsigned log);

/* sequences.c: the largest accuracy log and symbol of each kind of sequence table. */
extern const uint8_t zstd_seq_max_log[3], zstd_seq_max_symbol[3];

/*
 * sequences.c: read the sequences section header and tables at src (the
 * rest of the block); *nb_seq = Number_of_Sequences, *used = header and
 * table bytes, the bitstream follows.
 */
enum zstd_error zstd_sequences_header(struct zstd_dctx *d, const uint8_t *src, size_t size,
				      uint32_t *nb_seq, size_t *used);
/* Read one table description of the entropy tables of a dictionary or block. */
enum zstd_error zstd_seq_read_table(struct zstd_dctx *d, int kind, unsigned mode,
				    const uint8_t *src, size_t size, size_t *used);

/* execute.c: decode nb_seq sequences from the bitstream and execute them. */
enum zstd_error zstd_execute(struct zstd_dctx *d, const uint8_t *src, size_t size, uint32_t nb_seq,
			     const struct zstd_hist *h, uint8_t **op);
/* execute.c: a block without sequences: its literals are its content. */
enum zstd_error zstd_copy_literals(struct zstd_dctx *d, const struct zstd_hist *h, uint8_t **op,
				   const uint8_t *at);

/* dict.c: start a frame's state from a dictionary: its tables and repeat offsets. */
enum zstd_error zstd_dict_apply(struct zstd_dctx *d, const struct zstd_dict *dict);

#endif

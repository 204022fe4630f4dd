/*
 * zstd.h — a Zstandard decoder (RFC 8878) for untrusted input, without
 * allocation and without global state: the caller gives every byte of
 * memory the decoder uses, as a workspace whose size a function reports,
 * so any number of decodes may run at once in different workspaces.
 * Freestanding C11 for the kernel, user programs and host tools alike
 * (little-endian machines); about 2 KiB of stack at the deepest.
 *
 *   one-shot   zstd_decompress(): a whole input (one or more frames, any
 *              skippable frames skipped) into one output buffer, which is
 *              also the history matches copy from. Workspace:
 *              zstd_workspace_size(), about 148 KiB. zstd_content_size()
 *              walks the frames first to size the buffer, when they say.
 *   streaming  zstd_stream_init(), then zstd_stream_decompress() with input
 *              and output pieces of any size, then zstd_stream_end().
 *              Workspace: zstd_stream_workspace_size(window_max), that is
 *              window_max + about 405 KiB (a window ring, one block, the
 *              literals, tables), less below a 128 KiB window.
 *
 *   size_t ws = zstd_stream_workspace_size(8 << 20);
 *   struct zstd_params p = { .window_max = 8 << 20 };
 *   struct zstd_stream *s;
 *   zstd_stream_init(&s, malloc(ws), ws, &p);
 *   for each piece in[0..n) of the input:
 *           size_t ip = 0, op;
 *           do {
 *                   op = 0;
 *                   if (zstd_stream_decompress(s, in, n, &ip, out, sizeof out, &op))
 *                           fail: zstd_stream_in_pos(s) says where;
 *                   write out[0..op);
 *           } while (ip < n || op == sizeof out);
 *   if (zstd_stream_end(s))
 *           fail: the input stopped inside a frame;
 *
 * Every malformed input is refused with one of the codes of enum
 * zstd_error and the input offset where it was found; nothing is read or
 * written outside the caller's buffers, and every loop is bounded by the
 * input or the output.
 *
 * Frame (§3.1.1; little-endian; the header is 2 to 14 bytes after the magic):
 *
 *   offset  size   field
 *   0       4      Magic_Number 0xFD2FB528
 *   4       1      Frame_Header_Descriptor: bits 7-6 FCS flag, 5 single segment,
 *                  4 unused, 3 reserved (must be 0), 2 checksum flag, 1-0 DID flag
 *   5       0-1    Window_Descriptor (absent if single segment): exponent 7-3,
 *                  mantissa 2-0; Window_Size = 2^(10+e) + 2^(10+e)/8 * m
 *   ..      0-4    Dictionary_ID, DID flag 0/1/2/3 -> 0/1/2/4 bytes
 *   ..      0-8    Frame_Content_Size, FCS flag 0/1/2/3 -> 0 (1 if single segment)
 *                  /2/4/8 bytes; the 2-byte form has 256 added
 *   ..      n      blocks: 3-byte header (bit 0 last, bits 2-1 type: 0 raw, 1 RLE,
 *                  2 compressed, 3 reserved; bits 23-3 size), then the content
 *   ..      0-4    Content_Checksum: low 32 bits of XXH64(content, seed 0)
 *
 * Skippable frame: magic 0x184D2A50..0x184D2A5F, 4-byte size, that many bytes.
 *
 * Rules this decoder enforces, in both modes alike (so one-shot and
 * streaming accept and refuse exactly the same inputs, except that only
 * streaming applies window_max):
 *   - every block decodes to at most Block_Maximum_Size = min(Window_Size,
 *     128 KiB) bytes; a compressed block's content is at most 128 KiB (the
 *     errata's valid empty compressed block in a frame of Window_Size 0
 *     shows the compressed size cannot be held to Window_Size);
 *   - a match offset is at least 1 and at most Window_Size, and reaches no
 *     further back than the frame's own output; while the frame has
 *     produced at most Window_Size bytes, a match may reach further, into
 *     the dictionary's content (§5), by up to its whole size;
 *   - a Huffman-coded stream and the sequences bitstream are consumed
 *     exactly;
 *   - a Huffman description may be 12 bits deep, one more than RFC 8878
 *     allows, as the reference decoder accepts: dictionaries made by
 *     `zstd --train` can hold such a table (tests/zstd/vectors has one);
 *   - a frame that declares Frame_Content_Size produces exactly that many
 *     bytes, and a frame with a checksum must match it;
 *   - offset codes above 31 are refused (RFC 8878 lets a decoder limit them;
 *     31 covers every window up to 2 GiB).
 *
 * Dictionaries: zstd_dict_load() accepts both kinds of §5. A frame whose
 * Dictionary_ID is not 0 uses the supplied dictionary with that id and fails
 * with ZSTD_E_DICT_UNKNOWN if there is none; a frame with no Dictionary_ID
 * (or 0) uses the supplied dictionary whose id is 0, if any, else none.
 * Raw-content dictionaries load with id 0 (the "default" dictionary) unless
 * the caller names another; the caller may set a formatted dictionary's id
 * to 0 to use it for frames written without one (`zstd --no-dictID`).
 */
#ifndef ZSTD_ZSTD_H
#define ZSTD_ZSTD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZSTD_MAGIC           0xFD2FB528u
#define ZSTD_SKIPPABLE_MAGIC 0x184D2A50u /* low 4 bits are free */
#define ZSTD_DICT_MAGIC      0xEC30A437u
#define ZSTD_BLOCK_MAX       (128u * 1024) /* absolute Block_Maximum_Size */
#define ZSTD_WINDOW_MIN      1024u         /* smallest window a descriptor can give */
#define ZSTD_WINDOW_LIMIT    (1ull << 31)  /* largest window_max streaming supports */
/* Largest Window_Size a window descriptor may ask (exponent <= 21, as the reference decoder). */
#define ZSTD_WINDOW_DESCRIPTOR_MAX ((1ull << 31) + 7 * (1ull << 28))
#define ZSTD_CONTENT_UNKNOWN       UINT64_MAX /* no Frame_Content_Size in the header */
#define ZSTD_FRAME_HEADER_MAX      18         /* magic + largest header */

/* What went wrong; each code has one meaning. zstd_error_name() prints it. */
enum zstd_error {
	ZSTD_OK = 0,
	ZSTD_E_TRUNCATED,        /* the input ends inside a frame (or a magic) */
	ZSTD_E_BAD_MAGIC,        /* where a frame must start, neither magic is found */
	ZSTD_E_RESERVED,         /* a reserved bit or value is used: header bit 3, block
				    type 3, sequence-modes bits 1-0 */
	ZSTD_E_WINDOW_TOO_LARGE, /* streaming: Window_Size exceeds the caller's window_max;
				    any: a window descriptor asks more than 3.75 GiB */
	ZSTD_E_BLOCK_TOO_LARGE,  /* a block's content or decoded size is over the maximum */
	ZSTD_E_CORRUPT_LITERALS, /* literals section header: sizes inconsistent or do not fit */
	ZSTD_E_CORRUPT_HUFFMAN_TABLE,  /* Huffman description: bad weights, deeper than 12 bits */
	ZSTD_E_CORRUPT_HUFFMAN_STREAM, /* a Huffman-coded stream has no end mark or is not
					  consumed exactly */
	ZSTD_E_CORRUPT_FSE_TABLE,      /* FSE description: accuracy log too large, probabilities
					  not summing, symbol out of range, truncated */
	ZSTD_E_CORRUPT_SEQUENCES,      /* sequences section: header, bitstream not consumed
					  exactly, or more literals asked for than decoded */
	ZSTD_E_NO_PREVIOUS_TABLE,   /* treeless literals or Repeat_Mode with no table to repeat */
	ZSTD_E_BAD_OFFSET,          /* a match offset is 0, over Window_Size, or before the
				       start of the frame's output and dictionary */
	ZSTD_E_CONTENT_SIZE,        /* the frame decodes to more or fewer bytes than declared */
	ZSTD_E_CHECKSUM,            /* the content checksum does not match */
	ZSTD_E_DICT_UNKNOWN,        /* the frame needs a dictionary id the caller did not give */
	ZSTD_E_DICT_CORRUPT,        /* zstd_dict_load: the dictionary is malformed */
	ZSTD_E_OUTPUT_TOO_SMALL,    /* one-shot: the output buffer cannot hold the content */
	ZSTD_E_WORKSPACE_TOO_SMALL, /* the workspace is smaller than the size function says */
	ZSTD_E_BAD_ARGUMENT,        /* caller error: window_max above ZSTD_WINDOW_LIMIT, ... */
	ZSTD_E_COUNT                /* one past the last code */
};

/* Printable name of an error code ("ZSTD_E_CHECKSUM"), "ZSTD_E_?" if unknown. */
const char *zstd_error_name(enum zstd_error e);

/*
 * A dictionary, loaded by zstd_dict_load(). It points into the caller's
 * dictionary bytes, which must stay in place while it is used. `id` says
 * which frames use it (see the top of this file); the caller may change it.
 */
struct zstd_dict {
	uint32_t id;
	bool formatted;         /* has entropy tables and repeat offsets */
	const uint8_t *tables;  /* formatted: the entropy tables (Huffman, OF, ML, LL) */
	size_t tables_size;     /*   their size in bytes */
	uint32_t rep[3];        /* formatted: starting repeat offsets, else 1, 4, 8 */
	const uint8_t *content; /* history in front of every frame using it */
	size_t content_size;
};

/*
 * Load `size` bytes as a dictionary: a formatted one (magic 0xEC30A437,
 * Dictionary_ID, entropy tables, 3 repeat offsets, content) if it starts
 * with the magic, else raw content with id 0. Everything is checked here:
 * each table must decode, each repeat offset be non-zero and at most the
 * content size; a formatted dictionary's id must not be 0. Returns ZSTD_OK
 * or ZSTD_E_DICT_CORRUPT (*err_at, if not NULL, is the offset it was found
 * at). Uses about 1 KiB of stack.
 */
enum zstd_error zstd_dict_load(struct zstd_dict *d, const void *data, size_t size, size_t *err_at);
/* Use `size` bytes (any, even empty) as raw content with the given id. */
void zstd_dict_load_raw(struct zstd_dict *d, const void *data, size_t size, uint32_t id);

/* What the caller supplies and allows; a NULL pointer means the defaults. */
struct zstd_params {
	const struct zstd_dict *dicts; /* dictionaries frames may use, found by id */
	size_t dict_count;
	uint64_t window_max; /* streaming only: largest Window_Size accepted (frames
				asking more fail with ZSTD_E_WINDOW_TOO_LARGE); 0 means
				ZSTD_WINDOW_DEFAULT; at most ZSTD_WINDOW_LIMIT */
};
#define ZSTD_WINDOW_DEFAULT (8u << 20) /* RFC 8878's recommended minimum to support */

/* A frame header, as zstd_frame_header() reads it. */
struct zstd_frame_header {
	bool skippable;        /* a skippable frame: only skip_size is meaningful */
	uint32_t skip_size;    /*   bytes of user data after its 8-byte header */
	uint32_t header_size;  /* bytes from the magic to the first block header */
	uint64_t window_size;  /* Window_Size (Frame_Content_Size if single segment) */
	uint64_t content_size; /* Frame_Content_Size, or ZSTD_CONTENT_UNKNOWN */
	uint32_t dict_id;      /* Dictionary_ID, 0 if absent */
	bool single_segment;
	bool checksum; /* a 4-byte Content_Checksum follows the last block */
};

/*
 * Read the frame header at the start of src (`size` bytes available).
 * Returns ZSTD_OK, ZSTD_E_TRUNCATED (more bytes needed: at most
 * ZSTD_FRAME_HEADER_MAX), ZSTD_E_BAD_MAGIC or ZSTD_E_RESERVED.
 */
enum zstd_error zstd_frame_header(struct zstd_frame_header *h, const void *src, size_t size);

/*
 * Walk the frames of src[0..size) without decoding them, checking their
 * headers, block headers and lengths: *total = the sum of their
 * Frame_Content_Size, or ZSTD_CONTENT_UNKNOWN if a frame does not declare
 * it (or the sum overflows). Sizes the buffer of a one-shot decode; the
 * decode still checks every frame produces what it declared. Returns
 * ZSTD_OK, ZSTD_E_TRUNCATED, ZSTD_E_BAD_MAGIC, ZSTD_E_RESERVED or
 * ZSTD_E_BLOCK_TOO_LARGE with *err_at (if not NULL) where it was found.
 */
enum zstd_error zstd_content_size(const void *src, size_t size, uint64_t *total, size_t *err_at);

/* What zstd_frames_info() finds walking the frames (skippable ones not counted). */
struct zstd_frames_info {
	uint64_t content_size; /* as zstd_content_size's *total */
	uint64_t window_max;   /* the largest Window_Size: what streaming them needs */
	uint64_t frames;       /* zstd frames */
};

/* zstd_content_size, also telling the largest window and the number of frames. */
enum zstd_error zstd_frames_info(const void *src, size_t size, struct zstd_frames_info *info,
				 size_t *err_at);

/* ---- one-shot --------------------------------------------------------- */

/* Workspace bytes zstd_decompress() needs (about 148 KiB; any alignment). */
size_t zstd_workspace_size(void);

/*
 * Where a decode stopped. in_pos on failure is where the error was found:
 * the frame's start (bad magic, window, dictionary, a declared size that
 * does not fit the output), the field at fault (reserved header bit: +4;
 * checksum), the block header (reserved type, block size, a raw or RLE
 * block that does not fit, decoding past the declared size), the missing
 * part (truncation), or the place inside a compressed block (its section,
 * table, stream, or the sequences bitstream for errors of execution).
 */
struct zstd_result {
	enum zstd_error error;
	size_t in_pos;  /* success: src_size */
	size_t out_len; /* content bytes written: on failure, those of the frames and
			   blocks decoded before the one that failed */
};

/*
 * Decode every frame of src[0..src_size) into dst[0..dst_cap): zstd frames
 * are decoded one after the other, skippable frames skipped; an empty input
 * is zero frames. On failure the content written so far is undefined (it may
 * hold partial output) but nothing is written outside dst. src and dst must
 * not overlap. `work` is zstd_workspace_size() bytes of scratch.
 */
struct zstd_result zstd_decompress(void *dst, size_t dst_cap, const void *src, size_t src_size,
				   void *work, size_t work_size, const struct zstd_params *params);

/* ---- streaming -------------------------------------------------------- */

struct zstd_stream;

/*
 * Workspace bytes a stream accepting windows up to window_max (0: the
 * default) needs: the ring of window_max + min(window_max, 128 KiB) bytes,
 * 128 KiB for a block arriving in pieces, as much as one block for the
 * literals, and 17 KiB of tables and state. 0 if window_max is above
 * ZSTD_WINDOW_LIMIT.
 */
size_t zstd_stream_workspace_size(uint64_t window_max);

/*
 * Start a stream in `work` (work_size bytes, at least
 * zstd_stream_workspace_size(params->window_max)). params (may be NULL) is
 * copied, but the dictionaries it names must stay in place. *out receives
 * the stream, which lives inside `work`. Returns ZSTD_OK,
 * ZSTD_E_WORKSPACE_TOO_SMALL or ZSTD_E_BAD_ARGUMENT.
 */
enum zstd_error zstd_stream_init(struct zstd_stream **out, void *work, size_t work_size,
				 const struct zstd_params *params);

/*
 * Feed in[*in_pos..in_size) and write decoded bytes to out[*out_pos..out_cap),
 * advancing *in_pos and *out_pos. Input pieces and output room may be any
 * size, even 0 or 1 byte. Returns ZSTD_OK after making all the progress it
 * can (it stops when it needs more input or more output room), or an error,
 * which is sticky: every later call returns it again.
 */
enum zstd_error zstd_stream_decompress(struct zstd_stream *s, const void *in, size_t in_size,
				       size_t *in_pos, void *out, size_t out_cap, size_t *out_pos);

/*
 * After the last input: ZSTD_OK if the stream ended on a frame boundary with
 * every decoded byte handed out, ZSTD_E_TRUNCATED if it is inside a frame
 * (or has output left to take), or the stream's sticky error. Errors are
 * the same as zstd_decompress() gives for the same input, at the same
 * offsets, except that streaming never runs out of output room and refuses
 * windows over window_max; a truncation shows only here.
 */
enum zstd_error zstd_stream_end(const struct zstd_stream *s);

/* Total input bytes consumed so far; after an error, the offset where it was found. */
uint64_t zstd_stream_in_pos(const struct zstd_stream *s);

#endif

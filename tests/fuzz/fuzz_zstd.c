/*
 * fuzz_zstd — lib/zstd on arbitrary bytes: zstd_decompress and the
 * streaming decoder (in pieces whose sizes the input picks, down to 1
 * byte) must both return cleanly and agree: the same error at the same
 * offset, or the same content. Two exceptions are the documented ones:
 * only one-shot runs out of output room, only streaming refuses large
 * windows. Frames may use a raw-content default dictionary and a
 * formatted one (id 42); the input is also loaded as a dictionary.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zstd/zstd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP        (4u << 20)
#define WINDOW_MAX (8u << 20)

/* The raw default dictionary; tests/fuzz/seeds/zstd-rawdict.zst was made with it. */
static const char raw_dict[] =
	"Skyscope OS fuzzes its Zstandard decoder with frames that reach back into "
	"this dictionary: matches may copy from here before the frame has produced "
	"Window_Size bytes of its own. The quick brown fox jumps over the lazy dog.";

/* A formatted dictionary: Huffman weights 1 (+1), one-symbol OF, ML, LL tables. */
static const uint8_t fmt_dict[] = {
	0x37, 0xA4, 0x30, 0xEC, 0x2A, 0x00, 0x00, 0x00, 128, 0x10, 0xF0, 0x03, 0xF0, 0x03, 0xF0,
	0x03, 2,    0,    0,    0,    4,    0,    0,    0,   8,    0,    0,    0,    'A',  'B',
	'C',  'D',  'E',  'F',  'G',  'H',  'I',  'J',  'K', 'L',  'M',  'N',  'O',  'P',
};

static enum zstd_error streamed(const uint8_t *data, size_t size, const struct zstd_params *p,
				void *work, size_t work_size, uint8_t *out, size_t *len,
				uint64_t *at)
{
	/* Piece sizes from the input, so the mutations vary them too. */
	size_t in_piece = size % 3 == 0 ? 1 : size % 97 + 1;
	size_t out_piece = size % 5 == 0 ? 1 : (size > 0 ? data[size / 2] : 0) * 17u + 1;
	struct zstd_stream *s;
	if (zstd_stream_init(&s, work, work_size, p) != ZSTD_OK)
		abort();
	size_t ip = 0, op = 0;
	enum zstd_error e = ZSTD_OK;
	while (e == ZSTD_OK) {
		size_t in_end = in_piece < size - ip ? ip + in_piece : size;
		size_t out_end = out_piece < CAP - op ? op + out_piece : CAP;
		size_t ip0 = ip, op0 = op;
		e = zstd_stream_decompress(s, data, in_end, &ip, out, out_end, &op);
		if (ip > in_end || op > out_end)
			abort();
		if (e == ZSTD_OK && ip == ip0 && op == op0)
			break;
	}
	if (e == ZSTD_OK)
		e = zstd_stream_end(s);
	*len = op;
	*at = zstd_stream_in_pos(s);
	return e;
}

static void load_as_dictionary(const uint8_t *data, size_t size)
{
	struct zstd_dict d;
	size_t at = 0;
	if (zstd_dict_load(&d, data, size, &at) == ZSTD_OK) {
		if (d.content < data || d.content_size > (size_t)(data + size - d.content))
			abort();
		if (d.formatted && (d.rep[0] == 0 || d.rep[0] > d.content_size))
			abort();
	} else if (at > size) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *work, *swork, *out1, *out2;
	static size_t work_size, swork_size;
	static struct zstd_dict dicts[2];
	if (!work) {
		work_size = zstd_workspace_size();
		swork_size = zstd_stream_workspace_size(WINDOW_MAX);
		work = malloc(work_size);
		swork = malloc(swork_size);
		out1 = malloc(CAP);
		out2 = malloc(CAP);
		zstd_dict_load_raw(&dicts[0], raw_dict, sizeof raw_dict - 1, 0);
		if (zstd_dict_load(&dicts[1], fmt_dict, sizeof fmt_dict, NULL) != ZSTD_OK)
			abort();
	}
	struct zstd_params p = { .dicts = dicts, .dict_count = 2, .window_max = WINDOW_MAX };
	struct zstd_result r = zstd_decompress(out1, CAP, data, size, work, work_size, &p);
	if (r.out_len > CAP || (r.error == ZSTD_OK && r.in_pos != size) || r.in_pos > size)
		abort();
	size_t len;
	uint64_t at;
	enum zstd_error e = streamed(data, size, &p, swork, swork_size, out2, &len, &at);
	if (r.error == ZSTD_E_OUTPUT_TOO_SMALL || e == ZSTD_E_WINDOW_TOO_LARGE)
		return 0;
	if (e != r.error)
		abort();
	if (e == ZSTD_OK && (len != r.out_len || memcmp(out1, out2, len) != 0))
		abort();
	if (e != ZSTD_OK && e != ZSTD_E_TRUNCATED && at != r.in_pos)
		abort();
	load_as_dictionary(data, size);
	return 0;
}

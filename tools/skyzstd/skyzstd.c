/*
 * skyzstd — Zstandard on the host: decoding with our own lib/zstd (the
 * decoder Skyscope runs), compressing and training dictionaries with
 * Debian's libzstd (the right tool on the host), and wrapping payloads in
 * the compression metadata header (include/sky/compress.h) that modules and
 * images carry. `skyzstd --help` lists it all. Every output is written to a
 * temporary file and renamed into place only when complete and checked.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zdict.h>
#include <zstd.h>

#include "common/file.h"
#include "compress/compress.h"
#include "crypto/sha3.h"
#include "zstd/zstd.h"

#define INPUT_LIMIT       (16ull << 30) /* inputs are read whole */
#define OUT_PIECE         (1u << 20)
#define DICT_SIZE_DEFAULT (112 * 1024) /* as zstd --train */

static const char usage[] =
	"usage:\n"
	"  skyzstd -d IN -o OUT [-D DICT] [--max-window BYTES]\n"
	"      Decode a .zst file (any number of frames, skippable frames skipped) with\n"
	"      Skyscope's own decoder. Windows up to --max-window (default 2 GiB, the most\n"
	"      the format's reference allows) are accepted; memory is the input, plus the\n"
	"      largest window its frames ask for.\n"
	"  skyzstd -c [-L LEVEL] [-D DICT] IN -o OUT\n"
	"      Compress with libzstd (level 1-22, default 19) into one frame with its\n"
	"      content size and checksum.\n"
	"  skyzstd --wrap IN -o OUT [-L LEVEL] [-D DICT]\n"
	"      Compress and put the compression metadata header in front: sizes, the\n"
	"      dictionary id and the SHA3-512 of IN (include/sky/compress.h).\n"
	"  skyzstd --unwrap IN -o OUT [-D DICT]\n"
	"      Check the header, decode with Skyscope's decoder, check size and SHA3-512;\n"
	"      nothing is written unless all of it holds.\n"
	"  skyzstd --train -o DICT [--maxdict BYTES] FILES...\n"
	"      Build a dictionary from sample files (libzstd's ZDICT, default 112 KiB).\n"
	"\n"
	"Exit status: 0 done, 1 the input is corrupt or fails a check, 2 usage or I/O error.\n";

struct options {
	enum { NONE, DECODE, COMPRESS, WRAP, UNWRAP, TRAIN } mode;
	const char *in, *out, *dict;
	int level;
	uint64_t max_window;
	size_t maxdict;
	char **files; /* --train */
	int nfiles;
};

static int fail(int status, const char *fmt, const char *arg)
{
	fprintf(stderr, "skyzstd: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return status;
}

static uint8_t *load(const char *path, size_t *size)
{
	const char *why;
	uint8_t *data = file_read(path, size, INPUT_LIMIT, &why);
	if (!data)
		fprintf(stderr, "skyzstd: cannot read '%s': %s\n", path, why);
	return data;
}

static bool number(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno || end == s || *end || n > max)
		return false;
	*v = n;
	return true;
}

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .level = 19,
			       .max_window = ZSTD_WINDOW_LIMIT,
			       .maxdict = DICT_SIZE_DEFAULT };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		uint64_t v;
		if (strcmp(a, "-d") == 0 || strcmp(a, "-c") == 0 || strcmp(a, "--wrap") == 0 ||
		    strcmp(a, "--unwrap") == 0 || strcmp(a, "--train") == 0) {
			if (o->mode != NONE)
				return fail(2, "%s",
					    "give one of -d, -c, --wrap, --unwrap, --train");
			o->mode = a[1] == 'd'   ? DECODE
				  : a[1] == 'c' ? COMPRESS
				  : a[2] == 'w' ? WRAP
				  : a[2] == 'u' ? UNWRAP
						: TRAIN;
		} else if (strcmp(a, "-o") == 0 && has_value) {
			o->out = argv[++i];
		} else if (strcmp(a, "-D") == 0 && has_value) {
			o->dict = argv[++i];
		} else if (strcmp(a, "-L") == 0 && has_value) {
			if (!number(argv[++i], 22, &v) || v < 1)
				return fail(2, "-L takes a level from 1 to 22, not '%s'", argv[i]);
			o->level = (int)v;
		} else if (strcmp(a, "--max-window") == 0 && has_value) {
			if (!number(argv[++i], ZSTD_WINDOW_LIMIT, &v) || v < ZSTD_WINDOW_MIN)
				return fail(2,
					    "--max-window takes 1024 to 2147483648 bytes, not '%s'",
					    argv[i]);
			o->max_window = v;
		} else if (strcmp(a, "--maxdict") == 0 && has_value) {
			if (!number(argv[++i], 1u << 30, &v) || v < 256)
				return fail(2, "--maxdict takes 256 bytes to 1 GiB, not '%s'",
					    argv[i]);
			o->maxdict = (size_t)v;
		} else if (a[0] == '-' && a[1]) {
			return fail(2, "unknown or incomplete option '%s' (see --help)", a);
		} else if (o->mode == TRAIN) {
			if (!o->files)
				o->files = argv + i;
			o->nfiles++;
		} else if (!o->in) {
			o->in = a;
		} else {
			return fail(2, "unexpected argument '%s'", a);
		}
	}
	if (o->mode == NONE)
		return fail(2, "%s", "give one of -d, -c, --wrap, --unwrap, --train (see --help)");
	if (!o->out)
		return fail(2, "%s", "missing -o OUT");
	if (o->mode == TRAIN ? o->nfiles == 0 : !o->in)
		return fail(2, "%s",
			    o->mode == TRAIN ? "--train needs sample files"
					     : "missing the input file");
	return 0;
}

/* The -D dictionary for our decoder: formatted (its own id) or raw content (id 0). */
static int load_dict(const struct options *o, uint8_t **bytes, size_t *size, struct zstd_dict *d)
{
	*bytes = NULL;
	if (!o->dict)
		return 0;
	if (!(*bytes = load(o->dict, size)))
		return 2;
	size_t at;
	enum zstd_error e = zstd_dict_load(d, *bytes, *size, &at);
	if (e != ZSTD_OK) {
		fprintf(stderr, "skyzstd: '%s' is not a usable dictionary: %s at byte %zu\n",
			o->dict, zstd_error_name(e), at);
		return 1;
	}
	return 0;
}

static int decode(const struct options *o)
{
	size_t size, dsize = 0;
	uint8_t *in = load(o->in, &size), *dbytes = NULL, *work = NULL, *out = NULL;
	struct zstd_dict dict;
	int status = in ? load_dict(o, &dbytes, &dsize, &dict) : 2;
	struct zstd_frames_info info;
	size_t at = 0;
	char *tmp = NULL;
	int fd = -1;
	if (status)
		goto done;
	enum zstd_error e = zstd_frames_info(in, size, &info, &at);
	if (e == ZSTD_OK && info.window_max > o->max_window) {
		fprintf(stderr,
			"skyzstd: %s: a frame needs a window of %llu bytes, over --max-window\n",
			o->in, (unsigned long long)info.window_max);
		status = 1;
		goto done;
	}
	/* Stream with just the window the frames ask for (at least the minimum). */
	struct zstd_params p = { .dicts = dbytes ? &dict : NULL,
				 .dict_count = dbytes ? 1 : 0,
				 .window_max = e == ZSTD_OK && info.window_max > ZSTD_WINDOW_MIN
						       ? info.window_max
						       : ZSTD_WINDOW_MIN };
	size_t ws = zstd_stream_workspace_size(p.window_max);
	struct zstd_stream *s;
	if (!(work = malloc(ws)) || !(out = malloc(OUT_PIECE))) {
		status = fail(2, "%s", "out of memory");
		goto done;
	}
	if ((fd = file_stage_open(o->out, 0644, &tmp)) < 0) {
		status = fail(2, "cannot write '%s'", o->out);
		goto done;
	}
	e = zstd_stream_init(&s, work, ws, &p);
	size_t ip = 0;
	while (e == ZSTD_OK) {
		size_t op = 0;
		e = zstd_stream_decompress(s, in, size, &ip, out, OUT_PIECE, &op);
		if (op && file_write_all(fd, out, op)) {
			status = fail(2, "cannot write '%s'", o->out);
			goto done;
		}
		if (ip == size && op < OUT_PIECE)
			break;
	}
	if (e == ZSTD_OK)
		e = zstd_stream_end(s);
	if (e != ZSTD_OK) {
		fprintf(stderr, "skyzstd: %s: corrupt at byte %llu: %s\n", o->in,
			(unsigned long long)zstd_stream_in_pos(s), zstd_error_name(e));
		status = 1;
		goto done;
	}
	status = fsync(fd) || close(fd) ? fail(2, "cannot write '%s'", o->out) : 0;
	fd = -1;
	if (!status && file_commit(tmp, o->out))
		status = fail(2, "cannot write '%s'", o->out);
	tmp = NULL;
done:
	if (fd >= 0)
		close(fd);
	if (tmp)
		file_discard(tmp);
	free(out);
	free(work);
	free(dbytes);
	free(in);
	return status;
}

/* Compress src into a malloc'd frame with libzstd (content size and checksum included). */
static uint8_t *compress(const struct options *o, const uint8_t *src, size_t size, size_t *csize,
			 uint32_t *dict_id)
{
	size_t dsize = 0;
	uint8_t *dict = NULL;
	if (o->dict && !(dict = load(o->dict, &dsize)))
		return NULL;
	*dict_id = dict ? ZDICT_getDictID(dict, dsize) : 0; /* 0 for raw content */
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(size), r = 0;
	uint8_t *dst = malloc(cap);
	if (!c || !dst) {
		fail(2, "%s", "out of memory");
	} else {
		r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, o->level);
		if (!ZSTD_isError(r))
			r = ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
		if (!ZSTD_isError(r) && dict)
			r = ZSTD_CCtx_loadDictionary(c, dict, dsize);
		if (!ZSTD_isError(r))
			r = ZSTD_compress2(c, dst, cap, src, size);
		if (ZSTD_isError(r))
			fprintf(stderr, "skyzstd: libzstd: %s\n", ZSTD_getErrorName(r));
	}
	ZSTD_freeCCtx(c);
	free(dict);
	if (!c || !dst || ZSTD_isError(r)) {
		free(dst);
		return NULL;
	}
	*csize = r;
	return dst;
}

static int compress_file(const struct options *o, bool wrap)
{
	size_t size, csize;
	uint32_t dict_id;
	uint8_t *in = load(o->in, &size),
		*frame = in ? compress(o, in, size, &csize, &dict_id) : NULL;
	int status = 2;
	if (frame && !wrap) {
		status = file_write(o->out, frame, csize, 0644)
				 ? fail(2, "cannot write '%s'", o->out)
				 : 0;
	} else if (frame) {
		struct compress_info info = { .algorithm = SKY_CMH_ALGO_ZSTD,
					      .dict_id = dict_id,
					      .compressed_size = csize,
					      .decompressed_size = size };
		sha3_512(in, size, info.sha3_512);
		uint8_t *all = malloc(SKY_CMH_SIZE + csize);
		if (all) {
			compress_header_write(&info, all);
			memcpy(all + SKY_CMH_SIZE, frame, csize);
			status = file_write(o->out, all, SKY_CMH_SIZE + csize, 0644)
					 ? fail(2, "cannot write '%s'", o->out)
					 : 0;
		}
		free(all);
	}
	free(frame);
	free(in);
	return status;
}

static int unwrap(const struct options *o)
{
	size_t size, dsize = 0, len;
	uint8_t *in = load(o->in, &size), *dbytes = NULL, *out = NULL, *work = NULL;
	struct zstd_dict dict;
	struct compress_info info;
	const char *why;
	int status = in ? load_dict(o, &dbytes, &dsize, &dict) : 2;
	if (status)
		goto done;
	if (compress_header_read(in, size, &info, &why)) {
		status = fail(1, "%s", why);
		goto done;
	}
	if (info.decompressed_size > INPUT_LIMIT) {
		status = fail(1, "%s", "the header claims more than 16 GiB decompressed");
		goto done;
	}
	out = malloc(info.decompressed_size ? (size_t)info.decompressed_size : 1);
	work = malloc(zstd_workspace_size());
	if (!out || !work) {
		status = fail(2, "%s", "out of memory");
		goto done;
	}
	struct zstd_params p = { .dicts = dbytes ? &dict : NULL, .dict_count = dbytes ? 1 : 0 };
	if (compress_unwrap(in, size, out, (size_t)info.decompressed_size, &len, work,
			    zstd_workspace_size(), &p, &why)) {
		fprintf(stderr, "skyzstd: %s: %s\n", o->in, why);
		status = 1;
		goto done;
	}
	status = file_write(o->out, out, len, 0644) ? fail(2, "cannot write '%s'", o->out) : 0;
done:
	free(work);
	free(out);
	free(dbytes);
	free(in);
	return status;
}

static int train(const struct options *o)
{
	size_t total = 0, *sizes = calloc((size_t)o->nfiles, sizeof *sizes);
	uint8_t **data = calloc((size_t)o->nfiles, sizeof *data), *samples = NULL, *dict = NULL;
	int status = 2;
	for (int i = 0; sizes && data && i < o->nfiles; i++) {
		if (!(data[i] = load(o->files[i], &sizes[i])))
			goto done;
		total += sizes[i];
	}
	if (!sizes || !data || !(samples = malloc(total + 1)) || !(dict = malloc(o->maxdict))) {
		fail(2, "%s", "out of memory");
		goto done;
	}
	for (int i = 0, at = 0; i < o->nfiles; at += (int)sizes[i], i++)
		memcpy(samples + at, data[i], sizes[i]);
	size_t r = ZDICT_trainFromBuffer(dict, o->maxdict, samples, sizes, (unsigned)o->nfiles);
	if (ZDICT_isError(r)) {
		fprintf(stderr, "skyzstd: training failed: %s\n", ZDICT_getErrorName(r));
		status = 1;
		goto done;
	}
	status = file_write(o->out, dict, r, 0644) ? fail(2, "cannot write '%s'", o->out) : 0;
done:
	for (int i = 0; data && i < o->nfiles; i++)
		free(data[i]);
	free(data);
	free(sizes);
	free(samples);
	free(dict);
	return status;
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	struct options o;
	int status = parse(argc, argv, &o);
	if (status)
		return status;
	switch (o.mode) {
	case DECODE:
		return decode(&o);
	case COMPRESS:
		return compress_file(&o, false);
	case WRAP:
		return compress_file(&o, true);
	case UNWRAP:
		return unwrap(&o);
	default:
		return train(&o);
	}
}

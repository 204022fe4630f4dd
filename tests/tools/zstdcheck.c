/*
 * zstdcheck — drives lib/zstd over files for tests/zstd/run.sh: every
 * input is decoded one-shot and streaming (with several input and output
 * piece sizes), and all ways must give the same bytes or the same error.
 *
 *   zstdcheck expected DIR                 every file DIR/EXPECTED.txt lists must decode
 *                                          to its size and SHA-256, or fail (MUST_FAIL)
 *   zstdcheck roundtrip NAME ORIG ZST [DICT...]   ZST must decode to ORIG's bytes
 *   zstdcheck decode ZST [DICT...]         write the content to stdout
 *
 * Prints "PASS zstd/..." or "FAIL zstd/...: why" per check; exits 1 if any failed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sha2.h"
#include "zstd/zstd.h"

static int failures;

struct buf {
	uint8_t *p;
	size_t n;
};

static bool read_all(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t cap = 1 << 16;
	b->p = malloc(cap);
	b->n = 0;
	for (size_t got; (got = fread(b->p + b->n, 1, cap - b->n, f)) > 0;) {
		b->n += got;
		if (b->n == cap)
			b->p = realloc(b->p, cap *= 2);
	}
	fclose(f);
	return true;
}

/* The outcome of one way of decoding. */
struct outcome {
	enum zstd_error error;
	uint8_t *p;
	size_t n;
};

/* Content size bound for the one-shot buffer: the declared sizes, else a guess. */
static size_t out_bound(const struct buf *in)
{
	return in->n * 64 + (64u << 20);
}

static struct outcome oneshot(const struct buf *in, const struct zstd_params *params)
{
	struct outcome o = { 0 };
	size_t cap = out_bound(in), ws = zstd_workspace_size();
	void *work = malloc(ws);
	o.p = malloc(cap);
	struct zstd_result r = zstd_decompress(o.p, cap, in->p, in->n, work, ws, params);
	o.error = r.error;
	o.n = r.out_len;
	free(work);
	return o;
}

/* The largest window among the frames, so the stream's workspace fits them. */
static uint64_t window_needed(const struct buf *in)
{
	struct zstd_frame_header h;
	if (zstd_frame_header(&h, in->p, in->n) == ZSTD_OK && !h.skippable &&
	    h.window_size <= ZSTD_WINDOW_LIMIT && h.window_size > ZSTD_WINDOW_DEFAULT)
		return h.window_size;
	return ZSTD_WINDOW_DEFAULT;
}

static struct outcome streamed(const struct buf *in, const struct zstd_params *params,
			       size_t in_piece, size_t out_piece)
{
	struct outcome o = { 0 };
	struct zstd_params p = params ? *params : (struct zstd_params){ 0 };
	p.window_max = window_needed(in);
	size_t ws = zstd_stream_workspace_size(p.window_max), cap = out_bound(in);
	void *work = malloc(ws);
	o.p = malloc(cap);
	struct zstd_stream *s;
	o.error = zstd_stream_init(&s, work, ws, &p);
	size_t ip = 0;
	while (o.error == ZSTD_OK) {
		size_t in_end = in_piece < in->n - ip ? ip + in_piece : in->n;
		size_t out_end = out_piece < cap - o.n ? o.n + out_piece : cap;
		size_t ip0 = ip, op0 = o.n;
		o.error = zstd_stream_decompress(s, in->p, in_end, &ip, o.p, out_end, &o.n);
		if (o.error == ZSTD_OK && ip == ip0 && o.n == op0)
			break; /* no more input or room (or a stall: zstd_stream_end tells) */
	}
	if (o.error == ZSTD_OK)
		o.error = zstd_stream_end(s);
	free(work);
	return o;
}

static void check(bool ok, const char *name, const char *why)
{
	if (ok) {
		printf("PASS zstd/%s\n", name);
	} else {
		printf("FAIL zstd/%s: %s\n", name, why);
		failures++;
	}
}

/*
 * Decode every way; the first outcome is returned (caller frees), and any
 * disagreement between the ways is a failure of its own.
 */
static struct outcome decode_all_ways(const char *name, const struct buf *in,
				      const struct zstd_params *params)
{
	static const size_t pieces[][2] = { { 1, 1 },    { 1, 1 << 20 },   { 7, 3 },
					    { 4096, 1 }, { 65536, 65536 }, { SIZE_MAX, SIZE_MAX } };
	struct outcome first = oneshot(in, params);
	bool same = true;
	char why[200] = "";
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		/* Byte-by-byte output is slow under the sanitizers: small inputs only. */
		if (pieces[i][1] < 16 && first.n > (1u << 20))
			continue;
		struct outcome o = streamed(in, params, pieces[i][0], pieces[i][1]);
		if (o.error != first.error ||
		    (o.error == ZSTD_OK && (o.n != first.n || memcmp(o.p, first.p, o.n) != 0))) {
			snprintf(why, sizeof why,
				 "streaming (pieces %zu/%zu) gave %s, %zu bytes; one-shot %s, %zu",
				 pieces[i][0], pieces[i][1], zstd_error_name(o.error), o.n,
				 zstd_error_name(first.error), first.n);
			same = false;
		}
		free(o.p);
	}
	char agree[300];
	snprintf(agree, sizeof agree, "%s/modes-agree", name);
	check(same, agree, why);
	return first;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void load_dicts(char **paths, int n, struct zstd_dict *dicts, struct buf *raw)
{
	for (int i = 0; i < n; i++) {
		size_t at;
		if (!read_all(paths[i], &raw[i]) ||
		    zstd_dict_load(&dicts[i], raw[i].p, raw[i].n, &at) != ZSTD_OK) {
			fprintf(stderr, "zstdcheck: bad dictionary %s\n", paths[i]);
			exit(2);
		}
	}
}

/* One line of EXPECTED.txt: "FILE OK size=N sha256=HEX ..." or "FILE MUST_FAIL ...". */
static void expected_line(const char *dir, char *line)
{
	char file[256], verdict[32], sha_want[65] = "";
	size_t size_want = 0;
	if (line[0] == '#' || sscanf(line, "%255s %31s", file, verdict) != 2)
		return;
	bool must_fail = strcmp(verdict, "MUST_FAIL") == 0;
	if (!must_fail && sscanf(line, "%*s OK size=%zu sha256=%64s", &size_want, sha_want) != 2) {
		check(false, file, "unreadable line in EXPECTED.txt");
		return;
	}
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	struct buf in;
	if (!read_all(path, &in)) {
		check(false, file, "cannot read the file");
		return;
	}
	struct outcome o = decode_all_ways(file, &in, NULL);
	char why[300] = "";
	bool ok;
	if (must_fail) {
		ok = o.error != ZSTD_OK;
		snprintf(why, sizeof why, "decoded %zu bytes, should have failed", o.n);
	} else {
		uint8_t sha[32];
		char got[65];
		sha256(o.p, o.n, sha);
		hex(sha, 32, got);
		ok = o.error == ZSTD_OK && o.n == size_want && strcmp(got, sha_want) == 0;
		snprintf(why, sizeof why, "%s, %zu bytes, sha256 %s", zstd_error_name(o.error), o.n,
			 got);
	}
	check(ok, file, why);
	free(o.p);
	free(in.p);
}

static int expected(const char *dir)
{
	char path[600], line[1024];
	snprintf(path, sizeof path, "%s/EXPECTED.txt", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		check(false, "expected", "cannot read EXPECTED.txt");
		return 1;
	}
	while (fgets(line, sizeof line, f))
		expected_line(dir, line);
	fclose(f);
	return failures != 0;
}

static int roundtrip(const char *name, const char *orig_path, const char *zst_path,
		     char **dict_paths, int ndicts)
{
	struct buf orig, zst, raw[8];
	struct zstd_dict dicts[8];
	if (ndicts > 8 || !read_all(orig_path, &orig) || !read_all(zst_path, &zst)) {
		check(false, name, "cannot read the files");
		return 1;
	}
	load_dicts(dict_paths, ndicts, dicts, raw);
	struct zstd_params params = { .dicts = dicts, .dict_count = (size_t)ndicts };
	struct outcome o = decode_all_ways(name, &zst, &params);
	char why[200];
	snprintf(why, sizeof why, "%s, %zu bytes of %zu", zstd_error_name(o.error), o.n, orig.n);
	check(o.error == ZSTD_OK && o.n == orig.n && memcmp(o.p, orig.p, o.n) == 0, name, why);
	free(o.p);
	free(orig.p);
	free(zst.p);
	for (int i = 0; i < ndicts; i++)
		free(raw[i].p);
	return failures != 0;
}

static int decode(const char *zst_path, char **dict_paths, int ndicts)
{
	struct buf zst, raw[8];
	struct zstd_dict dicts[8];
	if (ndicts > 8 || !read_all(zst_path, &zst))
		return 2;
	load_dicts(dict_paths, ndicts, dicts, raw);
	struct zstd_params params = { .dicts = dicts, .dict_count = (size_t)ndicts };
	struct outcome o = oneshot(&zst, &params);
	if (o.error == ZSTD_OK)
		fwrite(o.p, 1, o.n, stdout);
	else
		fprintf(stderr, "zstdcheck: %s\n", zstd_error_name(o.error));
	free(o.p);
	free(zst.p);
	for (int i = 0; i < ndicts; i++)
		free(raw[i].p);
	return o.error != ZSTD_OK;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "expected") == 0)
		return expected(argv[2]);
	if (argc >= 5 && strcmp(argv[1], "roundtrip") == 0)
		return roundtrip(argv[2], argv[3], argv[4], argv + 5, argc - 5);
	if (argc >= 3 && strcmp(argv[1], "decode") == 0)
		return decode(argv[2], argv + 3, argc - 3);
	fprintf(stderr, "usage: zstdcheck expected DIR | roundtrip NAME ORIG ZST [DICT...] | "
			"decode ZST [DICT...]\n");
	return 2;
}

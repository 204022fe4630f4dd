/*
 * roundtrip — lib/zstd decodes what libzstd (Debian's, the reference)
 * makes, across the encoder's range: every level 1-22, with and without
 * checksums and content sizes, tiny and long windows (a 128 MiB window
 * descriptor), small blocks, several frames with skippable frames between
 * them, formatted and raw-content dictionaries. Inputs are text-like,
 * binary-like, incompressible, runs and tiny. Each frame is decoded
 * one-shot (into an exact buffer) and streaming (input and output in odd
 * piece sizes), and both must give back the input. One PASS/FAIL line per
 * group of cases.
 */
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_c_targetCBlockSize, raw-content dictionaries */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

#include "zstd/zstd.h"

#define INPUT_SIZE (192 * 1024)

static uint8_t *inputs[5];
static size_t sizes[5];
static const char *const input_names[5] = { "text", "binary", "random", "runs", "tiny" };
static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void make_inputs(void)
{
	static const char *const words[] = { "capability ", "endpoint ", "the ",    "kernel ",
					     "of ",         "memory ",   "object ", "revoke ",
					     "and ",        "message " };
	for (int i = 0; i < 5; i++)
		inputs[i] = malloc(INPUT_SIZE);
	size_t n = 0;
	while (n < INPUT_SIZE - 16) { /* text: words with skewed frequencies */
		const char *w = words[next() % 3 ? next() % 3 : next() % 10];
		memcpy(inputs[0] + n, w, strlen(w));
		n += strlen(w);
	}
	sizes[0] = n;
	for (size_t i = 0; i < INPUT_SIZE; i++) /* binary: small integers and repeated structs */
		inputs[1][i] = (uint8_t)(i % 64 < 8 ? next() % 4 : (i * 7) >> (i % 5));
	sizes[1] = INPUT_SIZE;
	for (size_t i = 0; i < INPUT_SIZE; i++)
		inputs[2][i] = (uint8_t)next();
	sizes[2] = INPUT_SIZE;
	for (size_t i = 0; i < INPUT_SIZE;) { /* runs of one byte, of random lengths */
		size_t len = 1 + next() % 3000;
		memset(inputs[3] + i, (int)(next() % 4),
		       len < INPUT_SIZE - i ? len : INPUT_SIZE - i);
		i += len;
	}
	sizes[3] = INPUT_SIZE;
	memcpy(inputs[4], "x", 1);
	sizes[4] = 1;
}

/* Compress with the given parameters (level first); NULL on a libzstd error. */
static uint8_t *compress(const uint8_t *src, size_t n, size_t *out, const int *params,
			 const void *dict, size_t dsize, bool raw_dict)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), r = 0;
	uint8_t *dst = malloc(cap);
	for (int i = 0; params[i]; i += 2)
		if (!ZSTD_isError(r))
			r = ZSTD_CCtx_setParameter(c, (ZSTD_cParameter)params[i], params[i + 1]);
	if (!ZSTD_isError(r) && dict)
		r = ZSTD_CCtx_loadDictionary_advanced(c, dict, dsize, ZSTD_dlm_byRef,
						      raw_dict ? ZSTD_dct_rawContent
							       : ZSTD_dct_auto);
	if (!ZSTD_isError(r))
		r = ZSTD_compress2(c, dst, cap, src, n);
	ZSTD_freeCCtx(c);
	if (ZSTD_isError(r)) {
		printf("    libzstd: %s\n", ZSTD_getErrorName(r));
		free(dst);
		return NULL;
	}
	*out = r;
	return dst;
}

/* Decode one-shot and streaming; both must give want[0..n). Returns what went wrong, or NULL. */
static const char *decodes_to(const uint8_t *z, size_t zn, const uint8_t *want, size_t n,
			      const struct zstd_params *params)
{
	static uint8_t *work;
	size_t ws = zstd_workspace_size();
	if (!work)
		work = malloc(ws);
	uint8_t *out = malloc(n ? n : 1);
	struct zstd_result r = zstd_decompress(out, n, z, zn, work, ws, params);
	bool ok = r.error == ZSTD_OK && r.out_len == n && memcmp(out, want, n) == 0;
	if (!ok) {
		free(out);
		return r.error != ZSTD_OK ? zstd_error_name(r.error) : "one-shot gave other bytes";
	}
	/* Streaming: input in pieces of 1000 bytes, output in pieces of 777. */
	size_t sws = zstd_stream_workspace_size(params->window_max);
	uint8_t *swork = malloc(sws), piece[777];
	struct zstd_stream *s;
	enum zstd_error e = zstd_stream_init(&s, swork, sws, params);
	size_t ip = 0, got = 0;
	while (e == ZSTD_OK && (ip < zn || got < n)) {
		size_t end = zn - ip < 1000 ? zn : ip + 1000, op = 0, before = ip;
		e = zstd_stream_decompress(s, z, end, &ip, piece, sizeof piece, &op);
		if (op > n - got || memcmp(piece, want + got, op) != 0)
			e = ZSTD_E_COUNT; /* more bytes than the input, or other ones */
		got += op;
		if (e == ZSTD_OK && op == 0 && ip == before) /* no progress: the end, or stuck */
			break;
	}
	if (e == ZSTD_OK)
		e = zstd_stream_end(s);
	free(swork);
	free(out);
	if (e != ZSTD_OK)
		return e == ZSTD_E_COUNT ? "streaming gave other bytes" : zstd_error_name(e);
	return got == n ? NULL : "streaming gave fewer bytes";
}

static int failures;

/* Count a group's cases; report the first failure. */
struct group {
	const char *name;
	int cases, failed;
	char first[160];
};

static void check(struct group *g, const char *what, const uint8_t *src, size_t n, const uint8_t *z,
		  size_t zn, const struct zstd_params *params)
{
	g->cases++;
	const char *why = z ? decodes_to(z, zn, src, n, params) : "libzstd refused";
	if (why && !g->failed++)
		snprintf(g->first, sizeof g->first, "%s: %s", what, why);
}

static void report(struct group *g)
{
	if (g->failed) {
		failures++;
		printf("FAIL zstd/roundtrip/%s: %d of %d cases, first %s\n", g->name, g->failed,
		       g->cases, g->first);
	} else {
		printf("PASS zstd/roundtrip/%s (%d cases)\n", g->name, g->cases);
	}
}

/* Compress every input with `params` and check it; `label` names the case. */
static void all_inputs(struct group *g, const char *label, const int *params,
		       const struct zstd_params *zp)
{
	for (int i = 0; i < 5; i++) {
		size_t zn;
		uint8_t *z = compress(inputs[i], sizes[i], &zn, params, NULL, 0, false);
		char what[96];
		snprintf(what, sizeof what, "%s %s", label, input_names[i]);
		check(g, what, inputs[i], sizes[i], z, zn, zp);
		free(z);
	}
}

int main(void)
{
	make_inputs();
	struct zstd_params plain = { .window_max = 8u << 20 };

	struct group levels = { .name = "levels-1-to-22" };
	for (int level = 1; level <= 22; level++) {
		int params[] = { ZSTD_c_compressionLevel, level, ZSTD_c_checksumFlag, level % 2,
				 0 };
		char label[32];
		snprintf(label, sizeof label, "level %d", level);
		all_inputs(&levels, label, params, &plain);
	}
	report(&levels);

	struct group frames = { .name = "checksums-and-content-sizes" };
	for (int flags = 0; flags < 4; flags++) {
		int params[] = { ZSTD_c_compressionLevel,
				 7,
				 ZSTD_c_checksumFlag,
				 flags & 1,
				 ZSTD_c_contentSizeFlag,
				 flags >> 1,
				 0 };
		all_inputs(&frames, flags & 1 ? "checksum" : "no checksum", params, &plain);
	}
	report(&frames);

	struct group windows = { .name = "windows" };
	int tiny[] = { ZSTD_c_compressionLevel, 9, ZSTD_c_windowLog, 10, 0 };
	all_inputs(&windows, "1 KiB window", tiny, &plain);
	/* No content size, so the descriptor really asks for 128 MiB. */
	int longw[] = { ZSTD_c_compressionLevel,
			5,
			ZSTD_c_windowLog,
			27,
			ZSTD_c_enableLongDistanceMatching,
			1,
			ZSTD_c_contentSizeFlag,
			0,
			0 };
	struct zstd_params big = { .window_max = 128u << 20 };
	all_inputs(&windows, "128 MiB window, long matching", longw, &big);
	report(&windows);

	struct group blocks = { .name = "small-blocks" };
	for (int target = 1340; target <= 8192; target *= 2) {
		int params[] = { ZSTD_c_compressionLevel, 19, ZSTD_c_targetCBlockSize, target, 0 };
		all_inputs(&blocks, "small blocks", params, &plain);
	}
	report(&blocks);

	/* Several frames, skippable frames among them: the contents in a row. */
	struct group multi = { .name = "frames-and-skippable-frames" };
	uint8_t *all = malloc(6 * INPUT_SIZE + 4096), *want = malloc(6 * INPUT_SIZE);
	size_t an = 0, wn = 0;
	for (int i = 0; i < 5; i++) {
		int params[] = { ZSTD_c_compressionLevel, 3 + 4 * i, ZSTD_c_checksumFlag, 1, 0 };
		size_t zn;
		uint8_t *z = compress(inputs[i], sizes[i], &zn, params, NULL, 0, false);
		uint32_t skip = (uint32_t)(next() % 300);
		uint32_t magic = ZSTD_SKIPPABLE_MAGIC | (uint32_t)i;
		memcpy(all + an, &magic, 4); /* little-endian host */
		memcpy(all + an + 4, &skip, 4);
		memset(all + an + 8, 0xEE, skip);
		an += 8 + skip;
		memcpy(all + an, z, zn);
		an += zn;
		memcpy(want + wn, inputs[i], sizes[i]);
		wn += sizes[i];
		free(z);
		check(&multi, "frames so far", want, wn, all, an, &plain);
	}
	report(&multi);

	/* Dictionaries: trained (formatted, with an id) and raw content (id 0). */
	struct group dicts = { .name = "dictionaries" };
	size_t nsamples = 200, *ssizes = malloc(nsamples * sizeof *ssizes);
	for (size_t i = 0; i < nsamples; i++)
		ssizes[i] = 512;
	static uint8_t dict[16384];
	size_t dn = ZDICT_trainFromBuffer(dict, sizeof dict, inputs[0], ssizes, (unsigned)nsamples);
	if (ZDICT_isError(dn)) {
		printf("FAIL zstd/roundtrip/dictionaries: training failed: %s\n",
		       ZDICT_getErrorName(dn));
		return 1;
	}
	struct zstd_dict formatted, raw;
	size_t at;
	bool loaded = zstd_dict_load(&formatted, dict, dn, &at) == ZSTD_OK;
	zstd_dict_load_raw(&raw, inputs[1], 4096, 0);
	struct zstd_params with_formatted = { .dicts = &formatted,
					      .dict_count = 1,
					      .window_max = 8u << 20 };
	struct zstd_params with_raw = { .dicts = &raw, .dict_count = 1, .window_max = 8u << 20 };
	for (int level = 1; loaded && level <= 19; level += 3) {
		int params[] = { ZSTD_c_compressionLevel, level, ZSTD_c_checksumFlag, 1, 0 };
		for (int i = 0; i < 5; i++) {
			size_t zn;
			size_t n = sizes[i] < 3000
					   ? sizes[i]
					   : 3000; /* dictionaries matter for small inputs */
			uint8_t *z =
				compress(inputs[i] + sizes[i] - n, n, &zn, params, dict, dn, false);
			check(&dicts, "trained dictionary", inputs[i] + sizes[i] - n, n, z, zn,
			      &with_formatted);
			free(z);
			z = compress(inputs[i] + sizes[i] - n, n, &zn, params, inputs[1], 4096,
				     true);
			check(&dicts, "raw-content dictionary", inputs[i] + sizes[i] - n, n, z, zn,
			      &with_raw);
			free(z);
		}
	}
	if (!loaded) {
		dicts.failed = dicts.cases = 1;
		snprintf(dicts.first, sizeof dicts.first,
			 "zstd_dict_load refused libzstd's dictionary");
	}
	report(&dicts);
	free(ssizes);
	free(all);
	free(want);
	for (int i = 0; i < 5; i++)
		free(inputs[i]);
	return failures != 0;
}

/*
 * zstd.c — decoding speed of lib/zstd beside libzstd (Debian's, the
 * reference), on the same files in the same run: text (C headers from
 * /usr/include), a binary (QEMU's executable) and incompressible bytes,
 * each compressed by libzstd at levels 19 and 3. A figure is the best of
 * RUNS one-shot decodes of the whole file (content checksum verified),
 * in MB/s of decoded bytes (10^6 bytes per second), wall clock.
 *
 *   bench zstd.decode.l19.text.mbps 1500 MB/s
 *   bench libzstd.decode.l19.text.mbps 1800 MB/s
 *   bench zstd.decode.l19.text.ratio_to_libzstd 0.83 x
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zstd.h>

#include "zstd/zstd.h"

#define CORPUS (16u << 20)
#define RUNS   9

struct corpus {
	const char *name;
	uint8_t *data;
	size_t size;
};

/* Append files under dir ending in .h until the corpus is full (sorted walk, for repeatability). */
static void add_headers(struct corpus *c, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char path[4096];
		const char *e = names[i]->d_name;
		snprintf(path, sizeof path, "%s/%s", dir, e);
		if (e[0] != '.' && c->size < CORPUS) {
			size_t len = strlen(e);
			if (names[i]->d_type == DT_DIR) {
				add_headers(c, path);
			} else if (len > 2 && strcmp(e + len - 2, ".h") == 0) {
				FILE *f = fopen(path, "rb");
				if (f) {
					c->size += fread(c->data + c->size, 1, CORPUS - c->size, f);
					fclose(f);
				}
			}
		}
		free(names[i]);
	}
	free(names);
}

static void load_file(struct corpus *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f) {
		c->size = fread(c->data, 1, CORPUS, f);
		fclose(f);
	}
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void put(const char *who, int level, const char *name, double mbps)
{
	printf("bench %s.decode.l%d.%s.mbps %.0f MB/s\n", who, level, name, mbps);
}

static void measure(const struct corpus *c, int level)
{
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	size_t cap = ZSTD_compressBound(c->size);
	uint8_t *z = malloc(cap), *out = malloc(c->size), *work = malloc(zstd_workspace_size());
	size_t zn = ZSTD_compress2(cc, z, cap, c->data, c->size);
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	double ours = 0, theirs = 0;
	for (int r = 0; r < RUNS && !ZSTD_isError(zn); r++) {
		double t0 = now();
		struct zstd_result res =
			zstd_decompress(out, c->size, z, zn, work, zstd_workspace_size(), NULL);
		double t1 = now();
		if (res.error != ZSTD_OK || res.out_len != c->size ||
		    memcmp(out, c->data, c->size) != 0) {
			fprintf(stderr, "bench: lib/zstd failed on %s: %s\n", c->name,
				zstd_error_name(res.error));
			exit(1);
		}
		size_t got = ZSTD_decompressDCtx(dc, out, c->size, z, zn);
		double t2 = now();
		if (got != c->size) {
			fprintf(stderr, "bench: libzstd failed on %s\n", c->name);
			exit(1);
		}
		double a = (double)c->size / (t1 - t0) / 1e6, b = (double)c->size / (t2 - t1) / 1e6;
		ours = a > ours ? a : ours;
		theirs = b > theirs ? b : theirs;
	}
	put("zstd", level, c->name, ours);
	put("libzstd", level, c->name, theirs);
	printf("bench zstd.decode.l%d.%s.ratio_to_libzstd %.2f x\n", level, c->name, ours / theirs);
	printf("bench zstd.l%d.%s.compression_ratio %.2f x\n", level, c->name,
	       (double)c->size / (double)zn);
	ZSTD_freeCCtx(cc);
	ZSTD_freeDCtx(dc);
	free(z);
	free(out);
	free(work);
}

int main(void)
{
	struct corpus text = { "text", malloc(CORPUS), 0 },
		      binary = { "binary", malloc(CORPUS), 0 },
		      random = { "random", malloc(CORPUS), CORPUS };
	add_headers(&text, "/usr/include");
	load_file(&binary, "/usr/bin/qemu-system-x86_64");
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < CORPUS; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		random.data[i] = (uint8_t)x;
	}
	const struct corpus *all[] = { &text, &binary, &random };
	for (int level = 19; level >= 3; level -= 16)
		for (int i = 0; i < 3; i++)
			if (all[i]->size > (1u << 20))
				measure(all[i], level);
			else
				fprintf(stderr, "bench: no %s corpus on this machine, skipped\n",
					all[i]->name);
	return 0;
}

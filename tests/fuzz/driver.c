/*
 * driver.c — runs a libFuzzer-style target without libFuzzer, so every
 * machine (and `make test`) can fuzz with gcc and the sanitizers: each seed
 * file is run as is, then mutated (bit flips, byte sets, interesting
 * values, truncation, splices) for a number of iterations from a fixed
 * random seed, so a failure is reproducible. Prints "PASS fuzz/NAME".
 *
 *   fuzz_X NAME ITERATIONS SEED_FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (1u << 20)

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void mutate(uint8_t *buf, size_t *size)
{
	static const uint64_t interesting[] = { 0,
						1,
						0x7F,
						0x80,
						0xFF,
						0xFFFF,
						0x7FFFFFFF,
						0xFFFFFFFF,
						0x1000,
						0xFFFFFFFFFFFFFFFFull,
						0x8000000000000000ull };
	int rounds = 1 + (int)(next() % 4);
	for (int r = 0; r < rounds && *size; r++) {
		size_t at = next() % *size;
		switch (next() % 5) {
		case 0:
			buf[at] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1:
			buf[at] = (uint8_t)next();
			break;
		case 2: {
			uint64_t v =
				interesting[next() % (sizeof interesting / sizeof interesting[0])];
			size_t n = (size_t)1 << (next() % 4);
			if (at + n <= *size)
				memcpy(buf + at, &v, n);
			break;
		}
		case 3:
			*size = at;
			break;
		default: { /* copy a run from elsewhere in the input */
			size_t from = next() % *size, n = next() % 64;
			if (from + n <= *size && at + n <= *size)
				memmove(buf + at, buf + from, n);
			break;
		}
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s NAME ITERATIONS SEED_FILE...\n", argv[0]);
		return 2;
	}
	long iterations = atol(argv[2]);
	int nseeds = argc - 3;
	uint8_t **seeds = calloc((size_t)nseeds, sizeof *seeds);
	size_t *sizes = calloc((size_t)nseeds, sizeof *sizes);
	for (int i = 0; i < nseeds; i++) {
		FILE *f = fopen(argv[3 + i], "rb");
		long len = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
		seeds[i] = len >= 0 && len <= MAX_INPUT ? malloc((size_t)len + 1) : NULL;
		if (!f || !seeds[i] || fseek(f, 0, SEEK_SET) != 0) {
			printf("FAIL fuzz/%s: cannot read seed %s (at most %u bytes)\n", argv[1],
			       argv[3 + i], MAX_INPUT);
			return 1;
		}
		sizes[i] = fread(seeds[i], 1, (size_t)len, f);
		fclose(f);
		LLVMFuzzerTestOneInput(seeds[i], sizes[i]);
	}
	uint8_t *work = malloc(MAX_INPUT);
	for (long it = 0; it < iterations; it++) {
		int s = (int)(next() % (uint64_t)nseeds);
		size_t size = sizes[s];
		memcpy(work, seeds[s], size);
		mutate(work, &size);
		/* An exact-size copy, so reads past the end trip AddressSanitizer. */
		uint8_t *exact = malloc(size ? size : 1);
		memcpy(exact, work, size);
		LLVMFuzzerTestOneInput(exact, size);
		free(exact);
	}
	printf("PASS fuzz/%s (%ld inputs)\n", argv[1], iterations);
	for (int i = 0; i < nseeds; i++)
		free(seeds[i]);
	free(seeds);
	free(sizes);
	free(work);
	return 0;
}

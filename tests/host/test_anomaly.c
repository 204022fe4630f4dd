/*
 * test_anomaly — the ransomware detector: the entropy estimate on known
 * inputs; a simulated ransomware run (one actor rewriting 500 text files
 * with random bytes) is flagged, once per window; unpacking an archive,
 * rewriting compressed files and a build are not; actors are kept apart.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "skyaifs/anomaly.h"

#define SECOND 1000000000ull

static uint8_t text[4096], random_bytes[4096], object[4096];
static unsigned alerts, last_files;
static uint32_t last_actor;

static void on_alert(void *ctx, uint32_t actor, unsigned files, uint64_t t)
{
	(void)ctx;
	(void)t;
	alerts++;
	last_actor = actor;
	last_files = files;
}

static uint64_t rng = 0x853c49e6748fea9bull;

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		p[i] = (uint8_t)rng;
	}
}

static void setup(void)
{
	static const char words[] =
		"the filesystem keeps every block checksummed and the kernel "
		"hands out capabilities to servers that ask for exactly what they need ";
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (uint8_t)words[i % (sizeof words - 1)];
	fill_random(random_bytes, sizeof random_bytes);
	for (size_t i = 0; i < sizeof object;
	     i++) /* machine-code-like: small ints, opcodes, zero padding */
		object[i] = (uint8_t)(i % 16 < 6 ? 0 : i % 7 == 0 ? 0x48 : (i * 37) % 64);
}

static struct anomaly a;
static struct anomaly_event ring[256];

static void reset(void)
{
	anomaly_init(&a, ring, 256, 60 * SECOND, 20, on_alert, NULL);
	alerts = 0;
}

static void entropy(void)
{
	uint8_t zero[4096] = { 0 }, all[4096];
	for (int i = 0; i < 4096; i++)
		all[i] = (uint8_t)i;
	EXPECT(anomaly_entropy(zero, sizeof zero) == 0);
	EXPECT(anomaly_entropy(all, sizeof all) >= 8 * 256 - 1); /* exactly 8 bits */
	unsigned t = anomaly_entropy(text, sizeof text),
		 r = anomaly_entropy(random_bytes, sizeof random_bytes),
		 o = anomaly_entropy(object, sizeof object);
	printf("    entropy in bits per byte: text %u.%02u, random %u.%02u, object code %u.%02u\n",
	       t / 256, t % 256 * 100 / 256, r / 256, r % 256 * 100 / 256, o / 256,
	       o % 256 * 100 / 256);
	EXPECT(t > 3 * 256 && t < 5 * 256);
	EXPECT(r > ANOMALY_HIGH_ENTROPY);
	EXPECT(o < ANOMALY_LOW_ENTROPY);
	EXPECT(anomaly_entropy(all, 1) == 0 && anomaly_entropy(all, 0) == 0);
}

static void ransomware(void)
{
	reset();
	/* 500 files in 50 s: read, then overwritten with random bytes. */
	for (uint64_t f = 0; f < 500; f++)
		anomaly_observe(&a, 7, 1000 + f, f * SECOND / 10, random_bytes, 4096, text, 4096);
	EXPECT(alerts == 1 && last_actor == 7 && last_files == 20);
	EXPECT(a.suspicious == 500);
	/* It goes on after the window: a second flag. */
	for (uint64_t f = 0; f < 40; f++)
		anomaly_observe(&a, 7, 5000 + f, 200 * SECOND + f * SECOND / 10, random_bytes, 4096,
				text, 4096);
	EXPECT(alerts == 2);
}

static void archive_unpack(void)
{
	reset();
	for (uint64_t f = 0; f < 500; f++) /* new files: there are no old bytes */
		EXPECT(!anomaly_observe(&a, 8, 2000 + f, f * SECOND / 20, random_bytes, 4096, NULL,
					0));
	EXPECT(alerts == 0);
}

static void compressed_rewrite(void)
{
	reset();
	uint8_t other[4096];
	fill_random(other, sizeof other);
	for (uint64_t f = 0; f < 500; f++) /* e.g. recompressing .zst files in place */
		EXPECT(!anomaly_observe(&a, 9, 3000 + f, f * SECOND / 20, random_bytes, 4096, other,
					4096));
	EXPECT(alerts == 0);
}

static void build(void)
{
	reset();
	for (uint64_t f = 0; f < 500; f++) { /* objects and executables rewritten by a compiler */
		EXPECT(!anomaly_observe(&a, 10, 4000 + f, f * SECOND / 20, object, 4096, object,
					4096));
		EXPECT(!anomaly_observe(&a, 10, 4000 + f, f * SECOND / 20, object, 4096, text,
					4096));
	}
	EXPECT(alerts == 0);
}

static void actors_and_time(void)
{
	reset();
	/* Ten actors with 19 files each: none reaches the threshold alone. */
	for (uint32_t actor = 0; actor < 10; actor++)
		for (uint64_t f = 0; f < 19; f++)
			anomaly_observe(&a, actor, 100 * actor + f, f * SECOND, random_bytes, 4096,
					text, 4096);
	EXPECT(alerts == 0);
	/* One file rewritten 100 times is one file. */
	for (uint64_t i = 0; i < 100; i++)
		anomaly_observe(&a, 11, 77, 30 * SECOND + i, random_bytes, 4096, text, 4096);
	EXPECT(alerts == 0);
	/* Slowly, one file a minute: never 20 in a window (a known limit, docs/skyaifs.md). */
	reset();
	for (uint64_t f = 0; f < 100; f++)
		anomaly_observe(&a, 12, f, f * 61 * SECOND, random_bytes, 4096, text, 4096);
	EXPECT(alerts == 0);
}

int main(void)
{
	setup();
	RUN("anomaly", entropy);
	RUN("anomaly", ransomware);
	RUN("anomaly", archive_unpack);
	RUN("anomaly", compressed_rewrite);
	RUN("anomaly", build);
	RUN("anomaly", actors_and_time);
	return cases_failed != 0;
}

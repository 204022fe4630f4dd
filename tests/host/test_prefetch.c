/*
 * test_prefetch — the prefetcher on traces, through a small LRU cache:
 * sequential, strided and repeated-pattern reads must be served from the
 * cache far more often with prefetching than without; random reads gain
 * nothing but cost little (few predictions). Prints the hit rates.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "skyaifs/prefetch.h"

#define CACHE 64

/* An LRU cache of CACHE blocks; `ahead` marks blocks read ahead and not yet used. */
struct cache {
	uint64_t block[CACHE];
	bool ahead[CACHE];
	uint64_t stamp[CACHE], clock;
	unsigned n;
};

static int find(struct cache *c, uint64_t b)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->block[i] == b)
			return (int)i;
	return -1;
}

static void insert(struct cache *c, uint64_t b, bool ahead)
{
	if (find(c, b) >= 0)
		return;
	unsigned at = c->n;
	if (c->n == CACHE) {
		at = 0;
		for (unsigned i = 1; i < CACHE; i++)
			if (c->stamp[i] < c->stamp[at])
				at = i;
	} else {
		c->n++;
	}
	c->block[at] = b;
	c->ahead[at] = ahead;
	c->stamp[at] = ++c->clock;
}

/* Demand hits per 1000 reads of the trace, with or without the prefetcher. */
static unsigned run(const uint64_t *trace, size_t n, bool prefetching, unsigned *accuracy)
{
	static struct prefetch_slot table[1024];
	struct prefetch p;
	struct cache c = { 0 };
	prefetch_init(&p, table, 1024, 8);
	unsigned hits = 0;
	for (size_t i = 0; i < n; i++) {
		int at = find(&c, trace[i]);
		if (at >= 0) {
			hits++;
			if (c.ahead[at])
				prefetch_hit(&p);
			c.ahead[at] = false;
			c.stamp[at] = ++c.clock;
		} else {
			insert(&c, trace[i], false);
		}
		uint64_t out[PREFETCH_DEPTH_MAX];
		unsigned k = prefetch_read(&p, trace[i], out);
		for (unsigned j = 0; prefetching && j < k; j++)
			insert(&c, out[j], true);
	}
	*accuracy = prefetch_accuracy_permille(&p);
	return (unsigned)(hits * 1000 / n);
}

static uint64_t trace[4000];
static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void compare(const char *name, size_t n, unsigned at_least, unsigned at_most_without)
{
	unsigned acc, acc0;
	unsigned with = run(trace, n, true, &acc), without = run(trace, n, false, &acc0);
	printf("    %s: %u.%u%% hits with prefetching (accuracy %u.%u%%), %u.%u%% without\n", name,
	       with / 10, with % 10, acc / 10, acc % 10, without / 10, without % 10);
	EXPECT(with >= at_least);
	EXPECT(without <= at_most_without);
	EXPECT(with > without);
}

static void sequential(void)
{
	for (size_t i = 0; i < 4000; i++) /* four files of 1000 blocks, one after another */
		trace[i] = 10000 * (i / 1000) + i % 1000;
	compare("sequential", 4000, 950, 0);
}

static void strided(void)
{
	for (size_t i = 0; i < 4000; i++)
		trace[i] = 5000 + 7 * i;
	compare("stride 7", 4000, 950, 0);
}

static void repeated(void)
{
	uint64_t pattern[200];
	for (int i = 0; i < 200; i++) /* a start-up reading 200 scattered blocks, 20 times over */
		pattern[i] = next() % 100000;
	for (size_t i = 0; i < 4000; i++)
		trace[i] = pattern[i % 200];
	compare("repeated pattern", 4000, 800, 50);
}

/* Random reads: nothing to learn; the prefetcher must not flood the cache. */
static void random_reads(void)
{
	for (size_t i = 0; i < 4000; i++)
		trace[i] = next() % 100000;
	static struct prefetch_slot table[1024];
	struct prefetch p;
	prefetch_init(&p, table, 1024, 8);
	uint64_t out[PREFETCH_DEPTH_MAX];
	for (size_t i = 0; i < 4000; i++)
		prefetch_read(&p, trace[i], out);
	printf("    random: %llu predictions for 4000 reads\n",
	       (unsigned long long)p.stats.predicted);
	EXPECT(p.stats.predicted < 400);
}

static void edges(void)
{
	static struct prefetch_slot table[16];
	struct prefetch p;
	prefetch_init(&p, table, 16, 99);
	EXPECT(p.depth == PREFETCH_DEPTH_MAX);
	uint64_t out[PREFETCH_DEPTH_MAX];
	/* A descending run stops at block 0 instead of wrapping. */
	prefetch_read(&p, 5, out);
	prefetch_read(&p, 4, out);
	unsigned n = prefetch_read(&p, 3, out);
	EXPECT(n == 3 && out[0] == 2 && out[2] == 0);
	/* A repeated block is no stride. */
	prefetch_read(&p, 9, out);
	prefetch_read(&p, 9, out);
	EXPECT(prefetch_read(&p, 9, out) == 0);
	EXPECT(prefetch_accuracy_permille(&p) == 0);
}

int main(void)
{
	RUN("prefetch", sequential);
	RUN("prefetch", strided);
	RUN("prefetch", repeated);
	RUN("prefetch", random_reads);
	RUN("prefetch", edges);
	return cases_failed != 0;
}

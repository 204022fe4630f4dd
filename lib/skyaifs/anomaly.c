/*
 * anomaly.c — see anomaly.h. Entropy: H = log2(n) - (1/n) * sum c*log2(c)
 * over the byte counts c, with log2 in 16.16 fixed point. A flag is sent
 * when an actor reaches the threshold, and again only after a whole window
 * has passed since its last flag (the last ANOMALY_FLAGS flags are kept).
 */
#include "skyaifs/anomaly.h"

#include "base/string.h"

void anomaly_init(struct anomaly *a, struct anomaly_event *ring, size_t capacity,
		  uint64_t window_ns, unsigned threshold,
		  void (*alert)(void *, uint32_t, unsigned, uint64_t), void *ctx)
{
	memset(a, 0, sizeof *a);
	a->events = ring;
	a->capacity = capacity;
	a->window_ns = window_ns;
	a->threshold = threshold;
	a->alert = alert;
	a->ctx = ctx;
}

/* log2(x) for x >= 1, in 16.16 fixed point: the integer part, then 16 squarings. */
static uint64_t log2_fixed(uint64_t x)
{
	unsigned whole = 63 - (unsigned)__builtin_clzll(x);
	/* mantissa m in [1, 2) with 31 fraction bits, so m * m fits 64 bits */
	uint64_t m = whole >= 31 ? x >> (whole - 31) : x << (31 - whole), frac = 0;
	for (int bit = 15; bit >= 0; bit--) {
		m = (m * m) >> 31; /* [1, 4) */
		if (m >= 2ull << 31) {
			m >>= 1;
			frac |= 1u << bit;
		}
	}
	return (uint64_t)whole << 16 | frac;
}

unsigned anomaly_entropy(const uint8_t *data, size_t n)
{
	if (n > ANOMALY_SAMPLE)
		n = ANOMALY_SAMPLE;
	if (n < 2)
		return 0;
	uint32_t count[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[data[i]]++;
	uint64_t sum = 0; /* sum of c * log2(c), 16.16 */
	for (int v = 0; v < 256; v++)
		if (count[v] > 1)
			sum += count[v] * log2_fixed(count[v]);
	uint64_t h = log2_fixed(n) - sum / n; /* 16.16 bits per byte */
	return (unsigned)(h >> 8);
}

static struct anomaly_event *at(const struct anomaly *a, size_t i) /* i = 0: the oldest */
{
	return &a->events[(a->head + a->capacity - a->count + i) % a->capacity];
}

static void push(struct anomaly *a, uint32_t actor, uint64_t inode, uint64_t time_ns)
{
	a->events[a->head] = (struct anomaly_event){ actor, inode, time_ns };
	a->head = (a->head + 1) % a->capacity;
	a->count += a->count < a->capacity;
}

/* Whether the actor was flagged within the window before now. */
static bool flagged_lately(const struct anomaly *a, uint32_t actor, uint64_t now)
{
	for (unsigned i = 0; i < ANOMALY_FLAGS; i++)
		if (a->flags[i].used && a->flags[i].actor == actor &&
		    now - a->flags[i].time_ns <= a->window_ns)
			return true;
	return false;
}

/* Distinct files the actor overwrote suspiciously in the window. */
static unsigned recent_files(const struct anomaly *a, uint32_t actor, uint64_t now)
{
	unsigned files = 0;
	for (size_t i = a->count; i-- > 0;) {
		const struct anomaly_event *e = at(a, i);
		if (now - e->time_ns > a->window_ns)
			break; /* older ones are older still */
		if (e->actor != actor)
			continue;
		bool seen = false;
		for (size_t j = i + 1; j < a->count && !seen; j++)
			seen = at(a, j)->actor == actor && at(a, j)->inode == e->inode &&
			       now - at(a, j)->time_ns <= a->window_ns;
		files += !seen;
	}
	return files;
}

bool anomaly_observe(struct anomaly *a, uint32_t actor, uint64_t inode, uint64_t time_ns,
		     const uint8_t *new_data, size_t new_len, const uint8_t *old_data,
		     size_t old_len)
{
	if (!old_data || !old_len || anomaly_entropy(new_data, new_len) < ANOMALY_HIGH_ENTROPY ||
	    anomaly_entropy(old_data, old_len) >= ANOMALY_LOW_ENTROPY)
		return false;
	a->suspicious++;
	push(a, actor, inode, time_ns);
	unsigned files = recent_files(a, actor, time_ns);
	if (files >= a->threshold && !flagged_lately(a, actor, time_ns)) {
		a->flagged++;
		a->flags[a->next_flag] = (struct anomaly_flag){ true, actor, time_ns };
		a->next_flag = (a->next_flag + 1) % ANOMALY_FLAGS;
		if (a->alert)
			a->alert(a->ctx, actor, files, time_ns);
	}
	return true;
}

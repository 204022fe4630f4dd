/*
 * prefetch.c — see prefetch.h. The successor table is 4-way set
 * associative by a hash of `from`; a contradicted transition weakens, and
 * a new one takes the weakest slot of its set, so a stable pattern
 * survives occasional noise.
 */
#include "skyaifs/prefetch.h"

#include "base/string.h"

void prefetch_init(struct prefetch *p, struct prefetch_slot *table, size_t slots, unsigned depth)
{
	memset(p, 0, sizeof *p);
	memset(table, 0, slots * sizeof *table);
	p->table = table;
	p->slots = slots;
	p->depth = depth < 1 ? 1 : depth > PREFETCH_DEPTH_MAX ? PREFETCH_DEPTH_MAX : depth;
}

#define WAYS 4

/* The set of WAYS slots `from` may live in. */
static struct prefetch_slot *set_of(const struct prefetch *p, uint64_t from)
{
	uint64_t h = from * 0x9E3779B97F4A7C15ull;
	return &p->table[((h >> 32) & (p->slots / WAYS - 1)) * WAYS];
}

/* The slot of `from` in its set, or NULL. */
static struct prefetch_slot *find(const struct prefetch *p, uint64_t from)
{
	struct prefetch_slot *set = set_of(p, from);
	for (unsigned i = 0; i < WAYS; i++)
		if (set[i].used && set[i].from == from)
			return &set[i];
	return NULL;
}

/* Remember that `to` followed `from`. */
static void learn(struct prefetch *p, uint64_t from, uint64_t to)
{
	struct prefetch_slot *s = find(p, from);
	if (s && s->to == to) {
		if (s->confidence < 3)
			s->confidence++;
	} else if (s && s->confidence > 0) {
		s->confidence--; /* contradicted: weaken, replace when it runs out */
	} else {
		if (!s) { /* the weakest slot of the set */
			struct prefetch_slot *set = set_of(p, from);
			s = set;
			for (unsigned i = 1; i < WAYS; i++)
				if (!set[i].used || set[i].confidence < s->confidence)
					s = &set[i];
		}
		*s = (struct prefetch_slot){
			.from = from, .to = to, .confidence = 1, .used = true
		};
	}
}

/* The successor of `from` if one is known and not contradicted since. */
static bool successor(const struct prefetch *p, uint64_t from, uint64_t *to)
{
	const struct prefetch_slot *s = find(p, from);
	if (!s || s->confidence < 1)
		return false;
	*to = s->to;
	return true;
}

static bool listed(const uint64_t *out, unsigned n, uint64_t b)
{
	for (unsigned i = 0; i < n; i++)
		if (out[i] == b)
			return true;
	return false;
}

/* Name b unless it was named lately. */
static void name(struct prefetch *p, uint64_t b, uint64_t *out, unsigned *n)
{
	if (listed(p->recent, p->recent_count, b))
		return;
	out[(*n)++] = b;
	p->recent[p->recent_next] = b;
	p->recent_next = (p->recent_next + 1) % (2 * PREFETCH_DEPTH_MAX);
	p->recent_count += p->recent_count < 2 * PREFETCH_DEPTH_MAX;
}

unsigned prefetch_read(struct prefetch *p, uint64_t block, uint64_t out[PREFETCH_DEPTH_MAX])
{
	p->stats.reads++;
	if (p->seen)
		learn(p, p->last[0], block);
	p->last[2] = p->last[1];
	p->last[1] = p->last[0];
	p->last[0] = block;
	p->seen += p->seen < 3;

	unsigned n = 0;
	int64_t d1 = (int64_t)(p->last[0] - p->last[1]), d2 = (int64_t)(p->last[1] - p->last[2]);
	if (p->seen == 3 && d1 == d2 && d1 != 0) {
		/* A steady stride: the next blocks of the run (stopping before wrapping around). */
		uint64_t b = block;
		for (unsigned k = 0; k < p->depth; k++) {
			uint64_t next = b + (uint64_t)d1;
			if ((d1 > 0) != (next > b))
				break;
			name(p, b = next, out, &n);
		}
	} else {
		/* Follow known successors, without loops. */
		uint64_t b = block, to;
		for (unsigned k = 0; k < p->depth && successor(p, b, &to) && to != block; k++)
			name(p, b = to, out, &n);
	}
	p->stats.predicted += n;
	return n;
}

void prefetch_hit(struct prefetch *p)
{
	p->stats.useful++;
}

unsigned prefetch_accuracy_permille(const struct prefetch *p)
{
	return p->stats.predicted ? (unsigned)(p->stats.useful * 1000 / p->stats.predicted) : 0;
}

/*
 * t_ring — shared-memory rings (user/rt/ring.h) between two processes.
 *
 * A million requests travel to a server process (h_ring) through a request
 * ring in a memory object both map, and a million answers come back through
 * a completion ring, in batches, with a notification each way: every answer
 * arrives, in order, with the right value. The rings themselves trust
 * nothing in shared memory: ring_attach refuses a header whose size is not a
 * power of two, does not fit the memory, or whose entry size differs
 * (SKY_E_CORRUPT); ring_push/ring_pop report RING_CORRUPT when head and tail
 * are more than a ring apart (and touch nothing), and work across the 2^32
 * wrap of the indices; a hostile server moving the completion head is
 * caught, and a server refuses a corrupt header it is given. Nothing leaks.
 */
#include "h_ring.h"

#include "check.h"
#include "ring.h"

#define REQUESTS 1000000
#define MSG      sizeof(struct ring_msg)
#define MS       1000000ull

/* Offsets of the shared header's words (ring.h). */
#define OFF_HEAD  0
#define OFF_TAIL  64
#define OFF_SIZE  128
#define OFF_ESIZE 132

/* A timer, so that a server that stops answering fails the test rather than hanging it. */
#define WATCHDOG (1ull << 61)
static uint32_t watchdog;

/* wait_signal, or WATCHDOG after 1 s without a signal. */
static int64_t wait_for(uint32_t ntfn)
{
	return wait_signal_within(watchdog, ntfn, WATCHDOG, 1000 * MS);
}

static uint64_t value_of(uint64_t id)
{
	return id * 0x9E3779B97F4A7C15ull;
}

static volatile uint32_t *word(void *mem, unsigned off)
{
	return (volatile uint32_t *)((uint8_t *)mem + off);
}

static uint64_t area[8192 / 8]; /* a ring of 256 entries of 16 bytes, and room to spare */

static void create_and_attach(void)
{
	struct ring r, a;
	CHECK_EQ(ring_create(&r, area, sizeof area, 12), -SKY_E_INVAL,
		 "entry size not a multiple of 8");
	CHECK_EQ(ring_create(&r, area, sizeof area, 0), -SKY_E_INVAL, "entry size 0");
	CHECK_EQ(ring_create(&r, area, 192, MSG), -SKY_E_INVAL,
		 "memory that only holds the header");
	CHECK_EQ(ring_create(&r, area, 200, MSG), -SKY_E_INVAL, "memory too small for one entry");
	CHECK_EQ(ring_create(&r, area, 192 + MSG, MSG), 0, "a ring of one entry");
	CHECK_EQ(r.size, 1, "has size 1");
	CHECK_EQ(ring_create(&r, area, sizeof area, MSG), 0, "create in 8 KiB");
	CHECK_EQ(r.size, 256, "as many entries as fit, a power of two");
	CHECK_EQ(*word(area, OFF_SIZE), 256, "size in the shared header");
	CHECK_EQ(*word(area, OFF_ESIZE), MSG, "entry size in the shared header");
	CHECK_EQ(ring_attach(&a, area, sizeof area, MSG), 0, "attach to it");
	CHECK_EQ(a.size, 256, "attached with the same size");

	static const struct {
		uint32_t size, esize;
		size_t bytes, want_esize;
		const char *what;
	} bad[] = {
		{ 300, MSG, sizeof area, MSG, "size not a power of two" },
		{ 0, MSG, sizeof area, MSG, "size 0" },
		{ 512, MSG, sizeof area, MSG, "size larger than the memory" },
		{ 1u << 31, MSG, sizeof area, MSG, "size whose bytes overflow 32 bits" },
		{ 256, 24, sizeof area, MSG, "entry size in the header differs" },
		{ 256, MSG, sizeof area, 8, "entry size asked for differs" },
		{ 256, MSG, 4096, MSG, "memory smaller than the ring" },
		{ 256, MSG, 100, MSG, "memory smaller than the header" },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		*word(area, OFF_SIZE) = bad[i].size;
		*word(area, OFF_ESIZE) = bad[i].esize;
		a.size = 77;
		CHECK_EQ(ring_attach(&a, area, bad[i].bytes, (uint32_t)bad[i].want_esize),
			 -SKY_E_CORRUPT, bad[i].what);
		CHECK_EQ(a.size, 77, "the refused attach left the ring alone");
	}
	*word(area, OFF_SIZE) = 256;
	*word(area, OFF_ESIZE) = MSG;
	CHECK_EQ(ring_attach(&a, area, sizeof area, MSG), 0, "the repaired header attaches");

	/* Sizes are private copies: a peer changing the header later changes nothing. */
	*word(area, OFF_SIZE) = 1u << 30;
	struct ring_msg m = { 0, 0 };
	int pushed = 0;
	while (ring_push(&a, &m) == RING_OK)
		pushed++;
	CHECK_EQ(pushed, 256, "a ring still holds its attached size after the header changes");
}

static void corrupt_indices(void)
{
	struct ring r;
	ring_create(&r, area, sizeof area, MSG);
	struct ring_msg m = { 1, 2 }, out = { 0x55, 0x66 };
	for (int i = 0; i < 10; i++)
		ring_push(&r, &m);
	CHECK_EQ(ring_pop(&r, &out), RING_OK, "pop from a sane ring");

	*word(area, OFF_HEAD) = *word(area, OFF_TAIL) + 256 + 1;
	out.id = 0x55;
	uint32_t tail = *word(area, OFF_TAIL), head = *word(area, OFF_HEAD);
	CHECK_EQ(ring_pop(&r, &out), RING_CORRUPT, "head more than a ring ahead of tail: pop");
	CHECK_EQ(ring_push(&r, &m), RING_CORRUPT, "and push");
	CHECK(*word(area, OFF_TAIL) == tail && *word(area, OFF_HEAD) == head && out.id == 0x55,
	      "neither moved an index or copied an entry");

	*word(area, OFF_HEAD) = tail - 1;
	CHECK_EQ(ring_pop(&r, &out), RING_CORRUPT, "head behind tail: pop");
	CHECK_EQ(ring_push(&r, &m), RING_CORRUPT, "and push");

	*word(area, OFF_HEAD) = tail + 256;
	CHECK_EQ(ring_push(&r, &m), RING_FULL, "head exactly a ring ahead: full, not corrupt");
	CHECK_EQ(ring_pop(&r, &out), RING_OK, "and pops");

	/* The indices are free-running 32-bit counters: they wrap. */
	*word(area, OFF_HEAD) = *word(area, OFF_TAIL) = 0xFFFFFFFEu;
	CHECK_EQ(ring_pop(&r, &out), RING_EMPTY, "empty just below the wrap");
	int bad = 0;
	for (uint64_t i = 0; i < 6; i++) {
		struct ring_msg in = { i, value_of(i) };
		bad += ring_push(&r, &in) != RING_OK;
	}
	for (uint64_t i = 0; i < 6; i++)
		bad += ring_pop(&r, &out) != RING_OK || out.id != i || out.value != value_of(i);
	CHECK_EQ(bad, 0, "six entries pushed and popped across the 2^32 wrap");
	CHECK_EQ(*word(area, OFF_HEAD), 4, "head wrapped to 4");
	CHECK_EQ(ring_pop(&r, &out), RING_EMPTY, "and the ring is empty again");
}

/* The shared memory, the two notifications and a server, for one exchange. */
struct link {
	int64_t mem, to_server, to_client, wait_cap, wake_cap, pid;
	uint8_t *base;
	struct ring req, cpl;
};

static bool link_open(struct link *l)
{
	l->mem = object_create(SKY_OBJ_MEMORY, RING_MEM_PAGES, 0);
	l->base = map_object((uint32_t)l->mem, RING_MEM_PAGES, SKY_RIGHT_READ | SKY_RIGHT_WRITE);
	l->to_server = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	l->to_client = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	l->wait_cap = slot_alloc();
	l->wake_cap = slot_alloc();
	/* The server may only wait on one and signal the other. */
	return l->base && l->to_server > 0 && l->to_client > 0 &&
	       sky_cap_derive((uint32_t)l->to_server, (uint32_t)l->wait_cap, SKY_RIGHT_READ, 0) ==
		       0 &&
	       sky_cap_derive((uint32_t)l->to_client, (uint32_t)l->wake_cap, SKY_RIGHT_WRITE, 0) ==
		       0 &&
	       ring_create(&l->req, l->base, RING_HALF_BYTES, MSG) == 0 &&
	       ring_create(&l->cpl, l->base + RING_HALF_BYTES, RING_HALF_BYTES, MSG) == 0;
}

static int64_t link_spawn(struct link *l, const char *arg)
{
	uint32_t caps[3] = { (uint32_t)l->mem, (uint32_t)l->wait_cap, (uint32_t)l->wake_cap };
	const char *const args[] = { arg, NULL };
	l->pid = spawn_with_caps("h_ring", arg ? args : NULL, SKY_PRIO_INHERIT, caps, 3);
	return l->pid;
}

/* Reap the server; its exit code, or a negative error if it did not exit normally. */
static int64_t link_close(struct link *l)
{
	struct sky_exit_info e = { 0 };
	int64_t r = sky_wait(l->pid, &e);
	sky_mem_unmap(SKY_SLOT_ASPACE, (uint64_t)l->base);
	object_delete((uint32_t)l->mem);
	object_delete((uint32_t)l->wait_cap);
	object_delete((uint32_t)l->wake_cap);
	object_delete((uint32_t)l->to_server);
	object_delete((uint32_t)l->to_client);
	if (r != l->pid)
		return r < 0 ? r : -SKY_E_CHILD;
	return e.reason == SKY_EXIT_NORMAL ? e.code : -1000 - (int64_t)e.reason;
}

struct run_stats {
	uint64_t wrong, waits, batches;
	enum ring_status fail;
	bool stalled; /* the server stopped answering */
};

/* Send REQUESTS requests, at most a completion ring's worth in flight; check every answer. */
static void exchange(struct link *l, struct run_stats *s)
{
	uint64_t next = 0, done = 0;
	while (done < REQUESTS) {
		bool pushed = false, popped = false;
		while (next < REQUESTS && next - done < l->cpl.size) {
			struct ring_msg m = { next, value_of(next) };
			enum ring_status st = ring_push(&l->req, &m);
			if (st != RING_OK) {
				if (st == RING_CORRUPT)
					s->fail = st;
				break;
			}
			next++;
			pushed = true;
		}
		if (pushed) {
			sky_signal((uint32_t)l->to_server, 1);
			s->batches++;
		}
		struct ring_msg c;
		enum ring_status st;
		while ((st = ring_pop(&l->cpl, &c)) == RING_OK) {
			s->wrong += c.id != done || c.value != value_of(done) + 1;
			done++;
			popped = true;
		}
		if (st == RING_CORRUPT || s->fail) {
			s->fail = RING_CORRUPT;
			return;
		}
		if (!popped && done < REQUESTS) {
			if (wait_for((uint32_t)l->to_client) & WATCHDOG) {
				s->stalled = true;
				return;
			}
			s->waits++;
		}
	}
}

static void million(void)
{
	struct link l;
	CHECK(link_open(&l), "shared memory with a request and a completion ring");
	CHECK_EQ(l.req.size, 2048, "rings of 2048 entries");
	CHECK(link_spawn(&l, NULL) > 0, "server spawned");

	struct run_stats s = { 0 };
	uint64_t t0 = sky_time();
	exchange(&l, &s);
	uint64_t took = sky_time() - t0;
	CHECK(!s.stalled, "the server kept answering");
	CHECK_EQ(s.fail, RING_OK, "no ring went corrupt");
	CHECK_EQ(s.wrong, 0, "every answer had the right id, in order, and value + 1");
	printf("ring: %u requests in %llu ms of guest time (%llu ns each), %llu batches, "
	       "%llu waits\n",
	       REQUESTS, (unsigned long long)(took / 1000000),
	       (unsigned long long)(took / REQUESTS), (unsigned long long)s.batches,
	       (unsigned long long)s.waits);

	struct ring_msg quit = { RING_QUIT, 0 };
	CHECK_EQ(ring_push(&l.req, &quit), RING_OK, "push the quit request");
	sky_signal((uint32_t)l.to_server, 1);
	if (s.stalled || s.fail)
		sky_kill(l.pid);
	CHECK_EQ(link_close(&l), REQUESTS, "the server answered exactly a million requests");
}

static void hostile_server(void)
{
	struct link l;
	link_open(&l);
	CHECK(link_spawn(&l, "corrupt") > 0, "a server that corrupts the completion ring");
	if (!CHECK_EQ(wait_for((uint32_t)l.to_client), 1, "it signals"))
		sky_kill(l.pid);
	uint32_t tail = *word(l.base + RING_HALF_BYTES, OFF_TAIL);
	struct ring_msg out = { 0x55, 0x66 };
	CHECK_EQ(ring_pop(&l.cpl, &out), RING_CORRUPT, "its head far beyond our tail: corrupt");
	CHECK(out.id == 0x55 && *word(l.base + RING_HALF_BYTES, OFF_TAIL) == tail,
	      "nothing was read, tail unmoved");
	CHECK_EQ(link_close(&l), 0, "hostile server exited");

	link_open(&l);
	*word(l.base, OFF_SIZE) = 3000;
	CHECK(link_spawn(&l, NULL) > 0, "a server given a corrupt request-ring header");
	CHECK_EQ(link_close(&l), SRV_E_ATTACH, "its ring_attach refused it");
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	watchdog = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	create_and_attach();
	corrupt_indices();
	million();
	hostile_server();
	object_delete(watchdog);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the ring tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the ring tests");
	return check_finish();
}

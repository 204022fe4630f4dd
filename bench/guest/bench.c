/*
 * bench — in-guest microbenchmarks, counted in instructions: under QEMU with
 * -icount shift=0 the TSC advances by one per retired instruction, so an
 * rdtsc delta is an instruction count, the same on any host.
 *
 * Method (the same as bench/linux/init.c, so the figures compare): B batches
 * of N iterations, timed around the whole loop; the same loop without the
 * operation is the baseline; figure = (min batch - min baseline) / N, the
 * minimum excluding batches that a timer tick hit. For yield, a batch only
 * counts if exactly 2N context switches happened in it (every yield really
 * switched to the partner and back).
 *
 * Prints "bench <metric> <value> insns" lines; exits 0 if all were measured.
 */
#include "rt.h"

#define BATCHES 32

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t switches(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si.context_switches;
}

static uint64_t baseline(unsigned n)
{
	uint64_t best = UINT64_MAX;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++)
			__asm__ volatile("" ::: "memory");
		uint64_t d = tsc() - t0;
		if (b && d < best) /* batch 0 warms up */
			best = d;
	}
	return best;
}

static uint64_t null_syscall(unsigned n)
{
	uint64_t best = UINT64_MAX;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++) {
			sky_process_id();
			__asm__ volatile("" ::: "memory");
		}
		uint64_t d = tsc() - t0;
		if (b && d < best)
			best = d;
	}
	return best;
}

/* Rounds of yield ping-pong with a partner process; 0 if no batch was clean. */
static uint64_t yield_rounds(unsigned n)
{
	const char *const args[] = { "partner", NULL };
	int64_t partner = spawn("bench", args, SKY_PRIO_INHERIT);
	if (partner < 0)
		return 0;
	sky_yield(); /* let the partner reach its loop */
	uint64_t best = UINT64_MAX;
	int clean = 0;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t s0 = switches();
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++) {
			sky_yield();
			__asm__ volatile("" ::: "memory");
		}
		uint64_t d = tsc() - t0;
		bool every_yield_switched = switches() - s0 == 2ull * n;
		if (b && every_yield_switched && d < best) {
			best = d;
			clean++;
		}
	}
	sky_kill(partner);
	sky_wait(partner, NULL);
	return clean ? best : 0;
}

/* Server side of the IPC round trip: answer every call with the same length. */
static void ipc_server(void)
{
	int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
	struct sky_msg m = { 0 };
	sky_recv(SKY_SLOT_FIRST_FREE, (uint32_t)reply, 0, &m);
	for (;;) {
		m.info = SKY_MSG(0, SKY_MSG_LEN(m.info), 0);
		sky_reply_recv(SKY_SLOT_FIRST_FREE, (uint32_t)reply, &m);
	}
}

/* Call + reply round trips carrying `len` bytes each way; min over batches. */
static uint64_t ipc_round_trips(unsigned n, uint64_t len)
{
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	const char *const args[] = { "ipc_server", NULL };
	uint32_t caps[1] = { (uint32_t)ep };
	int64_t server = spawn_with_caps("bench", args, SKY_PRIO_INHERIT, caps, 1);
	if (ep < 0 || server < 0)
		return 0;
	struct sky_msg m = { 0 };
	uint64_t best = UINT64_MAX;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++) {
			m.info = SKY_MSG(0, len, 0);
			sky_call((uint32_t)ep, &m);
		}
		uint64_t d = tsc() - t0;
		if (b && d < best)
			best = d;
	}
	sky_kill(server);
	sky_wait(server, NULL);
	object_delete((uint32_t)ep);
	return best;
}

/* Partner of the notification ping-pong: wait on slot 4, signal slot 5, forever. */
static void signal_partner(void)
{
	for (;;) {
		sky_wait_signal(SKY_SLOT_FIRST_FREE);
		sky_signal(SKY_SLOT_FIRST_FREE + 1, 1);
	}
}

/* Rounds of signal -> wake -> signal back between two processes; min over batches. */
static uint64_t signal_rounds(unsigned n)
{
	int64_t ping = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	int64_t pong = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	const char *const args[] = { "signal_partner", NULL };
	uint32_t caps[2] = { (uint32_t)ping, (uint32_t)pong };
	int64_t partner = spawn_with_caps("bench", args, SKY_PRIO_INHERIT, caps, 2);
	if (ping < 0 || pong < 0 || partner < 0)
		return 0;
	uint64_t best = UINT64_MAX;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++) {
			sky_signal((uint32_t)ping, 1);
			sky_wait_signal((uint32_t)pong);
		}
		uint64_t d = tsc() - t0;
		if (b && d < best)
			best = d;
	}
	sky_kill(partner);
	sky_wait(partner, NULL);
	object_delete((uint32_t)ping);
	object_delete((uint32_t)pong);
	return best;
}

/* Map then unmap one page of a memory object; min over batches. */
static uint64_t map_unmap(unsigned n)
{
	int64_t mem = object_create(SKY_OBJ_MEMORY, 1, 0);
	uint64_t va = vaddr_reserve(1);
	uint64_t best = UINT64_MAX;
	for (int b = 0; b <= BATCHES; b++) {
		uint64_t t0 = tsc();
		for (unsigned i = 0; i < n; i++) {
			sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, va, 0, 1,
				    SKY_RIGHT_READ | SKY_RIGHT_WRITE);
			sky_mem_unmap(SKY_SLOT_ASPACE, va);
		}
		uint64_t d = tsc() - t0;
		if (b && d < best)
			best = d;
	}
	object_delete((uint32_t)mem);
	return best;
}

static void report(const char *metric, uint64_t total, uint64_t base, unsigned divisor)
{
	printf("bench %s %llu insns\n", metric,
	       (unsigned long long)((total - base + divisor / 2) / divisor));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "partner"))
		for (;;)
			sky_yield();
	if (argc > 1 && !strcmp(argv[1], "ipc_server"))
		ipc_server();
	if (argc > 1 && !strcmp(argv[1], "signal_partner"))
		signal_partner();

	const unsigned n_sys = 2000, n_yield = 100;
	uint64_t sys = null_syscall(n_sys), sys_base = baseline(n_sys);
	report("syscall.null.insns", sys, sys_base, n_sys);

	uint64_t yield = yield_rounds(n_yield), yield_base = baseline(n_yield);
	if (!yield) {
		printf("bench: no yield batch alternated cleanly\n");
		return 1;
	}
	report("ctxswitch.yield.insns", yield, yield_base, 2 * n_yield);

	const unsigned n_ipc = 500;
	uint64_t ipc_base = baseline(n_ipc);
	report("ipc.roundtrip.0b.insns", ipc_round_trips(n_ipc, 0), ipc_base, n_ipc);
	report("ipc.roundtrip.64b.insns", ipc_round_trips(n_ipc, 64), ipc_base, n_ipc);

	/* One signal-to-wake is half a ping-pong round. */
	report("notify.signal_wake.insns", signal_rounds(n_ipc), ipc_base, 2 * n_ipc);
	report("mem.map_unmap.1page.insns", map_unmap(n_ipc), ipc_base, n_ipc);
	return 0;
}

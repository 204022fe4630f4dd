/*
 * time.c — the clock and the deadline queue. Nanoseconds come from the TSC
 * scaled by a 32.32 fixed-point factor (no division on the read path).
 * Threads with a deadline (sleeping, or blocked with a timeout) wait on one
 * queue ordered by deadline; the periodic tick wakes the expired ones, so
 * deadlines resolve to the tick (1 ms). A sleep ends with 0, a timeout with
 * SKY_E_TIMEOUT.
 */
#include "time.h"

#include "arch/x86_64/cpu.h"
#include "base/list.h"
#include "sched.h"
#include "sky/error.h"
#include "timer.h"
#include "thread.h"

static uint64_t tsc_hz;
static uint64_t boot_tsc;
static uint64_t ns_per_tsc_32;                     /* ns per TSC tick, 32.32 fixed point */
static struct list sleepers = LIST_INIT(sleepers); /* by wake_ns, earliest first */

void time_init(uint64_t hz)
{
	tsc_hz = hz;
	ns_per_tsc_32 = (1000000000ull << 32) / hz;
	boot_tsc = rdtsc();
}

uint64_t time_tsc_to_ns(uint64_t ticks)
{
	__extension__ unsigned __int128 wide = (unsigned __int128)ticks * ns_per_tsc_32;
	return (uint64_t)(wide >> 32);
}

uint64_t time_now_ns(void)
{
	return tsc_hz ? time_tsc_to_ns(rdtsc() - boot_tsc) : 0;
}

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

void time_tick(void)
{
	uint64_t now = time_now_ns();
	while (!list_empty(&sleepers)) {
		struct thread *t = list_entry(sleepers.next, struct thread, sleep_link);
		if (t->wake_ns > now)
			break;
		thread_wake(t, t->block == BLOCK_SLEEP ? 0 : -SKY_E_TIMEOUT);
	}
	timer_fire_expired(now);
	sched_tick();
}

void time_sleep_queue(struct thread *t, uint64_t deadline_ns)
{
	t->wake_ns = deadline_ns;
	struct list *pos = sleepers.next;
	while (pos != &sleepers &&
	       list_entry(pos, struct thread, sleep_link)->wake_ns <= deadline_ns)
		pos = pos->next;
	list_insert_between(&t->sleep_link, pos->prev, pos);
}

void time_sleep_until(uint64_t deadline_ns)
{
	thread_block(BLOCK_SLEEP, NULL, NULL, deadline_ns ? deadline_ns : 1);
}

void time_cancel_sleep(struct thread *t)
{
	list_remove(&t->sleep_link);
}

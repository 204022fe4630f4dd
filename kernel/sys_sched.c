/*
 * sys_sched.c — decoding of the time and scheduling calls: yield, sleep, time.
 */
#include "sched.h"
#include "syscall.h"
#include "time.h"

int64_t sys_yield(SYSCALL_ARGS)
{
	sched_yield();
	return 0;
}

/* sleep(ns): at least ns nanoseconds; 0 just yields. */
int64_t sys_sleep(SYSCALL_ARGS)
{
	if (a0 == 0) {
		sched_yield();
		return 0;
	}
	uint64_t now = time_now_ns();
	uint64_t deadline = a0 > UINT64_MAX - now ? UINT64_MAX : now + a0;
	time_sleep_until(deadline);
	return 0;
}

int64_t sys_time(SYSCALL_ARGS)
{
	return (int64_t)time_now_ns();
}

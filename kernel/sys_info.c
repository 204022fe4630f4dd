/*
 * sys_info.c — sysinfo(struct sky_sysinfo *): counters tests and tools read
 * (free frames for leak checks, process and thread counts, time).
 */
#include "frame.h"
#include "kmem.h"
#include "process.h"
#include "sched.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "syscall.h"
#include "thread.h"
#include "time.h"
#include "usercopy.h"

int64_t sys_sysinfo(SYSCALL_ARGS)
{
	if (a0 % _Alignof(struct sky_sysinfo))
		return -SKY_E_ALIGN;
	struct sky_sysinfo si = {
		.free_frames = frame_free_count(),
		.total_frames = frame_total_count(),
		.kmem_bytes = kmem_in_use(),
		.processes = process_count(),
		.threads = thread_count(),
		.uptime_ns = time_now_ns(),
		.tsc_hz = time_tsc_hz(),
		.tick_hz = TICK_HZ,
		.context_switches = sched_context_switches(),
		.user_faults = process_fault_count(),
	};
	return copy_to_user(a0, &si, sizeof si);
}

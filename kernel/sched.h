/*
 * sched.h — the scheduler: fixed priorities (higher runs first), round robin
 * with a time slice within a priority, an idle thread when nothing is ready.
 * The kernel is not preemptible: threads switch only when the running one
 * blocks, yields or exits inside the kernel, or on the way back to user mode
 * (sched_preempt_point).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

#include "arch/x86_64/percpu.h"
#include "thread.h"

#define SLICE_TICKS 10 /* time slice, in timer ticks */

void sched_init(void);
/* Leave the boot stack for the idle thread, which runs whatever is ready. */
__attribute__((noreturn)) void sched_start(void);

static inline struct thread *sched_current(void)
{
	return this_cpu()->current;
}
/* IPC hand-off: may `next` run straight away (nothing ready outranks it)? */
static inline bool sched_switch_direct_prepare(const struct thread *next)
{
	return !(this_cpu()->ready_mask >> next->priority >> 1);
}
/* (sched_switch_direct() is in switch.h.) */
/* Put t on the ready queue (at the tail); preempt the current thread if t outranks it. */
void sched_ready(struct thread *t);
/* Take a ready thread off the ready queue (it is being destroyed). */
void sched_unready(struct thread *t);
/* The current thread goes to the tail of its priority and the best ready thread runs. */
void sched_yield(void);
/* The current thread is already on a wait or sleep queue; run something else until woken. */
void sched_block(void);
/* The current thread is finished: switch away for good; it is freed after the switch. */
__attribute__((noreturn)) void sched_exit_current(void);
/* Timer tick: charge the running thread's slice. */
void sched_tick(void);
/* On return to user mode: switch if a better thread is ready or the slice ran out. */
void sched_preempt_point(void);
/* Called by entry.S on a new thread's first run. */
void sched_thread_started(void);
uint64_t sched_context_switches(void);
/* TSC ticks t has run, including the current stretch if it is running. */
uint64_t sched_cpu_tsc(const struct thread *t);

#endif

/*
 * switch.h — the context switch itself, inline so that the scheduler and
 * the IPC fast path (ipc_fast.c) each get it without a call: CPU-time
 * accounting, FPU/SSE state, address space, %fs (the IPC buffer), the
 * kernel stack for traps and syscalls, then the stack swap.
 */
#ifndef KERNEL_SWITCH_H
#define KERNEL_SWITCH_H

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/percpu.h"
#include "thread.h"

void switch_context(uint64_t *save_rsp, uint64_t next_rsp);
/* After a switch: free the thread that exited on the way here. */
void sched_finish_switch(struct cpu *c);

static inline __attribute__((always_inline)) void switch_to(struct cpu *c, struct thread *prev,
							    struct thread *next)
{
	uint64_t now = rdtsc();
	prev->cpu_tsc += now - c->switch_tsc;
	c->switch_tsc = now;
	c->context_switches++;
	if (prev->root)
		fpu_save(prev->fpu);
	if (next->root)
		fpu_restore(next->fpu);
	if (next->root && next->root != read_cr3())
		write_cr3(next->root);
	if (next->root && next->fs_base != c->fs_base) {
		wrmsr(MSR_FS_BASE, next->fs_base); /* %fs points at the IPC buffer */
		c->fs_base = next->fs_base;
	}
	c->tss.rsp[0] = next->kstack_top;
	c->kstack_top = next->kstack_top;
	c->current = next;
	next->state = THREAD_RUNNING;
	switch_context(&prev->saved_rsp, next->saved_rsp);
	sched_finish_switch(c); /* now running as prev again, on a later switch back */
}

/* IPC hand-off: the current thread has blocked itself; run `next` now, unqueued. */
static inline __attribute__((always_inline)) void sched_switch_direct(struct thread *next)
{
	struct cpu *c = this_cpu();
	c->need_resched = false;
	switch_to(c, c->current, next);
}

#endif

/*
 * thread.h — threads: a kernel stack, saved registers, FPU state and the
 * links that put a thread on exactly one queue at a time (ready queue or a
 * wait queue) and optionally the sleep queue. User threads belong to a
 * process; kernel threads (the idle thread) have none.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdint.h>

#include "arch/x86_64/fpu.h"
#include "base/list.h"

struct process;

enum thread_state {
	THREAD_READY,   /* on its CPU's ready queue */
	THREAD_RUNNING, /* this_cpu()->current */
	THREAD_BLOCKED, /* on a wait queue and/or the sleep queue */
	THREAD_DEAD,    /* exited; freed right after the switch away */
};

struct thread {
	uint64_t saved_rsp; /* where switch_context left this stack */
	uint64_t kstack_top;
	uint64_t root;        /* page-table root to run on; 0 = whatever is loaded */
	struct process *proc; /* NULL for kernel threads */
	enum thread_state state;
	uint8_t priority;       /* SKY_PRIO_MIN..SKY_PRIO_MAX */
	uint8_t slice;          /* ticks left in this time slice; 0 = expired */
	struct list queue_link; /* ready queue or a wait queue */
	struct list sleep_link; /* time.c's sleep queue, ordered by wake_ns */
	struct list proc_link;  /* proc->threads */
	uint64_t wake_ns;
	uint64_t cpu_tsc; /* TSC ticks spent running, up to the last switch */
	uint64_t tid;
	uint8_t fpu[FPU_AREA_SIZE] __attribute__((aligned(16)));
};

/* Where a new user thread starts. */
struct thread_start {
	uint64_t rip, rsp, arg0, arg1;
};

/* A user thread of p, not yet ready. NULL when out of memory or stack slots. */
struct thread *thread_create_user(struct process *p, const struct thread_start *start,
				  unsigned priority);
/* A kernel thread running fn(arg), not yet ready. NULL when out of memory. */
struct thread *thread_create_kernel(void (*fn)(void *), void *arg, unsigned priority);
/* Free a thread that is on no queue and not running. */
void thread_free(struct thread *t);
/* Threads alive now, kernel threads excluded. */
uint64_t thread_count(void);

#endif

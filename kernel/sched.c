/*
 * sched.c — per-CPU ready queues (one list per priority and a bitmap of the
 * non-empty ones, so picking the next thread is a bit scan), the switch
 * itself, and the idle thread. The running thread is never on the ready
 * queue. CPU time is charged from the TSC at every switch.
 */
#include "sched.h"
#include "switch.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "log.h"
#include "process.h"
#include "sky/syscall.h"

static void idle_loop(void *unused)
{
	(void)unused;
	struct cpu *c = this_cpu();
	for (;;) {
		if (c->ready_mask)
			sched_yield();
		else
			sti_hlt_cli(); /* the timer or a device will wake us */
	}
}

void sched_init(void)
{
	struct cpu *c = this_cpu();
	c->idle = thread_create_kernel(idle_loop, NULL, SKY_PRIO_MIN);
	if (!c->idle)
		panic("sched: cannot create the idle thread");
	c->current = c->idle; /* the boot context stands in for idle until sched_start() */
}

static void enqueue(struct cpu *c, struct thread *t, bool front)
{
	t->state = THREAD_READY;
	if (front)
		list_push_front(&c->ready[t->priority], &t->queue_link);
	else
		list_push_back(&c->ready[t->priority], &t->queue_link);
	c->ready_mask |= 1u << t->priority;
}

void sched_ready(struct thread *t)
{
	struct cpu *c = this_cpu();
	enqueue(c, t, false);
	if (c->current != c->idle && t->priority > c->current->priority)
		c->need_resched = true;
}

void sched_unready(struct thread *t)
{
	struct cpu *c = this_cpu();
	assert(t->state == THREAD_READY);
	list_remove(&t->queue_link);
	if (list_empty(&c->ready[t->priority]))
		c->ready_mask &= ~(1u << t->priority);
}

static struct thread *pick_next(struct cpu *c)
{
	if (!c->ready_mask)
		return c->idle;
	unsigned p = 31u - (unsigned)__builtin_clz(c->ready_mask);
	struct thread *t = list_entry(list_pop_front(&c->ready[p]), struct thread, queue_link);
	if (list_empty(&c->ready[p]))
		c->ready_mask &= ~(1u << p);
	return t;
}

/* Run the best ready thread; the current one has been queued, blocked or killed already. */
static void schedule(struct cpu *c)
{
	c->need_resched = false;
	struct thread *prev = c->current;
	struct thread *next = pick_next(c);
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		return;
	}
	switch_to(c, prev, next);
}

void sched_yield(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	if (t != c->idle) {
		t->slice = SLICE_TICKS;
		enqueue(c, t, false);
	}
	schedule(c);
}

void sched_block(void)
{
	struct cpu *c = this_cpu();
	c->current->state = THREAD_BLOCKED;
	schedule(c);
}

void sched_exit_current(void)
{
	struct cpu *c = this_cpu();
	c->current->state = THREAD_DEAD;
	c->dead = c->current;
	schedule(c);
	panic("sched: a dead thread was scheduled");
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	if (t == c->idle)
		return;
	if (t->slice > 0)
		t->slice--;
	if (t->slice == 0) {
		if (c->ready_mask >> t->priority)
			c->need_resched = true; /* an equal or better thread waits */
		else
			t->slice = SLICE_TICKS; /* alone at its level: carry on */
	}
}

void sched_preempt_point(void)
{
	struct cpu *c = this_cpu();
	if (!c->need_resched || c->current == c->idle)
		return;
	struct thread *t = c->current;
	/* Slice used up: go to the back. Preempted by a better thread: keep our place. */
	bool expired = t->slice == 0;
	if (expired)
		t->slice = SLICE_TICKS;
	enqueue(c, t, !expired);
	schedule(c);
}

void sched_thread_started(void)
{
	sched_finish_switch(this_cpu());
}

void sched_finish_switch(struct cpu *c)
{
	if (c->dead) {
		struct thread *dead = c->dead;
		c->dead = NULL;
		process_reap_thread(dead);
	}
}

void sched_start(void)
{
	struct cpu *c = this_cpu();
	struct thread *idle = c->idle;
	uint64_t boot_rsp; /* the boot stack is abandoned here */
	c->switch_tsc = rdtsc();
	c->tss.rsp[0] = idle->kstack_top;
	c->kstack_top = idle->kstack_top;
	c->current = idle;
	idle->state = THREAD_RUNNING;
	switch_context(&boot_rsp, idle->saved_rsp);
	panic("sched: returned to the boot stack");
}

uint64_t sched_context_switches(void)
{
	return this_cpu()->context_switches;
}

uint64_t sched_cpu_tsc(const struct thread *t)
{
	struct cpu *c = this_cpu();
	return t->cpu_tsc + (t == c->current ? rdtsc() - c->switch_tsc : 0);
}

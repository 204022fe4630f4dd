/*
 * tthread.c — see tthread.h.
 */
#include "tthread.h"

void rt_thread_entry(void); /* user/rt/thread_entry.S */

int64_t tthread_create(struct tthread *t, void (*fn)(void *), void *arg)
{
	*t = (struct tthread){ .thread = -1, .stack = -1 };
	t->thread = object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE);
	if (t->thread < 0)
		return t->thread;
	t->stack = object_create(SKY_OBJ_MEMORY, TTHREAD_STACK_PAGES, 0);
	if (t->stack < 0)
		return t->stack;
	t->stack_va = vaddr_reserve(TTHREAD_STACK_PAGES);
	int64_t err = sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)t->stack, t->stack_va, 0,
				  TTHREAD_STACK_PAGES, SKY_RIGHT_READ | SKY_RIGHT_WRITE);
	if (err) {
		t->stack_va = 0;
		return err;
	}
	/* The trampoline pops fn and arg, leaving rsp 16-byte aligned for the call. */
	uint64_t *top = (uint64_t *)(t->stack_va + TTHREAD_STACK_PAGES * 4096) - 2;
	top[0] = (uint64_t)fn;
	top[1] = (uint64_t)arg;
	t->rsp = (uint64_t)top;
	return 0;
}

int64_t tthread_start(struct tthread *t, int priority)
{
	return sky_thread_start((uint32_t)t->thread, (uint64_t)rt_thread_entry, t->rsp, 0,
				priority);
}

int64_t tthread_spawn(struct tthread *t, void (*fn)(void *), void *arg)
{
	int64_t err = tthread_create(t, fn, arg);
	if (!err)
		err = tthread_start(t, SKY_PRIO_INHERIT);
	if (err)
		tthread_free(t);
	return err;
}

void tthread_free(struct tthread *t)
{
	if (t->thread >= 0) {
		sky_thread_kill((uint32_t)t->thread); /* nothing happens if it has ended */
		object_delete((uint32_t)t->thread);
	}
	if (t->stack_va)
		sky_mem_unmap(SKY_SLOT_ASPACE, t->stack_va);
	if (t->stack >= 0)
		object_delete((uint32_t)t->stack);
	*t = (struct tthread){ .thread = -1, .stack = -1 };
}

/*
 * thread.c — threads inside the calling process: a thread object in our own
 * address and capability space, a fresh stack mapped for it, and an entry
 * trampoline (thread_entry.S) that calls fn(arg) and ends the thread.
 */
#include "rt.h"

void rt_thread_entry(void);

int64_t thread_spawn(void (*fn)(void *), void *arg, uint64_t stack_pages, int priority)
{
	int64_t t = slot_alloc();
	if (t < 0)
		return t;
	int64_t err = sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_THREAD, (uint32_t)t, SKY_SLOT_ASPACE,
				     SKY_SLOT_CSPACE);
	if (err) {
		slot_free((uint32_t)t);
		return err;
	}
	uint64_t *stack = map_new(stack_pages, SKY_RIGHT_READ | SKY_RIGHT_WRITE, 0, NULL);
	if (!stack) {
		object_delete((uint32_t)t);
		return -SKY_E_NOMEM;
	}
	/* The trampoline pops fn and arg, leaving rsp 16-byte aligned for the call. */
	uint64_t *top = stack + stack_pages * 512 - 2;
	top[0] = (uint64_t)fn;
	top[1] = (uint64_t)arg;
	err = sky_thread_start((uint32_t)t, (uint64_t)rt_thread_entry, (uint64_t)top, 0, priority);
	if (err) {
		object_delete((uint32_t)t);
		return err;
	}
	return t;
}

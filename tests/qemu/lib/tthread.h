/*
 * tthread.h — threads of the test's own process that can be taken apart
 * again. Unlike thread_spawn(), which leaves its stack mapped for the rest
 * of the process's life, a tthread keeps the slot of its stack's memory
 * object, so a test can free everything and check that nothing leaked.
 * Creating and starting are separate, so a fault handler can be set first.
 */
#ifndef TESTS_TTHREAD_H
#define TESTS_TTHREAD_H

#include "rt.h"

#define TTHREAD_STACK_PAGES 4

struct tthread {
	int64_t thread;    /* slot of the thread (CONTROL) */
	int64_t stack;     /* slot of its stack's memory object */
	uint64_t stack_va; /* where the stack is mapped */
	uint64_t rsp;      /* initial stack pointer: fn and arg for rt_thread_entry */
};

/* Make (but do not start) a thread of this process that will run fn(arg); 0 or an error. */
int64_t tthread_create(struct tthread *t, void (*fn)(void *), void *arg);
/* Start it (rt_thread_entry calls fn(arg), then thread_exit); thread_start's result. */
int64_t tthread_start(struct tthread *t, int priority);
/* Create and start; 0 or an error. */
int64_t tthread_spawn(struct tthread *t, void (*fn)(void *), void *arg);
/* End it if it still runs (thread_kill), unmap its stack, delete both capabilities. */
void tthread_free(struct tthread *t);

#endif

/*
 * notification.c — a word of signal bits. Signals accumulate (bitwise or)
 * until a waiter takes them all at once; a signal never blocks, so
 * interrupts, timers and completions use notifications to reach threads.
 */
#include "endpoint.h"
#include "sched.h"
#include "sky/error.h"
#include "thread.h"

int notification_create(struct account *a, struct notification **out)
{
	int err;
	struct notification *n = object_new(a, SKY_OBJ_NOTIFICATION, sizeof *n, &err);
	if (!n)
		return err;
	list_init(&n->waiters);
	*out = n;
	return 0;
}

void notification_destroy(struct object *o)
{
	struct notification *n = (struct notification *)o;
	while (!list_empty(&n->waiters))
		thread_wake(list_entry(n->waiters.next, struct thread, queue_link), -SKY_E_DEAD);
	object_free(o);
}

int64_t notification_signal(struct notification *n, uint64_t bits)
{
	if (bits >> 63)
		return -SKY_E_INVAL; /* results must stay non-negative */
	n->word |= bits;
	if (n->word && !list_empty(&n->waiters)) {
		uint64_t word = n->word;
		n->word = 0;
		thread_wake(list_entry(n->waiters.next, struct thread, queue_link), (int64_t)word);
	}
	return 0;
}

int64_t notification_poll(struct notification *n)
{
	uint64_t word = n->word;
	n->word = 0;
	return (int64_t)word;
}

int64_t notification_wait(struct notification *n)
{
	if (n->word)
		return notification_poll(n);
	thread_block(BLOCK_SIGNAL, n, &n->waiters, 0);
	return sched_current()->result;
}

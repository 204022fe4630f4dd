/*
 * sys_thread.c — decoding of the thread calls: start, fault handler, exit,
 * kill.
 */
#include "cap.h"
#include "endpoint.h"
#include "process.h"
#include "sched.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"

static int thread_cap(uint64_t slot, struct thread **out)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), slot, SKY_OBJ_THREAD, SKY_RIGHT_CONTROL, &c);
	if (!err)
		*out = (struct thread *)c->obj;
	return err;
}

/* start(thread, rip, rsp, arg, priority) */
int64_t sys_thread_start(SYSCALL_ARGS)
{
	struct thread *t;
	int err = thread_cap(a0, &t);
	if (err)
		return err;
	if (t->state != THREAD_INACTIVE)
		return -SKY_E_INVAL; /* started already, or dead */
	/* Both land in registers through iretq, which must not fault in ring 0. */
	if (!user_range_ok(a1, 1) || !user_range_ok(a2, 0))
		return -SKY_E_RANGE;
	int64_t prio = (int64_t)a4;
	unsigned ceiling = sched_current()->priority;
	if (prio == SKY_PRIO_INHERIT)
		prio = ceiling;
	if (prio < SKY_PRIO_MIN || prio > SKY_PRIO_MAX)
		return -SKY_E_INVAL;
	if (prio > ceiling)
		return -SKY_E_PERM;
	thread_start(t, a1, a2, a3, 0, (unsigned)prio);
	return 0;
}

/* faults(thread, endpoint or SKY_SLOT_NONE): where its faults go, as calls */
int64_t sys_thread_faults(SYSCALL_ARGS)
{
	struct thread *t;
	int err = thread_cap(a0, &t);
	if (err)
		return err;
	if (t->state == THREAD_DEAD)
		return -SKY_E_DEAD;
	if (a1 == SKY_SLOT_NONE) {
		endpoint_fault_handler_set(&t->fault_ep, NULL, 0, &t->fault_badge);
		return 0;
	}
	struct cap *ep;
	err = cap_lookup(my_cspace(), a1, SKY_OBJ_ENDPOINT, SKY_RIGHT_WRITE, &ep);
	if (err)
		return err;
	endpoint_fault_handler_set(&t->fault_ep, (struct endpoint *)ep->obj, ep->badge,
				   &t->fault_badge);
	return 0;
}

int64_t sys_thread_exit(SYSCALL_ARGS)
{
	process_thread_exit();
}

int64_t sys_thread_kill(SYSCALL_ARGS)
{
	struct thread *t;
	int err = thread_cap(a0, &t);
	if (err)
		return err;
	if (t == sched_current())
		process_thread_exit();
	if (t->state != THREAD_DEAD)
		process_kill_thread(t);
	return 0;
}

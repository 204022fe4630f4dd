/*
 * sys_device.c — decoding of the calls user-space drivers use: interrupt
 * lines, I/O ports, and timers.
 */
#include "cap.h"
#include "endpoint.h"
#include "ioport.h"
#include "irq.h"
#include "sky/error.h"
#include "syscall.h"
#include "timer.h"

/* claim(irq control, line, notification, bits, dst) */
int64_t sys_irq_claim(SYSCALL_ARGS)
{
	struct cap *ctl, *n, *dst;
	struct cspace *cs = my_cspace();
	int err = cap_lookup(cs, a0, SKY_OBJ_IRQ_CONTROL, SKY_RIGHT_CONTROL, &ctl);
	if (!err)
		err = cap_lookup(cs, a2, SKY_OBJ_NOTIFICATION, SKY_RIGHT_WRITE, &n);
	if (!err)
		err = cap_lookup_empty(cs, a4, &dst);
	if (err)
		return err;
	struct irq *q;
	err = irq_claim(my_account(), a1, (struct notification *)n->obj, a3, &q);
	if (err)
		return err;
	cap_install(dst, &q->obj, SKY_RIGHT_CONTROL, 0);
	return 0;
}

int64_t sys_irq_ack(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_IRQ, SKY_RIGHT_CONTROL, &c);
	if (err)
		return err;
	irq_ack((struct irq *)c->obj);
	return 0;
}

/* narrow(ioport, first, count, dst): a capability to a sub-range, derived from this one */
int64_t sys_ioport_narrow(SYSCALL_ARGS)
{
	struct cap *src, *dst;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_IOPORT, SKY_RIGHT_CONTROL, &src);
	if (!err)
		err = cap_lookup_empty(my_cspace(), a3, &dst);
	if (err)
		return err;
	struct ioport *p;
	err = ioport_narrow(my_account(), (struct ioport *)src->obj, a1, a2, &p);
	if (err)
		return err;
	cap_install_child(src, dst, &p->obj);
	return 0;
}

int64_t sys_io_in(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_IOPORT, SKY_RIGHT_READ, &c);
	if (!err)
		err = ioport_check((struct ioport *)c->obj, a1, a2);
	return err ? err : (int64_t)ioport_in((uint16_t)a1, (unsigned)a2);
}

int64_t sys_io_out(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_IOPORT, SKY_RIGHT_WRITE, &c);
	if (!err)
		err = ioport_check((struct ioport *)c->obj, a1, a2);
	if (err)
		return err;
	ioport_out((uint16_t)a1, (unsigned)a2, (uint32_t)a3);
	return 0;
}

/* set(timer, notification, bits, delay_ns, period_ns); delay 0 disarms */
int64_t sys_timer_set(SYSCALL_ARGS)
{
	struct cap *t, *n = NULL;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_TIMER, SKY_RIGHT_CONTROL, &t);
	if (!err && a3)
		err = cap_lookup(my_cspace(), a1, SKY_OBJ_NOTIFICATION, SKY_RIGHT_WRITE, &n);
	if (err)
		return err;
	return timer_set((struct timer *)t->obj, n ? (struct notification *)n->obj : NULL, a2, a3,
			 a4);
}

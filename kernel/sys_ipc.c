/*
 * sys_ipc.c — decoding of the IPC and notification calls. The capability
 * used decides the rights (WRITE to send, READ to receive, GRANT to pass
 * capabilities) and the badge the receiver sees.
 */
#include "cap.h"
#include "endpoint.h"
#include "sky/error.h"
#include "sky/ipc.h"
#include "syscall.h"

static int endpoint_cap(uint64_t slot, uint32_t right, struct cap **out)
{
	return cap_lookup(my_cspace(), slot, SKY_OBJ_ENDPOINT, right, out);
}

/* The reply capability named in the high half of a0, or NULL for SKY_SLOT_NONE. */
static int reply_of(uint64_t a0, struct cap **out)
{
	uint32_t slot = (uint32_t)(a0 >> 32);
	*out = NULL;
	if (slot == SKY_SLOT_NONE)
		return 0;
	return cap_lookup(my_cspace(), slot, SKY_OBJ_REPLY, SKY_RIGHT_WRITE, out);
}

static struct reply *reply_obj(struct cap *c)
{
	return c ? (struct reply *)c->obj : NULL;
}

int64_t sys_send(SYSCALL_ARGS)
{
	struct cap *c;
	int err = endpoint_cap(a0, SKY_RIGHT_WRITE, &c);
	if (err)
		return err;
	const uint64_t w[4] = { a2, a3, a4, a5 };
	return ipc_send((struct endpoint *)c->obj, c->badge, c->rights & SKY_RIGHT_GRANT, a1, w);
}

/* call's general path; ipc_fast.c tries the fast path first. */
int64_t sys_call_slow(SYSCALL_ARGS)
{
	struct cap *c;
	int err = endpoint_cap(a0, SKY_RIGHT_WRITE, &c);
	if (err)
		return err;
	const uint64_t w[4] = { a2, a3, a4, a5 };
	return ipc_call((struct endpoint *)c->obj, c->badge, c->rights & SKY_RIGHT_GRANT, a1, w);
}

/* recv(ep | reply << 32, info) */
int64_t sys_recv(SYSCALL_ARGS)
{
	struct cap *c, *r;
	int err = endpoint_cap(a0 & 0xFFFFFFFF, SKY_RIGHT_READ, &c);
	if (!err)
		err = reply_of(a0, &r);
	return err ? err : ipc_recv((struct endpoint *)c->obj, reply_obj(r), a1);
}

int64_t sys_reply(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_REPLY, SKY_RIGHT_WRITE, &c);
	if (err)
		return err;
	const uint64_t w[4] = { a2, a3, a4, a5 };
	return ipc_reply((struct reply *)c->obj, c->rights & SKY_RIGHT_GRANT, a1, w);
}

/* reply_recv(ep | reply << 32, info, words): answer the bound call, if any, then receive.
 * The general path; ipc_fast.c tries the fast path first. */
int64_t sys_reply_recv_slow(SYSCALL_ARGS)
{
	struct cap *c, *r;
	int err = endpoint_cap(a0 & 0xFFFFFFFF, SKY_RIGHT_READ, &c);
	if (!err)
		err = reply_of(a0, &r);
	if (err)
		return err;
	uint64_t flags = a1 & (SKY_MSG_NONBLOCK | SKY_MSG_TIMEOUT);
	struct reply *reply = reply_obj(r);
	if (reply && reply->caller) {
		const uint64_t w[4] = { a2, a3, a4, a5 };
		err = (int)ipc_reply(reply, r->rights & SKY_RIGHT_GRANT, a1 & ~flags, w);
		if (err)
			return err;
	}
	return ipc_recv((struct endpoint *)c->obj, reply, flags);
}

int64_t sys_signal(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NOTIFICATION, SKY_RIGHT_WRITE, &c);
	return err ? err : notification_signal((struct notification *)c->obj, a1 | c->badge);
}

int64_t sys_wait_signal(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NOTIFICATION, SKY_RIGHT_READ, &c);
	return err ? err : notification_wait((struct notification *)c->obj);
}

int64_t sys_poll_signal(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_NOTIFICATION, SKY_RIGHT_READ, &c);
	return err ? err : notification_poll((struct notification *)c->obj);
}

/*
 * ipc_fast.c — the fast path of the two calls a client/server pair spends
 * its life in: call, when a receiver is waiting, and reply_recv, when its
 * caller is waiting and nobody else is. Each checks every condition first
 * (the capability, no capabilities or flags in the message, the other thread
 * waiting with no deadline, nothing ready that outranks it), then moves the
 * message and switches straight to the other thread without touching the
 * ready queues. When any condition fails, nothing has changed and the
 * general path (sys_ipc.c, ipc.c) takes over. A message without
 * capabilities that passes these checks is one check_message() accepts.
 */
#include "cap.h"
#include "endpoint.h"
#include "sched.h"
#include "sky/error.h"
#include "switch.h"
#include "base/string.h"
#include "syscall.h"
#include "thread.h"

#define FAST_INFO_REJECT (INFO_CAPS | INFO_FLAGS | INFO_RESERVED)

static inline __attribute__((always_inline)) void put_message(struct thread *to, uint64_t badge,
							      uint64_t info, uint64_t w0,
							      uint64_t w1, uint64_t w2, uint64_t w3,
							      const struct thread *from)
{
	uint64_t len = SKY_MSG_LEN(info);
	if (len)
		memcpy(to->ipc->data, from->ipc->data, len);
	to->uregs[0] = badge;
	to->uregs[1] = 0;
	to->uregs[2] = w0;
	to->uregs[3] = w1;
	to->uregs[4] = w2;
	to->uregs[5] = w3;
	to->result = (int64_t)info;
}

/* call(ep, info, w0..w3) */
int64_t sys_call(SYSCALL_ARGS)
{
	struct thread *me = sched_current();
	struct cap *c;
	if (cap_lookup(me->cspace, a0, SKY_OBJ_ENDPOINT, SKY_RIGHT_WRITE, &c) ||
	    (a1 & FAST_INFO_REJECT) || SKY_MSG_LEN(a1) > SKY_MSG_DATA_MAX)
		return sys_call_slow(a0, a1, a2, a3, a4, a5);
	struct endpoint *ep = (struct endpoint *)c->obj;
	if (list_empty(&ep->receivers))
		return sys_call_slow(a0, a1, a2, a3, a4, a5);
	struct thread *server = list_entry(ep->receivers.next, struct thread, queue_link);
	struct reply *reply = server->recv_reply;
	/* The reply must outlive the receiver's reference: someone else holds it too. */
	if (!reply || reply->obj.refs == 1 || list_linked(&server->sleep_link) ||
	    !sched_switch_direct_prepare(server))
		return sys_call_slow(a0, a1, a2, a3, a4, a5);

	put_message(server, c->badge, a1, a2, a3, a4, a5, me);
	list_remove(&server->queue_link);
	server->block = BLOCK_NONE;
	server->blocked_on = NULL;
	server->recv_reply = NULL;
	reply->waiting--;
	reply->obj.refs--; /* the receiver's reference */
	reply->caller = me;
	me->caller_of = reply;
	me->state = THREAD_BLOCKED;
	me->block = BLOCK_REPLY;
	me->blocked_on = reply;
	sched_switch_direct(server);
	return me->result;
}

/* reply_recv(ep | reply << 32, info, w0..w3) */
int64_t sys_reply_recv(SYSCALL_ARGS)
{
	struct thread *me = sched_current();
	struct cap *c, *r;
	if (cap_lookup(me->cspace, a0 & 0xFFFFFFFF, SKY_OBJ_ENDPOINT, SKY_RIGHT_READ, &c) ||
	    cap_lookup(me->cspace, a0 >> 32, SKY_OBJ_REPLY, SKY_RIGHT_WRITE, &r) ||
	    (a1 & FAST_INFO_REJECT) || SKY_MSG_LEN(a1) > SKY_MSG_DATA_MAX)
		return sys_reply_recv_slow(a0, a1, a2, a3, a4, a5);
	struct endpoint *ep = (struct endpoint *)c->obj;
	struct reply *reply = (struct reply *)r->obj;
	struct thread *client = reply->caller;
	if (!client || !list_empty(&ep->senders) || ep->send_caps == 0 ||
	    list_linked(&client->sleep_link) || !sched_switch_direct_prepare(client))
		return sys_reply_recv_slow(a0, a1, a2, a3, a4, a5);

	put_message(client, 0, a1, a2, a3, a4, a5, me);
	reply->caller = NULL;
	client->caller_of = NULL;
	client->block = BLOCK_NONE;
	client->blocked_on = NULL;
	reply->obj.refs++; /* held while we wait, as ipc_recv() does */
	reply->waiting++;
	me->recv_reply = reply;
	me->state = THREAD_BLOCKED;
	me->block = BLOCK_RECV;
	me->blocked_on = ep;
	list_push_back(&ep->receivers, &me->queue_link);
	sched_switch_direct(client);
	return me->result;
}

/*
 * ipc.c — endpoints and reply objects: send, call, receive, reply. A sender
 * that finds a receiver waiting hands its message over at once; otherwise
 * it queues on the endpoint (oldest first) and the next receiver takes it.
 * A call then waits, bound to the reply object the receiver named, until
 * that object is used to answer. Everything a message carries is checked
 * when it is sent; capabilities are looked up again when delivered, since
 * the sender may have let go of them while it waited.
 */
#include "endpoint.h"

#include "account.h"
#include "base/string.h"
#include "cap.h"
#include "log.h"
#include "sched.h"
#include "sky/error.h"
#include "sky/ipc.h"
#include "thread.h"
#include "time.h"

int endpoint_create(struct account *a, struct endpoint **out)
{
	int err;
	struct endpoint *ep = object_new(a, SKY_OBJ_ENDPOINT, sizeof *ep, &err);
	if (!ep)
		return err;
	list_init(&ep->senders);
	list_init(&ep->receivers);
	*out = ep;
	return 0;
}

int reply_create(struct account *a, struct reply **out)
{
	int err;
	*out = object_new(a, SKY_OBJ_REPLY, sizeof **out, &err);
	return *out ? 0 : err;
}

static void wake_all(struct list *queue, int64_t result)
{
	while (!list_empty(queue))
		thread_wake(list_entry(queue->next, struct thread, queue_link), result);
}

void endpoint_destroy(struct object *o)
{
	struct endpoint *ep = (struct endpoint *)o;
	wake_all(&ep->senders, -SKY_E_DEAD);
	wake_all(&ep->receivers, -SKY_E_DEAD);
	object_free(o);
}

void endpoint_cap_added(struct endpoint *ep, uint32_t rights)
{
	ep->send_caps += !!(rights & SKY_RIGHT_WRITE);
	ep->recv_caps += !!(rights & SKY_RIGHT_READ);
}

void endpoint_cap_removed(struct endpoint *ep, uint32_t rights)
{
	/* Once nobody can receive, waiting senders never will be heard; and vice versa. */
	if ((rights & SKY_RIGHT_WRITE) && --ep->send_caps == 0)
		wake_all(&ep->receivers, -SKY_E_DEAD);
	if ((rights & SKY_RIGHT_READ) && --ep->recv_caps == 0)
		wake_all(&ep->senders, -SKY_E_DEAD);
}

void endpoint_fault_handler_set(struct endpoint **slot, struct endpoint *ep, uint64_t badge,
				uint64_t *badge_slot)
{
	struct endpoint *old = *slot;
	if (ep) {
		object_get(&ep->obj);
		endpoint_cap_added(ep, SKY_RIGHT_WRITE); /* a handler is a sender */
	}
	*slot = ep;
	*badge_slot = badge;
	if (old) {
		endpoint_cap_removed(old, SKY_RIGHT_WRITE);
		object_put(&old->obj);
	}
}

static void bind(struct reply *r, struct thread *caller)
{
	r->caller = caller;
	caller->caller_of = r;
	caller->block = BLOCK_REPLY;
	caller->blocked_on = r;
}

void reply_destroy(struct object *o)
{
	struct reply *r = (struct reply *)o;
	if (r->caller)
		thread_wake(r->caller, -SKY_E_DEAD); /* nobody can answer it now */
	object_free(o);
}

void ipc_cancel(struct thread *t)
{
	if (t->block == BLOCK_RECV && t->recv_reply) {
		struct reply *r = t->recv_reply;
		t->recv_reply = NULL;
		r->waiting--;
		object_put(&r->obj);
	}
	if (t->block == BLOCK_REPLY && t->caller_of) {
		t->caller_of->caller = NULL;
		t->caller_of = NULL;
	}
}

/* Check what the current thread is about to send. */
static int check_message(struct thread *me, uint64_t info, bool grant)
{
	if ((info & INFO_RESERVED) || SKY_MSG_LEN(info) > SKY_MSG_DATA_MAX ||
	    SKY_MSG_CAPS(info) > SKY_MSG_CAPS_MAX)
		return -SKY_E_INVAL;
	unsigned ncaps = (unsigned)SKY_MSG_CAPS(info);
	if (ncaps && !grant)
		return -SKY_E_RIGHTS; /* capabilities travel only over GRANT */
	for (unsigned i = 0; i < ncaps; i++) {
		struct cap *c;
		int err = cap_lookup(me->cspace, me->ipc->send_caps[i], SKY_OBJ_NONE, 0, &c);
		if (err)
			return err;
	}
	return 0;
}

/* Copy the sender's capabilities into the receiver's offered slots; how many arrived. */
static unsigned transfer_caps(struct thread *from, struct thread *to, unsigned ncaps)
{
	unsigned arrived = 0;
	for (unsigned i = 0; i < ncaps && arrived < SKY_MSG_CAPS_MAX; i++) {
		struct cap *src, *dst;
		if (cap_lookup(from->cspace, from->ipc->send_caps[i], SKY_OBJ_NONE, 0, &src) ||
		    cap_lookup_empty(to->cspace, to->ipc->recv_slots[arrived], &dst))
			continue;
		if (cap_derive(src, dst, SKY_RIGHTS_ALL, 0) == 0)
			arrived++;
	}
	return arrived;
}

/* Move from's pending message into to; returns the info word to receive. */
static uint64_t deliver(struct thread *from, struct thread *to)
{
	const struct ipc_message *m = &from->msg;
	uint64_t len = SKY_MSG_LEN(m->info);
	unsigned arrived = 0;
	if (!m->fault) {
		if (len)
			memcpy(to->ipc->data, from->ipc->data, len);
		if (SKY_MSG_CAPS(m->info))
			arrived = transfer_caps(from, to, (unsigned)SKY_MSG_CAPS(m->info));
	}
	to->uregs[0] = m->badge;
	to->uregs[1] = 0;
	memcpy(&to->uregs[2], m->words, sizeof m->words);
	return (m->info & ~(INFO_FLAGS | INFO_CAPS)) | ((uint64_t)arrived << SKY_MSG_CAPS_SHIFT);
}

static uint64_t deadline_of(struct thread *me, uint64_t info)
{
	if (!(info & SKY_MSG_TIMEOUT))
		return 0;
	uint64_t now = time_now_ns(), t = me->ipc->timeout_ns;
	return t > UINT64_MAX - now - 1 ? UINT64_MAX : now + t + 1; /* 0 means "none" */
}

static int64_t send_common(struct endpoint *ep, uint64_t badge, bool grant, uint64_t info,
			   const uint64_t w[4], bool call, bool fault)
{
	struct thread *me = sched_current();
	if (!fault) {
		int err = check_message(me, info, grant);
		if (err)
			return err;
	}
	me->msg = (struct ipc_message){
		.info = info, .badge = badge, .grant = grant, .call = call, .fault = fault
	};
	memcpy(me->msg.words, w, sizeof me->msg.words);

	if (!list_empty(&ep->receivers)) {
		struct thread *r = list_entry(ep->receivers.next, struct thread, queue_link);
		uint64_t got = deliver(me, r);
		struct reply *reply = r->recv_reply; /* take over the receiver's reference */
		r->recv_reply = NULL;
		if (reply)
			reply->waiting--;
		thread_wake(r, (int64_t)got);
		if (!call) {
			if (reply)
				object_put(&reply->obj);
			return 0;
		}
		if (!reply)
			return -SKY_E_DEAD; /* the receiver cannot answer calls */
		if (reply->obj.refs == 1) {
			object_put(&reply->obj); /* its capabilities are gone: nobody can answer */
			return -SKY_E_DEAD;
		}
		bind(reply, me);
		object_put(&reply->obj);
		thread_block(BLOCK_REPLY, reply, NULL, deadline_of(me, info));
		return me->result;
	}
	if (ep->recv_caps == 0)
		return -SKY_E_DEAD;
	if (info & SKY_MSG_NONBLOCK)
		return -SKY_E_AGAIN;
	thread_block(BLOCK_SEND, ep, &ep->senders, deadline_of(me, info));
	return me->result;
}

int64_t ipc_send(struct endpoint *ep, uint64_t badge, bool grant, uint64_t info,
		 const uint64_t w[4])
{
	return send_common(ep, badge, grant, info, w, false, false);
}

int64_t ipc_call(struct endpoint *ep, uint64_t badge, bool grant, uint64_t info,
		 const uint64_t w[4])
{
	return send_common(ep, badge, grant, info, w, true, false);
}

int64_t ipc_fault(uint64_t vector, uint64_t addr, uint64_t rip, uint64_t error)
{
	struct thread *me = sched_current();
	if (!me->fault_ep)
		return -SKY_E_DEAD;
	const uint64_t w[4] = { vector, addr, rip, error };
	int64_t r = send_common(me->fault_ep, me->fault_badge, false,
				SKY_MSG(SKY_LABEL_FAULT, 0, 0), w, true, true);
	return r < 0 ? r : (int64_t)SKY_MSG_LABEL((uint64_t)r);
}

int64_t ipc_recv(struct endpoint *ep, struct reply *reply, uint64_t info)
{
	struct thread *me = sched_current();
	if (info & ~INFO_FLAGS)
		return -SKY_E_INVAL;
	if (reply && reply->caller)
		thread_wake(reply->caller, -SKY_E_DEAD); /* its previous call goes unanswered */

	if (!list_empty(&ep->senders)) {
		struct thread *s = list_entry(ep->senders.next, struct thread, queue_link);
		uint64_t got = deliver(s, me);
		if (!s->msg.call) {
			thread_wake(s, 0);
		} else if (reply) {
			list_remove(&s->queue_link); /* still blocked, now on the reply */
			bind(reply, s);
		} else {
			thread_wake(s, -SKY_E_DEAD);
		}
		return (int64_t)got;
	}
	if (ep->send_caps == 0)
		return -SKY_E_DEAD;
	if (info & SKY_MSG_NONBLOCK)
		return -SKY_E_AGAIN;
	if (reply) {
		object_get(&reply->obj);
		reply->waiting++;
	}
	me->recv_reply = reply;
	thread_block(BLOCK_RECV, ep, &ep->receivers, deadline_of(me, info));
	return me->result;
}

int64_t ipc_reply(struct reply *r, bool grant, uint64_t info, const uint64_t w[4])
{
	struct thread *me = sched_current();
	struct thread *caller = r->caller;
	if (!caller)
		return -SKY_E_DEAD; /* no call to answer */
	if (info & INFO_FLAGS)
		return -SKY_E_INVAL;
	int err = check_message(me, info, grant);
	if (err)
		return err;
	me->msg = (struct ipc_message){ .info = info, .grant = grant };
	memcpy(me->msg.words, w, sizeof me->msg.words);
	uint64_t got = deliver(me, caller);
	thread_wake(caller, (int64_t)got); /* unbinds r */
	return 0;
}

/*
 * endpoint.h — synchronous IPC: endpoints (where senders and receivers
 * meet), reply objects (the one-shot answer to a call), and notifications
 * (a word of signal bits for asynchronous events). Message transfer copies
 * register words, up to 4 KiB between the two threads' IPC buffers (kernel
 * to kernel, through the physmap: no user pointer is touched), and up to
 * four capabilities when the sender's endpoint capability carries GRANT.
 */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/list.h"
#include "object.h"
#include "sky/ipc.h"

struct thread;
struct account;

/* Parts of a message info word (include/sky/ipc.h). */
#define INFO_FLAGS (SKY_MSG_NONBLOCK | SKY_MSG_TIMEOUT)
#define INFO_CAPS  (7ull << SKY_MSG_CAPS_SHIFT)
#define INFO_RESERVED                                                                              \
	(~(SKY_MSG_LEN_MASK | INFO_CAPS | INFO_FLAGS | (SKY_MSG_LABEL_MAX << SKY_MSG_LABEL_SHIFT)))

struct endpoint {
	struct object obj;
	struct list senders;   /* threads blocked sending or calling, oldest first */
	struct list receivers; /* threads blocked receiving */
	uint32_t send_caps;    /* capabilities (and fault handlers) able to send */
	uint32_t recv_caps;    /* capabilities able to receive */
};

struct reply {
	struct object obj;
	struct thread *caller; /* the call this object will answer, if bound */
	uint32_t waiting;      /* receivers blocked with this object as their reply */
};

struct notification {
	struct object obj;
	uint64_t word; /* pending bits; bit 63 is never set */
	struct list waiters;
};

int endpoint_create(struct account *a, struct endpoint **out);
int reply_create(struct account *a, struct reply **out);
int notification_create(struct account *a, struct notification **out);

/* Capability bookkeeping (cap.c): an endpoint nobody can receive from fails its senders. */
void endpoint_cap_added(struct endpoint *ep, uint32_t rights);
void endpoint_cap_removed(struct endpoint *ep, uint32_t rights);
/* Replace a thread's fault handler (held as *slot), keeping reference and counts right. */
void endpoint_fault_handler_set(struct endpoint **slot, struct endpoint *ep, uint64_t badge,
				uint64_t *badge_slot);

/*
 * The calls, for the current thread. info and words are the message; badge
 * and grant come from the endpoint capability used. Each returns what the
 * system call returns (see include/sky/ipc.h): received messages land in
 * the current thread's uregs and IPC buffer.
 */
int64_t ipc_send(struct endpoint *ep, uint64_t badge, bool grant, uint64_t info,
		 const uint64_t w[4]);
int64_t ipc_call(struct endpoint *ep, uint64_t badge, bool grant, uint64_t info,
		 const uint64_t w[4]);
int64_t ipc_recv(struct endpoint *ep, struct reply *r, uint64_t info);
int64_t ipc_reply(struct reply *r, bool grant, uint64_t info, const uint64_t w[4]);
/* The current thread faulted: call its handler; returns the reply's label or an error. */
int64_t ipc_fault(uint64_t vector, uint64_t addr, uint64_t rip, uint64_t error);
/* Undo a receive or reply wait of t (it is being woken or killed). */
void ipc_cancel(struct thread *t);

int64_t notification_signal(struct notification *n, uint64_t bits);
int64_t notification_wait(struct notification *n);
int64_t notification_poll(struct notification *n);

#endif

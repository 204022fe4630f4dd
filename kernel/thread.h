/*
 * thread.h — threads. A thread runs in an address space with a capability
 * space, has a kernel stack, an IPC buffer (two pages the kernel maps into
 * its address space and points %fs at), saved registers and FPU state.
 * It is a kernel object: capabilities to it control it, and a live thread
 * holds a reference to itself, so it is freed only after it has died and
 * the last capability to it is gone. At any moment it is on at most one
 * queue (ready, or the one it is blocked on) and perhaps the sleep queue.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/percpu.h"
#include "base/list.h"
#include "object.h"

struct aspace;
struct cspace;
struct endpoint;
struct memobj;
struct process;
struct reply;
struct sky_ipc_buffer;
struct account;

enum thread_state {
	THREAD_INACTIVE, /* made, not yet started */
	THREAD_READY,    /* on its CPU's ready queue */
	THREAD_RUNNING,  /* this_cpu()->current */
	THREAD_BLOCKED,  /* see block */
	THREAD_DEAD,     /* ended; its stack is gone or about to go */
};

enum block_reason {
	BLOCK_NONE,
	BLOCK_SLEEP,  /* sleep(): only the sleep queue */
	BLOCK_CHILD,  /* wait(): on its process's child_waiters */
	BLOCK_SEND,   /* on an endpoint's senders (send, call, fault) */
	BLOCK_RECV,   /* on an endpoint's receivers */
	BLOCK_REPLY,  /* its call was received; bound to a reply object */
	BLOCK_SIGNAL, /* on a notification's waiters */
};

/* A message while it waits to be delivered, and where a receiver wants calls bound. */
struct ipc_message {
	uint64_t info;
	uint64_t words[4];
	uint64_t badge; /* of the endpoint capability it was sent with */
	bool grant;     /* that capability had SKY_RIGHT_GRANT */
	bool call;      /* the sender waits for a reply */
	bool fault;     /* sent by the kernel for a fault: no IPC buffer data or caps */
};

struct thread {
	struct object obj;
	uint64_t saved_rsp;  /* where switch_context left this stack */
	uint64_t kstack_top; /* 0 once freed */
	uint64_t root;     /* page-table root to run on; 0 = whatever is loaded (kernel threads) */
	uint64_t fs_base;  /* the IPC buffer's user address */
	uint64_t uregs[6]; /* returned in rdi, rsi, rdx, r10, r8, r9 by every syscall */
	int64_t result;    /* what a blocked syscall returns once woken */
	enum thread_state state;
	enum block_reason block;
	void *blocked_on;       /* the endpoint, notification or reply for BLOCK_SEND..SIGNAL */
	uint8_t priority;       /* SKY_PRIO_MIN..SKY_PRIO_MAX */
	uint8_t slice;          /* ticks left in this time slice; 0 = expired */
	struct list queue_link; /* ready queue or the queue it is blocked on */
	struct list sleep_link; /* time.c's sleep queue (sleeps and timeouts) */
	struct list proc_link;  /* proc->threads */
	uint64_t wake_ns;
	uint64_t cpu_tsc; /* TSC ticks spent running, up to the last switch */
	uint64_t tid;
	struct process *proc;  /* the process it belongs to; NULL for kernel and loose threads */
	struct aspace *aspace; /* references held; NULL for kernel threads */
	struct cspace *cspace;
	struct memobj *ipcbuf;
	struct sky_ipc_buffer *ipc; /* the kernel's view of the IPC buffer */
	struct ipc_message msg;     /* being sent, while blocked sending */
	struct reply *recv_reply;   /* BLOCK_RECV: where to bind a caller */
	struct reply *caller_of;    /* BLOCK_REPLY: the reply object this call waits on */
	struct endpoint *fault_ep;  /* reference held; faults go here as calls */
	uint64_t fault_badge;
	uint8_t fpu[FPU_AREA_SIZE] __attribute__((aligned(16)));
};

_Static_assert(__builtin_offsetof(struct thread, uregs) == THREAD_UREGS, "entry.S offset");

/*
 * A user thread in aspace with cspace, charged to a (kernel memory for the
 * struct and stack, two pages of IPC buffer, one thread); INACTIVE until
 * thread_start(). Errors: SKY_E_QUOTA, SKY_E_NOMEM, SKY_E_LIMIT.
 */
int thread_create(struct account *a, struct aspace *as, struct cspace *cs, struct thread **out);
/* Give an INACTIVE thread its registers and make it ready. */
void thread_start(struct thread *t, uint64_t rip, uint64_t rsp, uint64_t arg0, uint64_t arg1,
		  unsigned priority);
/* A kernel thread running fn(arg), ready to run. NULL when out of memory. */
struct thread *thread_create_kernel(void (*fn)(void *), void *arg, unsigned priority);
/* End a thread that is not running: off every queue, its stack, buffer and spaces let go. */
void thread_kill(struct thread *t);
/* The same for a thread that ended itself, once the CPU has switched away from it. */
void thread_reap(struct thread *t);

/* Block the current thread on `queue` for `why` (queue may be NULL); deadline 0 = none. */
void thread_block(enum block_reason why, void *on, struct list *queue, uint64_t deadline_ns);
/* Wake a blocked thread with `result` for its syscall, undoing every part of its block. */
void thread_wake(struct thread *t, int64_t result);
/* Threads alive now, kernel threads excluded. */
uint64_t thread_count(void);

#endif

/*
 * thread.c — the life of a thread object: creation (stack, IPC buffer,
 * charges), start, blocking and waking, death, and destruction. A new
 * thread's kernel stack is prepared so that the first switch_context() into
 * it "returns" into an entry trampoline (entry.S); user threads then leave
 * through the normal interrupt-return path with a trap frame built here.
 */
#include "thread.h"

#include "account.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/trap.h"
#include "aspace.h"
#include "base/string.h"
#include "cap.h"
#include "endpoint.h"
#include "kstack.h"
#include "log.h"
#include "memobj.h"
#include "process.h"
#include "sched.h"
#include "sky/error.h"
#include "sky/ipc.h"
#include "time.h"

extern char thread_enter_user[], thread_enter_kernel[];

/* What switch_context pops, lowest address first. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp, ret;
};

static uint64_t next_tid = 1;
static uint64_t user_threads; /* guarded by the kernel lock */

static void init_links(struct thread *t)
{
	t->tid = next_tid++;
	t->slice = SLICE_TICKS;
	list_init(&t->queue_link);
	list_init(&t->sleep_link);
	list_init(&t->proc_link);
}

/* Map a fresh two-page IPC buffer into t's address space. */
static int give_ipc_buffer(struct account *a, struct thread *t)
{
	uint64_t va = aspace_ipcbuf_reserve(t->aspace);
	if (!va)
		return -SKY_E_LIMIT;
	int err = memobj_create(a, SKY_IPC_BUFFER_SIZE / PAGE_SIZE, SKY_MEM_CONTIG, &t->ipcbuf);
	if (!err)
		err = aspace_map(t->aspace, t->ipcbuf, va, 0, SKY_IPC_BUFFER_SIZE / PAGE_SIZE,
				 MAP_READ | MAP_WRITE, true);
	if (err) {
		aspace_ipcbuf_release(t->aspace, va);
		return err;
	}
	t->fs_base = va;
	t->ipc = memobj_page(t->ipcbuf, 0);
	t->ipc->self = va;
	for (int i = 0; i < 4; i++)
		t->ipc->recv_slots[i] = SKY_SLOT_NONE;
	return 0;
}

int thread_create(struct account *a, struct aspace *as, struct cspace *cs, struct thread **out)
{
	int err = account_charge(a, ACCOUNT_THREADS, 1);
	if (err)
		return err;
	err = account_charge(a, ACCOUNT_KMEM, KSTACK_SIZE);
	if (err) {
		account_uncharge(a, ACCOUNT_THREADS, 1);
		return err;
	}
	struct thread *t = object_new(a, SKY_OBJ_THREAD, sizeof *t, &err);
	if (!t) {
		account_uncharge(a, ACCOUNT_KMEM, KSTACK_SIZE);
		account_uncharge(a, ACCOUNT_THREADS, 1);
		return err;
	}
	/* From here on, thread_destroy() undoes whatever was done. */
	init_links(t);
	t->state = THREAD_INACTIVE;
	t->aspace = as;
	object_get(&as->obj);
	t->cspace = cs;
	object_get(&cs->obj);
	t->root = as->root;
	t->proc = as->process;
	if (t->proc)
		list_push_back(&t->proc->threads, &t->proc_link);
	fpu_init_area(t->fpu);
	user_threads++;
	t->kstack_top = kstack_alloc();
	err = t->kstack_top ? give_ipc_buffer(a, t) : -SKY_E_NOMEM;
	if (err) {
		object_put(&t->obj);
		return err;
	}
	*out = t;
	return 0;
}

void thread_start(struct thread *t, uint64_t rip, uint64_t rsp, uint64_t arg0, uint64_t arg1,
		  unsigned priority)
{
	assert(t->state == THREAD_INACTIVE && t->kstack_top);
	struct trap_frame *f = (struct trap_frame *)(t->kstack_top - sizeof *f);
	memset(f, 0, sizeof *f);
	f->rip = rip;
	f->cs = SEL_UCODE;
	f->rflags = 0x202; /* IF set, reserved bit 1 */
	f->rsp = rsp;
	f->ss = SEL_UDATA;
	f->rdi = arg0;
	f->rsi = arg1;

	struct switch_frame *sf = (struct switch_frame *)f - 1;
	memset(sf, 0, sizeof *sf);
	sf->ret = (uint64_t)thread_enter_user;
	t->saved_rsp = (uint64_t)sf;
	t->priority = (uint8_t)priority;
	object_get(&t->obj); /* a live thread keeps itself */
	sched_ready(t);
}

struct thread *thread_create_kernel(void (*fn)(void *), void *arg, unsigned priority)
{
	int err;
	struct thread *t = object_new(NULL, SKY_OBJ_THREAD, sizeof *t, &err);
	if (!t)
		return NULL;
	init_links(t);
	t->priority = (uint8_t)priority;
	t->kstack_top = kstack_alloc();
	if (!t->kstack_top)
		return NULL;
	/* Leave 16 bytes above so the trampoline's calls see an aligned stack. */
	struct switch_frame *sf = (struct switch_frame *)(t->kstack_top - 16) - 1;
	memset(sf, 0, sizeof *sf);
	sf->r12 = (uint64_t)fn;
	sf->r13 = (uint64_t)arg;
	sf->ret = (uint64_t)thread_enter_kernel;
	t->saved_rsp = (uint64_t)sf;
	return t;
}

/* Undo every part of a block: queue, sleep queue, reply binding. */
static void cancel_block(struct thread *t)
{
	if (t->block == BLOCK_REPLY || t->block == BLOCK_RECV)
		ipc_cancel(t);
	list_remove(&t->queue_link);
	time_cancel_sleep(t);
	t->block = BLOCK_NONE;
	t->blocked_on = NULL;
}

void thread_block(enum block_reason why, void *on, struct list *queue, uint64_t deadline_ns)
{
	struct thread *t = sched_current();
	t->block = why;
	t->blocked_on = on;
	if (queue)
		list_push_back(queue, &t->queue_link);
	if (deadline_ns)
		time_sleep_queue(t, deadline_ns);
	sched_block();
}

void thread_wake(struct thread *t, int64_t result)
{
	assert(t->state == THREAD_BLOCKED);
	cancel_block(t);
	t->result = result;
	sched_ready(t);
}

/* A thread that dies leaves its process, adding its CPU time to the process's. */
static void leave_process(struct thread *t)
{
	if (t->proc) {
		t->proc->dead_cpu_tsc += t->cpu_tsc;
		list_remove(&t->proc_link);
		t->proc = NULL;
	}
}

/* Let go of everything a dead thread held; it stays only as a name for its capabilities. */
static void release(struct thread *t)
{
	leave_process(t);
	if (t->kstack_top) {
		kstack_free(t->kstack_top);
		t->kstack_top = 0;
	}
	if (t->ipcbuf) {
		if (t->fs_base) {
			aspace_unmap(t->aspace, t->fs_base);
			aspace_ipcbuf_release(t->aspace, t->fs_base);
		}
		object_put(&t->ipcbuf->obj);
		t->ipcbuf = NULL;
		t->ipc = NULL;
	}
	if (t->fault_ep)
		endpoint_fault_handler_set(&t->fault_ep, NULL, 0, &t->fault_badge);
	if (t->aspace) {
		object_put(&t->aspace->obj);
		object_put(&t->cspace->obj);
		t->aspace = NULL;
		t->cspace = NULL;
	}
}

void thread_kill(struct thread *t)
{
	assert(t != sched_current());
	if (t->state == THREAD_DEAD)
		return;
	bool live = t->state != THREAD_INACTIVE;
	if (t->state == THREAD_READY)
		sched_unready(t);
	else if (t->state == THREAD_BLOCKED)
		cancel_block(t);
	t->state = THREAD_DEAD;
	release(t);
	if (live)
		object_put(&t->obj); /* its self-reference */
}

void thread_reap(struct thread *t)
{
	release(t);
	object_put(&t->obj); /* its self-reference */
}

void thread_destroy(struct object *o)
{
	struct thread *t = (struct thread *)o;
	assert(t->state == THREAD_DEAD || t->state == THREAD_INACTIVE);
	release(t);
	if (o->account) {
		account_uncharge(o->account, ACCOUNT_KMEM, KSTACK_SIZE);
		account_uncharge(o->account, ACCOUNT_THREADS, 1);
		user_threads--;
	}
	object_free(o);
}

uint64_t thread_count(void)
{
	return user_threads;
}

/*
 * thread.c — creating and freeing threads. A new thread's kernel stack is
 * prepared so that the first switch_context() into it "returns" into an
 * entry trampoline (entry.S): user threads then leave through the normal
 * interrupt-return path with a trap frame built here.
 */
#include "thread.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/trap.h"
#include "base/string.h"
#include "kmem.h"
#include "kstack.h"
#include "log.h"
#include "process.h"
#include "sched.h"

extern char thread_enter_user[], thread_enter_kernel[];

/* What switch_context pops, lowest address first. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp, ret;
};

static uint64_t next_tid = 1;
static uint64_t live_threads;

static struct thread *thread_alloc(unsigned priority)
{
	struct thread *t = KMEM_NEW(struct thread);
	if (!t)
		return NULL;
	t->kstack_top = kstack_alloc();
	if (!t->kstack_top) {
		KMEM_DELETE(t);
		return NULL;
	}
	t->priority = (uint8_t)priority;
	t->slice = SLICE_TICKS;
	t->tid = next_tid++;
	t->state = THREAD_BLOCKED;
	list_init(&t->queue_link);
	list_init(&t->sleep_link);
	list_init(&t->proc_link);
	return t;
}

struct thread *thread_create_user(struct process *p, const struct thread_start *start,
				  unsigned priority)
{
	struct thread *t = thread_alloc(priority);
	if (!t)
		return NULL;
	t->proc = p;
	t->root = p->root;
	fpu_init_area(t->fpu);

	struct trap_frame *f = (struct trap_frame *)(t->kstack_top - sizeof *f);
	memset(f, 0, sizeof *f);
	f->rip = start->rip;
	f->cs = SEL_UCODE;
	f->rflags = 0x202; /* IF set, reserved bit 1 */
	f->rsp = start->rsp;
	f->ss = SEL_UDATA;
	f->rdi = start->arg0;
	f->rsi = start->arg1;

	struct switch_frame *sf = (struct switch_frame *)f - 1;
	memset(sf, 0, sizeof *sf);
	sf->ret = (uint64_t)thread_enter_user;
	t->saved_rsp = (uint64_t)sf;
	live_threads++;
	return t;
}

struct thread *thread_create_kernel(void (*fn)(void *), void *arg, unsigned priority)
{
	struct thread *t = thread_alloc(priority);
	if (!t)
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

void thread_free(struct thread *t)
{
	assert(!list_linked(&t->queue_link) && !list_linked(&t->sleep_link));
	if (t->proc) {
		list_remove(&t->proc_link);
		live_threads--;
	}
	kstack_free(t->kstack_top);
	KMEM_DELETE(t);
}

uint64_t thread_count(void)
{
	return live_threads;
}

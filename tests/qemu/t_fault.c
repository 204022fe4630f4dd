/*
 * t_fault — fault handlers. A thread's faults arrive at the endpoint given
 * to thread_faults() as calls (label SKY_LABEL_FAULT; vector, address, rip,
 * error code; the badge of that endpoint capability). A handler that maps
 * the missing page and answers SKY_FAULT_RESUME has the thread carry on
 * with every register intact; SKY_FAULT_KILL ends the thread only (its
 * process too, as a fault, if it was the last). Divide errors, invalid
 * opcodes, protection faults and a bad stack arrive the same way. Without a
 * handler, or when the handler dies, the faulting process ends instead of
 * hanging. thread_faults() refusals change nothing.
 */
#include "check.h"
#include "tthread.h"

#define PAGE         4096ull
#define RW           (SKY_RIGHT_READ | SKY_RIGHT_WRITE)
#define FAULTEE_ADDR 0x0000300000000128ull /* what h_faultee reads */
#define BADGE        0xFA17ull
#define PF_U         0x4

/* ---- probes: instructions whose address the fault message must name ---- */

uint64_t probe_regs(uint64_t addr);
void probe_read(uint64_t addr);
void probe_div(uint64_t divisor); /* 1 / divisor */
void probe_ud2(uint64_t unused);
void probe_hlt(uint64_t unused);
extern const char probe_regs_load[], probe_div_insn[];
uint64_t probe_value, probe_addr;
void rt_thread_entry(void);

/*
 * probe_regs(addr) gives every general register but rsp a known value, reads
 * *addr into probe_value and returns non-zero if any of those registers
 * changed meanwhile (e.g. while a handler dealt with a fault on the read).
 */
__asm__(".text\n"
	".globl probe_regs, probe_regs_load, probe_read, probe_div, probe_div_insn, probe_ud2\n"
	".globl probe_hlt\n"
	"probe_regs:\n"
	"	pushq %rbx\n	pushq %rbp\n	pushq %r12\n	pushq %r13\n	pushq %r14\n	"
	"pushq %r15\n"
	"	movq %rdi, probe_addr(%rip)\n"
	"	movq $0x1001, %rbx\n	movq $0x1002, %rcx\n	movq $0x1003, %rdx\n"
	"	movq $0x1004, %rsi\n	movq $0x1005, %rbp\n	movq $0x1008, %r8\n"
	"	movq $0x1009, %r9\n	movq $0x100a, %r10\n	movq $0x100b, %r11\n"
	"	movq $0x100c, %r12\n	movq $0x100d, %r13\n	movq $0x100e, %r14\n"
	"	movq $0x100f, %r15\n"
	"probe_regs_load:\n"
	"	movq (%rdi), %rax\n"
	"	movq %rax, probe_value(%rip)\n"
	"	xorl %eax, %eax\n"
	"	xorq $0x1001, %rbx\n	orq %rbx, %rax\n	xorq $0x1002, %rcx\n	orq %rcx, "
	"%rax\n"
	"	xorq $0x1003, %rdx\n	orq %rdx, %rax\n	xorq $0x1004, %rsi\n	orq %rsi, "
	"%rax\n"
	"	xorq $0x1005, %rbp\n	orq %rbp, %rax\n	xorq $0x1008, %r8\n	orq %r8, "
	"%rax\n"
	"	xorq $0x1009, %r9\n	orq %r9, %rax\n	xorq $0x100a, %r10\n	orq %r10, %rax\n"
	"	xorq $0x100b, %r11\n	orq %r11, %rax\n	xorq $0x100c, %r12\n	orq %r12, "
	"%rax\n"
	"	xorq $0x100d, %r13\n	orq %r13, %rax\n	xorq $0x100e, %r14\n	orq %r14, "
	"%rax\n"
	"	xorq $0x100f, %r15\n	orq %r15, %rax\n"
	"	xorq probe_addr(%rip), %rdi\n	orq %rdi, %rax\n"
	"	popq %r15\n	popq %r14\n	popq %r13\n	popq %r12\n	popq %rbp\n	"
	"popq %rbx\n"
	"	ret\n"
	"probe_read:\n"
	"	movq (%rdi), %rax\n"
	"	ret\n"
	"probe_div:\n"
	"	movl $1, %eax\n"
	"	xorl %edx, %edx\n"
	"probe_div_insn:\n"
	"	divq %rdi\n"
	"	ret\n"
	"probe_ud2:\n"
	"	ud2\n"
	"	ret\n"
	"probe_hlt:\n"
	"	hlt\n"
	"	ret\n");

static int64_t ep, badged, reply;

static struct sky_sysinfo snap(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si;
}

/* Receive one fault message; its label (or error). */
static int64_t recv_fault(struct sky_msg *m)
{
	*m = (struct sky_msg){ 0 };
	int64_t r = sky_recv((uint32_t)ep, (uint32_t)reply, 0, m);
	return r < 0 ? r : (int64_t)SKY_MSG_LABEL(r);
}

static int64_t answer(uint64_t label)
{
	struct sky_msg m = { .info = SKY_MSG(label, 0, 0) };
	return sky_reply((uint32_t)reply, &m);
}

/* ---- map the page and resume ---- */

struct resumer {
	uint64_t addr;
	int64_t done;
	volatile uint64_t changed, value;
};

static void resumer_main(void *arg)
{
	struct resumer *r = arg;
	r->changed = probe_regs(r->addr);
	r->value = probe_value;
	sky_signal((uint32_t)r->done, 1);
}

static void resume(void)
{
	struct resumer r = { .addr = vaddr_reserve(1) + 0x38,
			     .done = object_create(SKY_OBJ_NOTIFICATION, 0, 0),
			     .changed = 1 };
	struct tthread t;
	CHECK_EQ(tthread_create(&t, resumer_main, &r), 0, "a thread, not started yet");

	/* Refusals first: each leaves the thread without a handler or with the one it had. */
	int64_t ntfn = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	int64_t recv_only = slot_alloc(), no_control = slot_alloc();
	sky_cap_derive((uint32_t)ep, (uint32_t)recv_only, SKY_RIGHT_READ, 0);
	sky_cap_derive((uint32_t)t.thread, (uint32_t)no_control,
		       SKY_RIGHTS_ALL & ~SKY_RIGHT_CONTROL, 0);
	uint32_t T = (uint32_t)t.thread;
	CHECK_EQ(sky_thread_faults(T, (uint32_t)ntfn), -SKY_E_TYPE, "a notification as handler");
	CHECK_EQ(sky_thread_faults(T, SKY_SLOT_THREAD), -SKY_E_TYPE, "a thread as handler");
	CHECK_EQ(sky_thread_faults(T, 250), -SKY_E_EMPTY, "an empty slot as handler");
	CHECK_EQ(sky_thread_faults(T, 5000), -SKY_E_SLOT, "a slot outside the capability space");
	CHECK_EQ(sky_thread_faults(T, (uint32_t)recv_only), -SKY_E_RIGHTS,
		 "an endpoint capability without WRITE");
	CHECK_EQ(sky_thread_faults((uint32_t)no_control, (uint32_t)badged), -SKY_E_RIGHTS,
		 "a thread capability without CONTROL");
	CHECK_EQ(sky_thread_faults((uint32_t)ntfn, (uint32_t)badged), -SKY_E_TYPE,
		 "a notification as the thread");
	CHECK_EQ(sky_thread_faults(T, (uint32_t)badged), 0, "the badged endpoint as handler");
	CHECK_EQ(sky_thread_faults(T, (uint32_t)ntfn), -SKY_E_TYPE,
		 "then a notification: refused, the handler stays");
	CHECK_EQ(tthread_start(&t, SKY_PRIO_INHERIT), 0, "start it");

	struct sky_msg m;
	CHECK_EQ(recv_fault(&m), SKY_LABEL_FAULT,
		 "its read of an unmapped page arrives as a fault");
	CHECK(SKY_MSG_LEN(m.info) == 0 && SKY_MSG_CAPS(m.info) == 0, "no data, no capabilities");
	CHECK_EQ(m.badge, BADGE, "with the badge of the endpoint capability given");
	CHECK_EQ(m.w[0], 14, "w0: vector 14");
	CHECK_EQ(m.w[1], r.addr, "w1: the address read");
	CHECK_EQ(m.w[2], (uint64_t)probe_regs_load, "w2: the rip of the reading instruction");
	CHECK_EQ(m.w[3], PF_U, "w3: error code of a user read, page not present");

	int64_t mem = object_create(SKY_OBJ_MEMORY, 1, 0);
	uint64_t page = r.addr & ~(PAGE - 1);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, page, 0, 1, RW), 0,
		 "handler maps memory at the faulting page");
	*(volatile uint64_t *)r.addr = 0x0123456789ABCDEFull;
	CHECK_EQ(answer(SKY_FAULT_RESUME), 0, "and answers SKY_FAULT_RESUME");
	CHECK_EQ(sky_wait_signal((uint32_t)r.done), 1, "the thread carried on");
	CHECK_EQ(r.value, 0x0123456789ABCDEFull, "and read the value the handler put there");
	CHECK_EQ(r.changed, 0, "with every register as it was before the fault");
	CHECK_EQ(sky_recv((uint32_t)ep, (uint32_t)reply, SKY_MSG_NONBLOCK, &m), -SKY_E_AGAIN,
		 "one fault only: the resumed read did not fault again");

	tthread_free(&t);
	sky_mem_unmap(SKY_SLOT_ASPACE, page);
	object_delete((uint32_t)mem);
	object_delete((uint32_t)ntfn);
	object_delete((uint32_t)recv_only);
	object_delete((uint32_t)no_control);
	object_delete((uint32_t)r.done);
}

/* ---- answering SKY_FAULT_KILL; other exceptions ---- */

struct probe {
	void (*fn)(uint64_t);
	uint64_t arg;
	volatile int got_past;
};

static void call_probe(void *arg)
{
	struct probe *p = arg;
	p->fn(p->arg);
	p->got_past = 1;
}

struct expect {
	const char *what;
	void (*fn)(uint64_t);
	uint64_t arg;
	uint64_t vector, addr, rip, error;
	uint64_t rsp; /* non-zero: start the thread with this stack pointer */
};

/*
 * Run e->fn(e->arg) in a new thread of ours whose faults come to us; receive its
 * fault and answer SKY_FAULT_KILL. The thread must end (once our capability is
 * deleted, the thread count drops back) while we, another thread of its process,
 * go on.
 */
static void killed(const struct expect *e)
{
	struct sky_sysinfo before = snap();
	struct probe p = { .fn = e->fn, .arg = e->arg };
	struct tthread t;
	tthread_create(&t, call_probe, &p);
	sky_thread_faults((uint32_t)t.thread, (uint32_t)badged);
	int64_t r = e->rsp ? sky_thread_start((uint32_t)t.thread, (uint64_t)rt_thread_entry, e->rsp,
					      0, SKY_PRIO_INHERIT)
			   : tthread_start(&t, SKY_PRIO_INHERIT);
	if (!CHECK_EQ(r, 0, e->what)) {
		tthread_free(&t);
		return;
	}
	struct sky_msg m;
	CHECK_EQ(recv_fault(&m), SKY_LABEL_FAULT, "  arrives as a fault message");
	CHECK_EQ(m.w[0], e->vector, "  vector");
	CHECK_EQ(m.w[1], e->addr, "  fault address");
	CHECK_EQ(m.w[2], e->rip, "  rip of the faulting instruction");
	CHECK_EQ(m.w[3], e->error, "  error code");
	CHECK_EQ(m.badge, BADGE, "  badge");
	CHECK_EQ(answer(SKY_FAULT_KILL), 0, "  answered SKY_FAULT_KILL");
	object_delete((uint32_t)t.thread); /* the object goes once the thread has ended */
	t.thread = -1;
	struct sky_sysinfo now = snap();
	for (int i = 0; i < 100 && now.threads != before.threads; i++) {
		sky_yield();
		now = snap();
	}
	CHECK_EQ(now.threads, before.threads, "  the thread ended");
	CHECK_EQ(p.got_past, 0, "  without running past the fault");
	tthread_free(&t);
}

static void kill_answers(void)
{
	const struct expect cases[] = {
		{ "page fault, answered SKY_FAULT_KILL", probe_read, FAULTEE_ADDR, 14, FAULTEE_ADDR,
		  (uint64_t)probe_read, PF_U, 0 },
		{ "divide error", probe_div, 0, 0, 0, (uint64_t)probe_div_insn, 0, 0 },
		{ "invalid opcode (ud2)", probe_ud2, 0, 6, 0, (uint64_t)probe_ud2, 0, 0 },
		{ "general protection (hlt in user mode)", probe_hlt, 0, 13, 0, (uint64_t)probe_hlt,
		  0, 0 },
		{ "a thread started on an unmapped stack", NULL, 0, 14,
		  FAULTEE_ADDR + 0x1000 - 0x128, (uint64_t)rt_thread_entry, PF_U,
		  FAULTEE_ADDR + 0x1000 - 0x128 },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
		killed(&cases[i]);
	CHECK_EQ(sky_process_id() > 0, 1, "we, the handler thread of the same process, live on");
}

/* ---- whole processes: the last thread, no handler, a handler that dies ---- */

static int64_t faultee(const char *mode, int64_t cap)
{
	const char *const args[] = { mode, NULL };
	uint32_t caps[1] = { (uint32_t)cap };
	return spawn_with_caps("h_faultee", args, SKY_PRIO_INHERIT, caps, cap >= 0 ? 1 : 0);
}

/* How pid ended, given 50 ms to do so; one still running then is killed (reason KILLED). */
static struct sky_exit_info ending(int64_t pid)
{
	struct sky_exit_info e = { 0 };
	sky_sleep(50000000);
	sky_kill(pid); /* nothing happens if it has ended */
	if (sky_wait(pid, &e) != pid)
		e.reason = 99;
	return e;
}

static void check_faulted(struct sky_exit_info e, const char *what)
{
	CHECK(e.reason == SKY_EXIT_FAULT && e.vector == 14 && e.fault_addr == FAULTEE_ADDR &&
		      e.error_code == PF_U,
	      "%s: reason %u (want FAULT), vector %u, address 0x%llx, error 0x%llx", what, e.reason,
	      e.vector, (unsigned long long)e.fault_addr, (unsigned long long)e.error_code);
}

static void last_thread_killed(void)
{
	int64_t pid = faultee("fault", badged);
	CHECK(pid > 0, "h_faultee: its only thread has our endpoint as handler");
	struct sky_msg m;
	CHECK_EQ(recv_fault(&m), SKY_LABEL_FAULT, "its fault arrives from another process");
	CHECK(m.badge == BADGE && m.w[0] == 14 && m.w[1] == FAULTEE_ADDR && m.w[3] == PF_U,
	      "with our badge, vector 14, its address and a user-read error code");
	CHECK_EQ(answer(SKY_FAULT_KILL), 0, "answered SKY_FAULT_KILL");
	struct sky_exit_info e = { 0 };
	CHECK_EQ(sky_wait(pid, &e), pid, "the process ended with its last thread");
	check_faulted(e, "its exit");
	CHECK_EQ(e.fault_rip, m.w[2], "exit info names the rip the message named");
}

static void no_handler(void)
{
	check_faulted(ending(faultee("thread", -1)),
		      "a second thread without handler faults: the whole process ends");
	check_faulted(ending(faultee("cleared", ep)),
		      "handler set, then cleared with SKY_SLOT_NONE");
	struct sky_msg m;
	CHECK_EQ(sky_recv((uint32_t)ep, (uint32_t)reply, SKY_MSG_NONBLOCK, &m), -SKY_E_AGAIN,
		 "nothing reached the cleared handler");

	/* A handler endpoint nobody can receive on any more. */
	int64_t gone = object_create(SKY_OBJ_ENDPOINT, 0, 0), send = slot_alloc();
	sky_cap_derive((uint32_t)gone, (uint32_t)send, SKY_RIGHT_WRITE, 0);
	object_delete((uint32_t)gone);
	check_faulted(ending(faultee("fault", send)), "handler endpoint without receivers");
	object_delete((uint32_t)send);
}

static void handler_dies(void)
{
	struct sky_exit_info e = { 0 };
	/* The handler receives the fault, then exits without answering. */
	int64_t hpid = faultee("catch_and_die", ep);
	int64_t fpid = faultee("fault", badged);
	CHECK_EQ(sky_wait(hpid, &e), hpid, "handler process ended");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "after receiving a fault message (code %lld)", (long long)e.code);
	check_faulted(ending(fpid), "handler died holding the fault: the faulting process ended");

	/* The handler dies before receiving: it held the only capability to receive with. */
	int64_t ep2 = object_create(SKY_OBJ_ENDPOINT, 0, 0), send = slot_alloc();
	sky_cap_derive((uint32_t)ep2, (uint32_t)send, SKY_RIGHT_WRITE, 0);
	hpid = faultee("sleep_and_die", ep2);
	object_delete((uint32_t)ep2);
	fpid = faultee("fault", send);
	CHECK_EQ(sky_wait(hpid, &e), hpid, "handler process ended without receiving");
	check_faulted(ending(fpid),
		      "fault queued at a handler that died: the faulting process ended");
	object_delete((uint32_t)send);
}

int main(void)
{
	struct sky_sysinfo before = snap();
	ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	badged = slot_alloc();
	reply = object_create(SKY_OBJ_REPLY, 0, 0);
	CHECK_EQ(sky_cap_derive((uint32_t)ep, (uint32_t)badged, SKY_RIGHT_WRITE, BADGE), 0,
		 "a badged send-only copy of the handler endpoint");

	resume();
	kill_answers();
	last_thread_killed();
	no_handler();
	handler_dies();
	CHECK_EQ(sky_thread_faults(SKY_SLOT_THREAD, (uint32_t)badged), 0,
		 "our own first thread can be given a handler");
	CHECK_EQ(sky_thread_faults(SKY_SLOT_THREAD, SKY_SLOT_NONE), 0, "and have it removed");

	object_delete((uint32_t)badged);
	object_delete((uint32_t)reply);
	object_delete((uint32_t)ep);
	struct sky_sysinfo after = snap();
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after t_fault");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after t_fault");
	CHECK_EQ(after.threads, before.threads, "threads after t_fault");
	CHECK_EQ(after.processes, before.processes, "processes after t_fault");
	return check_finish();
}

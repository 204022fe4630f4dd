/*
 * trap.c — what happens after entry.S has saved a trap frame:
 *   exceptions from user mode go to the thread's fault handler as a call
 *   (ipc_fault), which resumes or ends it; without one the process ends,
 *   reported (process_fault);
 *   a page fault on a usercopy instruction resumes at its fixup;
 *   any other exception in the kernel is a kernel bug and panics;
 *   the timer drives time and scheduling; device lines go to their
 *   interrupt objects (irq.c); spurious vectors are ignored.
 * On the way back to user mode the scheduler may switch threads.
 */
#include "arch/x86_64/trap.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/pic.h"
#include "endpoint.h"
#include "irq.h"
#include "sky/ipc.h"
#include "log.h"
#include "process.h"
#include "sched.h"
#include "time.h"

struct extable_entry {
	uint64_t insn, fixup;
};
extern const struct extable_entry __extable_start[], __extable_end[];

static const char *const exception_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 floating point",
	"alignment check",
	"machine check",
	"SIMD floating point",
	"virtualization",
	"control protection",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security",
	"reserved",
};

const char *trap_name(uint64_t vector)
{
	return vector < 32 ? exception_names[vector] : "interrupt";
}

#define REG(name)                                                                                  \
	{                                                                                          \
#name, offsetof(struct trap_frame, name)                                           \
	}
static const struct {
	const char *name;
	size_t offset;
} dumped[] = {
	REG(rip), REG(rsp), REG(rflags), REG(rax), REG(rbx), REG(rcx), REG(rdx), REG(rsi), REG(rdi),
	REG(rbp), REG(r8),  REG(r9),     REG(r10), REG(r11), REG(r12), REG(r13), REG(r14), REG(r15),
};
#undef REG

void trap_dump(const struct trap_frame *f, void (*print)(const char *fmt, ...))
{
	print("%s (vector %llu, error code 0x%llx) in %s mode\n", trap_name(f->vector),
	      (unsigned long long)f->vector, (unsigned long long)f->error_code,
	      trap_from_user(f) ? "user" : "kernel");
	for (size_t i = 0; i < sizeof dumped / sizeof dumped[0]; i++) {
		uint64_t v = *(const uint64_t *)((const char *)f + dumped[i].offset);
		print("  %-3s %016llx%s", dumped[i].name, (unsigned long long)v,
		      i % 3 == 2 ? "\n" : "");
	}
	print("  cs %04llx ss %04llx  cr2 %016llx  cr3 %016llx\n", (unsigned long long)f->cs,
	      (unsigned long long)f->ss, (unsigned long long)read_cr2(),
	      (unsigned long long)read_cr3());
}

static bool apply_fixup(struct trap_frame *f)
{
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		if (e->insn == f->rip) {
			f->rip = e->fixup;
			return true;
		}
	}
	return false;
}

/* A user thread faulted: its handler may fix the cause and resume it, or end the
 * thread; without a handler (or if the handler is gone) its process ends. */
static void user_exception(struct trap_frame *f)
{
	uint64_t addr = f->vector == VEC_PAGE_FAULT ? read_cr2() : 0;
	int64_t answer = ipc_fault(f->vector, addr, f->rip, f->error_code);
	if (answer == SKY_FAULT_RESUME)
		return; /* run the instruction again */
	if (answer > 0) /* answered, with SKY_FAULT_KILL or any other label */
		process_fault_kill(f, addr);
	process_fault(f, addr);
}

static void exception(struct trap_frame *f)
{
	if (trap_from_user(f)) {
		user_exception(f);
		return;
	}
	if (f->vector == VEC_PAGE_FAULT && apply_fixup(f))
		return;
	panic_frame(f, "%s in kernel mode at rip 0x%llx", trap_name(f->vector),
		    (unsigned long long)f->rip);
}

void trap_dispatch(struct trap_frame *f)
{
	if (f->vector < 32) {
		exception(f);
	} else if (f->vector == VEC_TIMER) {
		lapic_eoi();
		time_tick();
	} else if (f->vector >= VEC_PIC_BASE && f->vector < VEC_PIC_BASE + PIC_LINES) {
		/* ExtINT through LINT0: the 8259 wants the EOI, not the local APIC. */
		irq_deliver((unsigned)(f->vector - VEC_PIC_BASE));
	} else if (f->vector == VEC_SPURIOUS) {
		/* Spurious LAPIC interrupt: no EOI, nothing to do. */
	} else {
		log_warn("trap: unexpected interrupt vector %llu", (unsigned long long)f->vector);
		lapic_eoi();
	}
	if (trap_from_user(f))
		sched_preempt_point();
}

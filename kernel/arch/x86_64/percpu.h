/*
 * percpu.h — the data each CPU owns. GS base points at the CPU's struct cpu
 * while in the kernel (swapgs on every entry from user mode), so entry code
 * and this_cpu() reach it in one instruction. Only its own CPU touches a
 * struct cpu, with interrupts off; nothing here needs a lock (see
 * docs/locking.md). Today one CPU exists; the layout is ready for more.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

/* Offsets used by entry.S; checked against the struct below. */
#define CPU_SELF         0
#define CPU_USER_RSP     8
#define CPU_KSTACK_TOP   16
#define CPU_CURRENT      24
#define CPU_NEED_RESCHED 32
/* Offset of struct thread.uregs (checked in thread.h). */
#define THREAD_UREGS 64

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"

#define SCHED_PRIORITIES 32

/* Interrupt stack table slots (TSS ist[n - 1]) for traps that may hit a broken stack. */
enum { IST_NMI = 1, IST_DOUBLE_FAULT = 2, IST_MACHINE_CHECK = 3 };

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct thread;

struct cpu {
	struct cpu *self;
	uint64_t user_rsp;   /* syscall entry scratch */
	uint64_t kstack_top; /* current thread's kernel stack top */
	struct thread *current;
	bool need_resched; /* switch before returning to user mode */
	struct thread *idle;
	struct thread *dead; /* exited thread, reaped right after the switch away */
	uint32_t ready_mask; /* bit p set <=> ready[p] not empty */
	struct list ready[SCHED_PRIORITIES];
	uint64_t switch_tsc; /* TSC at the last switch, for CPU-time accounting */
	uint64_t fs_base;    /* last value written to MSR_FS_BASE */
	uint64_t context_switches;
	unsigned id;
	struct tss tss;
	uint64_t gdt[7];
};

_Static_assert(offsetof(struct cpu, self) == CPU_SELF, "entry.S offset");
_Static_assert(offsetof(struct cpu, user_rsp) == CPU_USER_RSP, "entry.S offset");
_Static_assert(offsetof(struct cpu, kstack_top) == CPU_KSTACK_TOP, "entry.S offset");
_Static_assert(offsetof(struct cpu, current) == CPU_CURRENT, "entry.S offset");
_Static_assert(offsetof(struct cpu, need_resched) == CPU_NEED_RESCHED, "entry.S offset");

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__("mov %%gs:0, %0" : "=r"(c));
	return c;
}

/* Set up the boot CPU's struct cpu, GDT, TSS and GS base. */
void percpu_init_boot(void);

#endif
#endif

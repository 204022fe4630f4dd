/*
 * gdt.c — the per-CPU GDT and TSS. The selector order is fixed by
 * syscall/sysret: STAR gives the kernel code selector (0x08, data at +8) and
 * the base for user selectors (0x10: sysret takes data at +8 = 0x18 and
 * 64-bit code at +16 = 0x20). The TSS gives the kernel stack for interrupts
 * from user mode (rsp0) and separate stacks for NMI, double fault and
 * machine check (IST), and has no I/O bitmap: ring 3 touches no port.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/percpu.h"
#include "base/string.h"

#define IST_STACK_SIZE 8192

static struct cpu boot_cpu;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

static uint64_t segment(uint32_t access, uint32_t flags)
{
	/* base 0, limit 0xFFFFF: ignored in long mode except for the flags. */
	return 0xFFFFull | ((uint64_t)access << 40) | ((uint64_t)flags << 52) | (0xFull << 48);
}

static void load_gdt(struct cpu *c)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof c->gdt - 1, (uint64_t)c->gdt };
	__asm__ volatile("lgdt %0" : : "m"(ptr));
	/* Reload CS with a far return, then the data segments and the task register. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 "ltr %w2"
			 :
			 : "i"(SEL_KCODE), "r"((uint64_t)SEL_KDATA), "r"((uint64_t)SEL_TSS)
			 : "rax", "memory");
}

void percpu_init_boot(void)
{
	struct cpu *c = &boot_cpu;
	c->self = c;
	c->id = 0;
	for (int p = 0; p < SCHED_PRIORITIES; p++)
		list_init(&c->ready[p]);

	c->gdt[0] = 0;
	c->gdt[1] = segment(0x9A, 0x2); /* 0x08 kernel code: present, ring 0, L */
	c->gdt[2] = segment(0x92, 0x0); /* 0x10 kernel data */
	c->gdt[3] = segment(0xF2, 0x0); /* 0x18 user data, ring 3 */
	c->gdt[4] = segment(0xFA, 0x2); /* 0x20 user code, ring 3, L */
	uint64_t tss = (uint64_t)&c->tss;
	uint64_t limit = sizeof c->tss - 1;
	c->gdt[5] = (limit & 0xFFFF) | ((tss & 0xFFFFFF) << 16) | (0x89ull << 40) |
		    (((tss >> 24) & 0xFF) << 56); /* 0x28 available 64-bit TSS */
	c->gdt[6] = tss >> 32;

	memset(&c->tss, 0, sizeof c->tss);
	c->tss.iomap_base = sizeof c->tss; /* no I/O bitmap */
	c->tss.ist[IST_NMI - 1] = (uint64_t)ist_stacks[0] + IST_STACK_SIZE;
	c->tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)ist_stacks[1] + IST_STACK_SIZE;
	c->tss.ist[IST_MACHINE_CHECK - 1] = (uint64_t)ist_stacks[2] + IST_STACK_SIZE;

	load_gdt(c);
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

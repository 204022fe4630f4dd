/*
 * idt.c — the interrupt descriptor table: 256 interrupt gates (IF cleared
 * on entry), all at ring 0 so `int n` from user mode is a #GP, with NMI,
 * double fault and machine check on their own IST stacks.
 */
#include <stdint.h>

#include "arch/x86_64/layout.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/trap.h"

#define STUB_SIZE 16

struct gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type; /* present | DPL 0 | 64-bit interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

extern char isr_stubs[];
static struct gate idt[256] __attribute__((aligned(16)));

static void set_gate(unsigned vec, unsigned ist)
{
	uint64_t target = (uint64_t)isr_stubs + (uint64_t)vec * STUB_SIZE;
	idt[vec] = (struct gate){
		.offset_lo = (uint16_t)target,
		.selector = SEL_KCODE,
		.ist = (uint8_t)ist,
		.type = 0x8E,
		.offset_mid = (uint16_t)(target >> 16),
		.offset_hi = (uint32_t)(target >> 32),
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, 0);
	set_gate(2, IST_NMI);
	set_gate(8, IST_DOUBLE_FAULT);
	set_gate(18, IST_MACHINE_CHECK);
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof idt - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

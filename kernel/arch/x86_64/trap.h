/*
 * trap.h — the register frame every interrupt and exception builds on the
 * kernel stack (entry.S pushes it; the CPU pushes the last five words), and
 * the dispatcher that receives it.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/layout.h"

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "entry.S frame layout");

/* Interrupt vectors beyond the 32 exceptions. */
#define VEC_PIC_BASE 0x20 /* legacy PIC, remapped here and masked */
#define VEC_TIMER    0x40
#define VEC_SPURIOUS 0xFF

#define VEC_DIVIDE             0
#define VEC_INVALID_OPCODE     6
#define VEC_GENERAL_PROTECTION 13
#define VEC_PAGE_FAULT         14

static inline bool trap_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

/* Called by entry.S for every vector. */
void trap_dispatch(struct trap_frame *f);

/* Load the IDT (all 256 vectors routed to trap_dispatch). */
void idt_init(void);

/* Print exception name, registers and control registers through print(). */
void trap_dump(const struct trap_frame *f, void (*print)(const char *fmt, ...));

/* Name of an exception vector ("page fault"), or "interrupt". */
const char *trap_name(uint64_t vector);

#endif

/*
 * fpu.h — per-thread x87/SSE state. The kernel itself never touches these
 * registers (-mgeneral-regs-only), so a thread's state only has to be saved
 * and restored when the CPU switches between user threads (sched.c).
 */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#define FPU_AREA_SIZE 512 /* fxsave64 image; must be 16-byte aligned */

/* Capture the clean initial state (default control word and MXCSR). */
void fpu_init(void);
/* Give a new thread the clean state. */
void fpu_init_area(void *area);

static inline void fpu_save(void *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fpu_restore(const void *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

#endif

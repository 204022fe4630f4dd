/*
 * cpu.c — turning on the CPU features the kernel relies on, once per CPU:
 * write protection in ring 0, SSE for user code, SMEP/SMAP/UMIP when the CPU
 * has them, and the syscall/sysret MSRs. Also the clean FPU image new
 * threads start from.
 */
#include "arch/x86_64/cpu.h"

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/layout.h"
#include "base/string.h"
#include "log.h"

#define SFMASK_BITS 0x47700u /* TF, IF, DF, IOPL, NT, AC: cleared on syscall entry */

extern char syscall_entry[];
extern uint8_t smap_enabled;

static uint8_t fpu_clean[FPU_AREA_SIZE] __attribute__((aligned(16)));

void fpu_init(void)
{
	uint32_t mxcsr = 0x1F80; /* all exceptions masked, round to nearest */
	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	fpu_save(fpu_clean);
}

void fpu_init_area(void *area)
{
	memcpy(area, fpu_clean, FPU_AREA_SIZE);
}

/* Enable protections and the syscall instruction; log what the CPU offers. */
void cpu_init(void)
{
	uint32_t r[4];
	cpuid(7, 0, r);
	bool smep = r[1] & (1u << 7), smap = r[1] & (1u << 20), umip = r[2] & (1u << 2);

	write_cr0((read_cr0() | CR0_MP | CR0_NE | CR0_WP) & ~(uint64_t)(CR0_EM | CR0_TS));
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (smep)
		cr4 |= CR4_SMEP;
	if (smap)
		cr4 |= CR4_SMAP;
	if (umip)
		cr4 |= CR4_UMIP;
	write_cr4(cr4);
	smap_enabled = smap;
	fpu_init();

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* syscall: CS = 0x08, SS = 0x10. sysret: SS = 0x10 + 8, CS = 0x10 + 16 (ring 3). */
	wrmsr(MSR_STAR, ((uint64_t)(SEL_KDATA) << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, SFMASK_BITS);
	log_info("cpu: SMEP %s, SMAP %s, UMIP %s, SSE on, syscall on", smep ? "on" : "absent",
		 smap ? "on" : "absent", umip ? "on" : "absent");
}

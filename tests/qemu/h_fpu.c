/*
 * h_fpu — floating-point state must survive preemption. Each instance
 * (argument k = 1, 2, 3) puts its own values in all sixteen XMM registers,
 * the x87 stack and MXCSR's rounding mode, spins long enough to be
 * preempted several times by its siblings, then checks every one of them.
 * It also checks a long double-precision computation whose result depends
 * on the rounding mode. Exit 0 when all state survived.
 */
#include "rt.h"

#define MS 1000000ull

static uint64_t switches(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si.context_switches;
}

/* Sum of 1/i for i = 1..n in double precision. */
static double harmonic(int n)
{
	volatile double sum = 0;
	for (int i = 1; i <= n; i++)
		sum += 1.0 / i;
	return sum;
}

int main(int argc, char **argv)
{
	uint64_t k = argc > 1 ? (uint64_t)(argv[1][0] - '0') : 1;
	uint64_t pattern[32], back[32];
	for (int i = 0; i < 32; i++)
		pattern[i] = k * 0x0101010101010101ull ^ ((uint64_t)i << 56) ^ 0xA5;
	/* Rounding mode k (01 down, 10 up, 11 toward zero), exceptions masked. */
	uint32_t mxcsr = 0x1F80 | (uint32_t)((k & 3) << 13), mxcsr_back = 0;
	double x87_in = 1.5 * (double)k, x87_out = 0;

	double expect = harmonic(200000); /* computed before the test loop, at default rounding */
	uint64_t before = switches();
	uint64_t end = sky_time() + 60 * MS;

	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	__asm__ volatile("fldl %0" : : "m"(x87_in));
	__asm__ volatile("movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
			 "movdqu 32(%0), %%xmm2\n\tmovdqu 48(%0), %%xmm3\n\t"
			 "movdqu 64(%0), %%xmm4\n\tmovdqu 80(%0), %%xmm5\n\t"
			 "movdqu 96(%0), %%xmm6\n\tmovdqu 112(%0), %%xmm7\n\t"
			 "movdqu 128(%0), %%xmm8\n\tmovdqu 144(%0), %%xmm9\n\t"
			 "movdqu 160(%0), %%xmm10\n\tmovdqu 176(%0), %%xmm11\n\t"
			 "movdqu 192(%0), %%xmm12\n\tmovdqu 208(%0), %%xmm13\n\t"
			 "movdqu 224(%0), %%xmm14\n\tmovdqu 240(%0), %%xmm15\n\t"
			 /* Spin without touching vector state until the deadline (rdtsc
			  * is not used: only the kernel's clock is calibrated). */
			 "1:\n\t"
			 "movq $"
			 "5"
			 ", %%rax\n\t" /* SKY_SYS_TIME */
			 "syscall\n\t"
			 "cmpq %1, %%rax\n\t"
			 "jb 1b\n\t"
			 "movdqu %%xmm0, 0(%2)\n\tmovdqu %%xmm1, 16(%2)\n\t"
			 "movdqu %%xmm2, 32(%2)\n\tmovdqu %%xmm3, 48(%2)\n\t"
			 "movdqu %%xmm4, 64(%2)\n\tmovdqu %%xmm5, 80(%2)\n\t"
			 "movdqu %%xmm6, 96(%2)\n\tmovdqu %%xmm7, 112(%2)\n\t"
			 "movdqu %%xmm8, 128(%2)\n\tmovdqu %%xmm9, 144(%2)\n\t"
			 "movdqu %%xmm10, 160(%2)\n\tmovdqu %%xmm11, 176(%2)\n\t"
			 "movdqu %%xmm12, 192(%2)\n\tmovdqu %%xmm13, 208(%2)\n\t"
			 "movdqu %%xmm14, 224(%2)\n\tmovdqu %%xmm15, 240(%2)"
			 :
			 : "r"(pattern), "r"(end), "r"(back)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory",
			   "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
			   "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	__asm__ volatile("fstpl %0" : "=m"(x87_out));
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr_back));
	uint64_t after = switches();

	int bad = 0;
	for (int i = 0; i < 32; i++)
		bad += back[i] != pattern[i];
	/* Restore default rounding before comparing the recomputed sum. */
	uint32_t dflt = 0x1F80;
	__asm__ volatile("ldmxcsr %0" : : "m"(dflt));
	double again = harmonic(200000);

	printf("h_fpu %llu: %llu switches meanwhile, %d xmm words wrong, mxcsr %s, x87 %s, sum "
	       "%s\n",
	       (unsigned long long)k, (unsigned long long)(after - before), bad,
	       mxcsr_back == mxcsr ? "kept" : "LOST", x87_out == x87_in ? "kept" : "LOST",
	       again == expect ? "kept" : "LOST");
	if (after - before < 2)
		return 2; /* never switched away and back: nothing proven */
	return bad || mxcsr_back != mxcsr || x87_out != x87_in || again != expect;
}

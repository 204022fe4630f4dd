/*
 * t_fpu — floating-point state survives preemption across processes: three
 * h_fpu instances with different register contents share the CPU.
 */
#include "check.h"

int main(void)
{
	/* Our own FP use around the children must not be disturbed either. */
	volatile double mine = 3.25;
	const char *const ks[3] = { "1", "2", "3" };
	int64_t pid[3];
	for (int i = 0; i < 3; i++)
		pid[i] = spawn1("h_fpu", ks[i]);
	for (int i = 0; i < 3; i++) {
		struct sky_exit_info e;
		CHECK_EQ(sky_wait(pid[i], &e), pid[i], "wait h_fpu");
		CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
		      "h_fpu %s kept its XMM, x87 and MXCSR state (reason %u, code %lld)", ks[i],
		      e.reason, (long long)e.code);
	}
	CHECK(mine * 2 == 6.5, "parent's FP value intact");
	return check_finish();
}

/*
 * t_sysret — the non-canonical sysret guard. A `syscall` in the last two
 * bytes of the user half leaves rcx = 0x0000800000000000, an address sysret
 * must never return to (on Intel CPUs it would fault in ring 0 on the user's
 * stack). The kernel ends the process instead; the parent sees why.
 */
#include "check.h"

/* Placed at 0x7ffffffff000 by t_sysret.ld: ...nops, then syscall ending at the top. */
__asm__(".section .toppage, \"ax\"\n"
	".global top_of_user_space\n"
	"top_of_user_space:\n"
	".fill 4094, 1, 0x90\n"
	"syscall\n"
	".text\n");

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "jump")) {
		/* movabs: the page is far outside the small code model's reach. */
		__asm__ volatile("movabs $top_of_user_space + 4094, %%rcx\n\t"
				 "mov %0, %%eax\n\t"
				 "jmp *%%rcx"
				 :
				 : "i"(SKY_SYS_YIELD));
		return 1;
	}
	struct sky_exit_info e;
	CHECK_EQ(run1("t_sysret", "jump", &e), 0, "child ran");
	CHECK_EQ(e.reason, SKY_EXIT_BADRET, "ended by the sysret guard");
	CHECK_EQ(e.fault_rip, 0x0000800000000000ull, "at the non-canonical return address");
	return check_finish();
}

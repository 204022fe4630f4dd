/*
 * t_syscall_args — every pointer a system call takes is checked: kernel
 * addresses, unmapped, read-only, misaligned, wrapping and straddling
 * buffers get an error (never a crash, never a kernel read on our behalf),
 * unknown call numbers get SKY_E_NOSYS, and none of it changes anything.
 */
#include "check.h"
#include "kernel_symbols.h"

static const char rodata_buf[64] = "read-only";

int main(void)
{
	struct sky_sysinfo before;
	sky_sysinfo(&before);
	uint64_t kernel_text = KERNEL_SYMBOL_kmain;

	/* console_write reads user memory. */
	CHECK_EQ(sky_console_write((void *)kernel_text, 16), -SKY_E_FAULT,
		 "console_write from kernel text");
	CHECK_EQ(sky_console_write((void *)0xFFFF800000100000ull, 16), -SKY_E_FAULT,
		 "console_write from the physmap");
	CHECK_EQ(sky_console_write((void *)0x10000000, 16), -SKY_E_FAULT,
		 "console_write from an unmapped page");
	CHECK_EQ(sky_console_write(NULL, 1), -SKY_E_FAULT, "console_write from NULL");
	CHECK_EQ(sky_console_write((void *)0x00007FFFFFFFFFF0ull, 64), -SKY_E_FAULT,
		 "console_write straddling the end of user space");
	CHECK_EQ(sky_console_write((void *)0xFFFFFFFFFFFFFFF0ull, 32), -SKY_E_FAULT,
		 "console_write whose range wraps around");
	CHECK_EQ(sky_console_write(rodata_buf, 0), 0, "console_write of zero bytes");
	static char odd[8] = "odd\n";
	CHECK_EQ(sky_console_write(odd + 1, 3), 3, "console_write from an unaligned buffer works");

	/* sysinfo and wait write user memory. */
	struct sky_sysinfo si;
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)kernel_text), -SKY_E_FAULT,
		 "sysinfo into kernel text");
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)KERNEL_SYMBOL_log_threshold), -SKY_E_FAULT,
		 "sysinfo into kernel data");
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)rodata_buf), -SKY_E_FAULT,
		 "sysinfo into read-only memory");
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)(void *)main), -SKY_E_FAULT,
		 "sysinfo into our own code");
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)0x10000000), -SKY_E_FAULT,
		 "sysinfo into an unmapped page");
	CHECK_EQ(sky_sysinfo(NULL), -SKY_E_FAULT, "sysinfo into NULL");
	CHECK_EQ(sky_sysinfo((struct sky_sysinfo *)((char *)&si + 1)), -SKY_E_ALIGN,
		 "sysinfo misaligned");
	CHECK_EQ(sky_sysinfo(&si), 0, "sysinfo into a good buffer");

	int64_t pid = spawn1("hello", NULL);
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(pid, (struct sky_exit_info *)((char *)&e + 4)), -SKY_E_ALIGN,
		 "wait misaligned");
	CHECK_EQ(sky_wait(pid, (struct sky_exit_info *)kernel_text), -SKY_E_FAULT,
		 "wait into kernel text");
	CHECK_EQ(sky_wait(pid, (struct sky_exit_info *)rodata_buf), -SKY_E_FAULT,
		 "wait into read-only memory");
	CHECK_EQ(sky_wait(pid, &e), pid, "the child is still there to be waited for");

	/* spawn reads user memory. */
	CHECK_EQ(sky_spawn((const char *)kernel_text, 5, NULL, 0, -1), -SKY_E_FAULT,
		 "spawn name in the kernel");
	CHECK_EQ(sky_spawn("hello", 5, (const char *)kernel_text, 8, -1), -SKY_E_FAULT,
		 "spawn args in the kernel");
	CHECK_EQ(sky_spawn((const char *)0x10000000, 5, NULL, 0, -1), -SKY_E_FAULT,
		 "spawn name unmapped");

	/* Numbers nobody defined. */
	CHECK_EQ(sky_syscall(SKY_SYS_COUNT, 0, 0, 0, 0, 0), -SKY_E_NOSYS, "first undefined number");
	CHECK_EQ(sky_syscall(999, 0, 0, 0, 0, 0), -SKY_E_NOSYS, "syscall 999");
	CHECK_EQ(sky_syscall(~0ull, 0, 0, 0, 0, 0), -SKY_E_NOSYS, "syscall -1");

	struct sky_sysinfo after;
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames unchanged by refused calls");
	CHECK_EQ(after.processes, before.processes, "process count unchanged by refused calls");
	return check_finish();
}

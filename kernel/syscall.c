/*
 * syscall.c — the table entry.S indexes with the syscall number (already
 * bounds-checked there), and the landing point for the sysret guard.
 */
#include "syscall.h"

#include "process.h"
#include "sky/syscall.h"

const syscall_fn syscall_table[SKY_SYS_COUNT] = {
	[SKY_SYS_PROCESS_ID] = sys_process_id,
	[SKY_SYS_CONSOLE_WRITE] = sys_console_write,
	[SKY_SYS_EXIT] = sys_exit,
	[SKY_SYS_YIELD] = sys_yield,
	[SKY_SYS_SLEEP] = sys_sleep,
	[SKY_SYS_TIME] = sys_time,
	[SKY_SYS_SPAWN] = sys_spawn,
	[SKY_SYS_WAIT] = sys_wait,
	[SKY_SYS_SYSINFO] = sys_sysinfo,
	[SKY_SYS_KILL] = sys_kill,
};

/* entry.S: the saved user rip is not a canonical user address. */
__attribute__((noreturn)) void syscall_bad_return(uint64_t rip);
void syscall_bad_return(uint64_t rip)
{
	process_bad_return(rip);
}

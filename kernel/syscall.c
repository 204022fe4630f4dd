/*
 * syscall.c — the table entry.S indexes with the syscall number (already
 * bounds-checked there), and the landing point for the sysret guard.
 */
#include "syscall.h"

#include "process.h"
#include "sched.h"
#include "thread.h"
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
	[SKY_SYS_CAP_IDENTIFY] = sys_cap_identify,
	[SKY_SYS_CAP_DERIVE] = sys_cap_derive,
	[SKY_SYS_CAP_MOVE] = sys_cap_move,
	[SKY_SYS_CAP_DELETE] = sys_cap_delete,
	[SKY_SYS_CAP_REVOKE] = sys_cap_revoke,
	[SKY_SYS_OBJ_CREATE] = sys_obj_create,
	[SKY_SYS_MEM_MAP] = sys_mem_map,
	[SKY_SYS_MEM_UNMAP] = sys_mem_unmap,
	[SKY_SYS_MEM_PHYS] = sys_mem_phys,
	[SKY_SYS_SEND] = sys_send,
	[SKY_SYS_CALL] = sys_call,
	[SKY_SYS_RECV] = sys_recv,
	[SKY_SYS_REPLY] = sys_reply,
	[SKY_SYS_REPLY_RECV] = sys_reply_recv,
	[SKY_SYS_SIGNAL] = sys_signal,
	[SKY_SYS_WAIT_SIGNAL] = sys_wait_signal,
	[SKY_SYS_POLL_SIGNAL] = sys_poll_signal,
	[SKY_SYS_THREAD_START] = sys_thread_start,
	[SKY_SYS_THREAD_FAULTS] = sys_thread_faults,
	[SKY_SYS_THREAD_EXIT] = sys_thread_exit,
	[SKY_SYS_THREAD_KILL] = sys_thread_kill,
	[SKY_SYS_IRQ_CLAIM] = sys_irq_claim,
	[SKY_SYS_IRQ_ACK] = sys_irq_ack,
	[SKY_SYS_IOPORT_NARROW] = sys_ioport_narrow,
	[SKY_SYS_IO_IN] = sys_io_in,
	[SKY_SYS_IO_OUT] = sys_io_out,
	[SKY_SYS_TIMER_SET] = sys_timer_set,
	[SKY_SYS_ACCOUNT_INFO] = sys_account_info,
	[SKY_SYS_RANDOM] = sys_random,
	[SKY_SYS_BOOTFS_SIZE] = sys_bootfs_size,
	[SKY_SYS_BOOTFS_READ] = sys_bootfs_read,
};

/* entry.S: the saved user rip is not a canonical user address. */
__attribute__((noreturn)) void syscall_bad_return(uint64_t rip);
void syscall_bad_return(uint64_t rip)
{
	process_bad_return(rip);
}

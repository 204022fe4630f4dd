/*
 * syscall.h — the kernel side of the system-call ABI (include/sky/syscall.h).
 * Every handler has the same six-argument signature so that entry.S can call
 * it through one table; each one decodes (checks every argument, copies user
 * data in) before it invokes the mechanism, so a refused call changes nothing.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

#include "sched.h"
#include "thread.h"

#define SYSCALL_ARGS                                                                               \
	__attribute__((unused)) uint64_t a0, __attribute__((unused)) uint64_t a1,                  \
		__attribute__((unused)) uint64_t a2, __attribute__((unused)) uint64_t a3,          \
		__attribute__((unused)) uint64_t a4, __attribute__((unused)) uint64_t a5

typedef int64_t (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

int64_t sys_process_id(SYSCALL_ARGS);
int64_t sys_exit(SYSCALL_ARGS);
int64_t sys_spawn(SYSCALL_ARGS);
int64_t sys_wait(SYSCALL_ARGS);
int64_t sys_kill(SYSCALL_ARGS);
int64_t sys_console_write(SYSCALL_ARGS);
int64_t sys_yield(SYSCALL_ARGS);
int64_t sys_sleep(SYSCALL_ARGS);
int64_t sys_time(SYSCALL_ARGS);
int64_t sys_sysinfo(SYSCALL_ARGS);
int64_t sys_cap_identify(SYSCALL_ARGS);
int64_t sys_cap_derive(SYSCALL_ARGS);
int64_t sys_cap_move(SYSCALL_ARGS);
int64_t sys_cap_delete(SYSCALL_ARGS);
int64_t sys_cap_revoke(SYSCALL_ARGS);
int64_t sys_obj_create(SYSCALL_ARGS);
int64_t sys_account_info(SYSCALL_ARGS);
int64_t sys_random(SYSCALL_ARGS);
int64_t sys_bootfs_size(SYSCALL_ARGS);
int64_t sys_bootfs_read(SYSCALL_ARGS);
int64_t sys_mem_map(SYSCALL_ARGS);
int64_t sys_mem_unmap(SYSCALL_ARGS);
int64_t sys_mem_phys(SYSCALL_ARGS);
int64_t sys_send(SYSCALL_ARGS);
int64_t sys_call(SYSCALL_ARGS);
int64_t sys_recv(SYSCALL_ARGS);
int64_t sys_reply(SYSCALL_ARGS);
int64_t sys_reply_recv(SYSCALL_ARGS);
int64_t sys_call_slow(SYSCALL_ARGS);
int64_t sys_reply_recv_slow(SYSCALL_ARGS);
int64_t sys_signal(SYSCALL_ARGS);
int64_t sys_wait_signal(SYSCALL_ARGS);
int64_t sys_poll_signal(SYSCALL_ARGS);
int64_t sys_thread_start(SYSCALL_ARGS);
int64_t sys_thread_faults(SYSCALL_ARGS);
int64_t sys_thread_exit(SYSCALL_ARGS);
int64_t sys_thread_kill(SYSCALL_ARGS);
int64_t sys_irq_claim(SYSCALL_ARGS);
int64_t sys_irq_ack(SYSCALL_ARGS);
int64_t sys_ioport_narrow(SYSCALL_ARGS);
int64_t sys_io_in(SYSCALL_ARGS);
int64_t sys_io_out(SYSCALL_ARGS);
int64_t sys_timer_set(SYSCALL_ARGS);

/* The calling thread's capability space, and the account it is charged to. */
static inline struct cspace *my_cspace(void)
{
	return sched_current()->cspace;
}

static inline struct account *my_account(void)
{
	return sched_current()->obj.account;
}

#endif

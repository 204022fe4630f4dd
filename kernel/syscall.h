/*
 * syscall.h — the kernel side of the system-call ABI (include/sky/syscall.h).
 * Every handler has the same six-argument signature so that entry.S can call
 * it through one table; each one decodes (checks every argument, copies user
 * data in) before it invokes the mechanism, so a refused call changes nothing.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

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

#endif

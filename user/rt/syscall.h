/*
 * syscall.h — inline system-call stubs for Skyscope programs, one per call
 * in include/sky/syscall.h. Inline so that a call costs exactly the
 * `syscall` instruction and its argument moves.
 */
#ifndef RT_SYSCALL_H
#define RT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "sky/error.h"
#include "sky/syscall.h"

static inline int64_t sky_syscall(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
				  uint64_t a4)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = 0;
	uint64_t rax = n;
	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(a0), "+S"(a1), "+d"(a2), "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory");
	return (int64_t)rax;
}

static inline int64_t sky_process_id(void)
{
	return sky_syscall(SKY_SYS_PROCESS_ID, 0, 0, 0, 0, 0);
}

static inline int64_t sky_console_write(const void *buf, size_t len)
{
	return sky_syscall(SKY_SYS_CONSOLE_WRITE, (uint64_t)buf, len, 0, 0, 0);
}

__attribute__((noreturn)) static inline void sky_exit(int64_t code)
{
	sky_syscall(SKY_SYS_EXIT, (uint64_t)code, 0, 0, 0, 0);
	__builtin_unreachable();
}

static inline int64_t sky_yield(void)
{
	return sky_syscall(SKY_SYS_YIELD, 0, 0, 0, 0, 0);
}

static inline int64_t sky_sleep(uint64_t ns)
{
	return sky_syscall(SKY_SYS_SLEEP, ns, 0, 0, 0, 0);
}

static inline uint64_t sky_time(void)
{
	return (uint64_t)sky_syscall(SKY_SYS_TIME, 0, 0, 0, 0, 0);
}

/* args: NUL-separated strings, args_len bytes in all (0 for none). */
static inline int64_t sky_spawn(const char *name, size_t name_len, const char *args,
				size_t args_len, int priority)
{
	return sky_syscall(SKY_SYS_SPAWN, (uint64_t)name, name_len, (uint64_t)args, args_len,
			   (uint64_t)(int64_t)priority);
}

static inline int64_t sky_wait(int64_t pid, struct sky_exit_info *info)
{
	return sky_syscall(SKY_SYS_WAIT, (uint64_t)pid, (uint64_t)info, 0, 0, 0);
}

static inline int64_t sky_sysinfo(struct sky_sysinfo *out)
{
	return sky_syscall(SKY_SYS_SYSINFO, (uint64_t)out, 0, 0, 0, 0);
}

static inline int64_t sky_kill(int64_t pid)
{
	return sky_syscall(SKY_SYS_KILL, (uint64_t)pid, 0, 0, 0, 0);
}

#endif

/*
 * syscall.h — inline system-call stubs for Skyscope programs, one per call
 * in include/sky/syscall.h. Inline so that a call costs exactly the
 * `syscall` instruction and its argument moves.
 */
#ifndef RT_SYSCALL_H
#define RT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "sky/cap.h"
#include "sky/error.h"
#include "sky/ipc.h"
#include "sky/syscall.h"

static inline int64_t sky_syscall6(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
				   uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;
	uint64_t rax = n;
	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(a0), "+S"(a1), "+d"(a2), "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory");
	return (int64_t)rax;
}

static inline int64_t sky_syscall(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
				  uint64_t a4)
{
	return sky_syscall6(n, a0, a1, a2, a3, a4, 0);
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

static inline int64_t sky_spawn_req(const struct sky_spawn *req)
{
	return sky_syscall(SKY_SYS_SPAWN, (uint64_t)req, 0, 0, 0, 0);
}

/* Spawn charged to our own account, passing no capabilities. args: NUL-separated strings,
 * args_len bytes in all (0 for none). */
static inline int64_t sky_spawn(const char *name, size_t name_len, const char *args,
				size_t args_len, int priority)
{
	struct sky_spawn req = { .name = name,
				 .name_len = name_len,
				 .args = args,
				 .args_len = args_len,
				 .priority = priority,
				 .account = SKY_SLOT_ACCOUNT };
	return sky_spawn_req(&req);
}

static inline int64_t sky_wait(int64_t pid, struct sky_exit_info *info)
{
	return sky_syscall(SKY_SYS_WAIT, (uint64_t)pid, (uint64_t)info, 0, 0, 0);
}

static inline int64_t sky_sysinfo(struct sky_sysinfo *out)
{
	return sky_syscall(SKY_SYS_SYSINFO, (uint64_t)out, 0, 0, 0, 0);
}

/* len (at most SKY_RANDOM_MAX) bytes from the kernel's DRBG. */
static inline int64_t sky_random(void *buf, uint64_t len)
{
	return sky_syscall(SKY_SYS_RANDOM, (uint64_t)buf, len, 0, 0, 0);
}

/* The size of boot file `name` (bootfs: a SKY_OBJ_BOOTFS slot with READ). */
static inline int64_t sky_bootfs_size(uint32_t bootfs, const char *name, size_t name_len)
{
	return sky_syscall(SKY_SYS_BOOTFS_SIZE, bootfs, (uint64_t)name, name_len, 0, 0);
}

/* Copy up to len bytes of boot file `name` from `offset`; returns the count (short at the end). */
static inline int64_t sky_bootfs_read(uint32_t bootfs, const char *name, size_t name_len,
				      uint64_t offset, void *buf, uint64_t len)
{
	return sky_syscall6(SKY_SYS_BOOTFS_READ, bootfs, (uint64_t)name, name_len, offset,
			    (uint64_t)buf, len);
}

static inline int64_t sky_kill(int64_t pid)
{
	return sky_syscall(SKY_SYS_KILL, (uint64_t)pid, 0, 0, 0, 0);
}

/* ---- capabilities and objects ---- */

static inline int64_t sky_cap_identify(uint32_t slot, struct sky_cap_info *out)
{
	return sky_syscall(SKY_SYS_CAP_IDENTIFY, slot, (uint64_t)out, 0, 0, 0);
}

static inline int64_t sky_cap_derive(uint32_t src, uint32_t dst, uint32_t rights, uint64_t badge)
{
	return sky_syscall(SKY_SYS_CAP_DERIVE, src, dst, rights, badge, 0);
}

static inline int64_t sky_cap_move(uint32_t src, uint32_t dst)
{
	return sky_syscall(SKY_SYS_CAP_MOVE, src, dst, 0, 0, 0);
}

static inline int64_t sky_cap_delete(uint32_t slot)
{
	return sky_syscall(SKY_SYS_CAP_DELETE, slot, 0, 0, 0, 0);
}

/* Revoke every descendant; repeats the call while the kernel reports more work. */
static inline int64_t sky_cap_revoke(uint32_t slot)
{
	int64_t r;
	do
		r = sky_syscall(SKY_SYS_CAP_REVOKE, slot, 0, 0, 0, 0);
	while (r == -SKY_E_AGAIN);
	return r;
}

static inline int64_t sky_obj_create(uint32_t account, uint32_t type, uint32_t dst, uint64_t arg0,
				     uint64_t arg1)
{
	return sky_syscall(SKY_SYS_OBJ_CREATE, account, type, dst, arg0, arg1);
}

static inline int64_t sky_account_info(uint32_t account, struct sky_account_info *out)
{
	return sky_syscall(SKY_SYS_ACCOUNT_INFO, account, (uint64_t)out, 0, 0, 0);
}

static inline int64_t sky_mem_map(uint32_t aspace, uint32_t mem, uint64_t vaddr, uint64_t first,
				  uint64_t pages, uint32_t rights)
{
	return sky_syscall6(SKY_SYS_MEM_MAP, aspace, mem, vaddr, first, pages, rights);
}

static inline int64_t sky_mem_unmap(uint32_t aspace, uint64_t vaddr)
{
	return sky_syscall(SKY_SYS_MEM_UNMAP, aspace, vaddr, 0, 0, 0);
}

static inline int64_t sky_mem_phys(uint32_t mem, uint64_t page)
{
	return sky_syscall(SKY_SYS_MEM_PHYS, mem, page, 0, 0, 0);
}

/* ---- IPC ---- */

/* A message's register part; badge is filled on receipt. */
struct sky_msg {
	uint64_t info;
	uint64_t w[4];
	uint64_t badge;
};

/* One IPC system call; on success a receiving call's results land in *m. */
static inline int64_t sky_ipc(uint64_t nr, uint64_t a0, uint64_t info, struct sky_msg *m)
{
	register uint64_t r10 __asm__("r10") = m->w[1];
	register uint64_t r8 __asm__("r8") = m->w[2];
	register uint64_t r9 __asm__("r9") = m->w[3];
	uint64_t rax = nr, rdi = a0, rsi = info, rdx = m->w[0];
	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory");
	if ((int64_t)rax >= 0 && nr != SKY_SYS_SEND && nr != SKY_SYS_REPLY) {
		m->info = rax;
		m->badge = rdi;
		m->w[0] = rdx;
		m->w[1] = r10;
		m->w[2] = r8;
		m->w[3] = r9;
	}
	return (int64_t)rax;
}

static inline int64_t sky_send(uint32_t ep, struct sky_msg *m)
{
	return sky_ipc(SKY_SYS_SEND, ep, m->info, m);
}

/* Send *m and wait for the answer, which replaces *m. */
static inline int64_t sky_call(uint32_t ep, struct sky_msg *m)
{
	return sky_ipc(SKY_SYS_CALL, ep, m->info, m);
}

/* Receive on ep (binding calls to reply, or SKY_SLOT_NONE); flags: SKY_MSG_NONBLOCK,
 * SKY_MSG_TIMEOUT. */
static inline int64_t sky_recv(uint32_t ep, uint32_t reply, uint64_t flags, struct sky_msg *m)
{
	return sky_ipc(SKY_SYS_RECV, ep | (uint64_t)reply << 32, flags, m);
}

static inline int64_t sky_reply(uint32_t reply, struct sky_msg *m)
{
	return sky_ipc(SKY_SYS_REPLY, reply, m->info, m);
}

/* Answer the call bound to reply (if any) with *m, then receive the next message into *m. */
static inline int64_t sky_reply_recv(uint32_t ep, uint32_t reply, struct sky_msg *m)
{
	return sky_ipc(SKY_SYS_REPLY_RECV, ep | (uint64_t)reply << 32, m->info, m);
}

/* This thread's IPC buffer (%fs points at it; its first word is its address). */
static inline struct sky_ipc_buffer *sky_ipc_buffer(void)
{
	struct sky_ipc_buffer *b;
	__asm__("movq %%fs:0, %0" : "=r"(b));
	return b;
}

static inline int64_t sky_signal(uint32_t ntfn, uint64_t bits)
{
	return sky_syscall(SKY_SYS_SIGNAL, ntfn, bits, 0, 0, 0);
}

static inline int64_t sky_wait_signal(uint32_t ntfn)
{
	return sky_syscall(SKY_SYS_WAIT_SIGNAL, ntfn, 0, 0, 0, 0);
}

static inline int64_t sky_poll_signal(uint32_t ntfn)
{
	return sky_syscall(SKY_SYS_POLL_SIGNAL, ntfn, 0, 0, 0, 0);
}

/* ---- threads, devices, timers ---- */

static inline int64_t sky_thread_start(uint32_t thread, uint64_t rip, uint64_t rsp, uint64_t arg,
				       int priority)
{
	return sky_syscall(SKY_SYS_THREAD_START, thread, rip, rsp, arg,
			   (uint64_t)(int64_t)priority);
}

static inline int64_t sky_thread_faults(uint32_t thread, uint32_t ep)
{
	return sky_syscall(SKY_SYS_THREAD_FAULTS, thread, ep, 0, 0, 0);
}

__attribute__((noreturn)) static inline void sky_thread_exit(void)
{
	sky_syscall(SKY_SYS_THREAD_EXIT, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

static inline int64_t sky_thread_kill(uint32_t thread)
{
	return sky_syscall(SKY_SYS_THREAD_KILL, thread, 0, 0, 0, 0);
}

static inline int64_t sky_irq_claim(uint32_t control, unsigned line, uint32_t ntfn, uint64_t bits,
				    uint32_t dst)
{
	return sky_syscall(SKY_SYS_IRQ_CLAIM, control, line, ntfn, bits, dst);
}

static inline int64_t sky_irq_ack(uint32_t irq)
{
	return sky_syscall(SKY_SYS_IRQ_ACK, irq, 0, 0, 0, 0);
}

static inline int64_t sky_ioport_narrow(uint32_t ioport, uint64_t first, uint64_t count,
					uint32_t dst)
{
	return sky_syscall(SKY_SYS_IOPORT_NARROW, ioport, first, count, dst, 0);
}

static inline int64_t sky_io_in(uint32_t ioport, uint16_t port, unsigned width)
{
	return sky_syscall(SKY_SYS_IO_IN, ioport, port, width, 0, 0);
}

static inline int64_t sky_io_out(uint32_t ioport, uint16_t port, unsigned width, uint32_t value)
{
	return sky_syscall(SKY_SYS_IO_OUT, ioport, port, width, value, 0);
}

static inline int64_t sky_timer_set(uint32_t timer, uint32_t ntfn, uint64_t bits, uint64_t delay_ns,
				    uint64_t period_ns)
{
	return sky_syscall(SKY_SYS_TIMER_SET, timer, ntfn, bits, delay_ns, period_ns);
}

#endif

/*
 * syscall.h — the system-call ABI: numbers, register convention and the
 * structures that cross the user/kernel boundary. docs/syscalls.md documents
 * every call (arguments, result, errors).
 *
 * Convention (x86_64 `syscall` instruction):
 *   rax = number; arguments in rdi, rsi, rdx, r10, r8, r9.
 *   Result in rax: >= 0 on success, -SKY_E_* on failure.
 *   Preserved: rbx, rbp, rsp, r12-r15 and all vector/x87 state.
 *   Clobbered: rcx, r11 and the argument registers. The IPC calls return
 *   the badge and message words in rdi, rdx, r10, r8, r9 (include/sky/ipc.h);
 *   other calls leave those registers holding nothing from the kernel.
 */
#ifndef SKY_SYSCALL_H
#define SKY_SYSCALL_H

#define SKY_SYS_PROCESS_ID    0 /* () -> caller's pid; the null syscall */
#define SKY_SYS_CONSOLE_WRITE 1 /* (buf, len) -> bytes written */
#define SKY_SYS_EXIT          2 /* (code) -> does not return */
#define SKY_SYS_YIELD         3 /* () -> 0 */
#define SKY_SYS_SLEEP         4 /* (ns) -> 0 */
#define SKY_SYS_TIME          5 /* () -> ns since boot */
#define SKY_SYS_SPAWN         6 /* (const struct sky_spawn *) -> pid */
#define SKY_SYS_WAIT          7 /* (pid or -1, struct sky_exit_info *) -> pid */
#define SKY_SYS_SYSINFO       8 /* (struct sky_sysinfo *) -> 0 */
#define SKY_SYS_KILL          9 /* (pid of a child) -> 0 */
/* Capabilities and objects (include/sky/cap.h) */
#define SKY_SYS_CAP_IDENTIFY 10 /* (slot, struct sky_cap_info *) -> 0 */
#define SKY_SYS_CAP_DERIVE   11 /* (src, dst, rights, badge) -> 0 */
#define SKY_SYS_CAP_MOVE     12 /* (src, dst) -> 0 */
#define SKY_SYS_CAP_DELETE   13 /* (slot) -> 0 */
#define SKY_SYS_CAP_REVOKE   14 /* (slot) -> 0 when done, -SKY_E_AGAIN if more remains */
#define SKY_SYS_OBJ_CREATE   15 /* (account, type, dst, arg0, arg1) -> 0 */
#define SKY_SYS_MEM_MAP      16 /* (aspace, memory, vaddr, first_page, pages, rights) -> 0 */
#define SKY_SYS_MEM_UNMAP    17 /* (aspace, vaddr) -> 0 */
#define SKY_SYS_MEM_PHYS     18 /* (memory, page) -> physical address */
/* IPC (include/sky/ipc.h) */
#define SKY_SYS_SEND        19 /* (ep, info, w0..w3) -> 0 */
#define SKY_SYS_CALL        20 /* (ep, info, w0..w3) -> reply info */
#define SKY_SYS_RECV        21 /* (ep | reply << 32, info) -> info */
#define SKY_SYS_REPLY       22 /* (reply, info, w0..w3) -> 0 */
#define SKY_SYS_REPLY_RECV  23 /* (ep | reply << 32, info, w0..w3) -> info */
#define SKY_SYS_SIGNAL      24 /* (notification, bits) -> 0 */
#define SKY_SYS_WAIT_SIGNAL 25 /* (notification) -> bits */
#define SKY_SYS_POLL_SIGNAL 26 /* (notification) -> bits, 0 if none */
/* Threads, devices, timers, accounts */
#define SKY_SYS_THREAD_START  27 /* (thread, rip, rsp, arg, priority) -> 0 */
#define SKY_SYS_THREAD_FAULTS 28 /* (thread, endpoint or SKY_SLOT_NONE) -> 0 */
#define SKY_SYS_THREAD_EXIT   29 /* () -> does not return */
#define SKY_SYS_THREAD_KILL   30 /* (thread) -> 0 */
#define SKY_SYS_IRQ_CLAIM     31 /* (irq control, line, notification, bits, dst) -> 0 */
#define SKY_SYS_IRQ_ACK       32 /* (irq) -> 0 */
#define SKY_SYS_IOPORT_NARROW 33 /* (ioport, first, count, dst) -> 0 */
#define SKY_SYS_IO_IN         34 /* (ioport, port, width) -> value */
#define SKY_SYS_IO_OUT        35 /* (ioport, port, width, value) -> 0 */
#define SKY_SYS_TIMER_SET     36 /* (timer, notification, bits, delay_ns, period_ns) -> 0 */
#define SKY_SYS_ACCOUNT_INFO  37 /* (account, struct sky_account_info *) -> 0 */
#define SKY_SYS_RANDOM        38 /* (buf, len <= SKY_RANDOM_MAX) -> 0 */
#define SKY_SYS_BOOTFS_SIZE   39 /* (bootfs, name, name_len) -> size in bytes */
#define SKY_SYS_BOOTFS_READ   40 /* (bootfs, name, name_len, offset, buf, len) -> bytes copied */
#define SKY_SYS_COUNT         41 /* one past the last number */

#define SKY_BOOTFS_READ_MAX                                                                        \
	(1u << 20) /* bytes per bootfs_read() call; longer reads come back short */

#define SKY_RANDOM_MAX 256 /* bytes per random() call */

/* Scheduling priorities: larger runs first; round robin within one. */
#define SKY_PRIO_MIN     0
#define SKY_PRIO_MAX     31
#define SKY_PRIO_INHERIT (-1) /* spawn: same priority as the caller */

/* Limits a caller can rely on. */
#define SKY_CONSOLE_WRITE_MAX 4096 /* longest single console write */
#define SKY_NAME_MAX          47   /* longest boot file name */
#define SKY_ARGS_MAX          1024 /* longest spawn argument block */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* How a process ended (sky_exit_info.reason). */
enum sky_exit_reason {
	SKY_EXIT_NORMAL = 0, /* called exit(code) */
	SKY_EXIT_FAULT = 1,  /* CPU exception in user mode: vector, address, rip */
	SKY_EXIT_KILLED = 2, /* killed by its parent */
	SKY_EXIT_BADRET = 3, /* syscall return address was not a user address */
};

/* Filled by wait(); 8-byte aligned. */
struct sky_exit_info {
	int64_t pid;
	int64_t code;        /* exit(code); 0 unless reason is NORMAL */
	uint32_t reason;     /* enum sky_exit_reason */
	uint32_t vector;     /* exception vector when reason is FAULT */
	uint64_t error_code; /* exception error code */
	uint64_t fault_addr; /* page-fault address (cr2) */
	uint64_t fault_rip;  /* user rip at the fault */
	uint64_t cpu_ns;     /* CPU time used */
	uint64_t start_ns;   /* time of spawn */
	uint64_t end_ns;     /* time of exit */
};

/* Filled by sysinfo(); 8-byte aligned. */
struct sky_sysinfo {
	uint64_t free_frames;      /* 4 KiB frames on the free list */
	uint64_t total_frames;     /* frames the allocator manages */
	uint64_t kmem_bytes;       /* bytes of kernel heap in use */
	uint64_t processes;        /* live processes, zombies included */
	uint64_t threads;          /* live threads, idle excluded */
	uint64_t uptime_ns;        /* ns since boot */
	uint64_t tsc_hz;           /* calibrated TSC frequency */
	uint64_t tick_hz;          /* scheduler tick frequency */
	uint64_t context_switches; /* since boot */
	uint64_t user_faults;      /* processes ended by a fault since boot */
};

#endif /* __ASSEMBLER__ */

#endif

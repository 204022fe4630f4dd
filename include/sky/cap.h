/*
 * cap.h — capabilities as user space sees them: object types, rights, the
 * well-known slots every process starts with, and the structures of the
 * capability, object-creation and account calls. docs/abi.md explains each
 * right per object type.
 *
 * A capability is an unforgeable reference to a kernel object plus a rights
 * mask and a 64-bit badge, kept in a slot of its process's capability space
 * and named in system calls by slot number.
 */
#ifndef SKY_CAP_H
#define SKY_CAP_H

/* Object types (sky_cap_info.type; obj_create's type argument). */
#define SKY_OBJ_NONE         0
#define SKY_OBJ_ACCOUNT      1 /* resource account: limits and usage */
#define SKY_OBJ_ASPACE       2 /* address space */
#define SKY_OBJ_CSPACE       3 /* capability space */
#define SKY_OBJ_THREAD       4
#define SKY_OBJ_MEMORY       5  /* memory object: pages that can be mapped */
#define SKY_OBJ_ENDPOINT     6  /* synchronous IPC rendezvous */
#define SKY_OBJ_NOTIFICATION 7  /* a word of signal bits */
#define SKY_OBJ_REPLY        8  /* one-shot answer to a call */
#define SKY_OBJ_IRQ          9  /* one interrupt line bound to a notification */
#define SKY_OBJ_IOPORT       10 /* a range of I/O ports */
#define SKY_OBJ_TIMER        11 /* one-shot or periodic, signals a notification */
#define SKY_OBJ_IRQ_CONTROL  12 /* authority to claim interrupt lines */
#define SKY_OBJ_BOOTFS       13 /* the files the system booted with (READ: read them) */
#define SKY_OBJ_COUNT        14

/* Rights (sky_cap_info.rights); what each means depends on the type. */
#define SKY_RIGHT_READ    (1u << 0) /* memory: map readable; endpoint: receive; notification: wait */
#define SKY_RIGHT_WRITE   (1u << 1) /* memory: map writable; endpoint: send; notification: signal */
#define SKY_RIGHT_EXEC    (1u << 2) /* memory: map executable */
#define SKY_RIGHT_GRANT   (1u << 3) /* endpoint: capabilities may travel with messages */
#define SKY_RIGHT_PHYS    (1u << 4) /* memory (contiguous): physical addresses may be read */
#define SKY_RIGHT_CONTROL (1u << 5) /* thread, account, timer, irq, ioport, aspace: manage it */
#define SKY_RIGHTS_ALL    0x3Fu

/* Slots every spawned process starts with. */
#define SKY_SLOT_ACCOUNT    0 /* the account it is charged to (READ, WRITE: create, CONTROL) */
#define SKY_SLOT_ASPACE     1 /* its own address space (WRITE: map, CONTROL) */
#define SKY_SLOT_CSPACE     2 /* its own capability space (CONTROL) */
#define SKY_SLOT_THREAD     3 /* its first thread (CONTROL) */
#define SKY_SLOT_FIRST_FREE 4 /* capabilities passed by spawn() start here */
/* The root task also gets these, and its account is the root of all accounts. */
#define SKY_SLOT_IOPORTS     4           /* every I/O port (READ | WRITE | CONTROL) */
#define SKY_SLOT_IRQ_CONTROL 5           /* every interrupt line */
#define SKY_SLOT_BOOTFS      6           /* the boot files (READ) */
#define SKY_SLOT_NONE        0xFFFFFFFFu /* "no slot" where a slot is optional */

#define SKY_CSPACE_SLOTS_DEFAULT 256 /* size of a spawned process's capability space */
#define SKY_CSPACE_SLOTS_MAX     1024

/* obj_create(SKY_OBJ_MEMORY, pages, flags): */
#define SKY_MEM_CONTIG    (1u << 0)  /* physically contiguous (DMA); reveals addresses with PHYS */
#define SKY_MEM_PAGES_MAX (1u << 18) /* 1 GiB */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct sky_cap_info {
	uint32_t type;   /* SKY_OBJ_* */
	uint32_t rights; /* SKY_RIGHT_* */
	uint64_t badge;  /* 0 = unbadged */
};

/* Resources an account limits. */
struct sky_account_limits {
	uint64_t kmem_bytes; /* kernel memory for objects, capability tables, page tables */
	uint64_t pages;      /* 4 KiB pages of memory objects (program images, stacks, buffers) */
	uint64_t threads;
};

struct sky_account_info {
	struct sky_account_limits limit;
	struct sky_account_limits used; /* this account and every account below it */
};

/* spawn(): start a boot program as a child process. */
#define SKY_SPAWN_CAPS_MAX 8
struct sky_spawn {
	const char *name;
	uint64_t name_len;
	const char *args; /* NUL-separated strings, args_len bytes in all */
	uint64_t args_len;
	int64_t priority; /* SKY_PRIO_MIN..SKY_PRIO_MAX or SKY_PRIO_INHERIT */
	uint32_t account; /* slot of the account to charge (WRITE right) */
	uint32_t ncaps;   /* capabilities to copy into the child's slots 4.. */
	uint32_t caps[SKY_SPAWN_CAPS_MAX];
};
#endif

#endif

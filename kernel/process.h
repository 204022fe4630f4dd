/*
 * process.h — processes: what spawn() makes of a boot program. A process is
 * an address space, a capability space, the account it is charged to, its
 * threads, its place in the parent/child tree, and how it ended. A process
 * that ends stays as a zombie holding its sky_exit_info until its parent
 * waits for it; a process whose parent is gone is freed as soon as it ends.
 * The root task (init) has no parent; when it ends, the system stops.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/list.h"
#include "sky/cap.h"
#include "sky/syscall.h"

struct account;
struct aspace;
struct cap;
struct cspace;
struct thread;
struct trap_frame;

#define PROCESS_MAX 512 /* live processes, zombies included */

struct process {
	uint64_t pid;
	char name[SKY_NAME_MAX + 1];
	struct account *account; /* everything of the process is charged here; reference held */
	struct aspace *aspace;   /* references held until the process ends */
	struct cspace *cspace;
	struct process *parent;    /* NULL for init and for orphans */
	struct list children;      /* spawned by this process, not yet reaped */
	struct list sibling;       /* link in parent->children */
	struct list threads;       /* live threads: struct thread.proc_link */
	struct list child_waiters; /* this process's threads blocked in wait() */
	uint8_t priority;          /* of its first thread; the ceiling for what it spawns */
	bool zombie;               /* ended; exit says how */
	struct sky_exit_info exit;
	uint64_t start_ns;
	uint64_t dead_cpu_tsc; /* CPU time of threads already gone */
};

/* What a new process is given besides its program. */
struct spawn_request {
	const char *name;
	size_t name_len;
	const char *args; /* NUL-separated strings */
	size_t args_len;
	unsigned priority;
	struct account *account; /* to charge */
	struct cap *account_cap; /* the parent's capability to it (the child's slot 0 derives
				    from it); NULL for init */
	struct cap *caps[SKY_SPAWN_CAPS_MAX]; /* copied into slots 4.. */
	unsigned ncaps;
};

/*
 * Start a boot program as a child of parent (NULL: the root task). On
 * failure nothing remains of the attempt. Returns 0 and *out, or
 * -SKY_E_NOENT, -SKY_E_CORRUPT, -SKY_E_QUOTA, -SKY_E_NOMEM, -SKY_E_LIMIT.
 */
int process_spawn(struct process *parent, const struct spawn_request *req, struct process **out);

/* End the calling process. */
__attribute__((noreturn)) void process_exit(int64_t code);
/* The calling thread ends; its process too if it was the last thread. */
__attribute__((noreturn)) void process_thread_exit(void);
/* The calling thread faulted and nobody handled it: end its process (or it), reported. */
__attribute__((noreturn)) void process_fault(const struct trap_frame *f, uint64_t addr);
/* The calling thread's fault handler answered SKY_FAULT_KILL: end the thread; if it was
 * the last of its process, end the process as process_fault() does. */
__attribute__((noreturn)) void process_fault_kill(const struct trap_frame *f, uint64_t addr);
/* End the calling process whose syscall return address is not a user address. */
__attribute__((noreturn)) void process_bad_return(uint64_t rip);
/* End thread t of another process, or of this one (not the caller). */
void process_kill_thread(struct thread *t);

/* Wait for a child (pid, or -1 for any) to end; copy its exit info to user_info if non-zero. */
int64_t process_wait(int64_t pid, uint64_t user_info);
/* End a child of the calling process. */
int process_kill(int64_t pid);

/* Free a dead thread after the switch away from it (sched.c). */
void process_reap_thread(struct thread *t);

uint64_t process_count(void);
uint64_t process_fault_count(void);

#endif

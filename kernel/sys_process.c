/*
 * sys_process.c — decoding of the process calls: process_id, exit, spawn,
 * wait, kill. See docs/syscalls.md for each call's contract.
 */
#include "arch/x86_64/percpu.h"
#include "loader.h"
#include "process.h"
#include "sched.h"
#include "sky/error.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"

int64_t sys_process_id(SYSCALL_ARGS)
{
	return (int64_t)this_cpu()->current->proc->pid;
}

int64_t sys_exit(SYSCALL_ARGS)
{
	process_exit((int64_t)a0);
}

/* spawn(name, name_len, args, args_len, priority) -> pid */
int64_t sys_spawn(SYSCALL_ARGS)
{
	struct process *self = sched_current()->proc;
	uint64_t name_len = a1, args_len = a3;
	int64_t prio = (int64_t)a4;
	char name[SKY_NAME_MAX + 1];
	char args[SKY_ARGS_MAX];

	if (name_len == 0 || name_len > SKY_NAME_MAX)
		return -SKY_E_INVAL; /* no boot file has such a name */
	if (args_len > SKY_ARGS_MAX)
		return -SKY_E_INVAL;
	if (prio == SKY_PRIO_INHERIT)
		prio = self->priority;
	if (prio < SKY_PRIO_MIN || prio > SKY_PRIO_MAX)
		return -SKY_E_INVAL;
	if (prio > self->priority)
		return -SKY_E_PERM; /* no process raises itself through a child */
	int err = copy_from_user(name, a0, name_len);
	if (!err)
		err = copy_from_user(args, a2, args_len);
	if (err)
		return err;
	name[name_len] = '\0';
	for (uint64_t i = 0; i < name_len; i++)
		if (name[i] == '\0')
			return -SKY_E_INVAL; /* names hold no NUL */
	unsigned argc = 0;
	for (uint64_t i = 0; i < args_len; i++)
		argc += args[i] == '\0';
	if (args_len && args[args_len - 1] != '\0')
		return -SKY_E_INVAL; /* the last argument is unterminated */
	if (argc >= LOADER_ARGV_MAX)
		return -SKY_E_INVAL;

	struct process *child;
	err = process_spawn(self, name, name_len, args, args_len, (unsigned)prio, &child);
	return err ? err : (int64_t)child->pid;
}

/* wait(pid or -1, struct sky_exit_info *info or NULL) -> pid */
int64_t sys_wait(SYSCALL_ARGS)
{
	int64_t pid = (int64_t)a0;
	if (pid < -1 || pid == 0)
		return -SKY_E_CHILD;
	if (a1 % _Alignof(struct sky_exit_info))
		return -SKY_E_ALIGN;
	if (a1 && !user_range_ok(a1, sizeof(struct sky_exit_info)))
		return -SKY_E_FAULT;
	return process_wait(pid, a1);
}

/* kill(pid of a child) -> 0 */
int64_t sys_kill(SYSCALL_ARGS)
{
	return process_kill((int64_t)a0);
}

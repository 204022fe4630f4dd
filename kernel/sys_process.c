/*
 * sys_process.c — decoding of the process calls: process_id, exit, spawn,
 * wait, kill. See docs/syscalls.md for each call's contract.
 */
#include "arch/x86_64/percpu.h"
#include "base/string.h"
#include "cap.h"
#include "loader.h"
#include "process.h"
#include "sched.h"
#include "sky/error.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"

int64_t sys_process_id(SYSCALL_ARGS)
{
	struct process *p = this_cpu()->current->proc;
	return p ? (int64_t)p->pid : 0;
}

int64_t sys_exit(SYSCALL_ARGS)
{
	process_exit((int64_t)a0);
}

/* spawn(const struct sky_spawn *) -> pid */
int64_t sys_spawn(SYSCALL_ARGS)
{
	struct process *self = sched_current()->proc;
	struct sky_spawn u;
	char name[SKY_NAME_MAX + 1];
	char args[SKY_ARGS_MAX];

	if (!self)
		return -SKY_E_PERM; /* a thread of no process has no children */
	if (a0 % 8)
		return -SKY_E_ALIGN;
	int err = copy_from_user(&u, a0, sizeof u);
	if (err)
		return err;
	if (u.name_len == 0 || u.name_len > SKY_NAME_MAX || u.args_len > SKY_ARGS_MAX ||
	    u.ncaps > SKY_SPAWN_CAPS_MAX)
		return -SKY_E_INVAL;
	int64_t prio = u.priority == SKY_PRIO_INHERIT ? self->priority : u.priority;
	if (prio < SKY_PRIO_MIN || prio > SKY_PRIO_MAX)
		return -SKY_E_INVAL;
	if (prio > self->priority)
		return -SKY_E_PERM; /* no process raises itself through a child */

	struct spawn_request req = { .name = name,
				     .name_len = u.name_len,
				     .args = args,
				     .args_len = u.args_len,
				     .priority = (unsigned)prio,
				     .ncaps = u.ncaps };
	err = cap_lookup(my_cspace(), u.account, SKY_OBJ_ACCOUNT, SKY_RIGHT_WRITE,
			 &req.account_cap);
	for (unsigned i = 0; !err && i < u.ncaps; i++)
		err = cap_lookup(my_cspace(), u.caps[i], SKY_OBJ_NONE, 0, &req.caps[i]);
	if (!err)
		err = copy_from_user(name, (uint64_t)u.name, u.name_len);
	if (!err)
		err = copy_from_user(args, (uint64_t)u.args, u.args_len);
	if (err)
		return err;
	req.account = (struct account *)req.account_cap->obj;
	name[u.name_len] = '\0';
	if (strnlen(name, u.name_len) != u.name_len)
		return -SKY_E_INVAL; /* names hold no NUL */
	unsigned argc = 0;
	for (uint64_t i = 0; i < u.args_len; i++)
		argc += args[i] == '\0';
	if (u.args_len && args[u.args_len - 1] != '\0')
		return -SKY_E_INVAL; /* the last argument is unterminated */
	if (argc >= LOADER_ARGV_MAX)
		return -SKY_E_INVAL;

	struct process *child;
	err = process_spawn(self, &req, &child);
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
	if (!sched_current()->proc)
		return -SKY_E_CHILD;
	return process_wait(pid, a1);
}

/* kill(pid of a child) -> 0 */
int64_t sys_kill(SYSCALL_ARGS)
{
	if (!sched_current()->proc)
		return -SKY_E_CHILD;
	return process_kill((int64_t)a0);
}

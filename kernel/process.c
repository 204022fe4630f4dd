/*
 * process.c — the life of a process: spawn (address space, program, first
 * thread), the three ways to end (exit, fault, kill), waiting, and freeing.
 * Ending frees the memory at once and keeps only the small struct process
 * as a zombie for the parent; threads are freed by the scheduler right after
 * it switches away from them.
 */
#include "process.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/trap.h"
#include "base/string.h"
#include "bootfs.h"
#include "kmem.h"
#include "loader.h"
#include "log.h"
#include "sched.h"
#include "sky/error.h"
#include "thread.h"
#include "time.h"
#include "usercopy.h"

/* machine_stop() codes when init ends without exit() */
#define STOP_INIT_FAULTED 0x7D

static uint64_t next_pid = 1;
static uint64_t live_processes;
static uint64_t faults;
static struct process *init_process;

uint64_t process_count(void)
{
	return live_processes;
}

uint64_t process_fault_count(void)
{
	return faults;
}

static void free_process(struct process *p)
{
	assert(p->zombie && list_empty(&p->threads) && list_empty(&p->children));
	list_remove(&p->sibling);
	live_processes--;
	KMEM_DELETE(p);
}

int process_spawn(struct process *parent, const char *name, size_t name_len, const char *args,
		  size_t args_len, unsigned priority, struct process **out)
{
	struct bundle_file file;
	int err = bootfs_find(name, name_len, &file);
	if (err)
		return err;
	if (live_processes >= PROCESS_MAX)
		return -SKY_E_LIMIT;
	struct process *p = KMEM_NEW(struct process);
	if (!p)
		return -SKY_E_NOMEM;
	memcpy(p->name, name, name_len);
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->threads);
	list_init(&p->child_waiters);
	p->priority = (uint8_t)priority;
	p->root = pt_create_user();
	if (!p->root) {
		err = -SKY_E_NOMEM;
		goto out_free_process;
	}
	struct thread_start start;
	err = loader_load(p->root, p->name, &file, args, args_len, &start);
	if (err)
		goto out_free_space;
	struct thread *t = thread_create_user(p, &start, priority);
	if (!t) {
		err = -SKY_E_NOMEM;
		goto out_free_space;
	}

	p->pid = next_pid++;
	p->parent = parent;
	p->start_ns = time_now_ns();
	if (parent)
		list_push_back(&parent->children, &p->sibling);
	else
		init_process = p;
	list_push_back(&p->threads, &t->proc_link);
	live_processes++;
	sched_ready(t);
	log_debug("process %llu (%s) started", (unsigned long long)p->pid, p->name);
	*out = p;
	return 0;

out_free_space:
	pt_destroy_user(p->root);
out_free_process:
	KMEM_DELETE(p);
	return err;
}

static uint64_t cpu_tsc_of(const struct process *p)
{
	uint64_t total = p->dead_cpu_tsc;
	list_for_each(pos, &p->threads) total +=
		sched_cpu_tsc(list_entry(pos, struct thread, proc_link));
	return total;
}

/*
 * Everything that ending means, once p's threads other than the caller's
 * are gone: record how, free the memory, let go of the children, and tell
 * the parent (or stop the machine if p is init).
 */
static void finish(struct process *p, struct sky_exit_info info)
{
	info.pid = (int64_t)p->pid;
	info.start_ns = p->start_ns;
	info.end_ns = time_now_ns();
	info.cpu_ns = time_tsc_to_ns(cpu_tsc_of(p));
	p->exit = info;

	if (read_cr3() == p->root)
		write_cr3(paging_kernel_root());
	pt_destroy_user(p->root);
	p->root = 0;
	list_for_each_safe(pos, &p->children)
	{
		struct process *c = list_entry(pos, struct process, sibling);
		list_remove(&c->sibling);
		c->parent = NULL;
		if (c->zombie)
			free_process(c);
	}
	p->zombie = true;

	if (p == init_process) {
		if (info.reason == SKY_EXIT_NORMAL) {
			log_info("init exited with code %lld; stopping", (long long)info.code);
			machine_stop((unsigned)info.code & 0x3F);
		}
		log_error("init ended abnormally (reason %u); stopping", info.reason);
		machine_stop(STOP_INIT_FAULTED);
	}
	if (p->parent) {
		struct list *waiters = &p->parent->child_waiters;
		while (!list_empty(waiters))
			sched_ready(list_entry(list_pop_front(waiters), struct thread, queue_link));
	}
}

/* Take a thread that is not running off every queue and free it. */
static void destroy_thread(struct process *p, struct thread *t)
{
	if (t->state == THREAD_READY)
		sched_unready(t);
	list_remove(&t->queue_link);
	time_cancel_sleep(t);
	p->dead_cpu_tsc += t->cpu_tsc;
	thread_free(t);
}

__attribute__((noreturn)) static void end_current(struct sky_exit_info info)
{
	struct thread *self = sched_current();
	struct process *p = self->proc;
	list_for_each_safe(pos, &p->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		if (t != self)
			destroy_thread(p, t);
	}
	finish(p, info);
	self->root = 0;
	sched_exit_current();
}

void process_exit(int64_t code)
{
	end_current((struct sky_exit_info){ .reason = SKY_EXIT_NORMAL, .code = code });
}

void process_fault(const struct trap_frame *f)
{
	struct process *p = sched_current()->proc;
	struct sky_exit_info info = {
		.reason = SKY_EXIT_FAULT,
		.vector = (uint32_t)f->vector,
		.error_code = f->error_code,
		.fault_addr = f->vector == VEC_PAGE_FAULT ? read_cr2() : 0,
		.fault_rip = f->rip,
	};
	faults++;
	log_warn("process %llu (%s) killed: %s at rip 0x%llx (address 0x%llx, error 0x%llx)",
		 (unsigned long long)p->pid, p->name, trap_name(f->vector),
		 (unsigned long long)f->rip, (unsigned long long)info.fault_addr,
		 (unsigned long long)f->error_code);
	trap_dump(f, kprintf);
	end_current(info);
}

void process_bad_return(uint64_t rip)
{
	struct process *p = sched_current()->proc;
	faults++;
	log_warn("process %llu (%s) killed: syscall would return to non-user address 0x%llx",
		 (unsigned long long)p->pid, p->name, (unsigned long long)rip);
	end_current((struct sky_exit_info){ .reason = SKY_EXIT_BADRET, .fault_rip = rip });
}

static struct process *find_child(struct process *self, int64_t pid)
{
	list_for_each(pos, &self->children)
	{
		struct process *c = list_entry(pos, struct process, sibling);
		if ((int64_t)c->pid == pid)
			return c;
	}
	return NULL;
}

int64_t process_wait(int64_t pid, uint64_t user_info)
{
	struct thread *self = sched_current();
	struct process *me = self->proc;
	for (;;) {
		bool any = false;
		list_for_each(pos, &me->children)
		{
			struct process *c = list_entry(pos, struct process, sibling);
			if (pid != -1 && (int64_t)c->pid != pid)
				continue;
			any = true;
			if (!c->zombie)
				continue;
			/* Copy before reaping: a bad pointer must not lose the result. */
			if (user_info) {
				int err = copy_to_user(user_info, &c->exit, sizeof c->exit);
				if (err)
					return err;
			}
			int64_t id = (int64_t)c->pid;
			free_process(c);
			return id;
		}
		if (!any)
			return -SKY_E_CHILD;
		list_push_back(&me->child_waiters, &self->queue_link);
		sched_block();
	}
}

int process_kill(int64_t pid)
{
	struct process *c = find_child(sched_current()->proc, pid);
	if (!c)
		return -SKY_E_CHILD;
	if (c->zombie)
		return 0;
	list_for_each_safe(pos, &c->threads)
		destroy_thread(c, list_entry(pos, struct thread, proc_link));
	log_debug("process %llu (%s) killed by its parent", (unsigned long long)c->pid, c->name);
	finish(c, (struct sky_exit_info){ .reason = SKY_EXIT_KILLED });
	return 0;
}

void process_reap_thread(struct thread *t)
{
	struct process *p = t->proc;
	if (!p) {
		thread_free(t);
		return;
	}
	p->dead_cpu_tsc += t->cpu_tsc;
	thread_free(t);
	if (p->zombie && !p->parent && list_empty(&p->threads) && p != init_process)
		free_process(p);
}

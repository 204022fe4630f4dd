/*
 * process.c — the life of a process: spawn (address space, capability
 * space, program, first thread, initial capabilities), the ways to end
 * (exit, last thread gone, unhandled fault, kill), waiting, and freeing.
 * Ending kills every thread and empties the capability space at once, so
 * the memory and objects go back to their accounts; only the small struct
 * process stays as a zombie for the parent.
 */
#include "process.h"

#include "account.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/trap.h"
#include "aspace.h"
#include "base/string.h"
#include "bootfs.h"
#include "cap.h"
#include "ioport.h"
#include "irq.h"
#include "kmem.h"
#include "loader.h"
#include "log.h"
#include "sched.h"
#include "sky/error.h"
#include "thread.h"
#include "time.h"
#include "usercopy.h"

/* machine_stop() code when init ends without exit() */
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
	account_uncharge(p->account, ACCOUNT_KMEM, kmem_footprint(sizeof *p));
	object_put(&p->account->obj);
	KMEM_DELETE(p);
}

/* Put a new root capability to obj (one more reference) in slot. */
static void give(struct process *p, uint32_t slot, struct object *obj, uint32_t rights)
{
	object_get(obj);
	cap_install(cspace_slot(p->cspace, slot), obj, rights, 0);
}

/* Slots 0-3 for every process, 4.. as the request says (docs/abi.md). */
static void give_initial_caps(struct process *p, struct thread *t, const struct spawn_request *req)
{
	struct cap *slot0 = cspace_slot(p->cspace, SKY_SLOT_ACCOUNT);
	if (req->account_cap)
		cap_derive(req->account_cap, slot0,
			   SKY_RIGHT_READ | SKY_RIGHT_WRITE | SKY_RIGHT_CONTROL, 0);
	else
		give(p, SKY_SLOT_ACCOUNT, &req->account->obj, SKY_RIGHTS_ALL);
	give(p, SKY_SLOT_ASPACE, &p->aspace->obj, SKY_RIGHT_WRITE | SKY_RIGHT_CONTROL);
	give(p, SKY_SLOT_CSPACE, &p->cspace->obj, SKY_RIGHT_CONTROL);
	give(p, SKY_SLOT_THREAD, &t->obj, SKY_RIGHT_CONTROL);
	for (unsigned i = 0; i < req->ncaps; i++)
		cap_derive(req->caps[i], cspace_slot(p->cspace, SKY_SLOT_FIRST_FREE + i),
			   SKY_RIGHTS_ALL, 0);
	if (!p->parent) {
		give(p, SKY_SLOT_IOPORTS, &ioport_root()->obj,
		     SKY_RIGHT_READ | SKY_RIGHT_WRITE | SKY_RIGHT_CONTROL);
		give(p, SKY_SLOT_IRQ_CONTROL, irq_control(), SKY_RIGHT_CONTROL);
		give(p, SKY_SLOT_BOOTFS, bootfs_object(), SKY_RIGHT_READ);
	}
}

/* Drop the spaces of a process that never started or has ended. */
static void release_spaces(struct process *p)
{
	if (p->cspace) {
		cspace_clear(p->cspace);
		object_put(&p->cspace->obj);
		p->cspace = NULL;
	}
	if (p->aspace) {
		p->aspace->process = NULL;
		object_put(&p->aspace->obj);
		p->aspace = NULL;
	}
}

int process_spawn(struct process *parent, const struct spawn_request *req, struct process **out)
{
	struct bundle_file file;
	int err = bootfs_find(req->name, req->name_len, &file);
	if (err)
		return err;
	if (live_processes >= PROCESS_MAX)
		return -SKY_E_LIMIT;
	struct account *a = req->account;
	err = account_charge(a, ACCOUNT_KMEM, kmem_footprint(sizeof(struct process)));
	if (err)
		return err;
	struct process *p = KMEM_NEW(struct process);
	if (!p) {
		account_uncharge(a, ACCOUNT_KMEM, kmem_footprint(sizeof *p));
		return -SKY_E_NOMEM;
	}
	memcpy(p->name, req->name, req->name_len);
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->threads);
	list_init(&p->child_waiters);
	p->priority = (uint8_t)req->priority;
	p->parent = parent;
	p->account = a;
	object_get(&a->obj);

	struct thread *t;
	struct thread_start start;
	err = aspace_create(a, &p->aspace);
	if (err)
		goto out_release;
	p->aspace->process = p;
	err = cspace_create(a, SKY_CSPACE_SLOTS_DEFAULT, &p->cspace);
	if (!err)
		err = loader_load(p->aspace, a, p->name, &file, req->args, req->args_len, &start);
	if (!err)
		err = thread_create(a, p->aspace, p->cspace, &t);
	if (err)
		goto out_release;

	give_initial_caps(p, t, req);
	object_put(&t->obj); /* slot 3 holds it now */
	p->pid = next_pid++;
	p->start_ns = time_now_ns();
	if (parent)
		list_push_back(&parent->children, &p->sibling);
	else
		init_process = p;
	live_processes++;
	thread_start(t, start.rip, start.rsp, start.arg0, start.arg1, req->priority);
	log_debug("process %llu (%s) started", (unsigned long long)p->pid, p->name);
	*out = p;
	return 0;

out_release:
	release_spaces(p);
	account_uncharge(a, ACCOUNT_KMEM, kmem_footprint(sizeof *p));
	object_put(&a->obj);
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
 * Everything that ending means: record how, kill the threads (except
 * `self`, which the caller ends), empty the spaces, let go of the children,
 * and tell the parent (or stop the machine if p is init).
 */
static void finish(struct process *p, struct sky_exit_info how, struct thread *self)
{
	how.pid = (int64_t)p->pid;
	how.start_ns = p->start_ns;
	how.end_ns = time_now_ns();
	how.cpu_ns = time_tsc_to_ns(cpu_tsc_of(p));
	p->exit = how;

	list_for_each_safe(pos, &p->threads)
	{
		struct thread *t = list_entry(pos, struct thread, proc_link);
		if (t != self)
			thread_kill(t);
	}
	release_spaces(p);
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
		if (how.reason == SKY_EXIT_NORMAL) {
			log_info("init exited with code %lld; stopping", (long long)how.code);
			machine_stop((unsigned)how.code & 0x3F);
		}
		log_error("init ended abnormally (reason %u); stopping", how.reason);
		machine_stop(STOP_INIT_FAULTED);
	}
	if (p->parent) {
		struct list *waiters = &p->parent->child_waiters;
		while (!list_empty(waiters))
			thread_wake(list_entry(waiters->next, struct thread, queue_link), 0);
	}
}

__attribute__((noreturn)) static void end_current(struct sky_exit_info how)
{
	struct thread *self = sched_current();
	finish(self->proc, how, self);
	sched_exit_current();
}

void process_exit(int64_t code)
{
	if (!sched_current()->proc)
		sched_exit_current(); /* a thread of no process just ends */
	end_current((struct sky_exit_info){ .reason = SKY_EXIT_NORMAL, .code = code });
}

/* No thread of p but t (if any) has started and not yet ended: when t ends, p ends.
 * Threads made but never started do not keep a process alive. */
static bool last_thread(struct process *p, const struct thread *t)
{
	list_for_each(pos, &p->threads)
	{
		const struct thread *other = list_entry(pos, struct thread, proc_link);
		if (other != t && other->state != THREAD_INACTIVE)
			return false;
	}
	return true;
}

void process_thread_exit(void)
{
	struct thread *self = sched_current();
	struct process *p = self->proc;
	if (p && last_thread(p, self))
		process_exit(0); /* the last thread of its process */
	sched_exit_current();
}

void process_kill_thread(struct thread *t)
{
	struct process *p = t->proc;
	thread_kill(t);
	if (p && !p->zombie && last_thread(p, NULL))
		finish(p, (struct sky_exit_info){ .reason = SKY_EXIT_KILLED }, NULL);
}

void process_fault(const struct trap_frame *f, uint64_t addr)
{
	struct thread *self = sched_current();
	struct process *p = self->proc;
	faults++;
	log_warn("%s %llu (%s) killed: %s at rip 0x%llx (address 0x%llx, error 0x%llx)",
		 p ? "process" : "thread", (unsigned long long)(p ? p->pid : self->tid),
		 p ? p->name : "no process", trap_name(f->vector), (unsigned long long)f->rip,
		 (unsigned long long)addr, (unsigned long long)f->error_code);
	trap_dump(f, kprintf);
	if (!p)
		sched_exit_current();
	end_current((struct sky_exit_info){ .reason = SKY_EXIT_FAULT,
					    .vector = (uint32_t)f->vector,
					    .error_code = f->error_code,
					    .fault_addr = addr,
					    .fault_rip = f->rip });
}

void process_fault_kill(const struct trap_frame *f, uint64_t addr)
{
	struct thread *self = sched_current();
	struct process *p = self->proc;
	if (p && !last_thread(p, self)) {
		log_info("thread %llu of process %llu (%s) ended by its fault handler: %s at rip "
			 "0x%llx",
			 (unsigned long long)self->tid, (unsigned long long)p->pid, p->name,
			 trap_name(f->vector), (unsigned long long)f->rip);
		sched_exit_current();
	}
	process_fault(f, addr);
}

void process_bad_return(uint64_t rip)
{
	struct thread *self = sched_current();
	faults++;
	log_warn("thread %llu killed: syscall would return to non-user address 0x%llx",
		 (unsigned long long)self->tid, (unsigned long long)rip);
	if (!self->proc)
		sched_exit_current();
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
			if (!c->zombie || !list_empty(&c->threads))
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
		thread_block(BLOCK_CHILD, me, &me->child_waiters, 0);
	}
}

int process_kill(int64_t pid)
{
	struct process *c = find_child(sched_current()->proc, pid);
	if (!c)
		return -SKY_E_CHILD;
	if (!c->zombie) {
		log_debug("process %llu (%s) killed by its parent", (unsigned long long)c->pid,
			  c->name);
		finish(c, (struct sky_exit_info){ .reason = SKY_EXIT_KILLED }, NULL);
	}
	return 0;
}

void process_reap_thread(struct thread *t)
{
	struct process *p = t->proc;
	thread_reap(t);
	if (p && p->zombie && !p->parent && list_empty(&p->threads) && p != init_process)
		free_process(p);
}

/*
 * t_thread — threads of one process: they share its memory (each counts
 * in its own slot of a shared array), each has its own IPC buffer, a
 * thread that exits or is killed leaves the others running, thread_start's
 * refusals change nothing, and a process ends with its last thread (or
 * when a thread calls exit). No frame, heap byte or thread is left over.
 */
#include "check.h"
#include "tthread.h"

#define WORKERS    4
#define COUNT      200000
#define RESERVED   0x00007FFF00000000ull /* kernel-managed region: IPC buffers, first stack */
#define STACK_TOP  0x00007FFFFFFE0000ull
#define USER_TOP   0x0000800000000000ull
#define KERNEL_RIP 0xFFFFFFFF80100000ull

static struct sky_sysinfo snap(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si;
}

/* Delete a thread's capability; true once the thread count is back to `threads`,
 * which happens only if the thread has ended (a live thread keeps itself). */
static bool gone(struct tthread *t, uint64_t threads)
{
	object_delete((uint32_t)t->thread);
	t->thread = -1;
	for (int i = 0; i < 100 && snap().threads != threads; i++)
		sky_yield();
	return snap().threads == threads;
}

/* ---- shared memory, private IPC buffers ---- */

struct worker {
	unsigned index;
	int64_t done;
	uint64_t buffer, self;
};

static volatile uint64_t counters[WORKERS];

static void count(void *arg)
{
	struct worker *w = arg;
	w->buffer = (uint64_t)sky_ipc_buffer();
	w->self = sky_ipc_buffer()->self;
	for (int i = 0; i < COUNT; i++)
		counters[w->index]++;
	sky_signal((uint32_t)w->done, 1ull << w->index);
}

static void shared_counters(void)
{
	int64_t done = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	struct worker w[WORKERS];
	struct tthread t[WORKERS];
	int started = 0;
	for (unsigned i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){ .index = i, .done = done };
		started += tthread_spawn(&t[i], count, &w[i]) == 0;
	}
	CHECK_EQ(started, WORKERS, "four threads started");
	uint64_t bits = 0;
	while (bits != (1u << WORKERS) - 1) {
		int64_t r = sky_wait_signal((uint32_t)done);
		if (r <= 0)
			break;
		bits |= (uint64_t)r;
	}
	CHECK_EQ(bits, (1u << WORKERS) - 1, "each signalled it was done");
	int right = 0;
	for (unsigned i = 0; i < WORKERS; i++)
		right += counters[i] == COUNT;
	CHECK_EQ(right, WORKERS, "each counter, written by its thread, reads 200000 here");

	uint64_t mine = (uint64_t)sky_ipc_buffer();
	bool distinct = true, self = true, region = true;
	for (unsigned i = 0; i < WORKERS; i++) {
		self = self && w[i].self == w[i].buffer;
		region = region && w[i].buffer >= RESERVED && w[i].buffer < STACK_TOP;
		distinct = distinct && w[i].buffer != mine;
		for (unsigned j = 0; j < i; j++)
			distinct = distinct && w[i].buffer != w[j].buffer;
	}
	CHECK(distinct, "every thread has its own IPC buffer (ours 0x%llx, first worker's 0x%llx)",
	      (unsigned long long)mine, (unsigned long long)w[0].buffer);
	CHECK(self, "each buffer's first word is its own address");
	CHECK(region, "each in the kernel-managed region");
	for (unsigned i = 0; i < WORKERS; i++)
		tthread_free(&t[i]);
	object_delete((uint32_t)done);
}

/* ---- a thread that exits, a thread killed ---- */

static volatile int before_exit, after_exit;

static void exit_early(void *unused)
{
	(void)unused;
	before_exit = 1;
	sky_thread_exit();
	after_exit = 1;
}

static void thread_exit_not_last(void)
{
	uint64_t threads = snap().threads;
	struct tthread t;
	CHECK_EQ(tthread_spawn(&t, exit_early, NULL), 0, "a thread that calls thread_exit");
	for (int i = 0; i < 100 && !before_exit; i++)
		sky_yield();
	CHECK(before_exit && gone(&t, threads), "it ran and ended");
	CHECK_EQ(after_exit, 0, "nothing after its thread_exit ran");
	CHECK_EQ(sky_process_id() > 0, 1, "the process goes on without it");
	tthread_free(&t);
}

static volatile uint64_t spins;
static volatile int woke;

static void spin(void *unused)
{
	(void)unused;
	for (;;)
		spins++;
}

static void wait_forever(void *arg)
{
	sky_wait_signal((uint32_t)(uint64_t)arg);
	woke = 1;
}

static void kills(void)
{
	uint64_t threads = snap().threads;
	struct tthread t;
	CHECK_EQ(tthread_spawn(&t, spin, NULL), 0, "a thread that spins");
	for (int i = 0; i < 1000 && spins == 0; i++)
		sky_yield();
	CHECK(spins > 0, "it runs");
	int64_t wrong = object_create(SKY_OBJ_NOTIFICATION, 0, 0), no_control = slot_alloc();
	sky_cap_derive((uint32_t)t.thread, (uint32_t)no_control,
		       SKY_RIGHTS_ALL & ~SKY_RIGHT_CONTROL, 0);
	CHECK_EQ(sky_thread_kill((uint32_t)wrong), -SKY_E_TYPE, "thread_kill of a notification");
	CHECK_EQ(sky_thread_kill((uint32_t)no_control), -SKY_E_RIGHTS,
		 "thread_kill without CONTROL");
	CHECK_EQ(sky_thread_kill(250), -SKY_E_EMPTY, "thread_kill of an empty slot");
	uint64_t s0 = spins;
	sky_sleep(2000000);
	CHECK(spins > s0, "those refusals left it spinning");
	CHECK_EQ(sky_thread_kill((uint32_t)t.thread), 0, "thread_kill while it spins");
	uint64_t s1 = spins;
	sky_sleep(5000000);
	CHECK_EQ(spins, s1, "it spins no more");
	object_delete((uint32_t)no_control);
	CHECK(gone(&t, threads), "it has ended: its object goes with our capability");
	tthread_free(&t);

	/* A thread blocked on a notification: killed, it leaves the queue. */
	CHECK_EQ(tthread_spawn(&t, wait_forever, (void *)(uint64_t)wrong), 0,
		 "a thread that waits");
	for (int i = 0; i < 5; i++)
		sky_yield();
	CHECK_EQ(sky_thread_kill((uint32_t)t.thread), 0, "thread_kill while it waits");
	sky_signal((uint32_t)wrong, 4);
	sky_yield();
	CHECK_EQ(sky_poll_signal((uint32_t)wrong), 4,
		 "a later signal is not taken by the dead waiter");
	CHECK_EQ(woke, 0, "which never woke");
	CHECK(gone(&t, threads), "it has ended");
	tthread_free(&t);
	object_delete((uint32_t)wrong);
}

/* ---- thread_start's rules ---- */

static volatile int ran;

static void run_once(void *unused)
{
	(void)unused;
	ran++;
}

static void start_errors(void)
{
	uint64_t threads = snap().threads;
	void rt_thread_entry(void);
	uint64_t rip = (uint64_t)rt_thread_entry;
	struct tthread t;
	CHECK_EQ(tthread_create(&t, run_once, NULL), 0, "a thread, made, not started");
	uint32_t T = (uint32_t)t.thread;
	int64_t no_control = slot_alloc();
	sky_cap_derive(T, (uint32_t)no_control, SKY_RIGHTS_ALL & ~SKY_RIGHT_CONTROL, 0);
	CHECK_EQ(sky_thread_start(T, KERNEL_RIP, t.rsp, 0, SKY_PRIO_INHERIT), -SKY_E_RANGE,
		 "rip in the kernel");
	CHECK_EQ(sky_thread_start(T, USER_TOP, t.rsp, 0, SKY_PRIO_INHERIT), -SKY_E_RANGE,
		 "rip at the end of user space (non-canonical)");
	CHECK_EQ(sky_thread_start(T, rip, 0xFFFF800000001000ull, 0, SKY_PRIO_INHERIT), -SKY_E_RANGE,
		 "rsp in the kernel");
	CHECK_EQ(sky_thread_start(T, rip, USER_TOP, 0, SKY_PRIO_INHERIT), -SKY_E_RANGE,
		 "rsp at the end of user space (non-canonical)");
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, SKY_PRIO_MAX + 1), -SKY_E_INVAL, "priority 32");
	CHECK_EQ(sky_thread_start((uint32_t)no_control, rip, t.rsp, 0, SKY_PRIO_INHERIT),
		 -SKY_E_RIGHTS, "a thread capability without CONTROL");
	CHECK_EQ(sky_thread_start(SKY_SLOT_ASPACE, rip, t.rsp, 0, SKY_PRIO_INHERIT), -SKY_E_TYPE,
		 "an address space as the thread");
	CHECK_EQ(ran, 0, "none of those started it");
	CHECK_EQ(tthread_start(&t, SKY_PRIO_INHERIT), 0, "then a good start works");
	CHECK_EQ(tthread_start(&t, SKY_PRIO_INHERIT), -SKY_E_INVAL, "a second start");
	for (int i = 0; i < 100 && !ran; i++)
		sky_yield();
	CHECK_EQ(ran, 1, "it ran once");
	sky_thread_kill(T); /* make sure it has ended */
	CHECK_EQ(tthread_start(&t, SKY_PRIO_INHERIT), -SKY_E_INVAL, "starting a thread that ended");
	sky_yield();
	CHECK_EQ(ran, 1, "still only once");
	object_delete((uint32_t)no_control);
	CHECK(gone(&t, threads), "its object goes with our capability");
	tthread_free(&t);
}

/* ---- processes and their last thread ---- */

static int64_t helper(const char *mode, int64_t cap, int priority)
{
	const char *const args[] = { mode, NULL };
	uint32_t caps[1] = { (uint32_t)cap };
	return spawn_with_caps("h_threads", args, priority, caps, cap >= 0 ? 1 : 0);
}

/* How pid ended, given 50 ms; one still running then is killed (reason KILLED). */
static struct sky_exit_info ending(int64_t pid)
{
	struct sky_exit_info e = { .reason = 99 };
	sky_sleep(50000000);
	sky_kill(pid);
	sky_wait(pid, &e);
	return e;
}

#define ENDED(e, r, c) ((e).reason == (r) && (e).code == (c))

static void processes(void)
{
	int64_t n = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	struct sky_exit_info e = ending(helper("lastexit", n, SKY_PRIO_INHERIT));
	CHECK(ENDED(e, SKY_EXIT_NORMAL, 0), "first thread exits, three go on: reason %u code %lld",
	      e.reason, (long long)e.code);
	CHECK_EQ(sky_poll_signal((uint32_t)n), 7,
		 "all three signalled after the first thread ended");

	e = ending(helper("inactive", -1, SKY_PRIO_INHERIT));
	CHECK(ENDED(e, SKY_EXIT_NORMAL, 0),
	      "the only running thread exits, an unstarted one remains: reason %u code %lld "
	      "(KILLED = stuck)",
	      e.reason, (long long)e.code);

	e = ending(helper("exit_from_thread", -1, SKY_PRIO_INHERIT));
	CHECK(ENDED(e, SKY_EXIT_NORMAL, 5), "a second thread calls exit(5): reason %u code %lld",
	      e.reason, (long long)e.code);

	e = ending(helper("kill_main", n, SKY_PRIO_INHERIT));
	CHECK(ENDED(e, SKY_EXIT_NORMAL, 0),
	      "a thread kills the first thread, then ends: reason %u code %lld", e.reason,
	      (long long)e.code);
	CHECK_EQ(sky_poll_signal((uint32_t)n), 3, "the kill worked and the killer went on");

	e = ending(helper("prio", -1, 10));
	CHECK(ENDED(e, SKY_EXIT_NORMAL, 0),
	      "thread_start priorities, checked at priority 10 (code %lld)", (long long)e.code);

	/* thread_kill on another process's only thread ends that process. */
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0),
		reply = object_create(SKY_OBJ_REPLY, 0, 0);
	int64_t got = slot_alloc();
	int64_t pid = helper("give", ep, SKY_PRIO_INHERIT);
	sky_ipc_buffer()->recv_slots[0] = (uint32_t)got;
	struct sky_msg m = { 0 };
	int64_t r = sky_recv((uint32_t)ep, (uint32_t)reply, 0, &m);
	sky_ipc_buffer()->recv_slots[0] = SKY_SLOT_NONE;
	struct sky_cap_info ci = { 0 };
	CHECK(r >= 0 && SKY_MSG_CAPS(r) == 1 && sky_cap_identify((uint32_t)got, &ci) == 0 &&
		      ci.type == SKY_OBJ_THREAD,
	      "another process sent us its thread");
	CHECK_EQ(sky_thread_kill((uint32_t)got), 0, "we kill it");
	/* Had the process outlived its thread, kill() would free its memory now. */
	uint64_t frames = free_frames();
	sky_kill(pid);
	CHECK_EQ(free_frames(), frames,
		 "the process ended with its last running thread (its unstarted one aside)");
	struct sky_exit_info k = { 0 };
	CHECK_EQ(sky_wait(pid, &k), pid, "that process is reaped");
	CHECK_EQ(k.reason, SKY_EXIT_KILLED, "reason KILLED");
	object_delete((uint32_t)got);
	object_delete((uint32_t)reply);
	object_delete((uint32_t)ep);
	object_delete((uint32_t)n);
}

int main(void)
{
	struct sky_sysinfo before = snap();
	shared_counters();
	thread_exit_not_last();
	kills();
	start_errors();
	processes();
	struct sky_sysinfo after = snap();
	CHECK_EQ(after.threads, before.threads, "threads after t_thread");
	CHECK_EQ(after.processes, before.processes, "processes after t_thread");
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after t_thread");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after t_thread");
	return check_finish();
}

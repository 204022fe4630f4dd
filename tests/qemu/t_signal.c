/*
 * t_signal — notifications and timers.
 *
 * Notifications: signalled bits accumulate until taken; wait returns the
 * whole word and clears it; poll returns 0 when nothing is pending and never
 * blocks; a badged capability ors its badge into the word; bit 63 is refused
 * and a refused signal changes nothing; a waiter blocked in another thread
 * or process is woken by a signal (one waiter per signal); deleting the last
 * capability while a thread waits wakes it with SKY_E_DEAD, in this process
 * and, through revoke, in another.
 *
 * Timers: a one-shot fires once and not before its delay; a periodic timer
 * keeps its rate and keeps going until disarmed (delay 0), after which
 * nothing arrives; periods under 100 us, bits 0 and bit 63 are refused
 * without disturbing an armed timer; deleting an armed timer stops it.
 * Nothing leaks. And init gives a test that is not a driver test no device
 * capabilities.
 */
#include "check.h"

#define MS          1000000ull
#define STACK_PAGES 4
#define NOT_YET     0x7EADBEEFll

void rt_thread_entry(void);

/* A thread of this process whose stack we can free again afterwards. */
struct thr {
	int64_t thread, stack;
	uint64_t va;
};

static bool thr_start(struct thr *t, void (*fn)(void *), void *arg)
{
	t->stack = object_create(SKY_OBJ_MEMORY, STACK_PAGES, 0);
	t->va = vaddr_reserve(STACK_PAGES);
	t->thread = object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE);
	if (t->stack < 0 || t->thread < 0 ||
	    sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)t->stack, t->va, 0, STACK_PAGES,
			SKY_RIGHT_READ | SKY_RIGHT_WRITE) < 0)
		return false;
	uint64_t *top = (uint64_t *)(t->va + STACK_PAGES * 4096) - 2;
	top[0] = (uint64_t)fn;
	top[1] = (uint64_t)arg;
	return sky_thread_start((uint32_t)t->thread, (uint64_t)rt_thread_entry, (uint64_t)top, 0,
				SKY_PRIO_INHERIT) == 0;
}

/* After the thread has done its work: make sure it has ended, then free it all. */
static void thr_free(struct thr *t)
{
	sky_thread_kill((uint32_t)t->thread);
	object_delete((uint32_t)t->thread);
	sky_mem_unmap(SKY_SLOT_ASPACE, t->va);
	object_delete((uint32_t)t->stack);
}

/* A waiting thread: waits once on ntfn, records the result, signals `bit` on done. */
struct waiter {
	uint32_t ntfn, done;
	uint64_t bit;
	volatile int64_t result;
	struct thr thr;
};

static void waiter_main(void *arg)
{
	struct waiter *w = arg;
	w->result = sky_wait_signal(w->ntfn);
	sky_signal(w->done, w->bit);
}

static bool waiter_start(struct waiter *w, uint32_t ntfn, uint32_t done, uint64_t bit)
{
	w->ntfn = ntfn;
	w->done = done;
	w->bit = bit;
	w->result = NOT_YET;
	return thr_start(&w->thr, waiter_main, w);
}

/*
 * wait_signal, but a missing signal fails the test instead of hanging it:
 * a watchdog timer signals WATCHDOG on the same notification after 500 ms.
 */
#define WATCHDOG (1ull << 61)
static uint32_t watchdog;

static int64_t wait_for(uint32_t ntfn)
{
	return wait_signal_within(watchdog, ntfn, WATCHDOG, 500 * MS);
}

static int64_t ntfn_new(void)
{
	return object_create(SKY_OBJ_NOTIFICATION, 0, 0);
}

static void accumulate(void)
{
	uint32_t n = (uint32_t)ntfn_new();
	CHECK_EQ(sky_poll_signal(n), 0, "poll of a fresh notification: nothing pending");
	CHECK_EQ(sky_signal(n, 0x1), 0, "signal bit 0");
	CHECK_EQ(sky_signal(n, 0x4), 0, "signal bit 2");
	CHECK_EQ(sky_signal(n, 0x1), 0, "signal bit 0 again");
	CHECK_EQ(sky_poll_signal(n), 0x5, "poll takes the accumulated bits");
	CHECK_EQ(sky_poll_signal(n), 0, "poll cleared them");

	sky_signal(n, 0x10);
	sky_signal(n, 0x20);
	uint64_t t0 = sky_time();
	CHECK_EQ(wait_for(n), 0x30, "wait with bits pending returns them all at once");
	CHECK(sky_time() - t0 < MS, "without blocking (%llu ns)",
	      (unsigned long long)(sky_time() - t0));
	CHECK_EQ(sky_poll_signal(n), 0, "wait cleared the word");

	CHECK_EQ(sky_signal(n, 1ull << 62), 0, "bit 62 is allowed");
	CHECK_EQ(wait_for(n), 1ll << 62, "wait returns bit 62");

	sky_signal(n, 0x8);
	CHECK_EQ(sky_signal(n, 1ull << 63), -SKY_E_INVAL, "bit 63 is refused");
	CHECK_EQ(sky_signal(n, (1ull << 63) | 0x2), -SKY_E_INVAL, "bit 63 with others is refused");
	CHECK_EQ(sky_poll_signal(n), 0x8, "the refused signals changed nothing");
	CHECK_EQ(sky_signal(n, 0), 0, "signal of no bits");
	CHECK_EQ(sky_poll_signal(n), 0, "leaves nothing pending");

	t0 = sky_time();
	int nonzero = 0;
	for (int i = 0; i < 1000; i++)
		nonzero += sky_poll_signal(n) != 0;
	CHECK_EQ(nonzero, 0, "1000 polls of an empty notification all return 0");
	CHECK(sky_time() - t0 < 5 * MS, "and never block (%llu us for 1000)",
	      (unsigned long long)((sky_time() - t0) / 1000));
	object_delete(n);
}

static void badges_and_rights(void)
{
	uint32_t n = (uint32_t)ntfn_new();
	uint32_t b1 = (uint32_t)slot_alloc(), b2 = (uint32_t)slot_alloc();
	uint32_t ro = (uint32_t)slot_alloc(), t = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	CHECK_EQ(sky_cap_derive(n, b1, SKY_RIGHT_WRITE, 0x100), 0, "derive send-only, badge 0x100");
	CHECK_EQ(sky_cap_derive(n, b2, SKY_RIGHTS_ALL, 0x200), 0, "derive badge 0x200");
	CHECK_EQ(sky_cap_derive(n, ro, SKY_RIGHT_READ, 0), 0, "derive wait-only");

	CHECK_EQ(sky_signal(b1, 0), 0, "signal no bits through badge 0x100");
	CHECK_EQ(sky_poll_signal(n), 0x100, "the badge alone arrives");
	sky_signal(b1, 0x1);
	sky_signal(b2, 0x2);
	CHECK_EQ(wait_for(n), 0x303, "two badges and two bits or together");
	CHECK_EQ(sky_poll_signal(b2), 0, "a badged capability with READ polls the same word");

	CHECK_EQ(sky_wait_signal(b1), -SKY_E_RIGHTS, "wait without READ");
	CHECK_EQ(sky_poll_signal(b1), -SKY_E_RIGHTS, "poll without READ");
	CHECK_EQ(sky_signal(ro, 1), -SKY_E_RIGHTS, "signal without WRITE");
	CHECK_EQ(sky_signal(t, 1), -SKY_E_TYPE, "signal on a timer");
	CHECK_EQ(sky_wait_signal(t), -SKY_E_TYPE, "wait on a timer");
	CHECK_EQ(sky_poll_signal(200), -SKY_E_EMPTY, "poll of an empty slot");
	CHECK_EQ(sky_signal(4096, 1), -SKY_E_SLOT, "signal of a slot outside the space");
	CHECK_EQ(sky_poll_signal(n), 0, "refused calls left nothing pending");

	object_delete(b1);
	object_delete(b2);
	object_delete(ro);
	object_delete(t);
	object_delete(n);
}

/* Threads of this process blocked in wait_signal: one woken per signal, with the whole word. */
static void thread_waiters(void)
{
	uint32_t n = (uint32_t)ntfn_new(), done = (uint32_t)ntfn_new();
	static struct waiter w[2];
	bool ok = waiter_start(&w[0], n, done, 1) && waiter_start(&w[1], n, done, 2);
	CHECK(ok, "two waiter threads started");
	sky_sleep(5 * MS);
	CHECK(w[0].result == NOT_YET && w[1].result == NOT_YET, "both are blocked in wait_signal");
	CHECK_EQ(sky_poll_signal(done), 0, "neither has returned");

	sky_signal(n, 0x6);
	int64_t first = wait_for(done);
	CHECK(first == 1 || first == 2, "one waiter woke (done bits %lld)", (long long)first);
	struct waiter *woke = &w[first == 2], *other = &w[first != 2];
	CHECK_EQ(woke->result, 0x6, "with the whole word");
	CHECK_EQ(other->result, NOT_YET, "the other still waits");
	CHECK_EQ(sky_poll_signal(n), 0, "the word was taken");
	sky_sleep(2 * MS);
	CHECK_EQ(sky_poll_signal(done), 0, "one signal woke one waiter");

	sky_signal(n, 0x40);
	CHECK_EQ(wait_for(done), (int64_t)other->bit, "a second signal wakes the other");
	CHECK_EQ(other->result, 0x40, "with its bits");
	thr_free(&w[0].thr);
	thr_free(&w[1].thr);
	object_delete(n);
	object_delete(done);
}

/* A waiter thread whose notification's last capability is deleted wakes with SKY_E_DEAD. */
static void thread_waiter_dead(void)
{
	uint32_t n = (uint32_t)ntfn_new(), done = (uint32_t)ntfn_new();
	static struct waiter w;
	CHECK(waiter_start(&w, n, done, 1), "waiter thread started");
	sky_sleep(5 * MS);
	CHECK_EQ(w.result, NOT_YET, "it is blocked");
	CHECK_EQ(sky_cap_delete(n), 0, "delete the only capability");
	slot_free(n);
	CHECK_EQ(wait_for(done), 1, "the waiter woke");
	CHECK_EQ(w.result, -SKY_E_DEAD, "with SKY_E_DEAD");
	thr_free(&w.thr);
	object_delete(done);
}

static int64_t spawn_waiter(uint32_t n, uint32_t done)
{
	uint32_t caps[2] = { n, done };
	return spawn_with_caps("h_signal", NULL, SKY_PRIO_INHERIT, caps, 2);
}

/* A waiter in another process is woken by our signal. */
static void process_waiter(void)
{
	uint32_t n = (uint32_t)ntfn_new(), done = (uint32_t)ntfn_new();
	int64_t pid = spawn_waiter(n, done);
	CHECK(pid > 0, "waiter process spawned");
	sky_sleep(5 * MS);
	CHECK_EQ(sky_poll_signal(done), 0, "the other process is blocked in wait_signal");
	CHECK_EQ(sky_signal(n, 0x2A), 0, "signal it");
	if (!CHECK_EQ(wait_for(done), 1, "its wait returned"))
		sky_kill(pid);
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(pid, &e), pid, "waiter reaped");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0x2A, "it received our bits (code %lld)",
	      (long long)e.code);
	object_delete(n);
	object_delete(done);
}

/* The other process holds the last capability; revoking it from here wakes it with DEAD. */
static void process_waiter_dead(void)
{
	uint32_t n = (uint32_t)ntfn_new(), done = (uint32_t)ntfn_new();
	uint32_t mid = (uint32_t)slot_alloc();
	sky_cap_derive(n, mid, SKY_RIGHTS_ALL, 0);
	int64_t pid = spawn_waiter(mid, done);
	CHECK(pid > 0, "waiter process spawned");
	sky_sleep(5 * MS);
	CHECK_EQ(sky_poll_signal(done), 0, "it is blocked");
	object_delete(n);
	CHECK_EQ(sky_poll_signal(done), 0, "still blocked while its own capability remains");
	CHECK_EQ(sky_cap_revoke(mid), 0, "revoke the copy we passed");
	CHECK_EQ(sky_poll_signal(done), 0, "still blocked: our capability keeps it alive");
	object_delete(mid);
	if (!CHECK_EQ(wait_for(done), 1, "the last capability gone, its wait returned"))
		sky_kill(pid);
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(pid, &e), pid, "waiter reaped");
	CHECK_EQ(e.code, -SKY_E_DEAD, "its wait_signal answered");
	object_delete(done);
}

static void one_shot(void)
{
	uint32_t n = (uint32_t)ntfn_new(), t = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	uint64_t t0 = sky_time();
	CHECK_EQ(sky_timer_set(t, n, 0x4, 20 * MS, 0), 0, "arm a one-shot timer for 20 ms");
	CHECK_EQ(sky_poll_signal(n), 0, "it has not fired at once");
	CHECK_EQ(wait_for(n), 0x4, "it fires with its bits");
	uint64_t took = sky_time() - t0;
	CHECK(took >= 20 * MS && took < 100 * MS, "after 20 ms or a little more (%llu us)",
	      (unsigned long long)(took / 1000));
	sky_sleep(50 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "a one-shot fires only once");

	/* The bits accumulate with others already pending. */
	sky_signal(n, 0x1);
	sky_timer_set(t, n, 0x8, 2 * MS, 0);
	sky_sleep(10 * MS);
	CHECK_EQ(sky_poll_signal(n), 0x9, "timer bits or into pending bits");
	object_delete(t);
	object_delete(n);
}

static void periodic(void)
{
	uint32_t n = (uint32_t)ntfn_new(), t = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	const uint64_t p = 3 * MS;
	const int k = 10;
	uint64_t t0 = sky_time();
	CHECK_EQ(sky_timer_set(t, n, 0x2, p, p), 0, "arm a periodic timer, 3 ms");
	int wrong = 0;
	for (int i = 0; i < k; i++)
		wrong += wait_for(n) != 0x2;
	uint64_t took = sky_time() - t0;
	CHECK_EQ(wrong, 0, "ten signals, each with the timer's bits");
	CHECK(took >= (uint64_t)(k - 1) * p && took < (uint64_t)k * p + 100 * MS,
	      "ten periods take about 30 ms (%llu us)", (unsigned long long)(took / 1000));
	sky_sleep(2 * p);
	CHECK_EQ(sky_poll_signal(n), 0x2, "the timer keeps going");
	CHECK_EQ(wait_for(n), 0x2, "and going");

	CHECK_EQ(sky_timer_set(t, n, 0, 0, 0), 0, "disarm with delay 0");
	sky_poll_signal(n);
	sky_sleep(5 * p);
	CHECK_EQ(sky_poll_signal(n), 0, "nothing arrives after disarming");

	/* Re-armed, the same timer works again; the shortest period is allowed. */
	CHECK_EQ(sky_timer_set(t, n, 0x1, MS, 100000), 0, "a period of exactly 100 us is allowed");
	CHECK_EQ(wait_for(n), 0x1, "and fires");
	CHECK_EQ(sky_timer_set(t, n, 0, 0, 0), 0, "disarm it");
	sky_sleep(2 * MS);
	sky_poll_signal(n);
	sky_sleep(5 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "nothing arrives after disarming");
	object_delete(t);
	object_delete(n);
}

static void timer_refusals(void)
{
	uint32_t n = (uint32_t)ntfn_new(), t = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	uint32_t weak = (uint32_t)slot_alloc(), ro = (uint32_t)slot_alloc();
	sky_cap_derive(t, weak, SKY_RIGHTS_ALL & ~SKY_RIGHT_CONTROL, 0);
	sky_cap_derive(n, ro, SKY_RIGHT_READ, 0);

	uint64_t t0 = sky_time();
	CHECK_EQ(sky_timer_set(t, n, 0x1, 10 * MS, 0), 0, "arm a one-shot for 10 ms");
	CHECK_EQ(sky_timer_set(t, n, 0x1, MS, 99999), -SKY_E_INVAL, "period 99.999 us");
	CHECK_EQ(sky_timer_set(t, n, 0x1, MS, 1), -SKY_E_INVAL, "period 1 ns");
	CHECK_EQ(sky_timer_set(t, n, 0, MS, 0), -SKY_E_INVAL, "bits 0");
	CHECK_EQ(sky_timer_set(t, n, 1ull << 63, MS, 0), -SKY_E_INVAL, "bit 63");
	CHECK_EQ(sky_timer_set(weak, n, 0x1, MS, 0), -SKY_E_RIGHTS, "timer without CONTROL");
	CHECK_EQ(sky_timer_set(t, ro, 0x1, MS, 0), -SKY_E_RIGHTS, "notification without WRITE");
	CHECK_EQ(sky_timer_set(n, n, 0x1, MS, 0), -SKY_E_TYPE, "a notification as the timer");
	CHECK_EQ(sky_timer_set(t, t, 0x1, MS, 0), -SKY_E_TYPE, "a timer as the notification");
	CHECK_EQ(wait_for(n), 0x1, "the refusals left the first arming alone");
	uint64_t took = sky_time() - t0;
	CHECK(took >= 10 * MS, "it fired at its own time (%llu us)",
	      (unsigned long long)(took / 1000));
	sky_sleep(20 * MS);
	CHECK_EQ(sky_poll_signal(n), 0, "and only once");
	object_delete(weak);
	object_delete(ro);
	object_delete(t);
	object_delete(n);
}

static void delete_armed(void)
{
	uint32_t n = (uint32_t)ntfn_new();
	uint32_t gone = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	uint32_t kept = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	uint32_t tick = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	sky_timer_set(gone, n, 0x1, 5 * MS, 0);
	sky_timer_set(kept, n, 0x2, 5 * MS, 0);
	sky_timer_set(tick, n, 0x4, MS, MS);
	CHECK_EQ(wait_for(n), 0x4, "the periodic timer ran");
	object_delete(gone);
	object_delete(tick);
	sky_poll_signal(n);
	sky_sleep(20 * MS);
	CHECK_EQ(sky_poll_signal(n), 0x2, "only the timer not deleted fired");
	object_delete(kept);
	object_delete(n);
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	watchdog = (uint32_t)object_create(SKY_OBJ_TIMER, 0, 0);
	struct sky_cap_info ci;
	CHECK(sky_cap_identify(SKY_SLOT_IOPORTS, &ci) == -SKY_E_EMPTY &&
		      sky_cap_identify(SKY_SLOT_IRQ_CONTROL, &ci) == -SKY_E_EMPTY,
	      "init gave this test no device capabilities (slots 4 and 5 empty)");
	accumulate();
	badges_and_rights();
	thread_waiters();
	thread_waiter_dead();
	process_waiter();
	process_waiter_dead();
	one_shot();
	periodic();
	timer_refusals();
	delete_armed();
	object_delete(watchdog);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the signal tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the signal tests");
	CHECK_EQ(after.threads, before.threads, "thread count after the signal tests");
	return check_finish();
}

/*
 * h_threads — processes for t_thread, one per mode (argv[1]):
 *   lastexit          three threads wait until the first thread has exited
 *                     (thread_exit), then each signals bit i on slot 4 and
 *                     ends: the process must outlive its first thread and end
 *                     normally (code 0) with the last
 *   inactive          make a thread object but never start it, then the only
 *                     running thread exits: the process should end (code 0)
 *   exit_from_thread  a second thread calls exit(5) while the first waits
 *   kill_main         a second thread kills the first (slot 3), signals bit 0
 *                     on slot 4 if that worked, later bit 1, and ends: the
 *                     process ends normally with it
 *   prio              (spawned at priority 10) thread_start's priority rules;
 *                     exits with check_finish()
 *   give              makes a thread it never starts, then calls slot 4 (an
 *                     endpoint with GRANT) passing slot 3, its only running
 *                     thread, and waits for an answer that never comes: the
 *                     parent kills the thread, which ends the process
 * Exit codes from 20 up mean a setup step failed.
 */
#include "check.h"
#include "tthread.h"

#define PARENT 4 /* the capability the parent passed */

void rt_thread_entry(void);

static volatile int first_gone;
static int64_t never;

static void after_first(void *arg)
{
	uint64_t bit = (uint64_t)arg;
	while (!first_gone)
		sky_yield();
	for (int i = 0; i < 5; i++)
		sky_yield(); /* let it get all the way out */
	sky_signal(PARENT, 1ull << bit);
}

static void exit5(void *unused)
{
	(void)unused;
	sky_exit(5);
}

static void kill_first(void *unused)
{
	(void)unused;
	for (int i = 0; i < 5; i++)
		sky_yield(); /* the first thread blocks meanwhile */
	if (sky_thread_kill(SKY_SLOT_THREAD) == 0)
		sky_signal(PARENT, 1);
	for (int i = 0; i < 5; i++)
		sky_yield();
	sky_signal(PARENT, 2);
}

static void nothing(void *unused)
{
	(void)unused;
}

static int prio(void)
{
	/* We run at priority 10. */
	struct tthread t;
	if (tthread_create(&t, nothing, NULL))
		return 20;
	uint32_t T = (uint32_t)t.thread;
	uint64_t rip = (uint64_t)rt_thread_entry;
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, 11), -SKY_E_PERM,
		 "h_threads: priority 11, above our 10");
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, SKY_PRIO_MAX), -SKY_E_PERM,
		 "h_threads: priority 31, above our 10");
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, 32), -SKY_E_INVAL, "h_threads: priority 32");
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, -2), -SKY_E_INVAL, "h_threads: priority -2");
	CHECK_EQ(sky_thread_start(T, rip, t.rsp, 0, 10), 0,
		 "h_threads: priority 10, our own, after those refusals");
	return check_finish();
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	never = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	if (never < 0)
		return 21;
	if (!strcmp(m, "lastexit")) {
		for (uint64_t i = 0; i < 3; i++)
			if (thread_spawn(after_first, (void *)i, 4, SKY_PRIO_INHERIT) < 0)
				return 22;
		first_gone = 1;
		sky_thread_exit();
	}
	if (!strcmp(m, "inactive")) {
		if (object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE) < 0)
			return 23;
		sky_thread_exit();
	}
	if (!strcmp(m, "exit_from_thread")) {
		if (thread_spawn(exit5, NULL, 4, SKY_PRIO_INHERIT) < 0)
			return 24;
		sky_wait_signal((uint32_t)never);
		return 0;
	}
	if (!strcmp(m, "kill_main")) {
		if (thread_spawn(kill_first, NULL, 4, SKY_PRIO_INHERIT) < 0)
			return 25;
		sky_wait_signal((uint32_t)never);
		return 26; /* killed while waiting: never gets here */
	}
	if (!strcmp(m, "prio"))
		return prio();
	if (!strcmp(m, "give")) {
		if (object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE) < 0)
			return 28; /* a thread never started: must not keep us alive */
		sky_ipc_buffer()->send_caps[0] = SKY_SLOT_THREAD;
		struct sky_msg msg = { .info = SKY_MSG(1, 0, 1) };
		sky_call(PARENT, &msg);
		return 27; /* the parent answered: it should have killed us */
	}
	return 30;
}

/*
 * t_sched — preemptive scheduling: a process in an endless loop does not
 * starve others at its priority (round robin by time slice), and a lower
 * priority never runs while a higher one is ready.
 */
#include "check.h"

#define MS 1000000ull

static void busy_for(uint64_t ns)
{
	uint64_t end = sky_time() + ns;
	while (sky_time() < end)
		;
}

int main(void)
{
	struct sky_exit_info e;

	/* An endless loop at our priority: we still sleep, spawn and finish work. */
	int64_t spinner = spawn1("h_spin", NULL);
	CHECK(spinner > 0, "spinner started");
	uint64_t t0 = sky_time();
	for (int i = 0; i < 10; i++)
		sky_sleep(2 * MS);
	CHECK(sky_time() - t0 >= 20 * MS, "ten 2 ms sleeps completed beside the spinner");
	CHECK_EQ(run1("h_count", NULL, &e), 0, "worker ran beside the spinner");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0, "worker finished its work");

	/* Busy ourselves: the spinner and we share the CPU by time slices. */
	busy_for(60 * MS);
	CHECK_EQ(sky_kill(spinner), 0, "kill spinner");
	CHECK_EQ(sky_wait(spinner, &e), spinner, "wait spinner");
	CHECK(e.reason == SKY_EXIT_KILLED, "spinner was killed, not ended otherwise");
	CHECK(e.cpu_ns >= 10 * MS, "spinner got CPU time beside a busy peer (%llu us)",
	      (unsigned long long)(e.cpu_ns / 1000));

	/* Two spinners at our priority share the CPU while we sleep. */
	int64_t a = spawn1("h_spin", NULL), b = spawn1("h_spin", NULL);
	sky_sleep(100 * MS);
	sky_kill(a);
	sky_kill(b);
	struct sky_exit_info ea, eb;
	CHECK_EQ(sky_wait(a, &ea), a, "wait spinner a");
	CHECK_EQ(sky_wait(b, &eb), b, "wait spinner b");
	CHECK(ea.cpu_ns >= 25 * MS && eb.cpu_ns >= 25 * MS,
	      "round robin: both spinners ran (%llu us, %llu us of ~100000)",
	      (unsigned long long)(ea.cpu_ns / 1000), (unsigned long long)(eb.cpu_ns / 1000));

	/* A lower priority never runs while we are ready. */
	int64_t low = sky_spawn("h_spin", 6, NULL, 0, 15);
	CHECK(low > 0, "low-priority spinner started");
	busy_for(30 * MS);
	sky_kill(low);
	CHECK_EQ(sky_wait(low, &e), low, "wait low-priority spinner");
	CHECK_EQ(e.cpu_ns, 0, "low priority got no CPU while we were busy (ns)");

	/* And a higher one cannot be asked for. */
	CHECK_EQ(sky_spawn("h_spin", 6, NULL, 0, 17), -SKY_E_PERM, "spawn above our priority");
	return check_finish();
}

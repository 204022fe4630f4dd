/*
 * t_leak — no frames or kernel memory leak: the free-frame count, the
 * kernel heap and the process count are equal before and after 100
 * processes start and exit, and after processes that fault or are killed.
 */
#include "check.h"

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);

	int ok = 0;
	for (int i = 0; i < 100; i++) {
		struct sky_exit_info e;
		if (run1("hello", "leak", &e) == 0 && e.reason == SKY_EXIT_NORMAL && e.code == 0)
			ok++;
	}
	CHECK_EQ(ok, 100, "processes that started and exited cleanly");
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after 100 processes");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap bytes after 100 processes");
	CHECK_EQ(after.processes, before.processes, "process count after 100 processes");
	CHECK_EQ(after.threads, before.threads, "thread count after 100 processes");

	/* Twenty at once, some faulting, some killed, reaped in any order. */
	int64_t pids[20];
	for (int i = 0; i < 20; i++)
		pids[i] = i % 3 == 0   ? spawn1("h_fault", "divzero")
			  : i % 3 == 1 ? spawn1("h_spin", NULL)
				       : spawn1("hello", NULL);
	for (int i = 0; i < 20; i++)
		if (i % 3 == 1)
			sky_kill(pids[i]);
	int reaped = 0;
	while (sky_wait(-1, NULL) > 0)
		reaped++;
	CHECK_EQ(reaped, 20, "children reaped with wait(-1)");
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after mixed endings");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap bytes after mixed endings");

	/* Children that outlive their parent are freed when they end. */
	CHECK_EQ(run1("h_orphan", NULL, NULL), 0, "parent of an orphan ran");
	sky_sleep(20000000);
	sky_sysinfo(&after);
	CHECK_EQ(after.processes, before.processes, "orphan freed after it ended");
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the orphan");
	return check_finish();
}

/*
 * t_exhaust — running out is an error, not a crash: spawn memory-hungry
 * processes until the kernel refuses (out of frames, or the process limit),
 * check the refusal is one of those errors and left nothing behind, then
 * end them all and get every frame and byte of kernel heap back. Run with
 * little RAM (see tests/run.sh) so that frames run out first.
 */
#include "check.h"

#define MAX 600

static int64_t pids[MAX];

int main(void)
{
	struct sky_sysinfo before, at_limit, after;
	sky_sysinfo(&before);

	int n = 0;
	int64_t err = 0;
	while (n < MAX) {
		int64_t pid = spawn1("h_mem", "sleep");
		if (pid < 0) {
			err = pid;
			break;
		}
		pids[n++] = pid;
	}
	printf("t_exhaust: %d processes started, then %s\n", n, sky_error_name(err));
	CHECK(n > 10, "a fair number of processes started (%d)", n);
	CHECK(err == -SKY_E_NOMEM || err == -SKY_E_LIMIT, "the refusal is NOMEM or LIMIT (%s)",
	      sky_error_name(err));

	/* A refused spawn leaves nothing behind: the same refusal, the same counters. */
	sky_sysinfo(&at_limit);
	CHECK_EQ(spawn1("h_mem", "sleep"), err, "a second attempt is refused the same way");
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, at_limit.free_frames, "free frames unchanged by the refusal");
	CHECK_EQ(after.kmem_bytes, at_limit.kmem_bytes, "kernel heap unchanged by the refusal");
	CHECK_EQ(after.processes, at_limit.processes, "process count unchanged by the refusal");

	for (int i = 0; i < n; i++)
		sky_kill(pids[i]);
	int reaped = 0;
	while (sky_wait(-1, NULL) > 0)
		reaped++;
	CHECK_EQ(reaped, n, "every process reaped");
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "every frame came back");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "every byte of kernel heap came back");

	struct sky_exit_info e;
	CHECK_EQ(run1("hello", NULL, &e), 0, "the system still starts programs");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0, "and they run");
	return check_finish();
}

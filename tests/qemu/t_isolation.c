/*
 * t_isolation — processes cannot read or write each other's memory or the
 * kernel's. Two instances of h_mem share every virtual address yet see
 * different bytes; reads of addresses mapped only elsewhere, or in the
 * kernel, end the reader and nothing else.
 */
#include "check.h"

#define MS 1000000ull

int main(void)
{
	uint64_t frames = free_frames();

	int64_t holder = spawn1("h_mem", "hold");
	CHECK(holder > 0, "holder started");
	sky_sleep(20 * MS); /* the holder fills its memory meanwhile */

	struct sky_exit_info e;
	CHECK_EQ(run1("h_mem", "probe", &e), 0, "probe ran");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "probe saw only zeroes at the holder's addresses (reason %u, code %lld)", e.reason,
	      (long long)e.code);

	sky_sleep(5 * MS); /* the holder checks its memory again after the probe wrote */
	CHECK_EQ(sky_kill(holder), 0, "kill holder");
	CHECK_EQ(sky_wait(holder, &e), holder, "wait holder");
	CHECK(e.reason == SKY_EXIT_KILLED,
	      "holder never saw its memory change (reason %u, code %lld)", e.reason,
	      (long long)e.code);

	/* Reading where another program has memory but this one has none. */
	CHECK_EQ(run1("h_fault", "read_null", &e), 0, "unmapped reader ran");
	CHECK(e.reason == SKY_EXIT_FAULT && e.vector == 14, "unmapped read ends the reader");
	CHECK_EQ(run1("h_fault", "read_kernel", &e), 0, "kernel reader ran");
	CHECK(e.reason == SKY_EXIT_FAULT && e.vector == 14, "kernel read ends the reader");
	CHECK_EQ(run1("h_fault", "write_kernel", &e), 0, "kernel writer ran");
	CHECK(e.reason == SKY_EXIT_FAULT && e.vector == 14, "kernel write ends the writer");

	CHECK_EQ(free_frames(), frames, "free frames after the isolation runs");
	return check_finish();
}

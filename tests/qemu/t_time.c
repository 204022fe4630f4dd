/*
 * t_time — time only moves forward, sleep waits at least as long as asked,
 * yield and sleep(0) return at once, and the clock was calibrated.
 */
#include "check.h"

#define MS 1000000ull

int main(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	CHECK(si.tsc_hz >= 1000000, "TSC calibrated (%llu Hz)", (unsigned long long)si.tsc_hz);
	CHECK_EQ(si.tick_hz, 1000, "tick rate");

	uint64_t prev = sky_time();
	int backwards = 0;
	for (int i = 0; i < 10000; i++) {
		uint64_t now = sky_time();
		backwards += now < prev;
		prev = now;
	}
	CHECK_EQ(backwards, 0, "time never went backwards");

	uint64_t delays[] = { 1 * MS, 5 * MS, 20 * MS };
	for (unsigned i = 0; i < 3; i++) {
		uint64_t t0 = sky_time();
		CHECK_EQ(sky_sleep(delays[i]), 0, "sleep returns 0");
		uint64_t slept = sky_time() - t0;
		CHECK(slept >= delays[i], "sleep(%llu ms) lasted %llu us",
		      (unsigned long long)(delays[i] / MS), (unsigned long long)(slept / 1000));
	}
	CHECK_EQ(sky_sleep(0), 0, "sleep(0)");
	CHECK_EQ(sky_yield(), 0, "yield alone");
	return check_finish();
}

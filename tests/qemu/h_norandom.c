/*
 * h_norandom — on a CPU without RDRAND and RDSEED (run by tests/run.sh with
 * -cpu max,rdrand=off,rdseed=off) random() refuses with SKY_E_NOSYS and
 * writes nothing.
 */
#include "check.h"

int main(void)
{
	uint8_t buf[32] = { 0x5A };
	CHECK_EQ(sky_random(buf, sizeof buf), -SKY_E_NOSYS, "no entropy source, no random bytes");
	CHECK_EQ(buf[0], 0x5A, "nothing written");
	return check_finish();
}

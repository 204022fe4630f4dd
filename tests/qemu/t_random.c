/*
 * t_random — random() fills exactly the bytes asked for, never repeats
 * itself, looks uniform, and refuses bad buffers and lengths without
 * writing anything.
 */
#include "check.h"

#include "base/string.h"

int main(void)
{
	static uint8_t a[SKY_RANDOM_MAX + 8], b[SKY_RANDOM_MAX];
	memset(a, 0xAA, sizeof a);
	CHECK_EQ(sky_random(a, 16), 0, "16 bytes");
	int untouched = 1;
	for (int i = 16; i < (int)sizeof a; i++)
		untouched &= a[i] == 0xAA;
	CHECK(untouched, "nothing written past the 16 bytes asked for");
	CHECK_EQ(sky_random(a, SKY_RANDOM_MAX), 0, "the largest request");
	CHECK_EQ(sky_random(b, SKY_RANDOM_MAX), 0, "a second one");
	CHECK(memcmp(a, b, SKY_RANDOM_MAX) != 0, "two requests differ");
	CHECK_EQ(sky_random(a, 0), 0, "zero bytes");

	/* 64 KiB of output: every byte value appears, none far more than its share (256 expected).
	 */
	static unsigned counts[256];
	for (int i = 0; i < 256; i++) {
		CHECK_EQ(sky_random(b, SKY_RANDOM_MAX), 0, "bulk");
		for (int k = 0; k < SKY_RANDOM_MAX; k++)
			counts[b[k]]++;
	}
	unsigned lo = ~0u, hi = 0;
	for (int v = 0; v < 256; v++) {
		lo = counts[v] < lo ? counts[v] : lo;
		hi = counts[v] > hi ? counts[v] : hi;
	}
	CHECK(lo > 150 && hi < 370, "byte frequencies within bounds (%u..%u of 256 expected)", lo,
	      hi);

	memset(a, 0xAA, sizeof a);
	CHECK_EQ(sky_random(a, SKY_RANDOM_MAX + 1), -SKY_E_RANGE, "over the limit");
	CHECK(a[0] == 0xAA && a[SKY_RANDOM_MAX] == 0xAA, "a refused call writes nothing");
	CHECK_EQ(sky_random((void *)0xFFFF800000000000ull, 8), -SKY_E_FAULT, "a kernel address");
	CHECK_EQ(sky_random(NULL, 8), -SKY_E_FAULT, "a null buffer");
	return check_finish();
}

/* h_count — does a fixed amount of work in small steps, yielding between them, and exits 0. */
#include "rt.h"

int main(void)
{
	volatile uint64_t sum = 0;
	for (int step = 0; step < 50; step++) {
		for (int i = 0; i < 10000; i++)
			sum += (uint64_t)i;
		sky_yield();
	}
	return sum == 50ull * (9999ull * 10000 / 2) ? 0 : 1;
}

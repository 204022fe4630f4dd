/*
 * h_mem — one program run twice at once for t_isolation. Both instances
 * have `big` at the same virtual address; each must see only its own.
 *   hold   fill big with a pattern, then re-check it every millisecond
 *          forever; exit 1 the moment it changes (t_isolation kills it)
 *   probe  big must still be all zero here; overwrite it; exit 0 if it was
 *   sleep  sleep forever (t_exhaust fills memory with these)
 */
#include "rt.h"

#define SIZE (256 * 1024)
static volatile uint8_t big[SIZE];

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + 0x5A);
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "hold")) {
		for (size_t i = 0; i < SIZE; i++)
			big[i] = pattern(i);
		for (;;) {
			for (size_t i = 0; i < SIZE; i++) {
				if (big[i] != pattern(i)) {
					printf("h_mem: byte %zu changed under the holder\n", i);
					return 1;
				}
			}
			sky_sleep(1000000);
		}
	}
	if (!strcmp(m, "sleep"))
		for (;;)
			sky_sleep(1000000000ull);
	if (!strcmp(m, "probe")) {
		int seen = 0;
		for (size_t i = 0; i < SIZE; i++) {
			seen |= big[i];
			big[i] = 0xEE;
		}
		return seen ? 2 : 0;
	}
	return 3;
}

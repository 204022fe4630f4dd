/* h_orphan — starts a child that sleeps a little, and exits without waiting for it. */
#include "rt.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child")) {
		sky_sleep(5000000);
		return 0;
	}
	const char *const args[] = { "child", NULL };
	return spawn("h_orphan", args, SKY_PRIO_INHERIT) > 0 ? 0 : 1;
}

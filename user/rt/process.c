/*
 * process.c — exit() and spawn() with C-style arguments.
 */
#include "rt.h"

void exit(int code)
{
	sky_exit(code);
}

int64_t spawn(const char *name, const char *const *args, int priority)
{
	char block[SKY_ARGS_MAX];
	size_t used = 0;
	for (; args && *args; args++) {
		size_t n = strlen(*args) + 1;
		if (n > sizeof block - used)
			return -SKY_E_INVAL;
		memcpy(block + used, *args, n);
		used += n;
	}
	return sky_spawn(name, strlen(name), block, used, priority);
}

/*
 * process.c — exit() and spawn() with C-style arguments.
 */
#include "rt.h"

void exit(int code)
{
	sky_exit(code);
}

int64_t spawn_with_caps(const char *name, const char *const *args, int priority,
			const uint32_t *caps, unsigned ncaps)
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
	if (ncaps > SKY_SPAWN_CAPS_MAX)
		return -SKY_E_INVAL;
	struct sky_spawn req = { .name = name,
				 .name_len = strlen(name),
				 .args = block,
				 .args_len = used,
				 .priority = priority,
				 .account = SKY_SLOT_ACCOUNT,
				 .ncaps = ncaps };
	for (unsigned i = 0; i < ncaps; i++)
		req.caps[i] = caps[i];
	return sky_spawn_req(&req);
}

int64_t spawn(const char *name, const char *const *args, int priority)
{
	return spawn_with_caps(name, args, priority, NULL, 0);
}

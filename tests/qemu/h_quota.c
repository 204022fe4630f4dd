/*
 * h_quota — allocates, charged to its own account (slot 0), until refused;
 * for t_quota. Slot 4: the test's endpoint K. argv[1] says what to make:
 * "mem" (one-page memory objects), "thread" (threads, never started), "ep"
 * (endpoints) or "none". Then it calls K with w0 = how many it made and
 * w1 = the refusal (negative error; 0 for "none"), holding everything until
 * answered, and exits 0.
 */
#include "rt.h"

#define K 4

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "none";
	uint32_t type = strcmp(what, "mem") == 0      ? SKY_OBJ_MEMORY
			: strcmp(what, "thread") == 0 ? SKY_OBJ_THREAD
			: strcmp(what, "ep") == 0     ? SKY_OBJ_ENDPOINT
						      : SKY_OBJ_NONE;
	uint64_t arg0 = type == SKY_OBJ_MEMORY ? 1 : type == SKY_OBJ_THREAD ? SKY_SLOT_ASPACE : 0;
	uint64_t arg1 = type == SKY_OBJ_THREAD ? SKY_SLOT_CSPACE : 0;
	int64_t made = 0, err = 0;
	while (type != SKY_OBJ_NONE) {
		int64_t s = object_create(type, arg0, arg1);
		if (s < 0) {
			err = s;
			break;
		}
		made++;
	}
	struct sky_msg m = { .info = SKY_MSG(1, 0, 0), .w = { (uint64_t)made, (uint64_t)err } };
	return sky_call(K, &m) < 0 ? 1 : 0;
}

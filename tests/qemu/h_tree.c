/*
 * h_tree — one part of t_revoke's huge derivation tree. Slot 4 holds a
 * capability of the tree, slot 5 the test's coordination endpoint K.
 * Arguments: mode, count, more.
 *   chain: derive `count` copies in a chain below slot 4 (each the child of
 *          the one before), then, if more > 0, spawn "h_tree chain count
 *          more-1" with the last copy, so the chain continues in another
 *          process;
 *   fan:   derive `count` copies, all children of slot 4.
 * Then call K (label 10, w0 = capabilities of the tree held here, slot 4
 * included) and, once answered (the test has revoked the tree), count the
 * slots still filled. Exit code: that count plus the chained child's exit
 * code (1000 if it did not end normally), so 0 means every copy is gone.
 */
#include "rt.h"

#define CAP 4
#define K   5

static uint32_t slots[SKY_CSPACE_SLOTS_DEFAULT];

static int64_t number(const char *s)
{
	int64_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 900;
	bool chain = strcmp(argv[1], "chain") == 0;
	int64_t count = number(argv[2]), more = number(argv[3]);
	if (count > SKY_CSPACE_SLOTS_DEFAULT - RT_FIRST_SLOT)
		return 901;
	uint32_t prev = CAP;
	for (int64_t i = 0; i < count; i++) {
		int64_t s = slot_alloc();
		if (s < 0 || sky_cap_derive(chain ? prev : CAP, (uint32_t)s, SKY_RIGHTS_ALL, 0))
			return 902;
		slots[i] = prev = (uint32_t)s;
	}
	int64_t pid = 0;
	if (chain && more > 0) {
		char next[24];
		snprintf(next, sizeof next, "%lld", (long long)(more - 1));
		const char *const args[] = { "chain", argv[2], next, NULL };
		const uint32_t caps[2] = { prev, K };
		pid = spawn_with_caps("h_tree", args, SKY_PRIO_INHERIT, caps, 2);
		if (pid < 0)
			return 903;
	}
	struct sky_msg m = { .info = SKY_MSG(10, 0, 0), .w = { (uint64_t)count + 1 } };
	if (sky_call(K, &m) < 0)
		return 904;
	struct sky_cap_info ci;
	int64_t left = sky_cap_identify(CAP, &ci) != -SKY_E_EMPTY;
	for (int64_t i = 0; i < count; i++)
		left += sky_cap_identify(slots[i], &ci) != -SKY_E_EMPTY;
	if (pid > 0) {
		struct sky_exit_info e;
		if (sky_wait(pid, &e) != pid || e.reason != SKY_EXIT_NORMAL)
			left += 1000;
		else
			left += e.code;
	}
	return (int)left;
}

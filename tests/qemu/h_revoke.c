/*
 * h_revoke — the other processes of t_revoke's three-process revoke. Slot 4
 * holds a copy of the endpoint under test, slot 5 the test's coordination
 * endpoint K. argv[1] is the role:
 *   b     derive a copy of slot 4, spawn "h_revoke c" with it and K, report
 *         in (call K, label 1), and after the answer report (label 3) that
 *         slot 4 and the copy are empty; exit 0 if c ended with 0.
 *   b-exit derive a copy, spawn "h_revoke c" with it and K, and exit at once
 *         (c's capability then hangs from the test's, not from ours).
 *   c     report in (label 2), and after the answer report (label 4) whether
 *         slot 4 is empty.
 * Report-in calls carry (identify result, type, derive result, spawn result);
 * the later reports (identify result of slot 4, of the copy).
 */
#include "rt.h"

#define CAP 4
#define K   5

static int64_t ident(uint32_t slot, uint64_t *type)
{
	struct sky_cap_info ci = { 0 };
	int64_t r = sky_cap_identify(slot, &ci);
	if (type)
		*type = ci.type;
	return r;
}

static int64_t report(uint64_t label, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	struct sky_msg m = { .info = SKY_MSG(label, 0, 0), .w = { w0, w1, w2, w3 } };
	return sky_call(K, &m);
}

/* Derive a copy of slot 4 and spawn role c with it; the copy's slot, *pid the result. */
static int64_t pass_on(int64_t *derived, int64_t *pid)
{
	int64_t copy = slot_alloc();
	*derived = sky_cap_derive(CAP, (uint32_t)copy, SKY_RIGHTS_ALL, 0);
	const char *const args[] = { "c", NULL };
	const uint32_t caps[2] = { (uint32_t)copy, K };
	*pid = spawn_with_caps("h_revoke", args, SKY_PRIO_INHERIT, caps, 2);
	return copy;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 90;
	uint64_t type;
	int64_t id = ident(CAP, &type);
	if (strcmp(argv[1], "c") == 0) {
		if (report(2, (uint64_t)id, type, 0, 0) < 0)
			return 91;
		if (report(4, (uint64_t)ident(CAP, NULL), 0, 0, 0) < 0)
			return 92;
		return 0;
	}
	int64_t derived, pid;
	int64_t copy = pass_on(&derived, &pid);
	if (strcmp(argv[1], "b-exit") == 0)
		return derived == 0 && pid > 0 ? 0 : 93;
	if (report(1, (uint64_t)id, type, (uint64_t)derived, (uint64_t)pid) < 0)
		return 94;
	if (report(3, (uint64_t)ident(CAP, NULL), (uint64_t)ident((uint32_t)copy, NULL), 0, 0) < 0)
		return 95;
	struct sky_exit_info e;
	if (pid < 0 || sky_wait(pid, &e) != pid)
		return 96;
	return e.reason == SKY_EXIT_NORMAL && e.code == 0 ? 0 : 97;
}

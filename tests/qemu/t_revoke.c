/*
 * t_revoke — revoke reaches every process. Three processes: we hold an
 * endpoint's root capability R and a child X; process B (h_revoke) gets a
 * copy of X, derives its own copy and passes it to C. Both confirm they
 * hold it and report in over an endpoint K, holding their calls while we
 * revoke X; then both find their copies gone. X and R remain and the
 * endpoint still works; revoking R removes X, and deleting R destroys the
 * endpoint. The same when B has exited before the revoke (C's copy then
 * hangs from X directly). Finally a tree of over 3000 copies, a chain more
 * than 1000 deep through six processes and wide fans in ten more, is
 * revoked through the raw call: it answers SKY_E_AGAIN (bounded work per
 * call) and then 0, and every copy in every process is gone.
 */
#include "check.h"

#define ALL SKY_RIGHTS_ALL

static uint32_t K; /* coordination endpoint */

static int64_t ident(uint32_t slot, uint32_t *type)
{
	struct sky_cap_info ci = { 0 };
	int64_t r = sky_cap_identify(slot, &ci);
	if (type)
		*type = ci.type;
	return r;
}

static uint64_t kmem(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si.kmem_bytes;
}

static uint32_t derive(uint32_t src)
{
	int64_t s = slot_alloc();
	int64_t r = sky_cap_derive(src, (uint32_t)s, ALL, 0);
	if (r != 0)
		CHECK_EQ(r, 0, "derive (setup)");
	return (uint32_t)s;
}

static int64_t spawn_role(const char *role, uint32_t cap)
{
	const char *const args[] = { role, NULL };
	const uint32_t caps[2] = { cap, K };
	return spawn_with_caps("h_revoke", args, SKY_PRIO_INHERIT, caps, 2);
}

/* Receive a call on K bound to reply; its label, words in *m. */
static int64_t take_call(uint32_t reply, struct sky_msg *m)
{
	m->info = 0;
	int64_t r = sky_recv(K, reply, 0, m);
	return r < 0 ? r : (int64_t)SKY_MSG_LABEL(m->info);
}

static void answer(uint32_t reply)
{
	struct sky_msg m = { .info = 0 };
	CHECK_EQ(sky_reply(reply, &m), 0, "answer a held call");
}

/* An orphaned C is freed when it ends, not when we wait: give it up to a second. */
static void gone_orphans(void)
{
	struct sky_sysinfo si;
	for (int i = 0; i < 1000; i++) {
		sky_sysinfo(&si);
		if (si.processes == 2) /* init and us */
			break;
		sky_sleep(1000000);
	}
	CHECK_EQ(si.processes, 2, "the orphaned C has ended and is freed");
}

static void three_processes(void)
{
	uint64_t k0 = kmem();
	int64_t R = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint64_t ep_size = kmem() - k0;
	uint32_t X = derive((uint32_t)R);
	uint32_t rep[2] = { (uint32_t)object_create(SKY_OBJ_REPLY, 0, 0),
			    (uint32_t)object_create(SKY_OBJ_REPLY, 0, 0) };
	int64_t b = spawn_role("b", X);
	CHECK(R > 0 && b > 0, "endpoint and process B (pid %lld)", (long long)b);

	/* Both report in and wait: B with label 1, C with label 2, in either order. */
	struct sky_msg mb = { 0 }, mc = { 0 }, m;
	for (int i = 0; i < 2; i++) {
		int64_t label = take_call(rep[i], &m);
		if (label == 1)
			mb = m;
		else if (label == 2)
			mc = m;
		else
			CHECK(false, "unexpected report %lld", (long long)label);
	}
	CHECK(mb.w[0] == 0 && mb.w[1] == SKY_OBJ_ENDPOINT, "B holds the endpoint (identify %lld)",
	      (long long)mb.w[0]);
	CHECK(mb.w[2] == 0 && (int64_t)mb.w[3] > 0, "B derived a copy and spawned C");
	CHECK(mc.w[0] == 0 && mc.w[1] == SKY_OBJ_ENDPOINT, "C holds the endpoint (identify %lld)",
	      (long long)mc.w[0]);

	CHECK_EQ(sky_cap_revoke(X), 0, "revoke X while B and C wait");
	answer(rep[0]);
	answer(rep[1]);
	int reports = 0;
	for (int i = 0; i < 2; i++) {
		int64_t label = take_call(rep[i], &m);
		if (label == 3) {
			CHECK_EQ(m.w[0], -SKY_E_EMPTY, "B's slot 4 (X's child) is gone");
			CHECK_EQ(m.w[1], -SKY_E_EMPTY, "B's own copy (X's grandchild) is gone");
			reports |= 1;
		} else if (label == 4) {
			CHECK_EQ(m.w[0], -SKY_E_EMPTY, "C's copy (X's great-grandchild) is gone");
			reports |= 2;
		}
		answer(rep[i]);
	}
	CHECK_EQ(reports, 3, "B and C both reported after the revoke");
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(b, &e), b, "B ended");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "B and C saw what they should (code %lld)", (long long)e.code);

	uint32_t type;
	CHECK_EQ(ident(X, &type), 0, "X itself remains");
	CHECK_EQ(ident((uint32_t)R, &type), 0, "R remains");
	m.info = SKY_MSG(1, 0, 0) | SKY_MSG_NONBLOCK;
	CHECK_EQ(sky_send(X, &m), -SKY_E_AGAIN, "the endpoint still works: R can receive");

	/* B exits before the revoke: C's copy now hangs from X and still goes. */
	b = spawn_role("b-exit", X);
	CHECK_EQ(sky_wait(b, &e), b, "B (exiting early) ended");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0, "B passed a copy to C and exited");
	CHECK_EQ(take_call(rep[0], &m), 2, "C, orphaned, reports in");
	CHECK(m.w[0] == 0 && m.w[1] == SKY_OBJ_ENDPOINT, "C holds the endpoint");
	CHECK_EQ(sky_cap_revoke(X), 0, "revoke X again");
	answer(rep[0]);
	CHECK_EQ(take_call(rep[0], &m), 4, "C's second report");
	CHECK_EQ(m.w[0], -SKY_E_EMPTY, "C's copy is gone though its parent's process has ended");
	answer(rep[0]);

	CHECK_EQ(sky_cap_revoke((uint32_t)R), 0, "revoke R");
	CHECK_EQ(ident(X, NULL), -SKY_E_EMPTY, "X is gone");
	CHECK_EQ(ident((uint32_t)R, NULL), 0, "R remains");
	uint64_t k1 = kmem();
	object_delete((uint32_t)R);
	CHECK_EQ(k1 - kmem(), ep_size, "deleting R destroyed the endpoint");
	slot_free(X);
	object_delete(rep[0]);
	object_delete(rep[1]);
	gone_orphans();
}

/* ---- a huge tree ---- */

#define MY_CHAIN     100 /* copies in a chain here */
#define MY_FAN       60  /* copies directly below the root here */
#define CHAIN_PROCS  6   /* processes continuing our chain, each ... */
#define CHAIN_EACH   200 /* ... this many deep */
#define FAN_PROCS    9   /* processes with wide fans, each ... */
#define FAN_EACH     220 /* ... this wide */
#define HELPERS      (CHAIN_PROCS + FAN_PROCS)
#define REVOKE_CALLS 100000 /* give up after this many: the revoke makes no progress */

static uint32_t chain[MY_CHAIN], fan[MY_FAN], replies[HELPERS];
static int64_t pids[1 + FAN_PROCS];

static int64_t spawn_tree(const char *mode, uint32_t cap, unsigned count, unsigned more)
{
	char c[12], mo[12];
	snprintf(c, sizeof c, "%u", count);
	snprintf(mo, sizeof mo, "%u", more);
	const char *const args[] = { mode, c, mo, NULL };
	const uint32_t caps[2] = { cap, K };
	return spawn_with_caps("h_tree", args, SKY_PRIO_INHERIT, caps, 2);
}

static void huge_tree(void)
{
	uint64_t k0 = kmem();
	int64_t T = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	uint32_t prev = (uint32_t)T;
	for (int i = 0; i < MY_CHAIN; i++)
		prev = chain[i] = derive(prev);
	for (int i = 0; i < MY_FAN; i++)
		fan[i] = derive((uint32_t)T);
	pids[0] = spawn_tree("chain", prev, CHAIN_EACH, CHAIN_PROCS - 1);
	for (int i = 0; i < FAN_PROCS; i++)
		pids[1 + i] = spawn_tree("fan", chain[i * 11], FAN_EACH, 0);
	bool spawned = true;
	for (int i = 0; i < 1 + FAN_PROCS; i++)
		spawned = spawned && pids[i] > 0;
	CHECK(spawned, "tree processes spawned");

	uint64_t total = MY_CHAIN + MY_FAN;
	int reported = 0;
	for (int i = 0; i < HELPERS; i++) {
		struct sky_msg m;
		replies[i] = (uint32_t)object_create(SKY_OBJ_REPLY, 0, 0);
		if (take_call(replies[i], &m) == 10) {
			reported++;
			total += m.w[0];
		}
	}
	CHECK_EQ(reported, HELPERS, "every tree process built its part");
	CHECK(total >= 3000, "the tree below the root has %llu capabilities",
	      (unsigned long long)total);

	uint64_t again = 0;
	int64_t r;
	do
		r = sky_syscall(SKY_SYS_CAP_REVOKE, (uint32_t)T, 0, 0, 0, 0);
	while (r == -SKY_E_AGAIN && ++again < REVOKE_CALLS);
	CHECK_EQ(r, 0, "the revoke finishes");
	CHECK(again >= 1, "the raw call answered SKY_E_AGAIN (%llu times)",
	      (unsigned long long)again);
	CHECK(again + 1 >= (total + 255) / 256,
	      "at most 256 deletions per call (%llu capabilities, %llu calls)",
	      (unsigned long long)total, (unsigned long long)again + 1);
	CHECK(again + 1 <= total, "at least one deletion per call");
	CHECK_EQ(ident((uint32_t)T, NULL), 0, "the root stays");
	int left = 0;
	for (int i = 0; i < MY_CHAIN; i++)
		left += ident(chain[i], NULL) != -SKY_E_EMPTY;
	for (int i = 0; i < MY_FAN; i++)
		left += ident(fan[i], NULL) != -SKY_E_EMPTY;
	CHECK_EQ(left, 0, "our copies left");

	for (int i = 0; i < HELPERS; i++)
		answer(replies[i]);
	int64_t codes = 0;
	for (int i = 0; i < 1 + FAN_PROCS; i++) {
		struct sky_exit_info e;
		if (sky_wait(pids[i], &e) != pids[i] || e.reason != SKY_EXIT_NORMAL)
			codes += 10000;
		else
			codes += e.code;
	}
	CHECK_EQ(codes, 0, "copies left in the other processes (their exit codes)");
	CHECK_EQ(sky_signal((uint32_t)T, 1), 0, "the root still signals");
	CHECK_EQ(sky_poll_signal((uint32_t)T), 1, "and polls");
	for (int i = 0; i < MY_CHAIN; i++)
		slot_free(chain[i]);
	for (int i = 0; i < MY_FAN; i++)
		slot_free(fan[i]);
	for (int i = 0; i < HELPERS; i++)
		object_delete(replies[i]);
	object_delete((uint32_t)T);
	CHECK_EQ(kmem(), k0, "kernel heap after the huge tree");
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	K = (uint32_t)object_create(SKY_OBJ_ENDPOINT, 0, 0);
	three_processes();
	huge_tree();
	object_delete(K);
	sky_sysinfo(&after);
	CHECK_EQ(after.processes, before.processes, "every helper process is gone");
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the revoke tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the revoke tests");
	return check_finish();
}

/*
 * t_cap — capability spaces and their security, within one process:
 * identify shows the slots every process starts with; derive only ever
 * narrows rights (a wider mask gives nothing more); badges are set once,
 * inherited, never forged, and seen by receivers (endpoint and
 * notification); move keeps a capability's place in the derivation tree;
 * delete hands children to the grandparent; revoke removes every descendant
 * and keeps the capability itself. Every refused call (bad slot, empty,
 * occupied, wrong type, missing right, bad mask, forged badge) returns its
 * documented error and leaves the slots involved exactly as they were.
 */
#include "check.h"

#define ALL   SKY_RIGHTS_ALL
#define READ  SKY_RIGHT_READ
#define WRITE SKY_RIGHT_WRITE

/* What identify says about a slot: its result and, if filled, type, rights, badge. */
struct snap {
	int64_t r;
	struct sky_cap_info ci;
};

static struct snap snap(uint32_t slot)
{
	struct snap s;
	memset(&s, 0, sizeof s);
	s.r = sky_cap_identify(slot, &s.ci);
	return s;
}

static bool same(struct snap a, struct snap b)
{
	return a.r == b.r && a.ci.type == b.ci.type && a.ci.rights == b.ci.rights &&
	       a.ci.badge == b.ci.badge;
}

/* The slot holds a capability of this type, rights and badge. */
static bool holds(uint32_t slot, uint32_t type, uint32_t rights, uint64_t badge, const char *what)
{
	struct snap s = snap(slot);
	return CHECK(
		s.r == 0 && s.ci.type == type && s.ci.rights == rights && s.ci.badge == badge,
		"%s: slot %u is type %u rights 0x%x badge 0x%llx (identify %lld: %u 0x%x 0x%llx)",
		what, slot, type, rights, (unsigned long long)badge, (long long)s.r, s.ci.type,
		s.ci.rights, (unsigned long long)s.ci.badge);
}

static void is_empty(uint32_t slot, const char *what)
{
	struct sky_cap_info ci;
	CHECK_EQ(sky_cap_identify(slot, &ci), -SKY_E_EMPTY, what);
}

static void unchanged(uint32_t slot, struct snap before, const char *what)
{
	struct snap now = snap(slot);
	CHECK(same(before, now), "%s: slot %u unchanged (identify %lld -> %lld)", what, slot,
	      (long long)before.r, (long long)now.r);
}

/* A fresh slot holding a copy of src with these rights and badge. */
static uint32_t derive(uint32_t src, uint32_t rights, uint64_t badge)
{
	int64_t s = slot_alloc();
	int64_t r = sky_cap_derive(src, (uint32_t)s, rights, badge);
	if (r != 0)
		CHECK_EQ(r, 0, "derive (setup)");
	return (uint32_t)s;
}

static uint32_t make(uint32_t type)
{
	int64_t s = object_create(type, 0, 0);
	if (s < 0)
		CHECK_EQ(s, 0, "object_create (setup)");
	return (uint32_t)s;
}

static void drop(uint32_t slot)
{
	object_delete(slot); /* tolerates an empty slot: frees the slot number too */
}

static void initial_slots(void)
{
	holds(SKY_SLOT_ACCOUNT, SKY_OBJ_ACCOUNT, READ | WRITE | SKY_RIGHT_CONTROL, 0,
	      "slot 0: our account");
	holds(SKY_SLOT_ASPACE, SKY_OBJ_ASPACE, WRITE | SKY_RIGHT_CONTROL, 0,
	      "slot 1: our address space");
	holds(SKY_SLOT_CSPACE, SKY_OBJ_CSPACE, SKY_RIGHT_CONTROL, 0, "slot 2: our cspace");
	holds(SKY_SLOT_THREAD, SKY_OBJ_THREAD, SKY_RIGHT_CONTROL, 0, "slot 3: our first thread");
	is_empty(SKY_SLOT_FIRST_FREE, "slot 4 is empty: init passes no capabilities");
	is_empty(255, "the last slot is empty");
	struct sky_cap_info ci;
	CHECK_EQ(sky_cap_identify(256, &ci), -SKY_E_SLOT, "identify slot 256 (past 256 slots)");
	CHECK_EQ(sky_cap_identify(SKY_SLOT_NONE, &ci), -SKY_E_SLOT, "identify slot 0xFFFFFFFF");
	CHECK_EQ(sky_syscall(SKY_SYS_CAP_IDENTIFY, 1ull << 32, (uint64_t)&ci, 0, 0, 0), -SKY_E_SLOT,
		 "identify slot 2^32 (the upper half is not ignored)");
	static uint64_t raw[4];
	CHECK_EQ(sky_cap_identify(0, (struct sky_cap_info *)((char *)raw + 4)), -SKY_E_ALIGN,
		 "identify into a misaligned buffer");
	CHECK_EQ(sky_cap_identify(0, (struct sky_cap_info *)0xFFFF800000000000ull), -SKY_E_FAULT,
		 "identify into kernel memory");
	CHECK_EQ(sky_cap_identify(200, (struct sky_cap_info *)((char *)raw + 4)), -SKY_E_EMPTY,
		 "an empty slot is reported before a misaligned buffer");
	/* A new object's capability has every right and no badge. */
	uint32_t ep = make(SKY_OBJ_ENDPOINT);
	holds(ep, SKY_OBJ_ENDPOINT, ALL, 0, "new endpoint");
	drop(ep);
}

static void derive_narrows(void)
{
	uint32_t ep = make(SKY_OBJ_ENDPOINT);
	uint32_t ro = derive(ep, READ, 0);
	holds(ro, SKY_OBJ_ENDPOINT, READ, 0, "derive with READ gives READ");
	uint32_t x = derive(ro, ALL, 0);
	holds(x, SKY_OBJ_ENDPOINT, READ, 0, "derive ALL from a READ copy gives READ only");
	uint32_t y = derive(ro, WRITE | SKY_RIGHT_GRANT, 0);
	holds(y, SKY_OBJ_ENDPOINT, 0, 0, "derive WRITE|GRANT from a READ copy gives no rights");
	uint32_t z = derive(ep, WRITE | SKY_RIGHT_GRANT, 0);
	holds(z, SKY_OBJ_ENDPOINT, WRITE | SKY_RIGHT_GRANT, 0, "derive WRITE|GRANT from ALL");
	uint32_t acct = derive(SKY_SLOT_ACCOUNT, ALL, 0);
	holds(acct, SKY_OBJ_ACCOUNT, READ | WRITE | SKY_RIGHT_CONTROL, 0,
	      "derive ALL from slot 0 gives exactly its rights");
	uint32_t th = derive(SKY_SLOT_THREAD, ALL, 0);
	holds(th, SKY_OBJ_THREAD, SKY_RIGHT_CONTROL, 0, "derive ALL from slot 3 stays CONTROL");
	holds(ep, SKY_OBJ_ENDPOINT, ALL, 0, "the source keeps its rights");
	drop(th);
	drop(acct);
	drop(z);
	drop(y);
	drop(x);
	drop(ro);
	drop(ep);
}

static void derive_refused(void)
{
	uint32_t ep = make(SKY_OBJ_ENDPOINT);
	uint32_t full = derive(ep, READ, 0);
	int64_t empty = slot_alloc();
	uint32_t e = (uint32_t)empty;
	struct snap s_ep = snap(ep), s_full = snap(full), s_e = snap(e);

	CHECK_EQ(sky_cap_derive(ep, full, ALL, 0), -SKY_E_OCCUPIED, "derive into an occupied slot");
	CHECK_EQ(sky_cap_derive(ep, ep, ALL, 0), -SKY_E_OCCUPIED, "derive onto itself");
	CHECK_EQ(sky_cap_derive(e, 200, ALL, 0), -SKY_E_EMPTY, "derive from an empty slot");
	CHECK_EQ(sky_cap_derive(e, full, ALL, 0), -SKY_E_EMPTY,
		 "empty source is reported before an occupied destination");
	CHECK_EQ(sky_cap_derive(256, e, ALL, 0), -SKY_E_SLOT, "derive from slot 256");
	CHECK_EQ(sky_cap_derive(SKY_SLOT_NONE, e, ALL, 0), -SKY_E_SLOT,
		 "derive from slot 0xFFFFFFFF");
	CHECK_EQ(sky_cap_derive(ep, 256, ALL, 0), -SKY_E_SLOT, "derive into slot 256");
	CHECK_EQ(sky_cap_derive(ep, SKY_SLOT_NONE, ALL, 0), -SKY_E_SLOT,
		 "derive into slot 0xFFFFFFFF");
	CHECK_EQ(sky_syscall(SKY_SYS_CAP_DERIVE, (1ull << 32) | ep, e, ALL, 0, 0), -SKY_E_SLOT,
		 "derive from slot 2^32 + ep (no truncation to 32 bits)");
	CHECK_EQ(sky_syscall(SKY_SYS_CAP_DERIVE, ep, (1ull << 32) | e, ALL, 0, 0), -SKY_E_SLOT,
		 "derive into slot 2^32 + empty slot");
	CHECK_EQ(sky_cap_derive(ep, e, 0x40, 0), -SKY_E_INVAL, "rights bit 6 (outside ALL)");
	CHECK_EQ(sky_cap_derive(ep, e, 0x80000000u | READ, 0), -SKY_E_INVAL, "rights bit 31");
	CHECK_EQ(sky_syscall(SKY_SYS_CAP_DERIVE, ep, e, (1ull << 32) | READ, 0, 0), -SKY_E_INVAL,
		 "rights bit 32 (the upper half is not ignored)");
	CHECK_EQ(sky_cap_derive(ep, full, 0x40, 0), -SKY_E_OCCUPIED,
		 "occupied destination is reported before bad rights");
	CHECK_EQ(sky_cap_derive(ep, 256, 0x40, 0), -SKY_E_SLOT,
		 "bad destination slot is reported before bad rights");
	unchanged(ep, s_ep, "after refused derives, the source");
	unchanged(full, s_full, "after refused derives, the occupied destination");
	unchanged(e, s_e, "after refused derives, the empty destination");
	is_empty(200, "slot 200 stays empty");
	drop(e);
	drop(full);
	drop(ep);
}

static void wrong_type_and_rights(void)
{
	uint32_t ep = make(SKY_OBJ_ENDPOINT), n = make(SKY_OBJ_NOTIFICATION);
	uint32_t ep_ro = derive(ep, READ, 0), ep_wo = derive(ep, WRITE, 0);
	uint32_t n_ro = derive(n, READ, 0), n_wo = derive(n, WRITE, 0);
	uint32_t acct_ro = derive(SKY_SLOT_ACCOUNT, READ, 0);
	uint32_t acct_wo = derive(SKY_SLOT_ACCOUNT, WRITE, 0);
	struct sky_sysinfo si0, si1;
	sky_sysinfo(&si0);

	struct sky_msg m = { .info = SKY_MSG(1, 0, 0) | SKY_MSG_NONBLOCK };
	CHECK_EQ(sky_signal(ep, 1), -SKY_E_TYPE, "signal on an endpoint");
	CHECK_EQ(sky_signal(ep_ro, 1), -SKY_E_TYPE, "type is checked before rights");
	CHECK_EQ(sky_poll_signal(ep), -SKY_E_TYPE, "poll_signal on an endpoint");
	CHECK_EQ(sky_send(n, &m), -SKY_E_TYPE, "send on a notification");
	CHECK_EQ(sky_recv(n, SKY_SLOT_NONE, SKY_MSG_NONBLOCK, &m), -SKY_E_TYPE,
		 "recv on a notification");
	CHECK_EQ(sky_recv(ep, n, SKY_MSG_NONBLOCK, &m), -SKY_E_TYPE,
		 "a notification as recv's reply object");
	CHECK_EQ(sky_obj_create(ep, SKY_OBJ_ENDPOINT, 200, 0, 0), -SKY_E_TYPE,
		 "obj_create charged to an endpoint");
	struct sky_account_info ai;
	CHECK_EQ(sky_account_info(n, &ai), -SKY_E_TYPE, "account_info of a notification");
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, ep, 0x200000000ull, 0, 1, READ), -SKY_E_TYPE,
		 "map an endpoint as memory");
	CHECK_EQ(sky_mem_map(SKY_SLOT_CSPACE, SKY_SLOT_ACCOUNT, 0x200000000ull, 0, 1, READ),
		 -SKY_E_TYPE, "map into a cspace as if it were an address space");

	m.info = SKY_MSG(1, 0, 0) | SKY_MSG_NONBLOCK;
	CHECK_EQ(sky_send(ep_ro, &m), -SKY_E_RIGHTS, "send with a READ-only endpoint copy");
	m.info = SKY_MSG(1, 0, 0);
	CHECK_EQ(sky_call(ep_ro, &m), -SKY_E_RIGHTS, "call with a READ-only endpoint copy");
	CHECK_EQ(sky_recv(ep_wo, SKY_SLOT_NONE, SKY_MSG_NONBLOCK, &m), -SKY_E_RIGHTS,
		 "recv with a WRITE-only endpoint copy");
	CHECK_EQ(sky_signal(n_ro, 1), -SKY_E_RIGHTS, "signal with a READ-only notification copy");
	CHECK_EQ(sky_poll_signal(n_wo), -SKY_E_RIGHTS, "poll with a WRITE-only notification copy");
	CHECK_EQ(sky_wait_signal(n_wo), -SKY_E_RIGHTS, "wait with a WRITE-only notification copy");
	CHECK_EQ(sky_obj_create(acct_ro, SKY_OBJ_ENDPOINT, 200, 0, 0), -SKY_E_RIGHTS,
		 "obj_create with a READ-only account copy");
	CHECK_EQ(sky_account_info(acct_wo, &ai), -SKY_E_RIGHTS,
		 "account_info with a WRITE-only account copy");
	CHECK_EQ(sky_thread_kill(SKY_SLOT_ACCOUNT), -SKY_E_TYPE, "thread_kill on an account");

	/* Nothing happened: no bits, no message, no object, no slot filled. */
	CHECK_EQ(sky_poll_signal(n), 0, "refused signals set no bits");
	m.info = 0;
	CHECK_EQ(sky_recv(ep, SKY_SLOT_NONE, SKY_MSG_NONBLOCK, &m), -SKY_E_AGAIN,
		 "refused sends queued nothing");
	is_empty(200, "refused obj_create filled nothing");
	sky_sysinfo(&si1);
	CHECK_EQ(si1.kmem_bytes, si0.kmem_bytes, "refused calls allocated no kernel memory");
	CHECK_EQ(sky_signal(n_wo, 0x4), 0, "the WRITE copy signals");
	CHECK_EQ(sky_poll_signal(n_ro), 0x4, "the READ copy sees the bits");
	drop(acct_wo);
	drop(acct_ro);
	drop(n_wo);
	drop(n_ro);
	drop(ep_wo);
	drop(ep_ro);
	drop(n);
	drop(ep);
}

static void use_after_delete(void)
{
	uint32_t n = make(SKY_OBJ_NOTIFICATION);
	uint32_t c = derive(n, ALL, 0);
	CHECK_EQ(sky_cap_delete(c), 0, "delete a copy");
	is_empty(c, "a deleted slot is empty");
	CHECK_EQ(sky_signal(c, 1), -SKY_E_EMPTY, "signal through a deleted capability");
	CHECK_EQ(sky_poll_signal(c), -SKY_E_EMPTY, "poll through a deleted capability");
	CHECK_EQ(sky_cap_derive(c, 200, ALL, 0), -SKY_E_EMPTY, "derive from a deleted capability");
	CHECK_EQ(sky_cap_move(c, 200), -SKY_E_EMPTY, "move a deleted capability");
	CHECK_EQ(sky_cap_revoke(c), -SKY_E_EMPTY, "revoke a deleted capability");
	CHECK_EQ(sky_cap_delete(c), -SKY_E_EMPTY, "delete twice");
	CHECK_EQ(sky_cap_delete(256), -SKY_E_SLOT, "delete slot 256");
	CHECK_EQ(sky_cap_revoke(SKY_SLOT_NONE), -SKY_E_SLOT, "revoke slot 0xFFFFFFFF");
	is_empty(200, "slot 200 stays empty");
	holds(n, SKY_OBJ_NOTIFICATION, ALL, 0, "the original is untouched");
	CHECK_EQ(sky_signal(n, 2), 0, "the object lives on through the original");
	CHECK_EQ(sky_poll_signal(n), 2, "and its bits are there");
	slot_free(c);
	drop(n);
}

/* ---- badges ---- */

/* A thread of ours receiving one message on ep; it signals `done` after. */
void rt_thread_entry(void);
static struct {
	uint32_t ep, done;
	int64_t r;
	struct sky_msg m;
} rx;

static void receiver(void *unused)
{
	(void)unused;
	rx.m.info = 0;
	rx.r = sky_recv(rx.ep, SKY_SLOT_NONE, 0, &rx.m);
	sky_signal(rx.done, 1);
}

struct worker {
	int64_t thread, mem;
	uint64_t *stack;
};

#define STACK_PAGES 4

static bool worker_start(struct worker *w, void (*fn)(void *), void *arg)
{
	w->thread = object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE);
	w->stack = map_new(STACK_PAGES, READ | WRITE, 0, &w->mem);
	if (w->thread < 0 || !w->stack)
		return false;
	uint64_t *top = w->stack + STACK_PAGES * 512 - 2;
	top[0] = (uint64_t)fn;
	top[1] = (uint64_t)arg;
	return sky_thread_start((uint32_t)w->thread, (uint64_t)rt_thread_entry, (uint64_t)top, 0,
				SKY_PRIO_INHERIT) == 0;
}

/* End the thread (if it has not ended) and free its objects and stack. */
static void worker_end(struct worker *w)
{
	sky_thread_kill((uint32_t)w->thread);
	object_delete((uint32_t)w->thread);
	sky_mem_unmap(SKY_SLOT_ASPACE, (uint64_t)w->stack);
	object_delete((uint32_t)w->mem);
}

/* Send one message through `via` to a receiver thread on ep; the badge it saw, or -1. */
static int64_t badge_seen(uint32_t ep, uint32_t via, uint64_t word)
{
	rx.ep = ep;
	rx.done = make(SKY_OBJ_NOTIFICATION);
	struct worker w;
	int64_t seen = -1;
	if (worker_start(&w, receiver, NULL)) {
		struct sky_msg m = { .info = SKY_MSG(7, 0, 0), .w = { word } };
		int64_t r = sky_send(via, &m);
		sky_wait_signal(rx.done);
		if (r == 0 && rx.r >= 0 && rx.m.w[0] == word && SKY_MSG_LABEL(rx.m.info) == 7)
			seen = (int64_t)rx.m.badge;
	}
	worker_end(&w);
	drop(rx.done);
	return seen;
}

static void badges(void)
{
	uint32_t n = make(SKY_OBJ_NOTIFICATION);
	uint32_t b1 = derive(n, ALL, 0x50);
	holds(b1, SKY_OBJ_NOTIFICATION, ALL, 0x50, "derive sets badge 0x50");
	uint32_t b2 = derive(b1, WRITE, 0);
	holds(b2, SKY_OBJ_NOTIFICATION, WRITE, 0x50, "a derive from it inherits the badge");
	uint32_t b3 = derive(b2, WRITE, 0x50);
	holds(b3, SKY_OBJ_NOTIFICATION, WRITE, 0x50, "asking for the same badge is fine");

	int64_t e = slot_alloc();
	struct snap s_b1 = snap(b1), s_e = snap((uint32_t)e);
	CHECK_EQ(sky_cap_derive(b1, (uint32_t)e, ALL, 0x60), -SKY_E_PERM,
		 "a different badge on a badged capability (forged badge)");
	CHECK_EQ(sky_cap_derive(b2, (uint32_t)e, WRITE, 0x51), -SKY_E_PERM,
		 "a different badge on an inherited badge");
	CHECK_EQ(sky_cap_derive(n, (uint32_t)e, ALL, 1ull << 63), -SKY_E_INVAL,
		 "a notification badge with bit 63 (signals carry 63 bits)");
	CHECK_EQ(sky_cap_derive(b1, (uint32_t)e, 0x80, 0x60), -SKY_E_INVAL,
		 "bad rights are reported before a forged badge");
	unchanged(b1, s_b1, "after forged-badge derives, the source");
	unchanged((uint32_t)e, s_e, "after forged-badge derives, the destination");

	/* A signal ors in the badge of the capability used. */
	CHECK_EQ(sky_signal(b2, 0x3), 0, "signal through the badged copy");
	CHECK_EQ(sky_poll_signal(n), 0x53, "the waiter sees bits | badge");
	CHECK_EQ(sky_signal(n, 0x3), 0, "signal through the unbadged original");
	CHECK_EQ(sky_poll_signal(n), 0x3, "no badge bits without a badge");
	CHECK_EQ(sky_signal(b1, 0), 0, "a badged signal with no bits");
	CHECK_EQ(sky_poll_signal(b1), 0x50, "still delivers the badge");

	/* An endpoint receiver sees the badge of the sender's capability. */
	uint32_t ep = make(SKY_OBJ_ENDPOINT);
	const uint64_t big = 0x8000000000000001ull;
	uint32_t eb = derive(ep, WRITE, big);
	uint32_t eb2 = derive(eb, WRITE, 0);
	CHECK_EQ(badge_seen(ep, ep, 11), 0, "a send through the unbadged original arrives with 0");
	CHECK_EQ(badge_seen(ep, eb, 12), (int64_t)big, "a badged send arrives with its badge");
	CHECK_EQ(badge_seen(ep, eb2, 13), (int64_t)big,
		 "so does a send through an inherited badge");
	drop(eb2);
	drop(eb);
	drop(ep);
	drop((uint32_t)e);
	drop(b3);
	drop(b2);
	drop(b1);
	drop(n);
}

/* ---- move, delete, revoke ---- */

static void move(void)
{
	uint32_t n = make(SKY_OBJ_NOTIFICATION);
	uint32_t p = derive(n, READ | WRITE, 0x7);
	uint32_t child = derive(p, READ, 0);
	int64_t dst = slot_alloc();
	uint32_t d = (uint32_t)dst;
	struct snap s_p = snap(p);
	CHECK_EQ(sky_cap_move(p, d), 0, "move a capability with a child");
	CHECK(same(snap(d), s_p), "the target holds it with its rights and badge");
	is_empty(p, "the source is empty after a move");
	holds(child, SKY_OBJ_NOTIFICATION, READ, 0x7, "its child survives the move");
	CHECK_EQ(sky_signal(d, 0x100), 0, "the moved capability works");
	CHECK_EQ(sky_poll_signal(child), 0x107, "and names the same object");
	CHECK_EQ(sky_cap_revoke(d), 0, "revoke the moved capability");
	is_empty(child, "its child is gone: the tree followed the move");
	holds(d, SKY_OBJ_NOTIFICATION, READ | WRITE, 0x7, "the moved capability stays");

	/* The moved capability is still its parent's child. */
	child = derive(d, READ, 0);
	CHECK_EQ(sky_cap_move(d, p), 0, "move it back");
	CHECK_EQ(sky_cap_revoke(n), 0, "revoke the original");
	is_empty(p, "the moved capability was a descendant of the original");
	is_empty(child, "and so was its child");
	holds(n, SKY_OBJ_NOTIFICATION, ALL, 0, "the original stays");

	/* Refused moves change nothing. */
	uint32_t a = derive(n, READ, 0);
	struct snap s_n = snap(n), s_a = snap(a), s_d = snap(d);
	CHECK_EQ(sky_cap_move(n, a), -SKY_E_OCCUPIED, "move into an occupied slot");
	CHECK_EQ(sky_cap_move(n, n), -SKY_E_OCCUPIED, "move onto itself");
	CHECK_EQ(sky_cap_move(d, a), -SKY_E_EMPTY, "move from an empty slot");
	CHECK_EQ(sky_cap_move(256, d), -SKY_E_SLOT, "move from slot 256");
	CHECK_EQ(sky_cap_move(n, 256), -SKY_E_SLOT, "move to slot 256");
	CHECK_EQ(sky_cap_move(n, SKY_SLOT_NONE), -SKY_E_SLOT, "move to slot 0xFFFFFFFF");
	CHECK_EQ(sky_syscall(SKY_SYS_CAP_MOVE, n, (1ull << 32) | d, 0, 0, 0), -SKY_E_SLOT,
		 "move to slot 2^32 + an empty slot");
	unchanged(n, s_n, "after refused moves, the source");
	unchanged(a, s_a, "after refused moves, the occupied target");
	unchanged(d, s_d, "after refused moves, the empty target");
	CHECK_EQ(sky_cap_revoke(n), 0, "revoke the original again");
	is_empty(a, "a copy made after refused moves is still a child");
	slot_free(d);
	slot_free(p);
	slot_free(child);
	drop(a);
	drop(n);
}

static void delete_keeps_children(void)
{
	uint32_t n = make(SKY_OBJ_NOTIFICATION);
	uint32_t p = derive(n, ALL, 0), q = derive(n, ALL, 0);
	uint32_t c = derive(p, READ | WRITE, 0), g = derive(c, READ, 0);
	CHECK_EQ(sky_cap_delete(p), 0, "delete a parent");
	holds(c, SKY_OBJ_NOTIFICATION, READ | WRITE, 0, "its child lives on");
	holds(g, SKY_OBJ_NOTIFICATION, READ, 0, "and its grandchild");
	CHECK_EQ(sky_cap_revoke(q), 0, "revoke the deleted parent's sibling");
	holds(c, SKY_OBJ_NOTIFICATION, READ | WRITE, 0, "the child did not move under the sibling");
	CHECK_EQ(sky_cap_revoke(n), 0, "revoke at the grandparent");
	is_empty(c, "the orphaned child was the grandparent's");
	is_empty(g, "and so was its child");
	is_empty(q, "the sibling too");
	slot_free(p);
	slot_free(q);
	slot_free(c);
	slot_free(g);

	/* Deleting the last capability destroys the object. */
	struct sky_sysinfo si0, si1;
	sky_sysinfo(&si0);
	uint32_t ep = make(SKY_OBJ_ENDPOINT);
	uint32_t e1 = derive(ep, ALL, 0), e2 = derive(e1, ALL, 0);
	sky_sysinfo(&si1);
	uint64_t size = si1.kmem_bytes - si0.kmem_bytes;
	CHECK(size > 0, "an endpoint costs kernel memory (%llu bytes)", (unsigned long long)size);
	drop(ep);
	drop(e1);
	sky_sysinfo(&si1);
	CHECK_EQ(si1.kmem_bytes - si0.kmem_bytes, size, "one copy left keeps the endpoint alive");
	drop(e2);
	sky_sysinfo(&si1);
	CHECK_EQ(si1.kmem_bytes, si0.kmem_bytes, "the last delete frees the endpoint");
	drop(n);
}

static void revoke_tree(void)
{
	uint32_t n = make(SKY_OBJ_NOTIFICATION);
	uint32_t a = derive(n, ALL, 0), d = derive(n, READ, 0);
	uint32_t b = derive(a, ALL, 0), e = derive(a, WRITE, 0x9);
	uint32_t c = derive(b, READ, 0);
	CHECK_EQ(sky_cap_revoke(c), 0, "revoke a capability without children");
	holds(c, SKY_OBJ_NOTIFICATION, READ, 0, "it stays");
	CHECK_EQ(sky_cap_revoke(a), 0, "revoke a middle capability");
	holds(a, SKY_OBJ_NOTIFICATION, ALL, 0, "the revoked capability stays");
	is_empty(b, "its child is gone");
	is_empty(e, "its badged child is gone");
	is_empty(c, "its grandchild is gone");
	holds(d, SKY_OBJ_NOTIFICATION, READ, 0, "its sibling stays");
	holds(n, SKY_OBJ_NOTIFICATION, ALL, 0, "its parent stays");
	CHECK_EQ(sky_signal(a, 1), 0, "the revoked capability still works");
	CHECK_EQ(sky_poll_signal(d), 1, "on the same object");
	b = derive(a, ALL, 0);
	holds(b, SKY_OBJ_NOTIFICATION, ALL, 0, "a revoked capability can derive again");
	CHECK_EQ(sky_cap_revoke(n), 0, "revoke the root");
	is_empty(a, "child a gone");
	is_empty(b, "grandchild b gone");
	is_empty(d, "child d gone");
	holds(n, SKY_OBJ_NOTIFICATION, ALL, 0, "the root stays");
	/* A copy with no rights may still revoke its own children: revoke needs no right. */
	uint32_t ro = derive(n, 0, 0);
	holds(ro, SKY_OBJ_NOTIFICATION, 0, 0, "a copy with no rights");
	uint32_t under = derive(ro, ALL, 0);
	holds(under, SKY_OBJ_NOTIFICATION, 0, 0, "its child has no rights either");
	CHECK_EQ(sky_cap_revoke(ro), 0, "revoke through a copy with no rights");
	is_empty(under, "its child is gone");
	slot_free(a);
	slot_free(b);
	slot_free(c);
	slot_free(d);
	slot_free(e);
	slot_free(under);
	drop(ro);
	drop(n);
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	initial_slots();
	derive_narrows();
	derive_refused();
	wrong_type_and_rights();
	use_after_delete();
	badges();
	move();
	delete_keeps_children();
	revoke_tree();
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the capability tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the capability tests");
	for (uint32_t s = SKY_SLOT_FIRST_FREE; s < SKY_CSPACE_SLOTS_DEFAULT; s++) {
		struct sky_cap_info ci;
		if (sky_cap_identify(s, &ci) != -SKY_E_EMPTY) {
			CHECK(false, "slot %u left filled", s);
			break;
		}
	}
	return check_finish();
}

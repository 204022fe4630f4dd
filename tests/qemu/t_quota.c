/*
 * t_quota — resource accounts. What every process can do with the account
 * in its slot 0 (READ, WRITE, CONTROL): read it, see exact charges for
 * memory pages, threads and kernel memory come and go with objects and
 * children, be refused a sub-account through a copy without CONTROL
 * (SKY_E_RIGHTS), and be refused with SKY_E_QUOTA a request beyond the root
 * account's limit and with SKY_E_NOMEM one beyond the machine, changing
 * nothing either way.
 *
 * Then sub-accounts: allocating memory, threads or kernel memory in a loop
 * stops with SKY_E_QUOTA exactly at the limit, a limit binds the accounts
 * below, freeing gives every charge back, a child spawned on a small
 * account is refused its own allocations while ours go on, and a spawn
 * refused at any point of its way leaves its account as it was.
 */
#include "check.h"

#define ACCT  SKY_SLOT_ACCOUNT
#define CTL   SKY_SLOT_ACCOUNT /* our account, which we may divide */
#define READ  SKY_RIGHT_READ
#define WRITE SKY_RIGHT_WRITE

static struct sky_account_info info(uint32_t acct)
{
	struct sky_account_info ai;
	memset(&ai, 0xEE, sizeof ai);
	int64_t r = sky_account_info(acct, &ai);
	if (r != 0)
		CHECK_EQ(r, 0, "account_info");
	return ai;
}

static bool same_use(struct sky_account_info a, struct sky_account_info b)
{
	return a.used.kmem_bytes == b.used.kmem_bytes && a.used.pages == b.used.pages &&
	       a.used.threads == b.used.threads;
}

/* The account uses exactly what it used at `was`. */
static void use_is(uint32_t acct, struct sky_account_info was, const char *what)
{
	struct sky_account_info now = info(acct);
	CHECK(same_use(now, was),
	      "%s: use (kmem %llu, pages %llu, threads %llu), was (%llu, %llu, %llu)", what,
	      (unsigned long long)now.used.kmem_bytes, (unsigned long long)now.used.pages,
	      (unsigned long long)now.used.threads, (unsigned long long)was.used.kmem_bytes,
	      (unsigned long long)was.used.pages, (unsigned long long)was.used.threads);
}

static uint64_t kmem(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si.kmem_bytes;
}

static void is_empty(uint32_t slot, const char *what)
{
	struct sky_cap_info ci;
	CHECK_EQ(sky_cap_identify(slot, &ci), -SKY_E_EMPTY, what);
}

/* ---- a copy of slot 0 without CONTROL ---- */

static void no_control(void)
{
	struct sky_account_limits lim = { 1 << 20, 16, 2 };
	struct sky_account_info was = info(ACCT);
	uint64_t k0 = kmem();
	int64_t all = slot_alloc(), ro = slot_alloc(), dst = slot_alloc();
	sky_cap_derive(ACCT, (uint32_t)all, READ | WRITE, 0);
	sky_cap_derive(ACCT, (uint32_t)ro, READ, 0);
	CHECK_EQ(sky_obj_create((uint32_t)all, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim, 0),
		 -SKY_E_RIGHTS, "a sub-account through a READ|WRITE copy needs CONTROL");
	CHECK_EQ(sky_obj_create((uint32_t)ro, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim, 0),
		 -SKY_E_RIGHTS, "nor from a READ-only copy");
	CHECK_EQ(sky_obj_create((uint32_t)all, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim + 4,
				0),
		 -SKY_E_RIGHTS, "missing CONTROL is reported before a misaligned pointer");
	CHECK_EQ(sky_obj_create((uint32_t)all, SKY_OBJ_ACCOUNT, (uint32_t)dst, 0, 0), -SKY_E_RIGHTS,
		 "missing CONTROL is reported before a null pointer");
	struct sky_spawn req = { .name = "h_exit",
				 .name_len = 6,
				 .priority = SKY_PRIO_INHERIT,
				 .account = (uint32_t)ro };
	CHECK_EQ(sky_spawn_req(&req), -SKY_E_RIGHTS, "a spawn charged to a READ-only account copy");
	req.account = SKY_SLOT_THREAD;
	CHECK_EQ(sky_spawn_req(&req), -SKY_E_TYPE, "a spawn charged to a thread");
	is_empty((uint32_t)dst, "no sub-account appeared");
	use_is(ACCT, was, "refused sub-accounts and spawns charged nothing");
	CHECK_EQ(kmem(), k0, "refused sub-accounts allocated no kernel memory");
	object_delete((uint32_t)all);
	object_delete((uint32_t)ro);
	slot_free((uint32_t)dst);
}

static void info_calls(void)
{
	struct sky_account_info ai = info(ACCT);
	CHECK(ai.used.kmem_bytes > 0 && ai.used.kmem_bytes <= ai.limit.kmem_bytes,
	      "kernel memory used (%llu) within the limit (%llu)",
	      (unsigned long long)ai.used.kmem_bytes, (unsigned long long)ai.limit.kmem_bytes);
	CHECK(ai.used.pages > 0 && ai.used.pages <= ai.limit.pages,
	      "pages used (%llu) within the limit (%llu)", (unsigned long long)ai.used.pages,
	      (unsigned long long)ai.limit.pages);
	CHECK(ai.used.threads >= 1 && ai.used.threads <= ai.limit.threads,
	      "threads used (%llu) within the limit (%llu)", (unsigned long long)ai.used.threads,
	      (unsigned long long)ai.limit.threads);
	static uint64_t raw[8];
	CHECK_EQ(sky_account_info(ACCT, (struct sky_account_info *)((char *)raw + 4)), -SKY_E_ALIGN,
		 "account_info into a misaligned buffer");
	CHECK_EQ(sky_account_info(ACCT, (struct sky_account_info *)0xFFFF800000001000ull),
		 -SKY_E_FAULT, "account_info into kernel memory");
	int64_t wo = slot_alloc();
	sky_cap_derive(ACCT, (uint32_t)wo, WRITE, 0);
	CHECK_EQ(sky_account_info((uint32_t)wo, &ai), -SKY_E_RIGHTS, "account_info needs READ");
	CHECK_EQ(sky_account_info(SKY_SLOT_THREAD, &ai), -SKY_E_TYPE, "account_info of a thread");
	CHECK_EQ(sky_account_info(200, &ai), -SKY_E_EMPTY, "account_info of an empty slot");
	CHECK_EQ(sky_account_info(256, &ai), -SKY_E_SLOT, "account_info of slot 256");
	object_delete((uint32_t)wo);
}

/* Objects and children are charged exactly, and give it all back. */
static void exact_charges(void)
{
	struct sky_account_info was = info(ACCT), now;
	uint64_t k0 = kmem();

	int64_t mem = object_create(SKY_OBJ_MEMORY, 5, 0);
	now = info(ACCT);
	CHECK_EQ(now.used.pages - was.used.pages, 5, "a 5-page memory object charges 5 pages");
	CHECK(now.used.kmem_bytes > was.used.kmem_bytes, "and kernel memory for its structure");
	CHECK_EQ(now.used.threads, was.used.threads, "and no thread");
	object_delete((uint32_t)mem);
	use_is(ACCT, was, "deleting it gives everything back");

	mem = object_create(SKY_OBJ_MEMORY, 3, SKY_MEM_CONTIG);
	now = info(ACCT);
	CHECK_EQ(now.used.pages - was.used.pages, 3, "a 3-page contiguous object charges 3 pages");
	CHECK(now.used.kmem_bytes - was.used.kmem_bytes <= kmem() - k0,
	      "and kernel memory for its structure only (no table pages)");
	object_delete((uint32_t)mem);
	use_is(ACCT, was, "deleting it gives everything back");

	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	now = info(ACCT);
	uint64_t charged = now.used.kmem_bytes - was.used.kmem_bytes, heap = kmem() - k0;
	CHECK(charged > 0 && charged <= heap,
	      "an endpoint charges kernel memory: %llu bytes (the heap gave %llu)",
	      (unsigned long long)charged, (unsigned long long)heap);
	CHECK_EQ(now.used.pages, was.used.pages, "and no pages");
	object_delete((uint32_t)ep);
	use_is(ACCT, was, "deleting it gives everything back");

	int64_t th = object_create(SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE);
	now = info(ACCT);
	CHECK_EQ(now.used.threads - was.used.threads, 1, "a thread charges one thread");
	CHECK_EQ(now.used.pages - was.used.pages, SKY_IPC_BUFFER_SIZE / 4096,
		 "and the pages of its IPC buffer");
	CHECK(now.used.kmem_bytes - was.used.kmem_bytes > 4096,
	      "and kernel memory for its stack and structure (%llu bytes)",
	      (unsigned long long)(now.used.kmem_bytes - was.used.kmem_bytes));
	object_delete((uint32_t)th);
	use_is(ACCT, was, "deleting an unstarted thread gives everything back");

	/* A child is charged to our account while it lives. */
	int64_t pid = spawn1("h_spin", NULL);
	now = info(ACCT);
	CHECK_EQ(now.used.threads - was.used.threads, 1, "a running child charges its thread");
	CHECK(now.used.pages > was.used.pages && now.used.kmem_bytes > was.used.kmem_bytes,
	      "and pages (%llu) and kernel memory (%llu) for its image and spaces",
	      (unsigned long long)(now.used.pages - was.used.pages),
	      (unsigned long long)(now.used.kmem_bytes - was.used.kmem_bytes));
	sky_kill(pid);
	now = info(ACCT);
	CHECK(now.used.threads == was.used.threads && now.used.pages == was.used.pages,
	      "a killed child has given back its thread and pages");
	CHECK(now.used.kmem_bytes > was.used.kmem_bytes, "but not yet its zombie's structure");
	sky_wait(pid, NULL);
	use_is(ACCT, was, "a reaped child has given everything back");
	CHECK_EQ(kmem(), k0, "kernel heap back too");
}

/* The root account's limit answers SKY_E_QUOTA, the machine's SKY_E_NOMEM. */
static void root_limits(void)
{
	struct sky_account_info was = info(ACCT);
	struct sky_sysinfo s0, s1;
	sky_sysinfo(&s0);
	uint64_t over = was.limit.pages - was.used.pages + 1;
	int64_t dst = slot_alloc();
	if (CHECK(over <= SKY_MEM_PAGES_MAX, "the root's free pages (%llu) fit one request",
		  (unsigned long long)over - 1)) {
		CHECK_EQ(sky_obj_create(ACCT, SKY_OBJ_MEMORY, (uint32_t)dst, over, 0), -SKY_E_QUOTA,
			 "one page more than the account has left: SKY_E_QUOTA");
		CHECK_EQ(sky_obj_create(ACCT, SKY_OBJ_MEMORY, (uint32_t)dst, over - 1, 0),
			 -SKY_E_NOMEM,
			 "all the account has left, but not the machine: SKY_E_NOMEM");
	}
	is_empty((uint32_t)dst, "no object appeared");
	use_is(ACCT, was, "refused memory charged nothing");
	sky_sysinfo(&s1);
	CHECK_EQ(s1.free_frames, s0.free_frames, "a refused object leaves every frame free");
	CHECK_EQ(s1.kmem_bytes, s0.kmem_bytes, "and the kernel heap as it was");
	slot_free((uint32_t)dst);
}

/* ---- sub-accounts (CONTROL on slot 0) ---- */

static int64_t sub_account(uint32_t parent, uint64_t kmem_bytes, uint64_t pages, uint64_t threads)
{
	struct sky_account_limits lim = { kmem_bytes, pages, threads };
	int64_t s = slot_alloc();
	int64_t r = sky_obj_create(parent, SKY_OBJ_ACCOUNT, (uint32_t)s, (uint64_t)&lim, 0);
	if (r != 0) {
		CHECK_EQ(r, 0, "make a sub-account");
		slot_free((uint32_t)s);
		return r;
	}
	return s;
}

#define MAX_OBJS 180
static uint32_t objs[MAX_OBJS];

/* Make objects charged to acct until refused; how many, *err the refusal. */
static int fill(uint32_t acct, uint32_t type, uint64_t arg0, uint64_t arg1, int64_t *err)
{
	int n = 0;
	*err = 0;
	while (n < MAX_OBJS) {
		int64_t s = slot_alloc();
		int64_t r = sky_obj_create(acct, type, (uint32_t)s, arg0, arg1);
		if (r != 0) {
			slot_free((uint32_t)s);
			*err = r;
			break;
		}
		objs[n++] = (uint32_t)s;
	}
	return n;
}

static void unfill(int n)
{
	for (int i = 0; i < n; i++)
		object_delete(objs[i]);
}

static void creation(void)
{
	struct sky_account_info parent0 = info(CTL);
	int64_t s = sub_account(CTL, 1 << 20, 64, 4);
	uint64_t size = info(CTL).used.kmem_bytes - parent0.used.kmem_bytes;
	CHECK(size > 0, "an account's structure (%llu bytes) is charged to its parent",
	      (unsigned long long)size);
	struct sky_cap_info ci;
	sky_cap_identify((uint32_t)s, &ci);
	CHECK(ci.type == SKY_OBJ_ACCOUNT && ci.rights == SKY_RIGHTS_ALL,
	      "a new account's capability has every right");
	struct sky_account_info ai = info((uint32_t)s);
	CHECK(ai.limit.kmem_bytes == 1 << 20 && ai.limit.pages == 64 && ai.limit.threads == 4,
	      "its limits are as asked");
	CHECK(ai.used.kmem_bytes == 0 && ai.used.pages == 0 && ai.used.threads == 0,
	      "and it has used nothing");

	/* Refused creations change nothing. */
	struct sky_account_limits lim = { 100, 1, 1 };
	int64_t dst = slot_alloc(), rw = slot_alloc();
	sky_cap_derive((uint32_t)s, (uint32_t)rw, READ | WRITE, 0);
	struct sky_account_info was = info(CTL);
	CHECK_EQ(sky_obj_create((uint32_t)rw, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim, 0),
		 -SKY_E_RIGHTS, "a sub-account from a copy without CONTROL");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim + 4, 0),
		 -SKY_E_ALIGN, "limits at a misaligned address");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_ACCOUNT, (uint32_t)dst, 0xFFFF800000000000ull,
				0),
		 -SKY_E_FAULT, "limits in kernel memory");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_ACCOUNT, (uint32_t)rw, (uint64_t)&lim, 0),
		 -SKY_E_OCCUPIED, "a sub-account into an occupied slot");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_ACCOUNT, 256, (uint64_t)&lim, 0), -SKY_E_SLOT,
		 "a sub-account into slot 256");
	is_empty((uint32_t)dst, "no account appeared");
	use_is(CTL, was, "refused sub-accounts charged nothing");
	use_is((uint32_t)s, ai, "nor to the account asked");

	/* An account too small for its own sub-account's structure. */
	int64_t tiny = sub_account(CTL, size - 1, 0, 0);
	was = info(CTL);
	CHECK_EQ(sky_obj_create((uint32_t)tiny, SKY_OBJ_ACCOUNT, (uint32_t)dst, (uint64_t)&lim, 0),
		 -SKY_E_QUOTA, "a sub-account its parent cannot pay for");
	use_is(CTL, was, "charged nothing");
	CHECK_EQ(info((uint32_t)tiny).used.kmem_bytes, 0, "not even to the small account");
	object_delete((uint32_t)tiny);
	object_delete((uint32_t)rw);
	object_delete((uint32_t)dst);
	object_delete((uint32_t)s);
	use_is(CTL, parent0, "deleting the accounts gives their structures back");
}

/* What an endpoint charges to its account. */
static uint64_t endpoint_charge(void)
{
	uint64_t k0 = info(ACCT).used.kmem_bytes;
	int64_t probe = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint64_t size = info(ACCT).used.kmem_bytes - k0;
	object_delete((uint32_t)probe);
	return size;
}

/* Each resource stops at its limit with SKY_E_QUOTA, and comes back whole. */
static void limits(void)
{
	struct sky_account_info parent0 = info(CTL);
	int64_t err;

	/* Pages: one-page objects, 40 of them. */
	int64_t s = sub_account(CTL, 1 << 20, 40, 4);
	int n = fill((uint32_t)s, SKY_OBJ_MEMORY, 1, 0, &err);
	CHECK_EQ(err, -SKY_E_QUOTA, "memory objects until refused: SKY_E_QUOTA");
	CHECK_EQ(n, 40, "one-page objects made on a 40-page account");
	struct sky_account_info ai = info((uint32_t)s);
	CHECK_EQ(ai.used.pages, 40, "the account's pages are all used");
	struct sky_account_info full = info(CTL);
	CHECK_EQ(full.used.pages - parent0.used.pages, 40, "and counted in its parent too");
	int64_t dst = slot_alloc();
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_MEMORY, (uint32_t)dst, 1, SKY_MEM_CONTIG),
		 -SKY_E_QUOTA, "a contiguous page too");
	use_is((uint32_t)s, ai, "the refusals charged nothing");
	int64_t mine = object_create(SKY_OBJ_MEMORY, 1, 0);
	CHECK(mine > 0, "our own account still gives pages");
	object_delete((uint32_t)mine);
	object_delete(objs[0]);
	CHECK_EQ(info((uint32_t)s).used.pages, 39, "freeing one object frees its page");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_MEMORY, objs[0], 1, 0), 0,
		 "so one more object fits");
	unfill(n);
	ai = info((uint32_t)s);
	CHECK(ai.used.kmem_bytes == 0 && ai.used.pages == 0 && ai.used.threads == 0,
	      "deleting everything gives every charge back");

	/* Threads: three on a three-thread account (never started). */
	object_delete((uint32_t)s);
	s = sub_account(CTL, 1 << 20, 64, 3);
	n = fill((uint32_t)s, SKY_OBJ_THREAD, SKY_SLOT_ASPACE, SKY_SLOT_CSPACE, &err);
	CHECK_EQ(err, -SKY_E_QUOTA, "threads until refused: SKY_E_QUOTA");
	CHECK_EQ(n, 3, "threads made on a three-thread account");
	ai = info((uint32_t)s);
	CHECK_EQ(ai.used.threads, 3, "the account's threads are all used");
	CHECK_EQ(ai.used.pages, 3 * SKY_IPC_BUFFER_SIZE / 4096, "with their IPC buffers");
	unfill(n);
	ai = info((uint32_t)s);
	CHECK(ai.used.kmem_bytes == 0 && ai.used.pages == 0 && ai.used.threads == 0,
	      "deleting the threads gives every charge back");
	object_delete((uint32_t)s);

	/* Kernel memory: endpoints on an account with room for ten and a half. */
	uint64_t ep = endpoint_charge();
	s = sub_account(CTL, 10 * ep + ep / 2, 0, 0);
	n = fill((uint32_t)s, SKY_OBJ_ENDPOINT, 0, 0, &err);
	CHECK_EQ(err, -SKY_E_QUOTA, "endpoints until refused: SKY_E_QUOTA");
	CHECK_EQ(n, 10, "endpoints made with room for ten and a half");
	CHECK_EQ(info((uint32_t)s).used.kmem_bytes, 10 * ep,
		 "the account used ten endpoints' worth");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_MEMORY, (uint32_t)dst, 1, SKY_MEM_CONTIG),
		 -SKY_E_QUOTA, "a page on an account with no pages");
	CHECK_EQ(sky_obj_create((uint32_t)s, SKY_OBJ_THREAD, (uint32_t)dst, SKY_SLOT_ASPACE,
				SKY_SLOT_CSPACE),
		 -SKY_E_QUOTA, "a thread on an account with no threads");
	unfill(n);
	CHECK_EQ(info((uint32_t)s).used.kmem_bytes, 0, "deleting them gives the memory back");
	object_delete((uint32_t)s);
	object_delete((uint32_t)dst);
	use_is(CTL, parent0, "the parent is back where it started");
}

/* A limit binds every account below it, whatever their own limits say. */
static void nesting(void)
{
	struct sky_account_info parent0 = info(CTL);
	int64_t err;
	int64_t outer = sub_account(CTL, 1 << 20, 8, 4);
	int64_t inner = sub_account((uint32_t)outer, 1 << 22, 100, 10);
	CHECK_EQ(info((uint32_t)outer).used.kmem_bytes > 0, 1,
		 "the inner account's structure is charged to the outer one");
	int n = fill((uint32_t)inner, SKY_OBJ_MEMORY, 1, 0, &err);
	CHECK_EQ(err, -SKY_E_QUOTA, "the inner account is refused at the outer limit");
	CHECK_EQ(n, 8, "pages the inner account got (the outer one has 8)");
	CHECK_EQ(info((uint32_t)inner).used.pages, 8, "the inner account used 8");
	CHECK_EQ(info((uint32_t)outer).used.pages, 8, "counted in the outer one");
	int64_t dst = slot_alloc();
	CHECK_EQ(sky_obj_create((uint32_t)outer, SKY_OBJ_MEMORY, (uint32_t)dst, 1, 0), -SKY_E_QUOTA,
		 "the outer account itself is full");

	/* Deleting the account capabilities does not free what is charged to them. */
	object_delete((uint32_t)inner);
	CHECK_EQ(info((uint32_t)outer).used.pages, 8, "charges outlive the inner account's cap");
	CHECK_EQ(sky_cap_identify(objs[0], &(struct sky_cap_info){ 0 }), 0, "and the objects");
	unfill(n);
	struct sky_account_info ai = info((uint32_t)outer);
	CHECK(ai.used.pages == 0 && ai.used.kmem_bytes == 0,
	      "the last object gone, the inner account is gone too (outer kmem %llu)",
	      (unsigned long long)ai.used.kmem_bytes);
	object_delete((uint32_t)outer);
	object_delete((uint32_t)dst);
	use_is(CTL, parent0, "the parent is back where it started");
}

/*
 * Page tables are charged to the address space's account: a map that needs
 * more tables than the account has room for is refused with SKY_E_QUOTA and
 * charges nothing (not even the tables it made before running out).
 */
static void page_tables(void)
{
	struct sky_account_info parent0 = info(CTL);
	int64_t mem = object_create(SKY_OBJ_MEMORY, 1, 0);
	/* A fresh 512 GiB region: a map there needs three new tables and a mapping record. */
	const uint64_t va = 0x0000400000000000ull;
	uint64_t cost = 0; /* of an empty address space */
	int refused = 0, quota = 0, mapped = 0, bad = 0;
	for (uint64_t extra = 0; extra <= 4 * 4096; extra += 512) {
		int64_t s = sub_account(CTL, cost ? cost + extra : 1 << 20, 0, 0);
		int64_t as = slot_alloc();
		if (sky_obj_create((uint32_t)s, SKY_OBJ_ASPACE, (uint32_t)as, 0, 0) != 0) {
			CHECK(false, "an address space on a sub-account");
			object_delete((uint32_t)s);
			slot_free((uint32_t)as);
			break;
		}
		struct sky_account_info empty = info((uint32_t)s);
		if (!cost) { /* the first round only measures */
			cost = empty.used.kmem_bytes;
			extra -= 512;
		} else {
			int64_t r = sky_mem_map((uint32_t)as, (uint32_t)mem, va, 0, 1, READ);
			struct sky_account_info now = info((uint32_t)s);
			if (r == 0) {
				mapped++;
				bad += now.used.kmem_bytes < cost + 3 * 4096;
				sky_mem_unmap((uint32_t)as, va);
				bad += !same_use(info((uint32_t)s), empty);
			} else {
				refused++;
				quota += r == -SKY_E_QUOTA;
				bad += !same_use(now, empty);
			}
		}
		object_delete((uint32_t)as);
		bad += info((uint32_t)s).used.kmem_bytes != 0;
		object_delete((uint32_t)s);
	}
	CHECK(cost > 4096, "an empty address space costs its root table and more (%llu bytes)",
	      (unsigned long long)cost);
	CHECK(refused > 0 && quota == refused, "maps short of table room: %d, all SKY_E_QUOTA (%d)",
	      refused, quota);
	CHECK(mapped > 0, "maps with room for the tables succeed (%d)", mapped);
	CHECK_EQ(bad, 0, "maps and unmaps whose charges were off");
	object_delete((uint32_t)mem);
	use_is(CTL, parent0, "the parent is back where it started");
}

/* ---- children charged to small accounts ---- */

static uint32_t K;

static int64_t spawn_on(uint32_t acct, const char *prog, const char *arg)
{
	char args[32];
	size_t len = 0;
	if (arg) {
		len = strlen(arg) + 1;
		memcpy(args, arg, len);
	}
	struct sky_spawn req = { .name = prog,
				 .name_len = strlen(prog),
				 .args = args,
				 .args_len = len,
				 .priority = SKY_PRIO_INHERIT,
				 .account = acct,
				 .ncaps = 1,
				 .caps = { K } };
	return sky_spawn_req(&req);
}

/* Run h_quota making `what` on acct; its report in *m (held until answered via reply). */
static int64_t child_fills(uint32_t acct, const char *what, uint32_t reply, struct sky_msg *m)
{
	int64_t pid = spawn_on(acct, "h_quota", what);
	if (pid < 0)
		return pid;
	m->info = 0;
	int64_t r = sky_recv(K, reply, 0, m);
	return r < 0 ? r : pid;
}

static void finish_child(int64_t pid, uint32_t reply)
{
	struct sky_msg m = { .info = 0 };
	sky_reply(reply, &m);
	struct sky_exit_info e;
	CHECK(sky_wait(pid, &e) == pid && e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "the child ended cleanly");
}

static void children(void)
{
	struct sky_account_info parent0 = info(CTL);
	K = (uint32_t)object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint32_t reply = (uint32_t)object_create(SKY_OBJ_REPLY, 0, 0);
	struct sky_account_info with_k = info(CTL);
	struct sky_msg m;

	/* What a child costs, on a roomy account. */
	int64_t big = sub_account(CTL, 4 << 20, 4096, 8);
	int64_t pid = child_fills((uint32_t)big, "none", reply, &m);
	CHECK(pid > 0, "a child on a sub-account");
	struct sky_account_info base = info((uint32_t)big);
	CHECK(base.used.threads == 1 && base.used.pages > 0 && base.used.kmem_bytes > 0,
	      "it is charged there: %llu bytes, %llu pages, %llu thread",
	      (unsigned long long)base.used.kmem_bytes, (unsigned long long)base.used.pages,
	      (unsigned long long)base.used.threads);
	finish_child(pid, reply);
	CHECK_EQ(info((uint32_t)big).used.kmem_bytes, 0, "its charges went with it");
	object_delete((uint32_t)big);

	/* A child with room for ten pages of its own. */
	int64_t small = sub_account(CTL, base.used.kmem_bytes + (1 << 20), base.used.pages + 10,
				    base.used.threads);
	pid = child_fills((uint32_t)small, "mem", reply, &m);
	CHECK_EQ(m.w[1], -SKY_E_QUOTA, "the child's own allocations end in SKY_E_QUOTA");
	CHECK_EQ(m.w[0], 10, "after the ten pages its account allows");
	struct sky_account_info ai = info((uint32_t)small);
	CHECK_EQ(ai.used.pages, ai.limit.pages, "its account's pages are all used");
	int64_t mine = object_create(SKY_OBJ_MEMORY, 16, 0);
	CHECK(mine > 0, "meanwhile we allocate from our own account");
	object_delete((uint32_t)mine);
	finish_child(pid, reply);
	ai = info((uint32_t)small);
	CHECK(ai.used.pages == 0 && ai.used.kmem_bytes == 0 && ai.used.threads == 0,
	      "an ended child gives its account everything back");
	object_delete((uint32_t)small);

	/* Threads and kernel memory. */
	small = sub_account(CTL, base.used.kmem_bytes + (1 << 20), base.used.pages + 64,
			    base.used.threads + 2);
	pid = child_fills((uint32_t)small, "thread", reply, &m);
	CHECK(m.w[1] == (uint64_t)-SKY_E_QUOTA && m.w[0] == 2,
	      "the child makes two threads, then SKY_E_QUOTA (%lld, %s)", (long long)m.w[0],
	      sky_error_name((int64_t)m.w[1]));
	finish_child(pid, reply);
	object_delete((uint32_t)small);

	uint64_t ep = endpoint_charge();
	small = sub_account(CTL, base.used.kmem_bytes + 5 * ep, base.used.pages, base.used.threads);
	pid = child_fills((uint32_t)small, "ep", reply, &m);
	CHECK(m.w[1] == (uint64_t)-SKY_E_QUOTA && m.w[0] == 5,
	      "the child makes five endpoints, then SKY_E_QUOTA (%lld, %s)", (long long)m.w[0],
	      sky_error_name((int64_t)m.w[1]));
	object_delete((uint32_t)small); /* the account lives on while charged */
	CHECK(info(CTL).used.kmem_bytes > with_k.used.kmem_bytes,
	      "the child's charges stay while it lives");
	finish_child(pid, reply);
	use_is(CTL, with_k, "an account whose capability was deleted goes with its last charge");

	object_delete(reply);
	object_delete(K);
	use_is(CTL, parent0, "the parent is back where it started");
}

struct sweep {
	int spawned, refused, quota, bad;
};

/* Spawn h_exit on a new account with these limits; count the outcome and any charge left. */
static void spawn_limited(const uint64_t lim[3], struct sweep *sw)
{
	int64_t s = sub_account(CTL, lim[0], lim[1], lim[2]);
	int64_t p = spawn_on((uint32_t)s, "h_exit", "0");
	if (p > 0) {
		sky_wait(p, NULL);
		sw->spawned++;
	} else {
		sw->refused++;
		sw->quota += p == -SKY_E_QUOTA;
	}
	struct sky_account_info ai = info((uint32_t)s);
	if ((ai.used.kmem_bytes || ai.used.pages || ai.used.threads) && sw->bad++ < 3)
		CHECK(false, "limits (%llu, %llu, %llu): spawn (%s) left (%llu, %llu, %llu)",
		      (unsigned long long)lim[0], (unsigned long long)lim[1],
		      (unsigned long long)lim[2], sky_error_name(p),
		      (unsigned long long)ai.used.kmem_bytes, (unsigned long long)ai.used.pages,
		      (unsigned long long)ai.used.threads);
	object_delete((uint32_t)s);
}

/*
 * A spawn refused for want of any one resource, at any point of its way
 * (process, spaces, image, stack, thread, IPC buffer, page tables), leaves
 * its account exactly as it was. Limits from nothing up to what a child costs.
 */
static void refused_spawns(void)
{
	struct sky_account_info parent0 = info(CTL);
	uint64_t k0 = kmem(), f0 = free_frames();
	/* The scale: what a child that waits costs (h_exit costs about the same). */
	K = (uint32_t)object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint32_t reply = (uint32_t)object_create(SKY_OBJ_REPLY, 0, 0);
	struct sky_msg m;
	int64_t big = sub_account(CTL, 4 << 20, 4096, 8);
	int64_t pid = child_fills((uint32_t)big, "none", reply, &m);
	struct sky_account_info cost = info((uint32_t)big);
	finish_child(pid, reply);
	object_delete((uint32_t)big);

	struct sweep sw = { 0 };
	const uint64_t full[3] = { cost.used.kmem_bytes, cost.used.pages, cost.used.threads };
	for (int r = 0; r < 3; r++) {
		uint64_t steps = r == 0 ? 64 : full[r] + 1;
		for (uint64_t i = 0; i < steps; i++) {
			uint64_t lim[3] = { full[0], full[1], full[2] };
			lim[r] = r == 0 ? full[0] * i / steps : i;
			spawn_limited(lim, &sw);
		}
	}
	CHECK_EQ(sw.bad, 0, "refused spawns that left charges behind");
	CHECK(sw.refused > 0 && sw.quota == sw.refused,
	      "every refusal (%d) was SKY_E_QUOTA (%d); %d spawns fit", sw.refused, sw.quota,
	      sw.spawned);
	object_delete(reply);
	object_delete(K);
	use_is(CTL, parent0, "the parent is back where it started");
	CHECK_EQ(kmem(), k0, "kernel heap after refused spawns");
	CHECK_EQ(free_frames(), f0, "free frames after refused spawns");
}

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	no_control();
	info_calls();
	exact_charges();
	root_limits();
	creation();
	limits();
	nesting();
	page_tables();
	children();
	refused_spawns();
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the account tests");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the account tests");
	return check_finish();
}

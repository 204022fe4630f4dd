/*
 * t_mem — memory objects: made, mapped, written, read back and unmapped
 * (and then out of reach); every refused mapping or unmapping changes
 * nothing; a 1 MiB object shared read-only with a server process is the
 * same memory on both sides, not a copy, and the server cannot write it
 * (its write faults, and the fault reaches its handler as a message);
 * physical addresses of contiguous objects, and who may read them.
 */
#include "check.h"
#include "memshare.h"
#include "tthread.h"

#define PAGE      4096ull
#define RW        (SKY_RIGHT_READ | SKY_RIGHT_WRITE)
#define RESERVED  0x00007FFF00000000ull /* kernel-managed top of the user half */
#define STACK_TOP 0x00007FFFFFFE0000ull /* its end: the first thread's stack ends here */
#define USER_TOP  0x0000800000000000ull
#define PF_P      0x1
#define PF_W      0x2
#define PF_U      0x4
#define PF_I      0x10

static struct sky_sysinfo snap(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	return si;
}

static struct sky_account_info account(void)
{
	struct sky_account_info ai;
	sky_account_info(SKY_SLOT_ACCOUNT, &ai);
	return ai;
}

static uint8_t byte_at(uint64_t page, uint64_t off)
{
	return (uint8_t)(page * 37 + off * 11 + 1);
}

/* Fill pages [0, pages) mapped at va with byte_at(). */
static void fill(uint64_t va, uint64_t pages)
{
	volatile uint8_t *p = (volatile uint8_t *)va;
	for (uint64_t i = 0; i < pages * PAGE; i++)
		p[i] = byte_at(i / PAGE, i % PAGE);
}

/* Bytes in [va, va + pages) that are not byte_at(first + page, offset). */
static uint64_t differ(uint64_t va, uint64_t first, uint64_t pages)
{
	const volatile uint8_t *p = (const volatile uint8_t *)va;
	uint64_t bad = 0;
	for (uint64_t i = 0; i < pages * PAGE; i++)
		bad += p[i] != byte_at(first + i / PAGE, i % PAGE);
	return bad;
}

/* ---- a thread that reads an address; its faults come to us ---- */

struct reader {
	uint64_t addr;
	int64_t gate, done;
	volatile uint64_t value;
};

static void reader_main(void *arg)
{
	struct reader *r = arg;
	sky_wait_signal((uint32_t)r->gate);
	r->value = *(volatile uint64_t *)r->addr;
	sky_signal((uint32_t)r->done, 1);
}

/* Unmapped memory is out of reach: a read of it faults (delivered to us), and
 * once we map a fresh page there the read resumes and sees that page, not the old bytes. */
static void read_after_unmap(uint64_t addr)
{
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
	struct reader r = { .addr = addr,
			    .gate = object_create(SKY_OBJ_NOTIFICATION, 0, 0),
			    .done = object_create(SKY_OBJ_NOTIFICATION, 0, 0),
			    .value = 1 };
	struct tthread t;
	CHECK_EQ(tthread_spawn(&t, reader_main, &r), 0, "reader thread started");
	CHECK_EQ(sky_thread_faults((uint32_t)t.thread, (uint32_t)ep), 0, "we handle its faults");
	sky_signal((uint32_t)r.gate, 1);

	struct sky_msg m = { 0 };
	CHECK_EQ(SKY_MSG_LABEL(sky_recv((uint32_t)ep, (uint32_t)reply, 0, &m)), SKY_LABEL_FAULT,
		 "reading an unmapped page faults: the fault arrives as a message");
	CHECK_EQ(m.w[0], 14, "page fault vector");
	CHECK_EQ(m.w[1], addr, "at the address read");
	CHECK_EQ(m.w[3], PF_U, "error code: user read of a page not present");

	int64_t fresh = object_create(SKY_OBJ_MEMORY, 1, 0);
	uint64_t page = addr & ~(PAGE - 1);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)fresh, page, 0, 1, RW), 0,
		 "the handler maps a fresh page there");
	m = (struct sky_msg){ .info = SKY_MSG(SKY_FAULT_RESUME, 0, 0) };
	sky_reply((uint32_t)reply, &m);
	sky_wait_signal((uint32_t)r.done);
	CHECK_EQ(r.value, 0, "the resumed read sees the fresh zero page, not the unmapped bytes");

	tthread_free(&t);
	sky_mem_unmap(SKY_SLOT_ASPACE, page);
	object_delete((uint32_t)fresh);
	object_delete((uint32_t)r.gate);
	object_delete((uint32_t)r.done);
	object_delete((uint32_t)reply);
	object_delete((uint32_t)ep);
}

/* ---- create, map, write, read, alias, unmap ---- */

static void map_basics(void)
{
	struct sky_sysinfo before = snap();
	struct sky_account_info acct0 = account();
	int64_t mem = object_create(SKY_OBJ_MEMORY, 4, 0);
	struct sky_cap_info ci = { 0 };
	CHECK(mem >= 0 && sky_cap_identify((uint32_t)mem, &ci) == 0 && ci.type == SKY_OBJ_MEMORY &&
		      ci.rights == SKY_RIGHTS_ALL,
	      "a new memory object: every right");
	CHECK_EQ(account().used.pages - acct0.used.pages, 4,
		 "its 4 pages are charged to our account");

	uint64_t va = vaddr_reserve(4);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, va, 0, 4, RW), 0,
		 "map 4 pages writable");
	uint64_t nonzero = 0;
	for (uint64_t i = 0; i < 4 * PAGE; i++)
		nonzero += ((volatile uint8_t *)va)[i] != 0;
	CHECK_EQ(nonzero, 0, "a new object reads as zeros");
	fill(va, 4);
	CHECK_EQ(differ(va, 0, 4), 0, "written bytes read back");

	/* The same object again, read-only, and a one-page window on its page 2. */
	uint64_t alias = vaddr_reserve(4), window = vaddr_reserve(1);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, alias, 0, 4, SKY_RIGHT_READ), 0,
		 "map the same object a second time, read-only");
	CHECK_EQ(differ(alias, 0, 4), 0, "the second mapping shows the same bytes");
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, window, 2, 1, SKY_RIGHT_READ), 0,
		 "map page 2 alone");
	CHECK_EQ(differ(window, 2, 1), 0, "the window shows page 2");
	((volatile uint8_t *)va)[2 * PAGE + 5] = 0xAB;
	CHECK_EQ(((volatile uint8_t *)window)[5], 0xAB,
		 "a write through one mapping shows in another");
	((volatile uint8_t *)va)[2 * PAGE + 5] = byte_at(2, 5);

	CHECK_EQ(sky_mem_unmap(SKY_SLOT_ASPACE, alias), 0, "unmap the alias");
	CHECK_EQ(sky_mem_unmap(SKY_SLOT_ASPACE, alias), -SKY_E_RANGE, "unmapping it again");
	CHECK_EQ(differ(va, 0, 4), 0, "the first mapping is untouched by the alias going");
	CHECK_EQ(sky_mem_unmap(SKY_SLOT_ASPACE, window), 0, "unmap the window");
	CHECK_EQ(sky_mem_unmap(SKY_SLOT_ASPACE, va), 0, "unmap the first mapping");
	read_after_unmap(va + PAGE + 8);

	/* The object outlives its mappings: map it again, the bytes are still there. */
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, va, 0, 4, SKY_RIGHT_READ), 0,
		 "map the object again after unmapping it everywhere");
	CHECK_EQ(differ(va, 0, 4), 0, "its bytes survived");
	sky_mem_unmap(SKY_SLOT_ASPACE, va);
	object_delete((uint32_t)mem);

	struct sky_sysinfo after = snap();
	CHECK_EQ(account().used.pages, acct0.used.pages, "pages given back when the object goes");
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after map/unmap");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after map/unmap");
}

/* ---- refused maps and unmaps change nothing ---- */

static void map_errors(void)
{
	int64_t mem = object_create(SKY_OBJ_MEMORY, 4, 0);
	int64_t other = object_create(SKY_OBJ_MEMORY, 1, 0);
	uint64_t va = vaddr_reserve(4), free = vaddr_reserve(8);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, va, 0, 2, RW), 0,
		 "map pages 0-1 of a 4-page object");
	fill(va, 2);
	int64_t ro = slot_alloc(), rw = slot_alloc(), wo = slot_alloc(), as_ctl = slot_alloc();
	sky_cap_derive((uint32_t)mem, (uint32_t)ro, SKY_RIGHT_READ, 0);
	sky_cap_derive((uint32_t)mem, (uint32_t)rw, RW, 0);
	sky_cap_derive((uint32_t)mem, (uint32_t)wo, SKY_RIGHT_WRITE, 0);
	sky_cap_derive(SKY_SLOT_ASPACE, (uint32_t)as_ctl, SKY_RIGHT_CONTROL, 0);
	struct sky_cap_info mem_ci0, mem_ci1;
	sky_cap_identify((uint32_t)mem, &mem_ci0);
	struct sky_sysinfo before = snap();
	struct sky_account_info acct0 = account();

	uint32_t A = SKY_SLOT_ASPACE, M = (uint32_t)mem;
	/* Outside the object. */
	CHECK_EQ(sky_mem_map(A, M, free, 3, 2, RW), -SKY_E_RANGE, "pages 3-4 of a 4-page object");
	CHECK_EQ(sky_mem_map(A, M, free, 4, 1, RW), -SKY_E_RANGE, "page 4 of a 4-page object");
	CHECK_EQ(sky_mem_map(A, M, free, 0, 5, RW), -SKY_E_RANGE, "5 pages of a 4-page object");
	CHECK_EQ(sky_mem_map(A, M, free, 1, UINT64_MAX, RW), -SKY_E_RANGE,
		 "first_page + pages wrapping around");
	/* Misaligned. */
	CHECK_EQ(sky_mem_map(A, M, free + 8, 0, 1, RW), -SKY_E_ALIGN, "vaddr 8 bytes into a page");
	CHECK_EQ(sky_mem_map(A, M, free + 2048, 0, 1, RW), -SKY_E_ALIGN, "vaddr half a page in");
	/* The kernel-managed region and beyond user space. */
	CHECK_EQ(sky_mem_map(A, M, RESERVED, 0, 1, RW), -SKY_E_RANGE,
		 "at the start of the kernel-managed region");
	CHECK_EQ(sky_mem_map(A, M, RESERVED - PAGE, 0, 2, RW), -SKY_E_RANGE,
		 "running from below into the kernel-managed region");
	CHECK_EQ(sky_mem_map(A, M, RESERVED + 0x100000, 0, 1, RW), -SKY_E_RANGE,
		 "inside the kernel-managed region");
	CHECK_EQ(sky_mem_map(A, M, STACK_TOP - PAGE, 0, 1, RW), -SKY_E_RANGE,
		 "on the first thread's stack");
	CHECK_EQ(sky_mem_map(A, M, USER_TOP, 0, 1, RW), -SKY_E_RANGE, "at the end of user space");
	CHECK_EQ(sky_mem_map(A, M, 0xFFFF800000000000ull, 0, 1, RW), -SKY_E_RANGE,
		 "in the kernel half");
	CHECK_EQ(sky_mem_map(A, M, 0, 0, 1, RW), -SKY_E_RANGE, "at address 0");
	/* Overlaps. */
	CHECK_EQ(sky_mem_map(A, M, va, 0, 1, SKY_RIGHT_READ), -SKY_E_EXISTS,
		 "exactly over the existing mapping");
	CHECK_EQ(sky_mem_map(A, (uint32_t)other, va + PAGE, 0, 1, RW), -SKY_E_EXISTS,
		 "another object over its second page");
	CHECK_EQ(sky_mem_map(A, M, va - PAGE, 0, 2, RW), -SKY_E_EXISTS,
		 "from the page below into its first page");
	CHECK_EQ(sky_mem_map(A, M, va - PAGE, 0, 4, RW), -SKY_E_EXISTS, "covering it entirely");
	/* Rights. */
	CHECK_EQ(sky_mem_map(A, M, free, 0, 1, RW | SKY_RIGHT_EXEC), -SKY_E_PERM,
		 "writable and executable at once");
	CHECK_EQ(sky_mem_map(A, M, free, 0, 1, SKY_RIGHT_WRITE | SKY_RIGHT_EXEC), -SKY_E_PERM,
		 "W+X without asking for READ (implied)");
	CHECK_EQ(sky_mem_map(A, M, free, 0, 1, SKY_RIGHT_GRANT), -SKY_E_INVAL,
		 "an unknown rights bit");
	CHECK_EQ(sky_mem_map(A, (uint32_t)ro, free, 0, 1, RW), -SKY_E_RIGHTS,
		 "writable through a READ-only copy");
	CHECK_EQ(sky_mem_map(A, (uint32_t)ro, free, 0, 1, SKY_RIGHT_READ | SKY_RIGHT_EXEC),
		 -SKY_E_RIGHTS, "executable through a READ-only copy");
	CHECK_EQ(sky_mem_map(A, (uint32_t)rw, free, 0, 1, SKY_RIGHT_READ | SKY_RIGHT_EXEC),
		 -SKY_E_RIGHTS, "executable through a READ|WRITE copy");
	CHECK_EQ(sky_mem_map(A, (uint32_t)wo, free, 0, 1, SKY_RIGHT_WRITE), -SKY_E_RIGHTS,
		 "any map through a copy without READ");
	CHECK_EQ(sky_mem_map((uint32_t)as_ctl, M, free, 0, 1, RW), -SKY_E_RIGHTS,
		 "through an address-space capability without WRITE");
	CHECK_EQ(sky_mem_map(A, SKY_SLOT_ASPACE, free, 0, 1, RW), -SKY_E_TYPE,
		 "an address space as the memory object");
	CHECK_EQ(sky_mem_map(M, M, free, 0, 1, RW), -SKY_E_TYPE,
		 "a memory object as the address space");
	CHECK_EQ(sky_mem_map(A, 250, free, 0, 1, RW), -SKY_E_EMPTY,
		 "an empty slot as the memory object");
	/* Unmaps where no mapping starts. */
	CHECK_EQ(sky_mem_unmap(A, va + PAGE), -SKY_E_RANGE,
		 "unmap inside a mapping, not at its start");
	CHECK_EQ(sky_mem_unmap(A, va + 8), -SKY_E_RANGE, "unmap 8 bytes into a mapping");
	CHECK_EQ(sky_mem_unmap(A, free), -SKY_E_RANGE, "unmap where nothing is mapped");
	CHECK_EQ(sky_mem_unmap(A, (uint64_t)sky_ipc_buffer()), -SKY_E_RANGE,
		 "unmap our own IPC buffer (kernel-managed)");
	CHECK_EQ(sky_mem_unmap(A, STACK_TOP - 0x10000), -SKY_E_RANGE,
		 "unmap the first thread's stack (kernel-managed)");
	CHECK_EQ(sky_mem_unmap((uint32_t)as_ctl, va), -SKY_E_RIGHTS,
		 "unmap through an address-space capability without WRITE");

	struct sky_sysinfo after = snap();
	struct sky_account_info acct1 = account();
	sky_cap_identify((uint32_t)mem, &mem_ci1);
	CHECK_EQ(after.free_frames, before.free_frames, "refusals: free frames unchanged");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "refusals: kernel heap unchanged");
	CHECK(acct1.used.kmem_bytes == acct0.used.kmem_bytes &&
		      acct1.used.pages == acct0.used.pages,
	      "refusals: account use unchanged");
	CHECK(mem_ci1.type == mem_ci0.type && mem_ci1.rights == mem_ci0.rights,
	      "refusals: the memory capability unchanged");
	CHECK_EQ(differ(va, 0, 2), 0, "refusals: the existing mapping still shows its bytes");
	((volatile uint8_t *)va)[PAGE + 1] = 0x5C;
	CHECK_EQ(((volatile uint8_t *)va)[PAGE + 1], 0x5C, "refusals: and is still writable");
	CHECK_EQ(sky_ipc_buffer()->self, (uint64_t)sky_ipc_buffer(),
		 "our IPC buffer is still there");

	/* Overlap is exact: the neighbouring pages on both sides are free. */
	CHECK_EQ(sky_mem_map(A, M, va + 2 * PAGE, 2, 2, RW), 0, "map right above the mapping");
	CHECK_EQ(sky_mem_map(A, (uint32_t)other, va - PAGE, 0, 1, RW), 0,
		 "map right below the mapping");
	CHECK_EQ(sky_mem_unmap(A, va - PAGE) | sky_mem_unmap(A, va + 2 * PAGE) |
			 sky_mem_unmap(A, va),
		 0, "unmap all three");
	/* The region ends where the first stack does: the rest up to the end of user space is ours.
	 */
	CHECK_EQ(sky_mem_map(A, (uint32_t)other, STACK_TOP, 0, 1, RW), 0,
		 "map right above the first thread's stack (past the kernel-managed region)");
	CHECK_EQ(sky_mem_map(A, M, USER_TOP - 2 * PAGE, 0, 2, RW), 0,
		 "map the last two user pages");
	((volatile uint8_t *)USER_TOP)[-1] = 0x11;
	CHECK_EQ(((volatile uint8_t *)USER_TOP)[-1], 0x11, "the very last user byte is usable");
	CHECK_EQ(sky_mem_unmap(A, STACK_TOP) | sky_mem_unmap(A, USER_TOP - 2 * PAGE), 0,
		 "unmap both");
	object_delete((uint32_t)ro);
	object_delete((uint32_t)rw);
	object_delete((uint32_t)wo);
	object_delete((uint32_t)as_ctl);
	object_delete((uint32_t)other);
	object_delete((uint32_t)mem);
}

/* ---- zero-copy sharing with a server process ---- */

#define SEED      0x3C
#define MARK_OFF  17
#define FAULT_OFF (7 * PAGE + 123)

static int64_t share_call(uint32_t ep, uint64_t label, uint64_t w0, struct sky_msg *m)
{
	*m = (struct sky_msg){ .info = SKY_MSG(label, 0, 0), .w = { w0 } };
	int64_t r = sky_call(ep, m);
	return r < 0 ? r : (int64_t)SKY_MSG_LABEL(m->info);
}

static void share_fault_report(uint32_t ep, volatile uint8_t *mine)
{
	struct sky_msg m;
	CHECK_EQ(share_call(ep, SHARE_WRITE_FAULT, FAULT_OFF, &m), SHARE_WRITE_FAULT,
		 "server: write through its read-only mapping");
	struct share_fault f = *(struct share_fault *)sky_ipc_buffer()->data;
	CHECK_EQ(SKY_MSG_LEN(m.info), sizeof f, "the fault report arrived");
	CHECK_EQ(f.label, SKY_LABEL_FAULT, "the server's handler got a SKY_LABEL_FAULT message");
	CHECK_EQ(f.badge, SHARE_BADGE, "with the badge of its handler endpoint capability");
	CHECK_EQ(f.vector, 14, "vector 14 (page fault)");
	CHECK_EQ(f.addr, f.map_va + FAULT_OFF, "at the address written");
	CHECK_EQ(f.error & (PF_P | PF_W | PF_U | PF_I), PF_P | PF_W | PF_U,
		 "error code: user write to a present page (write bit set)");
	CHECK(f.rip >= 0x400000 && f.rip < 0x800000, "rip in the server's text (0x%llx)",
	      (unsigned long long)f.rip);
	CHECK_EQ(f.wrote, 0, "the killed writer never got past the write");
	CHECK_EQ(mine[FAULT_OFF], share_pattern(FAULT_OFF, SEED), "the client's byte is unchanged");
	CHECK_EQ(share_call(ep, SHARE_MARKS, MARK_OFF, &m) >= 0 ? m.w[0] : 0, SHARE_PAGES,
		 "the server lives on after its writer was killed, still sharing");
}

static void share_phys(uint32_t ep)
{
	int64_t contig = object_create(SKY_OBJ_MEMORY, 4, SKY_MEM_CONTIG);
	int64_t pcopy = slot_alloc();
	CHECK_EQ(sky_cap_derive((uint32_t)contig, (uint32_t)pcopy, SKY_RIGHT_READ | SKY_RIGHT_PHYS,
				0),
		 0, "a READ|PHYS copy of a contiguous object");
	sky_ipc_buffer()->send_caps[0] = (uint32_t)pcopy;
	struct sky_msg m = { .info = SKY_MSG(SHARE_PHYS, 0, 1), .w = { 4 } };
	CHECK_EQ(SKY_MSG_LABEL(sky_call(ep, &m)), SHARE_PHYS, "sent to the server over GRANT");
	bool same = true;
	for (uint64_t i = 0; i < 4; i++)
		same = same && m.w[i] == (uint64_t)sky_mem_phys((uint32_t)contig, i);
	CHECK(same && m.w[0] > 0,
	      "the server sees the same physical address for each page (0x%llx..)",
	      (unsigned long long)m.w[0]);
	object_delete((uint32_t)pcopy);
	object_delete((uint32_t)contig);
}

static void sharing(void)
{
	struct sky_sysinfo before = snap();
	int64_t mem = object_create(SKY_OBJ_MEMORY, SHARE_PAGES, 0);
	uint64_t va = vaddr_reserve(SHARE_PAGES);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)mem, va, 0, SHARE_PAGES, RW), 0,
		 "client maps 1 MiB writable");
	volatile uint8_t *mine = (volatile uint8_t *)va;
	for (uint64_t i = 0; i < SHARE_BYTES; i++)
		mine[i] = share_pattern(i, SEED);

	int64_t ro = slot_alloc();
	struct sky_cap_info ci = { 0 };
	sky_cap_derive((uint32_t)mem, (uint32_t)ro, SKY_RIGHT_READ, 0);
	CHECK(sky_cap_identify((uint32_t)ro, &ci) == 0 && ci.rights == SKY_RIGHT_READ,
	      "a READ-only derived copy");
	int64_t ep = object_create(SKY_OBJ_ENDPOINT, 0, 0);
	uint32_t caps[2] = { (uint32_t)ep, (uint32_t)ro };
	int64_t pid = spawn_with_caps("h_memshare", NULL, SKY_PRIO_INHERIT, caps, 2);
	CHECK(pid > 0, "server started with the endpoint and the READ-only copy");
	/* Keep only a send (and grant) copy: should the server die, our calls fail, not hang. */
	int64_t send = slot_alloc();
	sky_cap_derive((uint32_t)ep, (uint32_t)send, SKY_RIGHT_WRITE | SKY_RIGHT_GRANT, 0);
	object_delete((uint32_t)ep);
	ep = send;

	struct sky_msg m;
	CHECK_EQ(share_call((uint32_t)ep, SHARE_PING, 0, &m), SHARE_PING, "server answers");
	uint64_t frames = free_frames();
	CHECK_EQ(share_call((uint32_t)ep, SHARE_VERIFY, SEED, &m), SHARE_VERIFY, "server verifies");
	uint64_t used = frames - free_frames();
	CHECK_EQ(m.w[0], 0, "server reads all 1 MiB exactly as the client wrote it");
	CHECK(used < 16, "mapping 256 pages in the server took %llu frames (page tables, no copy)",
	      (unsigned long long)used);
	CHECK_EQ((int64_t)m.w[2], -SKY_E_RIGHTS, "server cannot map its READ-only copy writable");
	CHECK_EQ((int64_t)m.w[3], -SKY_E_RIGHTS, "nor read physical addresses through it");

	for (uint64_t p = 0; p < SHARE_PAGES; p++)
		mine[p * PAGE + MARK_OFF] = share_mark(p, MARK_OFF, SEED);
	CHECK_EQ(share_call((uint32_t)ep, SHARE_MARKS, MARK_OFF, &m) >= 0 ? m.w[0] : 0, SHARE_PAGES,
		 "the server sees the client's later writes in all 256 pages: the same memory");

	share_fault_report((uint32_t)ep, mine);
	share_phys((uint32_t)ep);

	CHECK_EQ(share_call((uint32_t)ep, SHARE_EXIT, 0, &m), SHARE_EXIT, "server told to exit");
	struct sky_exit_info e = { 0 };
	CHECK_EQ(sky_wait(pid, &e), pid, "server reaped");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "server exited normally (reason %u, code %lld)", e.reason, (long long)e.code);
	sky_mem_unmap(SKY_SLOT_ASPACE, va);
	object_delete((uint32_t)ro);
	object_delete((uint32_t)mem);
	object_delete((uint32_t)ep);
	struct sky_sysinfo after = snap();
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after sharing");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after sharing");
}

/* ---- physical addresses ---- */

static void phys(void)
{
	int64_t contig = object_create(SKY_OBJ_MEMORY, 8, SKY_MEM_CONTIG);
	int64_t scattered = object_create(SKY_OBJ_MEMORY, 8, 0);
	CHECK(contig >= 0 && scattered >= 0, "a contiguous and a scattered 8-page object");
	int64_t base = sky_mem_phys((uint32_t)contig, 0);
	CHECK(base > 0 && base % PAGE == 0, "page 0 has a page-aligned physical address (0x%llx)",
	      (unsigned long long)base);
	int steps = 0;
	for (uint64_t i = 1; i < 8; i++)
		steps += sky_mem_phys((uint32_t)contig, i) == base + (int64_t)(i * PAGE);
	CHECK_EQ(steps, 7, "pages 1..7 follow at consecutive physical addresses");
	CHECK_EQ(sky_mem_phys((uint32_t)contig, 8), -SKY_E_RANGE, "page 8 of 8");
	CHECK_EQ(sky_mem_phys((uint32_t)contig, UINT64_MAX), -SKY_E_RANGE, "page 2^64-1");
	CHECK_EQ(sky_mem_phys((uint32_t)scattered, 0), -SKY_E_INVAL, "a non-contiguous object");

	int64_t nophys = slot_alloc(), sc_ro = slot_alloc();
	sky_cap_derive((uint32_t)contig, (uint32_t)nophys, SKY_RIGHTS_ALL & ~SKY_RIGHT_PHYS, 0);
	sky_cap_derive((uint32_t)scattered, (uint32_t)sc_ro, SKY_RIGHT_READ, 0);
	CHECK_EQ(sky_mem_phys((uint32_t)nophys, 0), -SKY_E_RIGHTS, "contiguous, but no PHYS right");
	CHECK_EQ(sky_mem_phys((uint32_t)sc_ro, 0), -SKY_E_RIGHTS,
		 "no PHYS on a non-contiguous object: the rights check comes first");
	CHECK_EQ(sky_mem_phys(SKY_SLOT_ASPACE, 0), -SKY_E_TYPE, "not a memory object");

	/* The contiguous object is ordinary memory too. */
	uint64_t va = vaddr_reserve(8);
	CHECK_EQ(sky_mem_map(SKY_SLOT_ASPACE, (uint32_t)contig, va, 0, 8, RW), 0, "map it");
	fill(va, 8);
	CHECK_EQ(differ(va, 0, 8), 0, "and use it");
	sky_mem_unmap(SKY_SLOT_ASPACE, va);
	object_delete((uint32_t)nophys);
	object_delete((uint32_t)sc_ro);
	object_delete((uint32_t)contig);
	object_delete((uint32_t)scattered);
}

int main(void)
{
	struct sky_sysinfo before = snap();
	map_basics();
	map_errors();
	phys();
	sharing();
	struct sky_sysinfo after = snap();
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after t_mem");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after t_mem");
	CHECK_EQ(after.threads, before.threads, "threads after t_mem");
	return check_finish();
}

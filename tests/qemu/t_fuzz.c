/*
 * t_fuzz — a million random system calls (h_fuzz) must not panic or hang
 * the kernel, and when the fuzzer is gone every frame and every byte of
 * kernel heap comes back. The fuzzer runs in a sub-account, so what it can
 * take is bounded, and that account must read zero use at the end. It gets
 * device capabilities that can do no harm, so the I/O and interrupt calls
 * succeed too: ports 0x80-0x83 (POST and DMA page registers) and interrupt
 * line 5, which no device of this machine drives. (init gives t_fuzz the
 * root task's device capabilities to carve these from.)
 */
#include "check.h"

#define MS 1000000ull

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);

	int64_t acct = slot_alloc(), ports = slot_alloc(), line = slot_alloc();
	int64_t ntfn = object_create(SKY_OBJ_NOTIFICATION, 0, 0);
	struct sky_account_limits lim = { .kmem_bytes = 16 << 20, .pages = 8192, .threads = 64 };
	CHECK_EQ(sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_ACCOUNT, (uint32_t)acct, (uint64_t)&lim,
				0),
		 0, "sub-account for the fuzzer");
	CHECK_EQ(sky_ioport_narrow(SKY_SLOT_IOPORTS, 0x80, 4, (uint32_t)ports), 0,
		 "ports 0x80-0x83");
	CHECK_EQ(sky_irq_claim(SKY_SLOT_IRQ_CONTROL, 5, (uint32_t)ntfn, 1, (uint32_t)line), 0,
		 "interrupt line 5");
	struct sky_spawn req = { .name = "h_fuzz",
				 .name_len = 6,
				 .args = "1",
				 .args_len = 2,
				 .priority = SKY_PRIO_INHERIT,
				 .account = (uint32_t)acct,
				 .ncaps = 3,
				 .caps = { (uint32_t)ports, (uint32_t)line, SKY_SLOT_BOOTFS } };
	int64_t pid = sky_spawn_req(&req);
	CHECK(pid > 0, "fuzzer started");
	struct sky_exit_info e;
	CHECK_EQ(sky_wait(pid, &e), pid, "fuzzer finished");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0,
	      "fuzzer ran to the end (reason %u, code %lld)", e.reason, (long long)e.code);

	sky_sleep(50 * MS); /* loose threads the fuzzer left finish dying */
	struct sky_account_info ai;
	CHECK_EQ(sky_account_info((uint32_t)acct, &ai), 0, "account info");
	CHECK(ai.used.kmem_bytes == 0 && ai.used.pages == 0 && ai.used.threads == 0,
	      "the fuzzer's account is empty again (kmem %llu, pages %llu, threads %llu)",
	      (unsigned long long)ai.used.kmem_bytes, (unsigned long long)ai.used.pages,
	      (unsigned long long)ai.used.threads);
	object_delete((uint32_t)acct);
	object_delete((uint32_t)ports);
	object_delete((uint32_t)line);
	object_delete((uint32_t)ntfn);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the fuzzer");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the fuzzer");
	CHECK_EQ(after.processes, before.processes, "processes after the fuzzer");
	CHECK_EQ(after.threads, before.threads, "threads after the fuzzer");
	return check_finish();
}

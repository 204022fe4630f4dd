/*
 * t_fuzz — a million random system calls (h_fuzz) must not panic or hang
 * the kernel, and when the fuzzer is gone every frame and every byte of
 * kernel heap comes back. The fuzzer runs in a sub-account, so what it can
 * take is bounded, and that account must read zero use at the end.
 */
#include "check.h"

#define MS 1000000ull

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);

	int64_t acct = slot_alloc();
	struct sky_account_limits lim = { .kmem_bytes = 16 << 20, .pages = 8192, .threads = 64 };
	CHECK_EQ(sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_ACCOUNT, (uint32_t)acct, (uint64_t)&lim,
				0),
		 0, "sub-account for the fuzzer");
	struct sky_spawn req = { .name = "h_fuzz",
				 .name_len = 6,
				 .args = "1",
				 .args_len = 2,
				 .priority = SKY_PRIO_INHERIT,
				 .account = (uint32_t)acct };
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
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after the fuzzer");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap after the fuzzer");
	CHECK_EQ(after.processes, before.processes, "processes after the fuzzer");
	CHECK_EQ(after.threads, before.threads, "threads after the fuzzer");
	return check_finish();
}

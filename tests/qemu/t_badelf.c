/*
 * t_badelf — malformed programs are refused with SKY_E_CORRUPT (and a log
 * line the harness looks for), nothing of them remains, and good programs
 * still start afterwards. The files are made by tests/tools/mkbadelf.
 */
#include "check.h"

static const char *const bad[] = {
	"bad_magic",         "bad_class32",     "bad_bigendian",  "bad_machine",
	"bad_type_dyn",      "bad_phentsize",   "bad_phnum_zero", "bad_phoff_past_end",
	"bad_seg_past_file", "bad_seg_kernel",  "bad_seg_wrap",   "bad_seg_absurd",
	"bad_seg_wx",        "bad_seg_overlap", "bad_seg_stack",  "bad_filesz_gt_memsz",
	"bad_entry_outside", "bad_interp",      "bad_truncated",  "bad_empty",
};

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_EQ(spawn1(bad[i], NULL), -SKY_E_CORRUPT, bad[i]);
	sky_sysinfo(&after);
	CHECK_EQ(after.free_frames, before.free_frames,
		 "free frames unchanged by refused programs");
	CHECK_EQ(after.kmem_bytes, before.kmem_bytes, "kernel heap unchanged by refused programs");
	CHECK_EQ(after.processes, before.processes, "no process left behind");

	struct sky_exit_info e;
	CHECK_EQ(run1("good_copy", NULL, &e), 0,
		 "the unmodified program mkbadelf started from runs");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0, "and exits cleanly");
	return check_finish();
}

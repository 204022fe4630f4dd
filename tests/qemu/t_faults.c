/*
 * t_faults — every kind of user misbehaviour ends only the process that
 * did it, with the exception the CPU raised, and the system goes on.
 */
#include "check.h"
#include "kernel_symbols.h"

#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4
#define PF_FETCH   0x10

struct expect {
	const char *mode;
	uint32_t vector;
	uint64_t error_mask, error_bits; /* (error & mask) == bits */
	uint64_t addr;                   /* page-fault address, when checked */
	bool check_addr;
};

static const struct expect cases[] = {
	{ "divzero", 0, 0, 0, 0, false },
	{ "ud2", 6, 0, 0, 0, false },
	{ "read_kernel", 14, PF_USER | PF_WRITE | PF_FETCH, PF_USER, KERNEL_SYMBOL_kmain, true },
	{ "write_kernel", 14, PF_USER | PF_WRITE, PF_USER | PF_WRITE, KERNEL_SYMBOL_log_threshold,
	  true },
	{ "read_physmap", 14, PF_USER, PF_USER, 0xFFFF800000100000ull, true },
	{ "jump_kernel", 14, PF_USER | PF_FETCH, PF_USER | PF_FETCH, KERNEL_SYMBOL_kmain, true },
	{ "jump_noncanonical", 13, 0, 0, 0, false },
	{ "read_null", 14, PF_PRESENT | PF_USER, PF_USER, 0, true },
	{ "write_rodata", 14, PF_PRESENT | PF_WRITE | PF_USER, PF_PRESENT | PF_WRITE | PF_USER, 0,
	  false },
	{ "write_text", 14, PF_PRESENT | PF_WRITE | PF_USER, PF_PRESENT | PF_WRITE | PF_USER, 0,
	  false },
	{ "exec_data", 14, PF_PRESENT | PF_FETCH | PF_USER, PF_PRESENT | PF_FETCH | PF_USER, 0,
	  false },
	{ "privileged", 13, 0, 0, 0, false },
	{ "port_io", 13, 0, 0, 0, false },
	{ "int80", 13, 0, 0, 0, false },
	{ "stack_overflow", 14, PF_PRESENT | PF_USER, PF_USER, 0, false },
};

int main(void)
{
	struct sky_sysinfo before, after;
	sky_sysinfo(&before);
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct expect *c = &cases[i];
		struct sky_exit_info e;
		int64_t r = run1("h_fault", c->mode, &e);
		CHECK_EQ(r, 0, c->mode);
		CHECK(e.reason == SKY_EXIT_FAULT && e.vector == c->vector,
		      "%s: ended by fault vector %u (reason %u, vector %u)", c->mode, c->vector,
		      e.reason, e.vector);
		CHECK((e.error_code & c->error_mask) == c->error_bits,
		      "%s: error code 0x%llx has bits 0x%llx under mask 0x%llx", c->mode,
		      (unsigned long long)e.error_code, (unsigned long long)c->error_bits,
		      (unsigned long long)c->error_mask);
		if (c->check_addr)
			CHECK(e.fault_addr == c->addr, "%s: fault address 0x%llx", c->mode,
			      (unsigned long long)e.fault_addr);
	}
	sky_sysinfo(&after);
	unsigned n = sizeof cases / sizeof cases[0];
	CHECK_EQ(after.user_faults - before.user_faults, n, "faults counted");
	CHECK_EQ(after.free_frames, before.free_frames, "free frames after all faults");
	CHECK_EQ(after.processes, before.processes, "processes after all faults");
	return check_finish();
}

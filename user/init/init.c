/*
 * init — the root task. Its arguments are the kernel command line's words.
 * With `plan=a,b,c` it runs the named test programs one after another and
 * reports each over the console in the test plan protocol (docs/testing.md),
 * then exits with the number of failures, which stops the machine. Only the
 * tests named in device_tests[] and bootfs_tests[] receive its device or
 * boot-file capabilities.
 * Without a plan it greets, runs `hello`, and idles.
 */
#include "rt.h"

static const char *find_plan(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "plan=", 5) == 0)
			return argv[i] + 5;
	return NULL;
}

static void describe(const struct sky_exit_info *e, char *buf, size_t size)
{
	switch (e->reason) {
	case SKY_EXIT_NORMAL:
		snprintf(buf, size, "exit code %lld", (long long)e->code);
		break;
	case SKY_EXIT_FAULT:
		snprintf(buf, size, "fault vector %u at rip 0x%llx", e->vector,
			 (unsigned long long)e->fault_rip);
		break;
	default:
		snprintf(buf, size, "ended, reason %u", e->reason);
		break;
	}
}

/*
 * Plan entries that are user-space driver tests: only these get the root
 * task's device capabilities, every I/O port (slot 4) and interrupt control
 * (slot 5), in their own slots 4 and 5. Every other program starts without
 * any authority over devices, so a test that goes wrong cannot reprogram the
 * interrupt controllers, the serial console or the exit port the judge
 * relies on.
 */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* Tests that get init's device capabilities and the boot files (slots 4-6), or only the boot files
 * (slot 4). */
static const char *const device_tests[] = { "t_irq", "t_fuzz" };
static const char *const bootfs_tests[] = { "t_bootfs", "t_zstd", "t_pkg" };

static bool is_named(const char *const *names, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return true;
	return false;
}

/* Run one plan entry, "name" or "name:argument"; true if it passed. */
static bool run_test(const char *name, size_t len)
{
	printf("plan: run %.*s\n", (int)len, name);
	char arg[64] = "";
	size_t name_len = len, arg_len = 0;
	const char *colon = memchr(name, ':', len);
	if (colon && (size_t)(name + len - colon) < sizeof arg) {
		name_len = (size_t)(colon - name);
		arg_len = len - name_len; /* the argument and its NUL */
		memcpy(arg, colon + 1, arg_len - 1);
	}
	struct sky_spawn req = { .name = name,
				 .name_len = name_len,
				 .args = arg,
				 .args_len = arg_len,
				 .priority = SKY_PRIO_INHERIT,
				 .account = SKY_SLOT_ACCOUNT };
	if (is_named(device_tests, NELEM(device_tests), name, name_len)) {
		req.ncaps = 3;
		req.caps[0] = SKY_SLOT_IOPORTS;
		req.caps[1] = SKY_SLOT_IRQ_CONTROL;
		req.caps[2] = SKY_SLOT_BOOTFS;
	} else if (is_named(bootfs_tests, NELEM(bootfs_tests), name, name_len)) {
		req.ncaps = 1;
		req.caps[0] = SKY_SLOT_BOOTFS;
	}
	int64_t pid = sky_spawn_req(&req);
	if (pid < 0) {
		printf("plan: result %.*s fail (spawn: %s)\n", (int)len, name, sky_error_name(pid));
		return false;
	}
	struct sky_exit_info e;
	int64_t r = sky_wait(pid, &e);
	if (r != pid) {
		printf("plan: result %.*s fail (wait: %s)\n", (int)len, name, sky_error_name(r));
		return false;
	}
	char how[80];
	describe(&e, how, sizeof how);
	bool pass = e.reason == SKY_EXIT_NORMAL && e.code == 0;
	printf("plan: result %.*s %s (%s)\n", (int)len, name, pass ? "pass" : "fail", how);
	return pass;
}

static int run_plan(const char *plan)
{
	unsigned total = 1, passed = 0;
	for (const char *p = plan; *p; p++)
		total += *p == ',';
	printf("plan: begin %u tests\n", total);
	for (const char *p = plan;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		passed += run_test(p, len);
		if (!end)
			break;
		p = end + 1;
	}
	printf("plan: end %u passed, %u failed\n", passed, total - passed);
	return (int)(total - passed);
}

static void greet(void)
{
	struct sky_sysinfo si;
	sky_sysinfo(&si);
	printf("\nSkyscope OS — init running as pid %lld\n", (long long)sky_process_id());
	printf("memory: %llu of %llu frames free (%llu MiB); tsc %llu MHz\n",
	       (unsigned long long)si.free_frames, (unsigned long long)si.total_frames,
	       (unsigned long long)(si.free_frames >> 8),
	       (unsigned long long)(si.tsc_hz / 1000000));
	const char *const args[] = { "from", "init", NULL };
	int64_t pid = spawn("hello", args, SKY_PRIO_INHERIT);
	if (pid > 0)
		sky_wait(pid, NULL);
	printf("init: nothing more to run; the system is idle (QEMU: Ctrl-A X quits)\n");
}

int main(int argc, char **argv)
{
	const char *plan = find_plan(argc, argv);
	if (plan)
		return run_plan(plan);
	greet();
	for (;;)
		sky_sleep(1000000000ull * 3600);
}

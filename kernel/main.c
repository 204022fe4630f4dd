/*
 * main.c — kmain(): bring the machine up in dependency order, start the
 * root task, and hand the CPU to the scheduler. Everything after this runs
 * in threads.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/trap.h"
#include "base/string.h"
#include "account.h"
#include "boot.h"
#include "bootfs.h"
#include "crypto_selftest.h"
#include "frame.h"
#include "kstack.h"
#include "loader.h"
#include "log.h"
#include "process.h"
#include "random.h"
#include "sched.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "time.h"

#define INIT_NAME     "init"
#define INIT_PRIORITY 16
#define STOP_NO_INIT  0x7C

void kmain(uint32_t magic, uint32_t info_phys);

static struct boot_info boot;

static void apply_options(void)
{
	char level[16];
	if (boot_option(&boot, "loglevel", level, sizeof level)) {
		static const char *const names[] = { "error", "warn", "info", "debug" };
		for (int i = 0; i < 4; i++)
			if (strcmp(level, names[i]) == 0)
				log_threshold = (enum log_level)i;
	}
	power_debug_exit = boot_flag(&boot, "debugexit");
}

/* The command line's words become init's arguments (NUL-separated, at most the loader's limit). */
static void start_init(void)
{
	char args[BOOT_CMDLINE_SIZE + 1];
	size_t n = 0;
	unsigned words = 0;
	for (const char *p = boot.cmdline; *p && words < LOADER_ARGV_MAX - 1; p++) {
		if (*p != ' ') {
			args[n++] = *p;
		} else if (n && args[n - 1] != '\0') {
			args[n++] = '\0';
			words++;
		}
	}
	if (n && args[n - 1] != '\0')
		args[n++] = '\0';
	struct spawn_request req = { .name = INIT_NAME,
				     .name_len = sizeof INIT_NAME - 1,
				     .args = args,
				     .args_len = n,
				     .priority = INIT_PRIORITY,
				     .account = account_root() };
	struct process *init;
	int err = process_spawn(NULL, &req, &init);
	if (err) {
		log_error("cannot start '%s': %s; nothing to run, stopping", INIT_NAME,
			  sky_error_name(err));
		machine_stop(STOP_NO_INIT);
	}
}

/*
 * The boot self-tests. kernel_test=fault proves that a kernel fault ends in
 * a clear panic report; kernel_test=crypto that a wrong answer from the
 * crypto library stops the system.
 */
static void kernel_self_test(void)
{
	char what[16] = "";
	boot_option(&boot, "kernel_test", what, sizeof what);
	crypto_selftest(strcmp(what, "crypto") == 0);
	if (strcmp(what, "fault") == 0) {
		log_info("kernel_test: touching an unmapped kernel address on purpose");
		*(volatile uint64_t *)0xFFFFFFFF00000000ull = 1;
	}
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	serial_init();
	percpu_init_boot();
	idt_init();
	bootinfo_parse(magic, info_phys, &boot);
	apply_options();
	log_info("Skyscope OS: booted by %s; command line '%s'", boot.protocol, boot.cmdline);
	frame_init(&boot);
	paging_init(&boot);
	cpu_init();
	lapic_init();
	time_init(clock_calibrate_and_start(TICK_HZ));
	account_init_root(frame_total_count() * PAGE_SIZE, frame_total_count(),
			  KSTACK_SLOTS - 1 /* the idle thread has one */);
	bootfs_init(&boot);
	sched_init();
	kernel_self_test();
	random_init();
	start_init();
	sched_start();
}

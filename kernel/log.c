/*
 * log.c — kernel log and panic. Every line carries the time since boot and
 * its level; the console is the serial port. panic() prints the report the
 * test harness looks for ("KERNEL PANIC"), a register dump when it came from
 * a trap, a frame-pointer backtrace, and stops the machine.
 */
#include "log.h"

#include <stdarg.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/trap.h"
#include "time.h"

enum log_level log_threshold = LOG_INFO;

static void console_put(struct fmt_sink *sink, const char *s, size_t n)
{
	(void)sink;
	serial_write(s, n);
}

static struct fmt_sink console = { console_put };

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(&console, fmt, ap);
	va_end(ap);
}

void log_write_raw(const char *s, size_t n)
{
	serial_write(s, n);
}

void klog(enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = { "error: ", "warning: ", "", "debug: " };
	if (level > log_threshold)
		return;
	uint64_t us = time_now_ns() / 1000;
	kprintf("[%4llu.%06llu] %s", (unsigned long long)(us / 1000000),
		(unsigned long long)(us % 1000000), prefix[level]);
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(&console, fmt, ap);
	va_end(ap);
	serial_write("\n", 1);
}

/* Walk saved frame pointers while they stay inside the kernel's higher half. */
static void backtrace(uint64_t rbp)
{
	kprintf("backtrace:\n");
	for (int depth = 0; depth < 16; depth++) {
		if (rbp < 0xFFFF800000000000ull || (rbp & 7))
			break;
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret < 0xFFFFFFFF80000000ull)
			break;
		kprintf("  #%d %016llx\n", depth, (unsigned long long)ret);
		rbp = frame[0];
	}
}

void panic_frame(const struct trap_frame *frame, const char *fmt, ...)
{
	cli();
	static int nested;
	if (nested++) {
		kprintf("\nKERNEL PANIC (nested); halted\n");
		machine_stop(0x7E);
	}
	kprintf("\n======== KERNEL PANIC ========\n");
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(&console, fmt, ap);
	va_end(ap);
	kprintf("\n");
	if (frame) {
		trap_dump(frame, kprintf);
		backtrace(frame->rbp);
	} else {
		backtrace((uint64_t)__builtin_frame_address(0));
	}
	kprintf("System halted.\n");
	machine_stop(0x7F);
}

/*
 * log.h — the kernel log (leveled, timestamped, to the serial console),
 * panic() for broken invariants, and assert(). User mistakes never reach
 * panic(): they get an error code (see include/sky/error.h).
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include "base/fmt.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

struct trap_frame;

/* Lines above this level are dropped; set from the command line (loglevel=). */
extern enum log_level log_threshold;

void klog(enum log_level level, const char *fmt, ...) FMT_PRINTF(2, 3);
/* Print to the console without a prefix (register dumps, reports). */
void kprintf(const char *fmt, ...) FMT_PRINTF(1, 2);
/* Write raw bytes to the console (no prefix); used by console_write. */
void log_write_raw(const char *s, size_t n);

/* Print a report and stop the machine. frame may be NULL. */
__attribute__((noreturn)) void panic_frame(const struct trap_frame *frame, const char *fmt, ...)
	FMT_PRINTF(2, 3);
#define panic(...) panic_frame(NULL, __VA_ARGS__)

#define assert(cond)                                                                               \
	do {                                                                                       \
		if (__builtin_expect(!(cond), 0))                                                  \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__);          \
	} while (0)

#define log_info(...)  klog(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  klog(LOG_WARN, __VA_ARGS__)
#define log_error(...) klog(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

#endif

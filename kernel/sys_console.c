/*
 * sys_console.c — console_write(buf, len): up to SKY_CONSOLE_WRITE_MAX bytes
 * of user text to the serial console, copied through a small kernel buffer.
 * One call's bytes are never interleaved with another's.
 */
#include "log.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "syscall.h"
#include "usercopy.h"

#define CHUNK 256

int64_t sys_console_write(SYSCALL_ARGS)
{
	uint64_t len = a1 < SKY_CONSOLE_WRITE_MAX ? a1 : SKY_CONSOLE_WRITE_MAX;
	if (!user_range_ok(a0, len))
		return -SKY_E_FAULT;
	char buf[CHUNK];
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		int err = copy_from_user(buf, a0 + done, n);
		if (err)
			return done ? (int64_t)done : err;
		log_write_raw(buf, n);
		done += n;
	}
	return (int64_t)len;
}

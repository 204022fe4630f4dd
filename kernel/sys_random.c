/*
 * sys_random.c — random(buf, len): up to SKY_RANDOM_MAX bytes from the
 * kernel's DRBG (random.c) into user memory.
 */
#include "crypto/ct.h"
#include "random.h"
#include "sky/error.h"
#include "sky/syscall.h"
#include "syscall.h"
#include "usercopy.h"

int64_t sys_random(SYSCALL_ARGS)
{
	uint8_t buf[SKY_RANDOM_MAX];
	if (a1 > SKY_RANDOM_MAX) /* one request at a time, so one call stays short */
		return -SKY_E_RANGE;
	int err = random_get(buf, a1);
	if (!err)
		err = copy_to_user(a0, buf, a1);
	ct_zeroize(buf, sizeof buf);
	return err;
}

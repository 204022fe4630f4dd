/*
 * entropy.c — entropy_get (entropy.h) on getrandom(2). Reads
 * are split at 256 bytes, the size Linux always serves whole once its
 * pool is initialised; interrupted or short reads are retried.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* getrandom */
#endif
#include "entropy.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "sky/error.h"

int entropy_get(uint8_t *out, size_t len)
{
	size_t done = 0;
	while (done < len) {
		size_t want = len - done < 256 ? len - done : 256;
		ssize_t got = getrandom(out + done, want, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = errno == ENOSYS   ? SKY_E_NOSYS
				  : errno == EFAULT ? SKY_E_FAULT
						    : SKY_E_INVAL;
			memset(out, 0, len);
			return -err;
		}
		done += (size_t)got;
	}
	return 0;
}

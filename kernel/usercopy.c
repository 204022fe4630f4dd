/*
 * usercopy.c — range checks in front of the fault-tolerant copy. Checking
 * the range first matters: the copy instruction would happily read kernel
 * memory if handed a kernel address, and only the range check stops that.
 */
#include "usercopy.h"

#include "sky/error.h"

long usercopy_raw(void *dst, const void *src, size_t n);

int copy_from_user(void *dst, uint64_t user_src, size_t n)
{
	if (!user_range_ok(user_src, n))
		return -SKY_E_FAULT;
	return (int)usercopy_raw(dst, (const void *)user_src, n);
}

int copy_to_user(uint64_t user_dst, const void *src, size_t n)
{
	if (!user_range_ok(user_dst, n))
		return -SKY_E_FAULT;
	return (int)usercopy_raw((void *)user_dst, src, n);
}

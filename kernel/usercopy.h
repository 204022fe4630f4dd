/*
 * usercopy.h — the only way the kernel reads or writes user memory. A user
 * address is a number until these functions have checked that the whole
 * range lies in the user half; the copy itself survives unmapped or
 * protected pages (arch/x86_64/usercopy.S) and reports -SKY_E_FAULT.
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/layout.h"

static inline bool user_range_ok(uint64_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

/* 0, or -SKY_E_FAULT (nothing copied is promised on failure). */
int copy_from_user(void *dst, uint64_t user_src, size_t n);
int copy_to_user(uint64_t user_dst, const void *src, size_t n);

#endif

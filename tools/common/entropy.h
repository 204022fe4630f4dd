/*
 * entropy.h — entropy for host tools and tests, to seed lib/crypto/drbg.h
 * (lib/crypto itself assumes no operating system). The kernel has its own
 * source behind the same signature in kernel/entropy.h.
 */
#ifndef TOOLS_COMMON_ENTROPY_H
#define TOOLS_COMMON_ENTROPY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fill out with len bytes from the operating system's generator
 * (getrandom(2), blocking until the kernel's pool is initialised).
 * 0, or -SKY_E_NOSYS if the kernel lacks getrandom, -SKY_E_FAULT or
 * -SKY_E_INVAL if it refuses the request; on failure out is zeroed.
 */
int entropy_get(uint8_t *out, size_t len);

#endif

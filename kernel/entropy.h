/*
 * entropy.h — the kernel's entropy source, to seed its DRBG
 * (lib/crypto/drbg.h); same signature as the host tools' tools/common/entropy.h.
 * The x86_64 implementation is arch/x86_64/entropy.c (RDSEED, else
 * RDRAND condensed to seed quality).
 */
#ifndef KERNEL_ENTROPY_H
#define KERNEL_ENTROPY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fill out with len bytes of full entropy. 0; -SKY_E_NOSYS if the CPU has
 * no hardware generator (neither RDSEED nor RDRAND); -SKY_E_AGAIN if the
 * generator kept failing past the retry limits (a broken or exhausted
 * unit). On failure out is zeroed. May take a while on the RDRAND path
 * (2048 RDRAND per 32 bytes); call it to seed, not per request. Stack:
 * about 700 bytes (-fstack-usage).
 */
int entropy_get(uint8_t *out, size_t len);

#endif

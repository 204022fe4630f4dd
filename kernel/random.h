/*
 * random.h — the kernel's random numbers: one KMAC DRBG (lib/crypto/drbg.h)
 * seeded from the CPU's generator (entropy.h) at boot and reseeded from it
 * whenever the DRBG's interval runs out. User space reaches it through the
 * random() system call.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Seed the DRBG; without a hardware generator random_get refuses ever after. */
void random_init(void);

/* len (at most DRBG_MAX_REQUEST) random bytes. 0, or -SKY_E_NOSYS without a seed source. */
int random_get(uint8_t *out, size_t len);

#endif

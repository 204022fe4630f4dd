/*
 * crypto_selftest.h — the boot-time known-answer test of lib/crypto
 * (crypto_selftest.c).
 */
#ifndef KERNEL_CRYPTO_SELFTEST_H
#define KERNEL_CRYPTO_SELFTEST_H

#include <stdbool.h>

/*
 * Run every algorithm on published inputs and compare with the published
 * answers; log the result, or panic naming the algorithm that failed.
 * `sabotage` changes one input first (kernel_test=crypto), so the test of
 * the test can watch it fail.
 */
void crypto_selftest(bool sabotage);

#endif

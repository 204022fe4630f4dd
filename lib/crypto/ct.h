/*
 * ct.h — constant-time helpers shared by every algorithm in lib/crypto:
 * selection and comparison without branches, zeroisation the compiler
 * cannot remove, and the two markers of the constant-time test.
 *
 * The constant-time test (tests/crypto/ct) builds the library with
 * CRYPTO_CT_TEST and runs secret-key operations under valgrind with the
 * secrets marked undefined: any branch or memory index that depends on
 * them is reported. CT_SECRET marks a secret; CT_DECLASSIFY marks a value
 * that is computed from secrets but may be revealed (the rejection-sampling
 * decisions of FIPS 203/204, which say nothing about the key), and every use
 * must carry a comment saying why. Outside that test both expand to nothing.
 */
#ifndef CRYPTO_CT_H
#define CRYPTO_CT_H

#include <stddef.h>
#include <stdint.h>

#ifdef CRYPTO_CT_TEST
#include <valgrind/memcheck.h>
#define CT_SECRET(p, n)     VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define CT_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define CT_SECRET(p, n)     ((void)(p), (void)(n))
#define CT_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* Overwrite n bytes in a way no optimiser may drop (the store happens through a volatile pointer).
 */
static inline void ct_zeroize(void *p, size_t n)
{
	volatile uint8_t *v = (volatile uint8_t *)p;
	while (n--)
		*v++ = 0;
	__asm__ volatile("" : : "r"(p) : "memory");
}

/*
 * Zero n bytes (at most CT_WIPE_STACK_MAX, rounded down to 8) of the stack
 * just below the caller's frame, where the frames of the functions it
 * called lay. The registers those callees spilled there (round states,
 * sponge lanes, noise polynomials) are out of reach of ct_zeroize; a public
 * function whose callees held secrets in locals calls this on its way out,
 * with n the depth they reached. The area is allocated at its exact size,
 * so a call costs n bytes of stack (plus a small frame) and n / 8 stores.
 * Not instrumented by ASan, so no redzone sits between the zeroed area and
 * the caller.
 */
#define CT_WIPE_STACK_MAX 8192
static __attribute__((noinline, no_sanitize_address)) void ct_wipe_stack(size_t n)
{
	n = n < CT_WIPE_STACK_MAX ? n & ~(size_t)7 : CT_WIPE_STACK_MAX;
	volatile uint64_t *area = __builtin_alloca(n);
	for (size_t i = 0; i < n / 8; i++)
		area[i] = 0;
	__asm__ volatile("" : : "r"(area) : "memory");
}

/* 0 if the n bytes of a and b are equal, else 1; time independent of the contents. */
static inline int ct_differ(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= x[i] ^ y[i];
	return (int)((acc + 0xFFu) >> 8);
}

/* dst = cond ? src : dst, for cond 0 or 1, without a branch. */
static inline void ct_select(void *dst, const void *src, size_t n, int cond)
{
	uint8_t mask = (uint8_t)(0 - (unsigned)cond);
	uint8_t *d = dst;
	const uint8_t *s = src;
	for (size_t i = 0; i < n; i++)
		d[i] ^= mask & (d[i] ^ s[i]);
}

#endif

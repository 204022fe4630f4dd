/*
 * stack_scan.h — looking for secrets left in dead stack, for the tests
 * that check zeroisation (test_wipe, test_mldsa): scrub the stack below
 * the caller, run the call under test, then search what its frames left.
 * Neither function is instrumented by ASan, so no redzone sits between
 * the scanned array and the caller's frame.
 */
#ifndef TESTS_HOST_STACK_SCAN_H
#define TESTS_HOST_STACK_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SCAN 16384

/* Zero the stack below the caller, so that earlier calls leave nothing there. */
static __attribute__((noinline, no_sanitize_address)) void scrub(void)
{
	uint8_t b[SCAN];
	memset(b, 0, sizeof b);
	__asm__ volatile("" : : "r"(b) : "memory"); /* keep the stores */
}

/* Whether any 8 consecutive bytes of secret lie in the dead stack below the caller. */
static __attribute__((noinline, no_sanitize_address)) bool stack_holds(const uint8_t *secret,
								       size_t n)
{
	uint8_t b[SCAN];
	__asm__ volatile("" : : "r"(b) : "memory"); /* b holds whatever the earlier frames left */
	for (size_t w = 0; w + 8 <= n; w++) {
		uint64_t want, got;
		memcpy(&want, secret + w, 8);
		for (size_t i = 0; i + 8 <= SCAN; i++) {
			memcpy(&got, b + i, 8);
			if (got == want)
				return true;
		}
	}
	return false;
}

#endif

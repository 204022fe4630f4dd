/*
 * hex.h — hex strings for the crypto host tests: decode test vectors
 * written as hex, and compare output with an expected hex string.
 */
#ifndef TESTS_HOST_HEX_H
#define TESTS_HOST_HEX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode hex into out (at most max bytes; more is a bug in the test) and return the byte count. */
static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;
		if (n == max || sscanf(hex, "%2x", &v) != 1) {
			printf("bad test vector: %.16s\n", hex);
			abort();
		}
		out[n++] = (uint8_t)v;
	}
	return n;
}

/* got (len bytes) equals the bytes written as hex, and hex has exactly len bytes. */
static bool same_hex(const uint8_t *got, size_t len, const char *hex)
{
	uint8_t *want = malloc(len + 1);
	bool ok = unhex(hex, want, len + 1) == len && memcmp(got, want, len) == 0;
	free(want);
	return ok;
}

#endif

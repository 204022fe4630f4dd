/*
 * sila_fuzz_input.h — how fuzz_sila reads its input, shared with
 * test_sila --seeds, which writes valid messages in that form:
 *
 *   offset  bytes        field
 *   0       1            record: index into every package's codecs, modulo their number
 *   1       1            capabilities attached (more than 4 is refused)
 *   2       2 each       per capability (at most 4): its object type, its rights
 *   ...     rest         the message data (at most 4096 bytes)
 */
#ifndef TESTS_HOST_SILA_FUZZ_INPUT_H
#define TESTS_HOST_SILA_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "sila_packages.h"

/* Codec number i across every package, or NULL past the last. */
static inline const struct sila_codec *sila_codec_at(uint32_t i)
{
	for (uint32_t p = 0; p < SILA_NPACKAGES; p++) {
		if (i < sila_packages[p].ncodecs)
			return &sila_packages[p].codecs[i];
		i -= sila_packages[p].ncodecs;
	}
	return NULL;
}

static inline uint32_t sila_codec_count(void)
{
	uint32_t n = 0;
	for (uint32_t p = 0; p < SILA_NPACKAGES; p++)
		n += sila_packages[p].ncodecs;
	return n;
}

#endif

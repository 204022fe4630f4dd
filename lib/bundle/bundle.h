/*
 * bundle.h — reading a boot bundle (format: include/sky/bundle.h) from
 * untrusted bytes. bundle_open() checks the whole structure once; after
 * that, bundle_find() and bundle_get() only index verified data.
 */
#ifndef BUNDLE_BUNDLE_H
#define BUNDLE_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "sky/bundle.h"

struct bundle {
	const uint8_t *base;
	uint64_t size; /* total_size from the verified header */
	uint32_t count;
};

struct bundle_file {
	const char *name; /* NUL-terminated, inside the bundle */
	const uint8_t *data;
	uint64_t size;
};

/*
 * Verify `size` bytes at `data` as a bundle. Returns 0, or -SKY_E_CORRUPT
 * with *why naming the broken rule and *where the entry index (-1 for the
 * header).
 */
int bundle_open(struct bundle *b, const void *data, size_t size, const char **why, int *where);

/* The i-th file (i < b->count). */
struct bundle_file bundle_get(const struct bundle *b, uint32_t i);

/* Find a file by name (name_len bytes, no NUL needed). Returns 0 or -SKY_E_NOENT. */
int bundle_find(const struct bundle *b, const char *name, size_t name_len, struct bundle_file *out);

#endif

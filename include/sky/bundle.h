/*
 * bundle.h — the boot bundle: one boot module that carries every program and
 * file the system starts with (QEMU's PVH boot passes a single module, and
 * one file is simpler to sign later). Built by tools/skybundle, read by the
 * kernel through lib/bundle. All fields little-endian.
 *
 * Header (32 bytes):
 *   off size field
 *     0    8 magic        "SKYBNDL1"
 *     8    4 version      SKY_BUNDLE_VERSION
 *    12    4 count        number of entries, <= SKY_BUNDLE_MAX_ENTRIES
 *    16    8 total_size   bytes of the whole bundle, <= the module's size
 *    24    8 reserved     zero
 * Entry table: count entries of 64 bytes, right after the header:
 *     0   48 name         file name, NUL-terminated, 1..47 printable bytes,
 *                         no '/', unique within the bundle
 *    48    8 offset       start of the file's bytes, >= end of entry table
 *    56    8 size         length of the file; offset + size <= total_size
 * File data follows the table; the tool aligns each file to 4096 bytes.
 * Files may not overlap one another.
 */
#ifndef SKY_BUNDLE_H
#define SKY_BUNDLE_H

#include <stdint.h>

#define SKY_BUNDLE_MAGIC       "SKYBNDL1"
#define SKY_BUNDLE_VERSION     1u
#define SKY_BUNDLE_MAX_ENTRIES 256u
#define SKY_BUNDLE_NAME_SIZE   48u
#define SKY_BUNDLE_HEADER_SIZE 32u
#define SKY_BUNDLE_ENTRY_SIZE  64u
#define SKY_BUNDLE_ALIGN       4096u

struct sky_bundle_header {
	char magic[8];
	uint32_t version;
	uint32_t count;
	uint64_t total_size;
	uint64_t reserved;
};

struct sky_bundle_entry {
	char name[SKY_BUNDLE_NAME_SIZE];
	uint64_t offset;
	uint64_t size;
};

_Static_assert(sizeof(struct sky_bundle_header) == SKY_BUNDLE_HEADER_SIZE, "bundle header layout");
_Static_assert(sizeof(struct sky_bundle_entry) == SKY_BUNDLE_ENTRY_SIZE, "bundle entry layout");

#endif

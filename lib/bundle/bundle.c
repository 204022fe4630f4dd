/*
 * bundle.c — verification and lookup of boot bundles. Every rule of the
 * format in include/sky/bundle.h is checked here, in the order of the table.
 */
#include "bundle/bundle.h"

#include <stdbool.h>

#include "base/string.h"
#include "sky/error.h"

static int refuse(const char **why, int *where, const char *reason, int index)
{
	*why = reason;
	*where = index;
	return -SKY_E_CORRUPT;
}

static struct sky_bundle_entry read_entry(const uint8_t *base, uint32_t i)
{
	struct sky_bundle_entry e;
	memcpy(&e, base + SKY_BUNDLE_HEADER_SIZE + (uint64_t)i * SKY_BUNDLE_ENTRY_SIZE, sizeof e);
	return e;
}

static bool name_valid(const char *name)
{
	size_t n = strnlen(name, SKY_BUNDLE_NAME_SIZE);
	if (n == 0 || n == SKY_BUNDLE_NAME_SIZE)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/')
			return false;
	}
	return true;
}

int bundle_open(struct bundle *b, const void *data, size_t size, const char **why, int *where)
{
	const uint8_t *base = data;
	struct sky_bundle_header h;
	if (size < sizeof h)
		return refuse(why, where, "shorter than the bundle header", -1);
	memcpy(&h, base, sizeof h);
	if (memcmp(h.magic, SKY_BUNDLE_MAGIC, sizeof h.magic) != 0)
		return refuse(why, where, "bad magic (not a boot bundle)", -1);
	if (h.version != SKY_BUNDLE_VERSION)
		return refuse(why, where, "unsupported version", -1);
	if (h.total_size > size || h.total_size < sizeof h)
		return refuse(why, where, "total size exceeds the module", -1);
	if (h.reserved != 0)
		return refuse(why, where, "reserved field is not zero", -1);
	if (h.count > SKY_BUNDLE_MAX_ENTRIES)
		return refuse(why, where, "too many entries", -1);
	uint64_t table_end = SKY_BUNDLE_HEADER_SIZE + (uint64_t)h.count * SKY_BUNDLE_ENTRY_SIZE;
	if (table_end > h.total_size)
		return refuse(why, where, "entry table extends past the end", -1);

	for (uint32_t i = 0; i < h.count; i++) {
		struct sky_bundle_entry e = read_entry(base, i);
		if (!name_valid(e.name))
			return refuse(why, where, "invalid name", (int)i);
		if (e.offset < table_end || e.offset > h.total_size ||
		    e.size > h.total_size - e.offset)
			return refuse(why, where, "file lies outside the bundle data", (int)i);
		for (uint32_t j = 0; j < i; j++) {
			struct sky_bundle_entry o = read_entry(base, j);
			if (strcmp(o.name, e.name) == 0)
				return refuse(why, where, "duplicate name", (int)i);
			if (e.size && o.size && e.offset < o.offset + o.size &&
			    o.offset < e.offset + e.size)
				return refuse(why, where, "files overlap", (int)i);
		}
	}
	b->base = base;
	b->size = h.total_size;
	b->count = h.count;
	return 0;
}

struct bundle_file bundle_get(const struct bundle *b, uint32_t i)
{
	const uint8_t *at = b->base + SKY_BUNDLE_HEADER_SIZE + (uint64_t)i * SKY_BUNDLE_ENTRY_SIZE;
	struct sky_bundle_entry e;
	memcpy(&e, at, sizeof e);
	return (struct bundle_file){
		.name = (const char *)at, /* the name field comes first and is NUL-terminated */
		.data = b->base + e.offset,
		.size = e.size,
	};
}

int bundle_find(const struct bundle *b, const char *name, size_t name_len, struct bundle_file *out)
{
	if (name_len == 0 || name_len >= SKY_BUNDLE_NAME_SIZE ||
	    strnlen(name, name_len) != name_len)
		return -SKY_E_NOENT; /* empty, too long, or holds a NUL */
	for (uint32_t i = 0; i < b->count; i++) {
		struct bundle_file f = bundle_get(b, i);
		if (strncmp(f.name, name, name_len) == 0 && f.name[name_len] == '\0') {
			*out = f;
			return 0;
		}
	}
	return -SKY_E_NOENT;
}

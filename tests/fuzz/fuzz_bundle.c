/*
 * fuzz_bundle — bundle_open on arbitrary bytes must return cleanly; every
 * file of an accepted bundle lies inside it and can be found by its name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle b;
	const char *why;
	int where;
	if (bundle_open(&b, data, size, &why, &where) != 0)
		return 0;
	for (uint32_t i = 0; i < b.count; i++) {
		struct bundle_file f = bundle_get(&b, i), g;
		if (f.data < data || f.size > (size_t)(data + size - f.data))
			abort();
		if (bundle_find(&b, f.name, strlen(f.name), &g) != 0 || g.data != f.data)
			abort();
	}
	return 0;
}

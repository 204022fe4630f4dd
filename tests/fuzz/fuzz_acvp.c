/*
 * fuzz_acvp — skycrypt's ACVP answerer on arbitrary prompt text: whatever
 * the JSON, the field values, the lengths or the hex, it answers or
 * refuses, and never reads or writes out of bounds (the sanitizers watch).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "skycrypt/acvp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	acvp_answer((const char *)data, size, "fuzz", sink, sink);
	return 0;
}

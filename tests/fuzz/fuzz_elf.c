/*
 * fuzz_elf — elf64_parse on arbitrary bytes must return cleanly, and what it
 * accepts must satisfy every promise the loader relies on.
 */
#include <stdint.h>
#include <stdlib.h>

#include "elf/elf64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct elf64_limits lim = { 0x10000, 0x0000800000000000ull,
						 0x00007FFFFFFC0000ull, 0x00007FFFFFFE0000ull,
						 256ull << 20 };
	struct elf64_image img;
	const char *why;
	if (elf64_parse(data, size, &lim, &img, &why) != 0)
		return 0;
	for (unsigned i = 0; i < img.count; i++) {
		const struct elf64_segment *s = &img.seg[i];
		if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
		    s->vaddr < lim.vaddr_min || s->memsz > lim.vaddr_end - s->vaddr ||
		    ((s->flags & ELF64_PF_W) && (s->flags & ELF64_PF_X)))
			abort();
		if (i &&
		    (img.seg[i - 1].vaddr + img.seg[i - 1].memsz - 1) / 4096 >= s->vaddr / 4096)
			abort();
	}
	return 0;
}

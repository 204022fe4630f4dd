/*
 * test_elf — lib/elf's validator: a real program built for Skyscope passes;
 * every malformed variant from tests/tools/badelf_cases.c is refused with
 * its own reason; hand-built images check layout rules one by one.
 *
 *   test_elf GOOD.elf
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "elf/elf64.h"
#include "mkbadelf.h"
#include "sky/error.h"

static const struct elf64_limits limits = {
	.vaddr_min = 0x10000,
	.vaddr_end = 0x0000800000000000ull,
	.reserved_start = 0x00007FFFFFFC0000ull,
	.reserved_end = 0x00007FFFFFFE0000ull,
	.max_memory = 256ull << 20,
};

static unsigned char *good;
static size_t good_size;

static void real_program(void)
{
	struct elf64_image img;
	const char *why = NULL;
	EXPECT(elf64_parse(good, good_size, &limits, &img, &why) == 0);
	EXPECT(img.count >= 2);
	for (unsigned i = 1; i < img.count; i++)
		EXPECT(img.seg[i].vaddr > img.seg[i - 1].vaddr); /* sorted */
	for (unsigned i = 0; i < img.count; i++) {
		EXPECT(!((img.seg[i].flags & ELF64_PF_W) && (img.seg[i].flags & ELF64_PF_X)));
		EXPECT(img.seg[i].offset + img.seg[i].filesz <= good_size);
	}
}

static void every_bad_case(void)
{
	for (unsigned i = 0; i < badelf_case_count; i++) {
		const struct badelf_case *c = &badelf_cases[i];
		size_t size;
		unsigned char *e = badelf_make(c, good, good_size, &size);
		EXPECT(e != NULL);
		if (!e)
			continue;
		/* Exact-size heap copy: ASan catches any read past the end. */
		unsigned char *exact = malloc(size ? size : 1);
		memcpy(exact, e, size);
		struct elf64_image img;
		const char *why = "";
		int r = elf64_parse(exact, size, &limits, &img, &why);
		if (!c->reason) {
			EXPECT(r == 0);
		} else {
			EXPECT(r == -SKY_E_CORRUPT);
			if (r == -SKY_E_CORRUPT && !strstr(why, c->reason)) {
				printf("FAIL elf/every_bad_case: %s refused for '%s', want '%s'\n",
				       c->name, why, c->reason);
				case_failed = 1;
			}
		}
		free(exact);
		free(e);
	}
}

/* A minimal ELF with the given PT_LOAD segments (vaddr, memsz, flags); entry at the first. */
struct seg {
	uint64_t vaddr, memsz;
	uint32_t flags;
};

static size_t build(unsigned char *out, const struct seg *segs, unsigned n, uint64_t entry)
{
	memset(out, 0, 4096);
	memcpy(out, "\177ELF\2\1\1", 7);
	uint16_t type = 2, machine = 62, phentsize = 56, phnum = (uint16_t)n;
	uint32_t version = 1;
	uint64_t phoff = 64;
	memcpy(out + 16, &type, 2);
	memcpy(out + 18, &machine, 2);
	memcpy(out + 20, &version, 4);
	memcpy(out + 24, &entry, 8);
	memcpy(out + 32, &phoff, 8);
	memcpy(out + 54, &phentsize, 2);
	memcpy(out + 56, &phnum, 2);
	for (unsigned i = 0; i < n; i++) {
		unsigned char *ph = out + 64 + 56 * i;
		uint32_t pt = 1;
		uint64_t off = segs[i].vaddr & 0xFFF, filesz = 0;
		memcpy(ph, &pt, 4);
		memcpy(ph + 4, &segs[i].flags, 4);
		memcpy(ph + 8, &off, 8);
		memcpy(ph + 16, &segs[i].vaddr, 8);
		memcpy(ph + 32, &filesz, 8);
		memcpy(ph + 40, &segs[i].memsz, 8);
	}
	return 4096;
}

static int parse(const struct seg *segs, unsigned n, uint64_t entry, const char **why)
{
	static unsigned char buf[4096];
	struct elf64_image img;
	size_t size = build(buf, segs, n, entry);
	*why = "";
	return elf64_parse(buf, size, &limits, &img, why);
}

static void layout_rules(void)
{
	const char *why;
	struct seg ok[] = { { 0x400000, 0x1000, 5 }, { 0x401000, 0x10, 6 } };
	EXPECT(parse(ok, 2, 0x400000, &why) == 0);
	struct seg unsorted[] = { { 0x401000, 0x10, 6 }, { 0x400000, 0x1000, 5 } };
	EXPECT(parse(unsorted, 2, 0x400000, &why) == 0);
	struct seg shared_page[] = { { 0x400000, 0x800, 5 }, { 0x400800, 0x10, 6 } };
	EXPECT(parse(shared_page, 2, 0x400000, &why) == -SKY_E_CORRUPT && strstr(why, "overlap"));
	struct seg below[] = { { 0x1000, 0x1000, 5 } };
	EXPECT(parse(below, 1, 0x1000, &why) == -SKY_E_CORRUPT);
	struct seg top[] = { { 0x00007FFFFFFFF000ull, 0x1000, 5 } }; /* last page: allowed */
	EXPECT(parse(top, 1, 0x00007FFFFFFFF000ull, &why) == 0);
	struct seg past_top[] = { { 0x00007FFFFFFFF000ull, 0x1001, 5 } };
	EXPECT(parse(past_top, 1, 0x00007FFFFFFFF000ull, &why) == -SKY_E_CORRUPT);
	struct seg wrap[] = { { 0x400000, UINT64_MAX - 0x1000, 6 } };
	EXPECT(parse(wrap, 1, 0x400000, &why) == -SKY_E_CORRUPT);
	struct seg no_exec[] = { { 0x400000, 0x1000, 4 } };
	EXPECT(parse(no_exec, 1, 0x400000, &why) == -SKY_E_CORRUPT && strstr(why, "entry"));
	EXPECT(parse(ok, 2, 0x401000, &why) == -SKY_E_CORRUPT); /* entry in the data segment */
	EXPECT(parse(ok, 2, 0x401000 - 1, &why) == 0);          /* last byte of text */
	struct seg many[17];
	for (unsigned i = 0; i < 17; i++)
		many[i] = (struct seg){ 0x400000 + 0x1000 * i, 0x10, 5 };
	EXPECT(parse(many, 17, 0x400000, &why) == -SKY_E_CORRUPT && strstr(why, "too many"));
	struct seg total[] = { { 0x400000, 200ull << 20, 5 }, { 0x10000000, 100ull << 20, 6 } };
	EXPECT(parse(total, 2, 0x400000, &why) == -SKY_E_CORRUPT && strstr(why, "total"));
	struct seg zero[] = { { 0x400000, 0x1000, 5 }, { 0x400000, 0, 6 } }; /* empty: ignored */
	EXPECT(parse(zero, 2, 0x400000, &why) == 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("FAIL elf/setup: usage: test_elf GOOD.elf\n");
		return 1;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		printf("FAIL elf/setup: cannot open %s\n", argv[1]);
		return 1;
	}
	good = malloc(1 << 20);
	good_size = fread(good, 1, 1 << 20, f);
	fclose(f);
	RUN("elf", real_program);
	RUN("elf", every_bad_case);
	RUN("elf", layout_rules);
	free(good);
	return cases_failed != 0;
}

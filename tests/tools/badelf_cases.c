/*
 * badelf_cases.c — how each malformed ELF is made from a good one (see
 * mkbadelf.h). Offsets are those of the ELF-64 header and program headers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mkbadelf.h"

enum { E_TYPE = 16, E_MACHINE = 18, E_ENTRY = 24, E_PHOFF = 32, E_PHENTSIZE = 54, E_PHNUM = 56 };
enum {
	P_TYPE = 0,
	P_FLAGS = 4,
	P_OFFSET = 8,
	P_VADDR = 16,
	P_PADDR = 24,
	P_FILESZ = 32,
	P_MEMSZ = 40
};
#define PT_LOAD   1
#define PT_INTERP 3
#define PF_X      1
#define PF_W      2

static uint64_t get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	memcpy(&v, p, (size_t)n);
	return v;
}

static void put(unsigned char *p, int n, uint64_t v)
{
	memcpy(p, &v, (size_t)n);
}

/* The i-th PT_LOAD program header that occupies memory, or NULL. */
static unsigned char *load(unsigned char *e, unsigned i)
{
	uint64_t phoff = get(e + E_PHOFF, 8);
	unsigned phnum = (unsigned)get(e + E_PHNUM, 2);
	for (unsigned k = 0; k < phnum; k++) {
		unsigned char *ph = e + phoff + 56ull * k;
		if (get(ph + P_TYPE, 4) == PT_LOAD && get(ph + P_MEMSZ, 8) && i-- == 0)
			return ph;
	}
	return NULL;
}

/* The first PT_LOAD with (flags & mask) == want. */
static unsigned char *load_with(unsigned char *e, unsigned mask, unsigned want)
{
	unsigned char *ph;
	for (unsigned i = 0; (ph = load(e, i)); i++)
		if ((get(ph + P_FLAGS, 4) & mask) == want)
			return ph;
	return NULL;
}

static void move_segment(unsigned char *ph, uint64_t page)
{
	uint64_t v = get(ph + P_VADDR, 8);
	put(ph + P_VADDR, 8, page | (v & 0xFFF));
	put(ph + P_PADDR, 8, page | (v & 0xFFF));
}

#define CASE(name) static int name(unsigned char *e, size_t *size)
#define UNUSED     (void)e, (void)size

CASE(good)
{
	UNUSED;
	return 0;
}
CASE(magic)
{
	(void)size;
	e[0] = 0;
	return 0;
}
CASE(class32)
{
	(void)size;
	e[4] = 1;
	return 0;
}
CASE(bigendian)
{
	(void)size;
	e[5] = 2;
	return 0;
}
CASE(machine)
{
	(void)size;
	put(e + E_MACHINE, 2, 3);
	return 0;
}
CASE(type_dyn)
{
	(void)size;
	put(e + E_TYPE, 2, 3);
	return 0;
}
CASE(phentsize)
{
	(void)size;
	put(e + E_PHENTSIZE, 2, 32);
	return 0;
}
CASE(phnum_zero)
{
	(void)size;
	put(e + E_PHNUM, 2, 0);
	return 0;
}
CASE(phoff_past_end)
{
	put(e + E_PHOFF, 8, *size - 10);
	return 0;
}
CASE(truncated)
{
	UNUSED;
	*size = 40;
	return 0;
}
CASE(empty)
{
	UNUSED;
	*size = 0;
	return 0;
}

CASE(seg_past_file)
{
	unsigned char *ph = load(e, 0);
	if (!ph)
		return -1;
	put(ph + P_FILESZ, 8, *size);
	put(ph + P_MEMSZ, 8, *size + 0x1000);
	return 0;
}

CASE(seg_kernel)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	return ph ? (move_segment(ph, 0xFFFFFFFF80100000ull), 0) : -1;
}

CASE(seg_wrap)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	if (!ph)
		return -1;
	move_segment(ph, 0x00007FFFFFFFF000ull);
	put(ph + P_MEMSZ, 8, 0x3000); /* runs past the top of user space */
	return 0;
}

CASE(seg_absurd)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	return ph ? (put(ph + P_MEMSZ, 8, 1ull << 40), 0) : -1;
}

CASE(seg_wx)
{
	(void)size;
	unsigned char *ph = load_with(e, PF_X, PF_X);
	return ph ? (put(ph + P_FLAGS, 4, get(ph + P_FLAGS, 4) | PF_W), 0) : -1;
}

CASE(seg_overlap)
{
	(void)size;
	unsigned char *a = load(e, 0), *b = load(e, 1);
	if (!a || !b)
		return -1;
	move_segment(b, get(a + P_VADDR, 8) & ~0xFFFull);
	return 0;
}

CASE(seg_stack)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	return ph ? (move_segment(ph, 0x00007FFFFFFD0000ull), 0) : -1;
}

CASE(filesz_gt_memsz)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	return ph ? (put(ph + P_FILESZ, 8, get(ph + P_MEMSZ, 8) + 1), 0) : -1;
}

CASE(entry_outside)
{
	(void)size;
	unsigned char *ph = load_with(e, PF_X, 0);
	return ph ? (put(e + E_ENTRY, 8, get(ph + P_VADDR, 8)), 0) : -1;
}

CASE(interp)
{
	(void)size;
	unsigned char *ph = load(e, 0);
	return ph ? (put(ph + P_TYPE, 4, PT_INTERP), 0) : -1;
}

const struct badelf_case badelf_cases[] = {
	{ "good_copy", good, NULL },
	{ "bad_magic", magic, "bad magic" },
	{ "bad_class32", class32, "not a 64-bit" },
	{ "bad_bigendian", bigendian, "little-endian" },
	{ "bad_machine", machine, "x86_64" },
	{ "bad_type_dyn", type_dyn, "ET_EXEC" },
	{ "bad_phentsize", phentsize, "header size" },
	{ "bad_phnum_zero", phnum_zero, "count" },
	{ "bad_phoff_past_end", phoff_past_end, "program headers extend" },
	{ "bad_seg_past_file", seg_past_file, "past the end of the file" },
	{ "bad_seg_kernel", seg_kernel, "outside the user address window" },
	{ "bad_seg_wrap", seg_wrap, "outside the user address window" },
	{ "bad_seg_absurd", seg_absurd, "absurd" },
	{ "bad_seg_wx", seg_wx, "writable and executable" },
	{ "bad_seg_overlap", seg_overlap, "overlap" },
	{ "bad_seg_stack", seg_stack, "stack region" },
	{ "bad_filesz_gt_memsz", filesz_gt_memsz, "exceeds its memory size" },
	{ "bad_entry_outside", entry_outside, "entry point" },
	{ "bad_interp", interp, "dynamically linked" },
	{ "bad_truncated", truncated, "shorter than an ELF header" },
	{ "bad_empty", empty, "shorter than an ELF header" },
};
const unsigned badelf_case_count = sizeof badelf_cases / sizeof badelf_cases[0];

unsigned char *badelf_make(const struct badelf_case *c, const unsigned char *good, size_t size,
			   size_t *out_size)
{
	if (size < 64)
		return NULL;
	unsigned char *e = malloc(size);
	if (!e)
		return NULL;
	memcpy(e, good, size);
	*out_size = size;
	if (c->mutate(e, out_size) != 0) {
		free(e);
		return NULL;
	}
	return e;
}

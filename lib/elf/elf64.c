/*
 * elf64.c — the checks behind elf64_parse(). Every field is read with
 * memcpy from a range proven inside the file, every sum is checked for
 * overflow before use, and each refusal names the rule it broke.
 */
#include "elf/elf64.h"

#include <stdbool.h>

#include "base/string.h"
#include "sky/error.h"

#define PAGE 4096u

/* ELF header and program header field offsets (System V gABI, ELF-64). */
enum {
	EH_IDENT_CLASS = 4,
	EH_IDENT_DATA = 5,
	EH_IDENT_VERSION = 6,
	EH_TYPE = 16,
	EH_MACHINE = 18,
	EH_VERSION = 20,
	EH_ENTRY = 24,
	EH_PHOFF = 32,
	EH_PHENTSIZE = 54,
	EH_PHNUM = 56,
	EH_SIZE = 64,
	PH_TYPE = 0,
	PH_FLAGS = 4,
	PH_OFFSET = 8,
	PH_VADDR = 16,
	PH_FILESZ = 32,
	PH_MEMSZ = 40,
	PH_SIZE = 56,
};

enum {
	ET_EXEC = 2,
	EM_X86_64 = 62,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PT_TLS = 7,
};

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -SKY_E_CORRUPT;
}

static int check_header(const uint8_t *b, size_t size, const char **why)
{
	if (size < EH_SIZE)
		return refuse(why, "file shorter than an ELF header");
	if (memcmp(b, "\177ELF", 4) != 0)
		return refuse(why, "not an ELF file (bad magic)");
	if (b[EH_IDENT_CLASS] != 2)
		return refuse(why, "not a 64-bit ELF file");
	if (b[EH_IDENT_DATA] != 1)
		return refuse(why, "not little-endian");
	if (b[EH_IDENT_VERSION] != 1 || rd32(b + EH_VERSION) != 1)
		return refuse(why, "unknown ELF version");
	if (rd16(b + EH_TYPE) != ET_EXEC)
		return refuse(why, "not a static executable (type is not ET_EXEC)");
	if (rd16(b + EH_MACHINE) != EM_X86_64)
		return refuse(why, "not an x86_64 executable");
	if (rd16(b + EH_PHENTSIZE) != PH_SIZE)
		return refuse(why, "program header size is not 56");
	uint16_t phnum = rd16(b + EH_PHNUM);
	if (phnum == 0 || phnum > ELF64_MAX_PHDRS)
		return refuse(why, "program header count is 0 or too large");
	uint64_t phoff = rd64(b + EH_PHOFF);
	if (phoff > size || (uint64_t)phnum * PH_SIZE > size - phoff)
		return refuse(why, "program headers extend past the end of the file");
	return 0;
}

/* Checks one PT_LOAD header and appends it to image. */
static int add_segment(const uint8_t *ph, size_t size, const struct elf64_limits *lim,
		       struct elf64_image *image, const char **why)
{
	struct elf64_segment s = {
		.vaddr = rd64(ph + PH_VADDR),
		.memsz = rd64(ph + PH_MEMSZ),
		.offset = rd64(ph + PH_OFFSET),
		.filesz = rd64(ph + PH_FILESZ),
		.flags = rd32(ph + PH_FLAGS) & (ELF64_PF_R | ELF64_PF_W | ELF64_PF_X),
	};
	if (s.memsz == 0)
		return 0; /* occupies nothing */
	if (s.filesz > s.memsz)
		return refuse(why, "segment file size exceeds its memory size");
	if (s.offset > size || s.filesz > size - s.offset)
		return refuse(why, "segment extends past the end of the file");
	if (s.memsz > lim->max_memory)
		return refuse(why, "segment size is absurd");
	if (s.vaddr < lim->vaddr_min || s.vaddr >= lim->vaddr_end ||
	    s.memsz > lim->vaddr_end - s.vaddr)
		return refuse(why, "segment lies outside the user address window");
	if (s.vaddr < lim->reserved_end && lim->reserved_start < s.vaddr + s.memsz)
		return refuse(why, "segment overlaps the reserved stack region");
	if (s.filesz && (s.vaddr - s.offset) % PAGE != 0)
		return refuse(why, "segment address and file offset disagree modulo the page size");
	if ((s.flags & ELF64_PF_W) && (s.flags & ELF64_PF_X))
		return refuse(why, "segment is both writable and executable");
	if (image->count == ELF64_MAX_SEGMENTS)
		return refuse(why, "too many loadable segments");
	image->seg[image->count++] = s;
	return 0;
}

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE - 1);
}

/* Sorts segments by address and refuses any two that share a page. */
static int check_layout(struct elf64_image *image, const struct elf64_limits *lim, const char **why)
{
	for (unsigned i = 1; i < image->count; i++) {
		struct elf64_segment key = image->seg[i];
		unsigned j = i;
		for (; j > 0 && image->seg[j - 1].vaddr > key.vaddr; j--)
			image->seg[j] = image->seg[j - 1];
		image->seg[j] = key;
	}
	uint64_t total = 0;
	for (unsigned i = 0; i < image->count; i++) {
		const struct elf64_segment *s = &image->seg[i];
		total += s->memsz; /* each <= max_memory, count <= 16: no overflow */
		if (i > 0) {
			const struct elf64_segment *p = &image->seg[i - 1];
			if (page_down(s->vaddr) <= page_down(p->vaddr + p->memsz - 1))
				return refuse(why, "segments overlap (share a page)");
		}
	}
	if (total > lim->max_memory)
		return refuse(why, "segments are absurdly large in total");
	return 0;
}

static bool entry_is_executable(const struct elf64_image *image)
{
	for (unsigned i = 0; i < image->count; i++) {
		const struct elf64_segment *s = &image->seg[i];
		if ((s->flags & ELF64_PF_X) && image->entry >= s->vaddr &&
		    image->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

int elf64_parse(const void *data, size_t size, const struct elf64_limits *limits,
		struct elf64_image *image, const char **why)
{
	const uint8_t *b = data;
	int err = check_header(b, size, why);
	if (err)
		return err;

	image->count = 0;
	image->entry = rd64(b + EH_ENTRY);
	uint64_t phoff = rd64(b + EH_PHOFF);
	uint16_t phnum = rd16(b + EH_PHNUM);
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = b + phoff + (uint64_t)i * PH_SIZE;
		switch (rd32(ph + PH_TYPE)) {
		case PT_LOAD:
			err = add_segment(ph, size, limits, image, why);
			if (err)
				return err;
			break;
		case PT_INTERP:
		case PT_DYNAMIC:
			return refuse(why, "dynamically linked (has PT_INTERP or PT_DYNAMIC)");
		case PT_TLS:
			return refuse(why, "thread-local storage is not supported");
		default:
			break; /* notes, GNU_STACK, ...: nothing to load */
		}
	}
	if (image->count == 0)
		return refuse(why, "no loadable segment");
	err = check_layout(image, limits, why);
	if (err)
		return err;
	if (!entry_is_executable(image))
		return refuse(why, "entry point is not inside an executable segment");
	return 0;
}

/*
 * elf64.h — validation of static ELF64 x86_64 executables from untrusted
 * bytes. The kernel's process loader maps what elf64_parse() returns and
 * nothing else; every offset and size in the result has been checked against
 * the file and against the caller's address window, so the loader needs no
 * further checks of its own. Portable: no allocation, no OS calls.
 */
#ifndef ELF_ELF64_H
#define ELF_ELF64_H

#include <stddef.h>
#include <stdint.h>

#define ELF64_MAX_SEGMENTS 16
#define ELF64_MAX_PHDRS    64

/* Segment permissions (match ELF p_flags bits). */
#define ELF64_PF_X 1u
#define ELF64_PF_W 2u
#define ELF64_PF_R 4u

struct elf64_segment {
	uint64_t vaddr;  /* first byte in memory */
	uint64_t memsz;  /* bytes in memory; > 0 */
	uint64_t offset; /* first byte in the file */
	uint64_t filesz; /* bytes taken from the file; <= memsz */
	uint32_t flags;  /* ELF64_PF_*; never W and X together */
};

struct elf64_image {
	uint64_t entry;
	unsigned count; /* PT_LOAD segments, sorted by vaddr, page ranges disjoint */
	struct elf64_segment seg[ELF64_MAX_SEGMENTS];
};

/* Where an executable may live and how large it may be. */
struct elf64_limits {
	uint64_t vaddr_min;      /* lowest address a segment may occupy */
	uint64_t vaddr_end;      /* first address past the window */
	uint64_t reserved_start; /* a hole in the window no segment may touch */
	uint64_t reserved_end;   /* (the stack); empty when start == end */
	uint64_t max_memory;     /* upper bound on the sum of segment sizes */
};

/*
 * Validate `size` bytes at `data` as a static x86_64 executable that fits
 * `limits`. On success fills *image and returns 0. On failure returns
 * -SKY_E_CORRUPT and sets *why to a short reason that names the check.
 */
int elf64_parse(const void *data, size_t size, const struct elf64_limits *limits,
		struct elf64_image *image, const char **why);

#endif

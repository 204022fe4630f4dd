/*
 * mkbadelf.h — the catalogue of malformed ELF files: each case names the
 * rule it breaks and knows how to break it in a copy of a good file. Shared
 * by the mkbadelf tool and the host unit test of lib/elf, so both test the
 * same cases.
 */
#ifndef TESTS_MKBADELF_H
#define TESTS_MKBADELF_H

#include <stddef.h>

struct badelf_case {
	const char *name; /* file / bundle name, e.g. "bad_magic" */
	int (*mutate)(unsigned char *elf, size_t *size);
	const char *reason; /* a fragment of the refusal elf64_parse must give; NULL for the good
			       copy */
};

extern const struct badelf_case badelf_cases[];
extern const unsigned badelf_case_count;

/* A malloc'd mutated copy of good (NULL if the good file lacks what the case needs). */
unsigned char *badelf_make(const struct badelf_case *c, const unsigned char *good, size_t size,
			   size_t *out_size);

#endif

/*
 * mkbadelf — from one good static ELF, write a family of malformed ones,
 * each breaking exactly one rule that lib/elf must enforce, plus an
 * unmodified copy. Used by the host unit tests and by t_badelf in QEMU.
 *
 *   mkbadelf GOOD.elf OUTDIR     writes OUTDIR/<case>.elf
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkbadelf.h"

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkbadelf GOOD.elf OUTDIR\n");
		return 2;
	}
	size_t size;
	unsigned char *good = read_all(argv[1], &size);
	if (!good) {
		fprintf(stderr, "mkbadelf: cannot read %s\n", argv[1]);
		return 1;
	}
	for (unsigned i = 0; i < badelf_case_count; i++) {
		size_t out_size;
		unsigned char *out = badelf_make(&badelf_cases[i], good, size, &out_size);
		if (!out) {
			fprintf(stderr, "mkbadelf: cannot make %s from %s\n", badelf_cases[i].name,
				argv[1]);
			return 1;
		}
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.elf", argv[2], badelf_cases[i].name);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(out, 1, out_size, f) != out_size || fclose(f) != 0) {
			fprintf(stderr, "mkbadelf: cannot write %s\n", path);
			return 1;
		}
		free(out);
	}
	free(good);
	return 0;
}

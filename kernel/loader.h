/*
 * loader.h — putting a program into a fresh address space: its ELF
 * segments (validated by lib/elf) and a stack holding argc/argv.
 */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"

struct thread_start;

#define LOADER_ARGV_MAX 64

/*
 * Map `file` into the user half of `root` and build the initial stack:
 * argv[0] = name, then the strings of the NUL-separated block args (which
 * is empty or ends in NUL, with fewer than LOADER_ARGV_MAX strings).
 * Fills *start. On failure returns -SKY_E_CORRUPT (logged with the reason)
 * or -SKY_E_NOMEM; what was mapped is freed with root by the caller.
 */
int loader_load(uint64_t root, const char *name, const struct bundle_file *file, const char *args,
		size_t args_len, struct thread_start *start);

#endif

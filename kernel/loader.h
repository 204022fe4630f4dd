/*
 * loader.h — putting a program into a fresh address space: its ELF
 * segments (validated by lib/elf) and a stack holding argc/argv, each a
 * memory object charged to the process's account.
 */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"

struct account;
struct aspace;

#define LOADER_ARGV_MAX 64

/* Where the first thread starts. */
struct thread_start {
	uint64_t rip, rsp, arg0, arg1;
};

/*
 * Map `file` into as and build the initial stack: argv[0] = name, then the
 * strings of the NUL-separated block args (empty or ending in NUL, fewer
 * than LOADER_ARGV_MAX strings). Fills *start. On failure returns
 * -SKY_E_CORRUPT (logged with the reason), -SKY_E_QUOTA or -SKY_E_NOMEM;
 * what was mapped goes away with the address space.
 */
int loader_load(struct aspace *as, struct account *a, const char *name,
		const struct bundle_file *file, const char *args, size_t args_len,
		struct thread_start *start);

#endif

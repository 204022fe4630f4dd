/*
 * boot.h — what the boot loader told us, in one protocol-neutral form.
 * arch/x86_64/bootinfo.c fills it from Multiboot2 or PVH before anything
 * else runs; afterwards the loader's own structures are never read again.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>

#define BOOT_MAX_REGIONS      64
#define BOOT_MAX_MODULES      16
#define BOOT_CMDLINE_SIZE     512
#define BOOT_MODULE_NAME_SIZE 48

struct boot_region {
	uint64_t base, size; /* usable RAM */
};

struct boot_module {
	uint64_t base, size;              /* physical */
	char name[BOOT_MODULE_NAME_SIZE]; /* loader's string for it, may be empty */
};

struct boot_info {
	const char *protocol; /* "multiboot2" or "pvh" */
	char cmdline[BOOT_CMDLINE_SIZE];
	unsigned region_count;
	struct boot_region regions[BOOT_MAX_REGIONS];
	unsigned module_count;
	struct boot_module modules[BOOT_MAX_MODULES];
};

/* Parse the loader's structures (arch code); panics only if there is no memory map. */
void bootinfo_parse(uint32_t magic, uint32_t info_phys, struct boot_info *out);

/* Value of "key=value" on the command line, copied into buf; returns 0 if absent. */
int boot_option(const struct boot_info *bi, const char *key, char *buf, unsigned size);
/* Whether a bare word ("debugexit") appears on the command line. */
int boot_flag(const struct boot_info *bi, const char *word);

#endif

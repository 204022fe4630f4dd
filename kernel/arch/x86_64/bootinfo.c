/*
 * bootinfo.c — reads the loader's hand-over into struct boot_info:
 * Multiboot2 tags (GRUB) or PVH's hvm_start_info (QEMU -kernel). Both live
 * below 4 GiB, which the boot page tables map into the physmap. Lengths are
 * checked as we go: a malformed tag list ends the walk, it never runs past
 * the stated size.
 */
#include <stdbool.h>

#include "arch/x86_64/paging.h"
#include "base/string.h"
#include "boot.h"
#include "log.h"

#define MB2_BOOT_MAGIC 0x36d76289u
#define PVH_MAGIC      0x336ec578u

enum { MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_MODULE = 3, MB2_TAG_MMAP = 6 };
#define MEMORY_AVAILABLE 1

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr; /* version >= 1 */
	uint32_t memmap_entries, reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct memmap_entry { /* same layout in Multiboot2 and PVH */
	uint64_t base, size;
	uint32_t type, reserved;
};

static void copy_string(char *dst, size_t size, uint64_t pa, size_t max)
{
	dst[0] = '\0';
	if (!pa)
		return;
	const char *s = phys_to_virt(pa);
	size_t n = strnlen(s, max < size - 1 ? max : size - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t size, uint32_t type)
{
	if (type != MEMORY_AVAILABLE || size == 0 || base + size < base)
		return;
	if (bi->region_count == BOOT_MAX_REGIONS) {
		log_warn("boot: memory map has too many regions; ignoring 0x%llx+0x%llx",
			 (unsigned long long)base, (unsigned long long)size);
		return;
	}
	bi->regions[bi->region_count++] = (struct boot_region){ base, size };
}

static void add_module(struct boot_info *bi, uint64_t base, uint64_t size, uint64_t name_pa,
		       size_t name_max)
{
	if (bi->module_count == BOOT_MAX_MODULES) {
		log_warn("boot: more than %d modules; ignoring the rest", BOOT_MAX_MODULES);
		return;
	}
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->base = base;
	m->size = size;
	copy_string(m->name, sizeof m->name, name_pa, name_max);
}

static void parse_multiboot2(uint32_t info_pa, struct boot_info *bi)
{
	const uint8_t *base = phys_to_virt(info_pa);
	uint32_t total;
	memcpy(&total, base, 4);
	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type, size;
		memcpy(&type, base + off, 4);
		memcpy(&size, base + off + 4, 4);
		if (type == MB2_TAG_END || size < 8 || size > total - off)
			break;
		const uint8_t *body = base + off + 8;
		uint32_t body_size = size - 8;
		if (type == MB2_TAG_CMDLINE) {
			copy_string(bi->cmdline, sizeof bi->cmdline, info_pa + off + 8, body_size);
		} else if (type == MB2_TAG_MODULE && body_size >= 8) {
			uint32_t start, end;
			memcpy(&start, body, 4);
			memcpy(&end, body + 4, 4);
			if (end >= start)
				add_module(bi, start, end - start, info_pa + off + 16,
					   body_size - 8);
		} else if (type == MB2_TAG_MMAP && body_size >= 8) {
			uint32_t entry_size;
			memcpy(&entry_size, body, 4);
			if (entry_size >= sizeof(struct memmap_entry)) {
				for (uint32_t e = 8; e + entry_size <= body_size; e += entry_size) {
					struct memmap_entry m;
					memcpy(&m, body + e, sizeof m);
					add_region(bi, m.base, m.size, m.type);
				}
			}
		}
		off += (size + 7) & ~7u;
	}
}

static void parse_pvh(uint32_t info_pa, struct boot_info *bi)
{
	struct hvm_start_info si;
	memcpy(&si, phys_to_virt(info_pa), sizeof si);
	copy_string(bi->cmdline, sizeof bi->cmdline, si.cmdline_paddr, BOOT_CMDLINE_SIZE);
	for (uint32_t i = 0; i < si.nr_modules && i < BOOT_MAX_MODULES; i++) {
		struct hvm_modlist_entry m;
		memcpy(&m, (const uint8_t *)phys_to_virt(si.modlist_paddr) + i * sizeof m,
		       sizeof m);
		add_module(bi, m.paddr, m.size, m.cmdline_paddr, BOOT_MODULE_NAME_SIZE);
	}
	if (si.version >= 1) {
		for (uint32_t i = 0; i < si.memmap_entries; i++) {
			struct memmap_entry m;
			memcpy(&m, (const uint8_t *)phys_to_virt(si.memmap_paddr) + i * sizeof m,
			       sizeof m);
			add_region(bi, m.base, m.size, m.type);
		}
	}
}

void bootinfo_parse(uint32_t magic, uint32_t info_pa, struct boot_info *bi)
{
	memset(bi, 0, sizeof *bi);
	if (magic == MB2_BOOT_MAGIC) {
		bi->protocol = "multiboot2";
		parse_multiboot2(info_pa, bi);
	} else if (magic == PVH_MAGIC && *(uint32_t *)phys_to_virt(info_pa) == PVH_MAGIC) {
		bi->protocol = "pvh";
		parse_pvh(info_pa, bi);
	} else {
		panic("boot: unknown boot protocol (magic 0x%x); use GRUB (Multiboot2) or QEMU "
		      "-kernel (PVH)",
		      magic);
	}
	if (bi->region_count == 0)
		panic("boot: the %s loader gave no memory map", bi->protocol);
	for (unsigned i = 0; i < bi->module_count; i++) {
		struct boot_module *m = &bi->modules[i];
		if (m->base + m->size < m->base || m->base + m->size > (4ull << 30)) {
			log_warn("boot: module %u lies outside the first 4 GiB; ignored", i);
			bi->modules[i--] = bi->modules[--bi->module_count];
		}
	}
}

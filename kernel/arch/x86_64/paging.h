/*
 * paging.h — 4-level page tables. The kernel half is built once by
 * paging_init() and shared by all address spaces (see layout.h); user
 * address spaces are roots made by pt_create_user() holding the kernel half
 * plus their own mappings. Frames are addressed through the physmap.
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/layout.h"

struct boot_info;

/* User mapping rights; never MAP_WRITE together with MAP_EXEC. */
#define MAP_READ  1u
#define MAP_WRITE 2u
#define MAP_EXEC  4u

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(PHYSMAP_BASE + pa);
}

/* Build the kernel's tables (physmap, W^X image, stack and MMIO windows) and load them. */
void paging_init(const struct boot_info *bi);
uint64_t paging_kernel_root(void);

/* Map device registers uncached in the MMIO window; panics if the window is full. */
void *paging_map_mmio(uint64_t pa, size_t size);

/* Map or unmap one 4 KiB page of the kernel-stack window (tables exist from boot). */
void paging_map_kstack_page(uint64_t va, uint64_t pa);
/* Returns the frame that was mapped at va. */
uint64_t paging_unmap_kstack_page(uint64_t va);

/*
 * User address spaces. New page tables are charged to `account` as kernel
 * memory (NULL: uncharged), and each table's count of used entries lives in
 * the spare bits of the entry that points to it, so a table that empties is
 * freed at once.
 */
struct account;
/* A new root: kernel half shared, user half empty. 0 when out of frames. */
uint64_t pt_create_user(void);
/* Map one page. 0, -SKY_E_QUOTA or -SKY_E_NOMEM; on failure nothing changed. */
int pt_map_user(uint64_t root, uint64_t va, uint64_t pa, unsigned rights, struct account *account);
/* Unmap one page (flushing it if root is loaded); returns the frame, 0 if none was mapped. */
uint64_t pt_unmap_user(uint64_t root, uint64_t va, struct account *account);
/* Free the root of a space whose user half is empty. Not the loaded root. */
void pt_destroy_user(uint64_t root);

#endif

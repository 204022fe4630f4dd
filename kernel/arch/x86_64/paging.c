/*
 * paging.c — page-table construction for the kernel half and for user
 * address spaces. Leaf rights: the kernel image is mapped R-X / R-- / RW-
 * by section (W^X), the physmap and all data are no-execute, user pages
 * carry exactly the rights asked for. Intermediate user tables are U+W;
 * the leaves decide. User tables are freed as soon as they empty.
 */
#include "arch/x86_64/paging.h"

#include <stdbool.h>

#include "account.h"
#include "arch/x86_64/cpu.h"
#include "base/string.h"
#include "boot.h"
#include "frame.h"
#include "kstack.h"
#include "log.h"
#include "sky/error.h"

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull /* also masks off the count below */

/* Non-leaf user entries: bits 52-61 are ignored by the CPU; they count the
 * used entries of the table the entry points to. */
#define COUNT_SHIFT 52
#define COUNT_MASK  (0x3FFull << COUNT_SHIFT)

#define LARGE_PAGE 0x200000ull
#define MMIO_PAGES 512

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];

static uint64_t kernel_root;
static uint64_t nx_bit; /* PTE_NX when the CPU supports it, else 0 */
static unsigned mmio_used;

static unsigned index_at(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

static uint64_t *table(uint64_t pa)
{
	return phys_to_virt(pa & PTE_ADDR);
}

static uint64_t new_table(void)
{
	uint64_t pa = frame_alloc();
	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/*
 * The entry for va at `level` (0 = 4 KiB leaf, 1 = 2 MiB), creating missing
 * tables with `flags` when create is set. NULL if missing or out of frames.
 */
static uint64_t *walk(uint64_t root, uint64_t va, int level, bool create, uint64_t flags)
{
	uint64_t *t = table(root);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[index_at(va, l)];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			uint64_t pa = new_table();
			if (!pa)
				return NULL;
			*e = pa | flags;
		}
		if (*e & PTE_PS)
			panic("paging: walk for 0x%llx ran into a large page",
			      (unsigned long long)va);
		t = table(*e);
	}
	return &t[index_at(va, level)];
}

static void must_map(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *e = walk(kernel_root, va, 0, true, PTE_P | PTE_W);
	if (!e)
		panic("paging: out of frames while building kernel tables");
	*e = pa | flags;
}

/*
 * Physmap one RAM region: 2 MiB pages where aligned, 4 KiB at the edges.
 * Regions may overlap (loaders report modules, firmware may repeat
 * ranges), so whatever is mapped already is left as it is: a 4 KiB page
 * must never be written "under" a 2 MiB page, whose frame is not a table.
 */
static void map_physmap_region(uint64_t base, uint64_t size)
{
	uint64_t flags = PTE_P | PTE_W | PTE_G | nx_bit;
	uint64_t pa = base & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = base + size;
	while (pa < end) {
		uint64_t *pde = walk(kernel_root, PHYSMAP_BASE + pa, 1, true, PTE_P | PTE_W);
		if (!pde)
			panic("paging: out of frames while building kernel tables");
		if ((*pde & PTE_P) && (*pde & PTE_PS)) {
			pa = (pa | (LARGE_PAGE - 1)) + 1; /* this 2 MiB is mapped already */
		} else if (!(*pde & PTE_P) && (pa & (LARGE_PAGE - 1)) == 0 &&
			   end - pa >= LARGE_PAGE) {
			*pde = pa | flags | PTE_PS;
			pa += LARGE_PAGE;
		} else {
			uint64_t *pte =
				walk(kernel_root, PHYSMAP_BASE + pa, 0, true, PTE_P | PTE_W);
			if (!pte)
				panic("paging: out of frames while building kernel tables");
			if (!(*pte & PTE_P))
				*pte = pa | flags;
			pa += PAGE_SIZE;
		}
	}
}

static void map_image(char *start, char *end, uint64_t flags)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
		must_map(va, va - KERNEL_VMA, flags | PTE_P | PTE_G);
}

/* Create every table under a window now, so later maps only write leaves. */
static void prebuild_window(uint64_t base, uint64_t size)
{
	for (uint64_t va = base; va < base + size; va += LARGE_PAGE)
		if (!walk(kernel_root, va, 0, true, PTE_P | PTE_W))
			panic("paging: out of frames while building kernel tables");
}

void paging_init(const struct boot_info *bi)
{
	uint32_t r[4];
	cpuid(0x80000001, 0, r);
	if (r[3] & (1u << 20)) {
		nx_bit = PTE_NX;
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	} else {
		log_warn("paging: CPU has no NX bit; data pages stay executable");
	}

	kernel_root = new_table();
	if (!kernel_root)
		panic("paging: no frame for the kernel root");
	for (unsigned i = 0; i < bi->region_count; i++)
		map_physmap_region(bi->regions[i].base, bi->regions[i].size);
	for (unsigned i = 0; i < bi->module_count; i++)
		map_physmap_region(bi->modules[i].base, bi->modules[i].size);
	map_image(__text_start, __text_end, 0);
	map_image(__rodata_start, __rodata_end, nx_bit);
	map_image(__data_start, __data_end, PTE_W | nx_bit);
	prebuild_window(KSTACK_BASE, (uint64_t)KSTACK_SLOTS * KSTACK_SLOT_SIZE);
	prebuild_window(MMIO_BASE, (uint64_t)MMIO_PAGES * PAGE_SIZE);

	write_cr4(read_cr4() | CR4_PGE);
	write_cr3(kernel_root);
	log_info("paging: kernel tables loaded (text R-X, rodata R--, data RW-%s)",
		 nx_bit ? ", NX on" : ", no NX");
}

uint64_t paging_kernel_root(void)
{
	return kernel_root;
}

void *paging_map_mmio(uint64_t pa, size_t size)
{
	uint64_t first = pa & ~(uint64_t)(PAGE_SIZE - 1);
	unsigned pages = (unsigned)((pa + size - first + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages > MMIO_PAGES - mmio_used)
		panic("paging: MMIO window full");
	uint64_t va = MMIO_BASE + (uint64_t)mmio_used * PAGE_SIZE;
	for (unsigned i = 0; i < pages; i++) {
		uint64_t *e = walk(kernel_root, va + i * PAGE_SIZE, 0, false, 0);
		*e = (first + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | nx_bit;
	}
	mmio_used += pages;
	return (void *)(va + (pa - first));
}

void paging_map_kstack_page(uint64_t va, uint64_t pa)
{
	uint64_t *e = walk(kernel_root, va, 0, false, 0);
	assert(e && !(*e & PTE_P));
	*e = pa | PTE_P | PTE_W | PTE_G | nx_bit;
}

uint64_t paging_unmap_kstack_page(uint64_t va)
{
	uint64_t *e = walk(kernel_root, va, 0, false, 0);
	assert(e && (*e & PTE_P));
	uint64_t pa = *e & PTE_ADDR;
	*e = 0;
	invlpg(va); /* global page: a CR3 switch would not drop it */
	return pa;
}

uint64_t pt_create_user(void)
{
	uint64_t root = new_table();
	if (!root)
		return 0;
	/* Share the kernel half: slots 256..511 point at the same tables. */
	memcpy(table(root) + 256, table(kernel_root) + 256, 256 * sizeof(uint64_t));
	return root;
}

static void count_add(uint64_t *entry, int delta)
{
	uint64_t n = ((*entry & COUNT_MASK) >> COUNT_SHIFT) + (uint64_t)(int64_t)delta;
	assert(n <= 512);
	*entry = (*entry & ~COUNT_MASK) | (n << COUNT_SHIFT);
}

static uint64_t count_of(uint64_t entry)
{
	return (entry & COUNT_MASK) >> COUNT_SHIFT;
}

static int new_user_table(struct account *account, uint64_t *pa)
{
	if (account) {
		int err = account_charge(account, ACCOUNT_KMEM, PAGE_SIZE);
		if (err)
			return err;
	}
	*pa = new_table();
	if (!*pa) {
		if (account)
			account_uncharge(account, ACCOUNT_KMEM, PAGE_SIZE);
		return -SKY_E_NOMEM;
	}
	return 0;
}

static void free_user_table(uint64_t pa, struct account *account)
{
	frame_free(pa & PTE_ADDR);
	if (account)
		account_uncharge(account, ACCOUNT_KMEM, PAGE_SIZE);
}

/*
 * entry[l] = the level-l entry on the path to va (3: PML4 ... 0: the leaf).
 * Returns the number of levels present (stops at the first missing table).
 */
static int path(uint64_t root, uint64_t va, uint64_t *entry[4])
{
	uint64_t *t = table(root);
	for (int l = 3;; l--) {
		entry[l] = &t[index_at(va, l)];
		if (l == 0 || !(*entry[l] & PTE_P))
			return 4 - l;
		t = table(*entry[l]);
	}
}

int pt_map_user(uint64_t root, uint64_t va, uint64_t pa, unsigned rights, struct account *account)
{
	assert(va < USER_TOP && !(rights & MAP_WRITE && rights & MAP_EXEC));
	uint64_t *entry[4];
	uint64_t *t = table(root);
	int made = 0; /* tables created by this call, the deepest last */
	for (int l = 3; l > 0; l--) {
		entry[l] = &t[index_at(va, l)];
		if (!(*entry[l] & PTE_P)) {
			uint64_t tab;
			int err = new_user_table(account, &tab);
			if (err) {
				/* Undo: the tables made here are empty; free them deepest first. */
				for (int k = l + 1; made > 0; k++, made--) {
					free_user_table(*entry[k], account);
					*entry[k] = 0;
					if (k < 3)
						count_add(entry[k + 1], -1);
				}
				return err;
			}
			*entry[l] = tab | PTE_P | PTE_W | PTE_U;
			if (l < 3)
				count_add(entry[l + 1], 1);
			made++;
		}
		t = table(*entry[l]);
	}
	uint64_t *leaf = &t[index_at(va, 0)];
	assert(!(*leaf & PTE_P));
	*leaf = pa | PTE_P | PTE_U | (rights & MAP_WRITE ? PTE_W : 0) |
		(rights & MAP_EXEC ? 0 : nx_bit);
	count_add(entry[1], 1);
	return 0;
}

uint64_t pt_unmap_user(uint64_t root, uint64_t va, struct account *account)
{
	uint64_t *entry[4];
	if (path(root, va, entry) != 4 || !(*entry[0] & PTE_P))
		return 0;
	uint64_t pa = *entry[0] & PTE_ADDR;
	*entry[0] = 0;
	if (read_cr3() == root)
		invlpg(va);
	/* Free the tables this leaves empty, from the bottom up. */
	count_add(entry[1], -1);
	for (int l = 1; l <= 3 && count_of(*entry[l]) == 0; l++) {
		free_user_table(*entry[l], account);
		*entry[l] = 0;
		if (l < 3)
			count_add(entry[l + 1], -1);
	}
	return pa;
}

void pt_destroy_user(uint64_t root)
{
	assert(root != read_cr3());
	const uint64_t *t = table(root);
	for (unsigned i = 0; i < 256; i++)
		assert(!(t[i] & PTE_P)); /* every mapping was removed first */
	frame_free(root);
}

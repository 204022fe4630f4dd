/*
 * aspace.h — address spaces: a page-table root and the list of memory-object
 * mappings that fill its user half. Every user page belongs to some memory
 * object (program segments, stacks and IPC buffers included), so mapping,
 * sharing and freeing work one way for all of them.
 */
#ifndef KERNEL_ASPACE_H
#define KERNEL_ASPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/layout.h"
#include "base/list.h"
#include "object.h"

struct memobj;
struct process;

struct mapping {
	struct list link; /* in aspace->mappings, ordered by address */
	uint64_t vaddr;
	uint64_t npages;
	uint64_t first_page; /* of the memory object */
	uint32_t rights;     /* MAP_READ | MAP_WRITE | MAP_EXEC */
	struct memobj *mem;  /* holds a reference */
};

struct aspace {
	struct object obj;
	uint64_t root;
	struct list mappings;
	struct process *process;                 /* the process it belongs to, if any */
	uint64_t ipcbuf_used[IPCBUF_SLOTS / 64]; /* slots in the IPC-buffer region */
};

int aspace_create(struct account *a, struct aspace **out);
/*
 * Map pages [first, first + npages) of m at vaddr with rights (MAP_*).
 * kernel_region: the caller is the kernel placing IPC buffers or stacks.
 * Errors: SKY_E_ALIGN, SKY_E_RANGE (outside the object or the user window),
 * SKY_E_PERM (write + execute), SKY_E_EXISTS (overlaps a mapping),
 * SKY_E_QUOTA, SKY_E_NOMEM. A failed map changes nothing.
 */
int aspace_map(struct aspace *as, struct memobj *m, uint64_t vaddr, uint64_t first, uint64_t npages,
	       unsigned rights, bool kernel_region);
/* Remove the mapping that starts at vaddr; SKY_E_RANGE if none does. */
int aspace_unmap(struct aspace *as, uint64_t vaddr);
/* Pick a free IPC-buffer slot; its address, or 0 if all are taken. */
uint64_t aspace_ipcbuf_reserve(struct aspace *as);
void aspace_ipcbuf_release(struct aspace *as, uint64_t vaddr);

#endif

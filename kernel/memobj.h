/*
 * memobj.h — memory objects: a fixed number of zeroed pages, allocated when
 * the object is made and charged to its account, that address spaces map
 * (aspace.c). A contiguous object's pages are physically consecutive, for
 * DMA; only such objects reveal physical addresses, and only to holders of
 * SKY_RIGHT_PHYS.
 */
#ifndef KERNEL_MEMOBJ_H
#define KERNEL_MEMOBJ_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

#define MEMOBJ_CONTIG_MAX 1024 /* pages: the largest contiguous object */

struct memobj {
	struct object obj;
	uint64_t npages;
	bool contig;
	uint64_t contig_base; /* physical base of a contiguous object (0 until allocated) */
	uint64_t *frames;     /* small objects: the frame addresses, in one heap block */
	uint64_t **chunks;    /* large objects: pages of frame addresses, 512 per page */
};

/* npages zeroed pages (contiguous if flags has SKY_MEM_CONTIG), charged to a. */
int memobj_create(struct account *a, uint64_t npages, unsigned flags, struct memobj **out);
/* Physical address of page i (< npages). */
uint64_t memobj_frame(const struct memobj *m, uint64_t i);
/* The kernel's view of page i, through the physmap. */
void *memobj_page(const struct memobj *m, uint64_t i);

#endif

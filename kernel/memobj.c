/*
 * memobj.c — making and freeing memory objects. The frame addresses of a
 * non-contiguous object live in a table: for up to SMALL_PAGES pages one
 * heap block, above that two levels (a page of pointers to pages of 512
 * addresses), so no object needs an allocation larger than a page. The
 * table is charged as kernel memory, the data pages as pages.
 */
#include "memobj.h"

#include "account.h"
#include "arch/x86_64/paging.h"
#include "base/string.h"
#include "frame.h"
#include "kmem.h"
#include "log.h"
#include "sky/error.h"

#define PER_CHUNK   512
#define SMALL_PAGES 128 /* a table of at most 1 KiB */

static uint64_t chunk_count(uint64_t npages)
{
	return (npages + PER_CHUNK - 1) / PER_CHUNK;
}

/* Kernel memory the frame table of an object takes. */
static uint64_t table_bytes(bool contig, uint64_t npages)
{
	if (contig)
		return 0;
	if (npages <= SMALL_PAGES)
		return kmem_footprint(npages * sizeof(uint64_t));
	return (1 + chunk_count(npages)) * PAGE_SIZE;
}

static void *new_zeroed_page(void)
{
	uint64_t pa = frame_alloc();
	return pa ? memset(phys_to_virt(pa), 0, PAGE_SIZE) : NULL;
}

static void free_page(void *kva)
{
	frame_free((uint64_t)kva - PHYSMAP_BASE);
}

/* Where the address of page i is kept (its chunk must exist). */
static uint64_t *slot_of(const struct memobj *m, uint64_t i)
{
	return m->frames ? &m->frames[i] : &m->chunks[i / PER_CHUNK][i % PER_CHUNK];
}

uint64_t memobj_frame(const struct memobj *m, uint64_t i)
{
	assert(i < m->npages);
	if (m->contig)
		return m->contig_base + i * PAGE_SIZE;
	return *slot_of(m, i);
}

void *memobj_page(const struct memobj *m, uint64_t i)
{
	return phys_to_virt(memobj_frame(m, i));
}

/* Make a non-contiguous object's table and fill it with fresh zeroed frames. */
static int populate(struct memobj *m)
{
	if (m->npages <= SMALL_PAGES) {
		m->frames = kmem_alloc(m->npages * sizeof(uint64_t));
		if (!m->frames)
			return -SKY_E_NOMEM;
	} else {
		m->chunks = new_zeroed_page();
		if (!m->chunks)
			return -SKY_E_NOMEM;
		for (uint64_t c = 0; c < chunk_count(m->npages); c++) {
			m->chunks[c] = new_zeroed_page();
			if (!m->chunks[c])
				return -SKY_E_NOMEM;
		}
	}
	for (uint64_t i = 0; i < m->npages; i++) {
		uint64_t *page = new_zeroed_page();
		if (!page)
			return -SKY_E_NOMEM;
		*slot_of(m, i) = (uint64_t)page - PHYSMAP_BASE;
	}
	return 0;
}

int memobj_create(struct account *a, uint64_t npages, unsigned flags, struct memobj **out)
{
	bool contig = flags & SKY_MEM_CONTIG;
	if (npages == 0 || npages > SKY_MEM_PAGES_MAX || (flags & ~SKY_MEM_CONTIG) ||
	    (contig && npages > MEMOBJ_CONTIG_MAX))
		return -SKY_E_INVAL;
	uint64_t table = table_bytes(contig, npages);
	int err = account_charge(a, ACCOUNT_PAGES, npages);
	if (err)
		return err;
	err = account_charge(a, ACCOUNT_KMEM, table);
	if (err) {
		account_uncharge(a, ACCOUNT_PAGES, npages);
		return err;
	}
	struct memobj *m = object_new(a, SKY_OBJ_MEMORY, sizeof *m, &err);
	if (!m) {
		account_uncharge(a, ACCOUNT_PAGES, npages);
		account_uncharge(a, ACCOUNT_KMEM, table);
		return err;
	}
	m->npages = npages;
	m->contig = contig;
	if (contig) {
		m->contig_base = frame_alloc_contig(npages);
		err = m->contig_base ? 0 : -SKY_E_NOMEM;
		if (!err)
			memset(phys_to_virt(m->contig_base), 0, npages * PAGE_SIZE);
	} else {
		err = populate(m);
	}
	if (err) {
		object_put(&m->obj); /* frees what populate() made */
		return err;
	}
	*out = m;
	return 0;
}

/* Free the data pages populate() made (in order: the first gap ends them) and the table. */
static void free_table(struct memobj *m)
{
	for (uint64_t i = 0; i < m->npages; i++) {
		if ((m->chunks && !m->chunks[i / PER_CHUNK]) || !*slot_of(m, i))
			break;
		frame_free(*slot_of(m, i));
	}
	if (m->frames)
		kmem_free(m->frames, m->npages * sizeof(uint64_t));
	for (uint64_t c = 0; m->chunks && c < chunk_count(m->npages) && m->chunks[c]; c++)
		free_page(m->chunks[c]);
	if (m->chunks)
		free_page(m->chunks);
}

void memobj_destroy(struct object *o)
{
	struct memobj *m = (struct memobj *)o;
	if (m->contig_base) {
		for (uint64_t i = 0; i < m->npages; i++)
			frame_free(m->contig_base + i * PAGE_SIZE);
	} else if (m->frames || m->chunks) {
		free_table(m);
	}
	if (o->account) {
		account_uncharge(o->account, ACCOUNT_PAGES, m->npages);
		account_uncharge(o->account, ACCOUNT_KMEM, table_bytes(m->contig, m->npages));
	}
	object_free(o);
}

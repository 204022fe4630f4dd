/*
 * memobj.c — making and freeing memory objects. Non-contiguous objects keep
 * their frame addresses in a two-level table (a page of pointers to pages of
 * 512 addresses), so an object of up to SKY_MEM_PAGES_MAX pages needs no
 * allocation larger than a page. The table pages are charged as kernel
 * memory, the data pages as pages.
 */
#include "memobj.h"

#include "account.h"
#include "arch/x86_64/paging.h"
#include "base/string.h"
#include "frame.h"
#include "log.h"
#include "sky/error.h"

#define PER_CHUNK 512

static uint64_t chunk_count(uint64_t npages)
{
	return (npages + PER_CHUNK - 1) / PER_CHUNK;
}

/* Table pages a non-contiguous object needs: the directory and its chunks. */
static uint64_t table_pages(uint64_t npages)
{
	return 1 + chunk_count(npages);
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

uint64_t memobj_frame(const struct memobj *m, uint64_t i)
{
	assert(i < m->npages);
	if (m->contig)
		return m->contig_base + i * PAGE_SIZE;
	return m->chunks[i / PER_CHUNK][i % PER_CHUNK];
}

void *memobj_page(const struct memobj *m, uint64_t i)
{
	return phys_to_virt(memobj_frame(m, i));
}

/* Fill a non-contiguous object's table with fresh zeroed frames. */
static int populate(struct memobj *m)
{
	m->chunks = new_zeroed_page();
	if (!m->chunks)
		return -SKY_E_NOMEM;
	for (uint64_t c = 0; c < chunk_count(m->npages); c++) {
		m->chunks[c] = new_zeroed_page();
		if (!m->chunks[c])
			return -SKY_E_NOMEM;
	}
	for (uint64_t i = 0; i < m->npages; i++) {
		uint64_t *page = new_zeroed_page();
		if (!page)
			return -SKY_E_NOMEM;
		m->chunks[i / PER_CHUNK][i % PER_CHUNK] = (uint64_t)page - PHYSMAP_BASE;
	}
	return 0;
}

int memobj_create(struct account *a, uint64_t npages, unsigned flags, struct memobj **out)
{
	bool contig = flags & SKY_MEM_CONTIG;
	if (npages == 0 || npages > SKY_MEM_PAGES_MAX || (flags & ~SKY_MEM_CONTIG) ||
	    (contig && npages > MEMOBJ_CONTIG_MAX))
		return -SKY_E_INVAL;
	uint64_t tables = contig ? 0 : table_pages(npages);
	int err = account_charge(a, ACCOUNT_PAGES, npages);
	if (err)
		return err;
	err = account_charge(a, ACCOUNT_KMEM, tables * PAGE_SIZE);
	if (err) {
		account_uncharge(a, ACCOUNT_PAGES, npages);
		return err;
	}
	struct memobj *m = object_new(a, SKY_OBJ_MEMORY, sizeof *m, &err);
	if (!m) {
		account_uncharge(a, ACCOUNT_PAGES, npages);
		account_uncharge(a, ACCOUNT_KMEM, tables * PAGE_SIZE);
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

void memobj_destroy(struct object *o)
{
	struct memobj *m = (struct memobj *)o;
	if (m->contig_base) {
		for (uint64_t i = 0; i < m->npages; i++)
			frame_free(m->contig_base + i * PAGE_SIZE);
	} else if (m->chunks) {
		for (uint64_t c = 0; c < chunk_count(m->npages) && m->chunks[c]; c++) {
			for (uint64_t i = 0; i < PER_CHUNK && c * PER_CHUNK + i < m->npages; i++)
				if (m->chunks[c][i])
					frame_free(m->chunks[c][i]);
			free_page(m->chunks[c]);
		}
		free_page(m->chunks);
	}
	if (o->account) {
		account_uncharge(o->account, ACCOUNT_PAGES, m->npages);
		account_uncharge(o->account, ACCOUNT_KMEM,
				 (m->contig ? 0 : table_pages(m->npages)) * PAGE_SIZE);
	}
	object_free(o);
}

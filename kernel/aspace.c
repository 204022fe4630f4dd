/*
 * aspace.c — mapping memory objects into address spaces. The mapping list
 * is the source of truth; page tables mirror it. A map call checks every
 * argument, then installs page by page and, should a table allocation
 * fail half way, removes what it installed.
 */
#include "aspace.h"

#include "account.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "kmem.h"
#include "log.h"
#include "memobj.h"
#include "sky/error.h"

int aspace_create(struct account *a, struct aspace **out)
{
	int err = account_charge(a, ACCOUNT_KMEM, PAGE_SIZE); /* the root table */
	if (err)
		return err;
	struct aspace *as = object_new(a, SKY_OBJ_ASPACE, sizeof *as, &err);
	if (!as) {
		account_uncharge(a, ACCOUNT_KMEM, PAGE_SIZE);
		return err;
	}
	list_init(&as->mappings);
	as->root = pt_create_user();
	if (!as->root) {
		object_put(&as->obj);
		return -SKY_E_NOMEM;
	}
	*out = as;
	return 0;
}

static void unmap_pages(struct aspace *as, uint64_t vaddr, uint64_t npages)
{
	for (uint64_t i = 0; i < npages; i++)
		pt_unmap_user(as->root, vaddr + i * PAGE_SIZE, as->obj.account);
}

static void remove_mapping(struct aspace *as, struct mapping *m)
{
	unmap_pages(as, m->vaddr, m->npages);
	list_remove(&m->link);
	object_put(&m->mem->obj);
	if (as->obj.account)
		account_uncharge(as->obj.account, ACCOUNT_KMEM, kmem_footprint(sizeof *m));
	KMEM_DELETE(m);
}

void aspace_destroy(struct object *o)
{
	struct aspace *as = (struct aspace *)o;
	while (!list_empty(&as->mappings))
		remove_mapping(as, list_entry(as->mappings.next, struct mapping, link));
	if (as->root) {
		if (read_cr3() == as->root)
			write_cr3(paging_kernel_root()); /* the idle thread may still run on it */
		pt_destroy_user(as->root);
	}
	if (o->account)
		account_uncharge(o->account, ACCOUNT_KMEM, PAGE_SIZE);
	object_free(o);
}

/* The mapping the new range would follow; NULL if the range overlaps one. */
static struct list *insert_point(struct aspace *as, uint64_t start, uint64_t end)
{
	struct list *after = &as->mappings;
	list_for_each(pos, &as->mappings)
	{
		struct mapping *m = list_entry(pos, struct mapping, link);
		uint64_t m_end = m->vaddr + m->npages * PAGE_SIZE;
		if (start < m_end && m->vaddr < end)
			return NULL;
		if (m->vaddr < start)
			after = pos;
	}
	return after;
}

int aspace_map(struct aspace *as, struct memobj *mem, uint64_t vaddr, uint64_t first,
	       uint64_t npages, unsigned rights, bool kernel_region)
{
	if (vaddr % PAGE_SIZE)
		return -SKY_E_ALIGN;
	if (npages == 0 || first >= mem->npages || npages > mem->npages - first)
		return -SKY_E_RANGE; /* outside the object */
	if (vaddr < USER_MIN || vaddr >= USER_TOP || npages > (USER_TOP - vaddr) / PAGE_SIZE)
		return -SKY_E_RANGE;
	uint64_t end = vaddr + npages * PAGE_SIZE;
	if (!kernel_region && vaddr < USER_RESERVED_END && USER_RESERVED_BASE < end)
		return -SKY_E_RANGE;
	if (rights == 0 || (rights & ~(MAP_READ | MAP_WRITE | MAP_EXEC)))
		return -SKY_E_INVAL;
	if ((rights & MAP_WRITE) && (rights & MAP_EXEC))
		return -SKY_E_PERM; /* never writable and executable at once */
	struct list *after = insert_point(as, vaddr, end);
	if (!after)
		return -SKY_E_EXISTS;

	struct account *acct = as->obj.account;
	int err = acct ? account_charge(acct, ACCOUNT_KMEM, kmem_footprint(sizeof(struct mapping)))
		       : 0;
	if (err)
		return err;
	struct mapping *m = KMEM_NEW(struct mapping);
	if (!m) {
		if (acct)
			account_uncharge(acct, ACCOUNT_KMEM, kmem_footprint(sizeof *m));
		return -SKY_E_NOMEM;
	}
	for (uint64_t i = 0; i < npages; i++) {
		err = pt_map_user(as->root, vaddr + i * PAGE_SIZE, memobj_frame(mem, first + i),
				  rights | MAP_READ, acct);
		if (err) {
			unmap_pages(as, vaddr, i);
			KMEM_DELETE(m);
			if (acct)
				account_uncharge(acct, ACCOUNT_KMEM, kmem_footprint(sizeof *m));
			return err;
		}
	}
	*m = (struct mapping){ .vaddr = vaddr,
			       .npages = npages,
			       .first_page = first,
			       .rights = rights | MAP_READ,
			       .mem = mem };
	object_get(&mem->obj);
	list_insert_between(&m->link, after, after->next);
	return 0;
}

int aspace_unmap(struct aspace *as, uint64_t vaddr)
{
	list_for_each(pos, &as->mappings)
	{
		struct mapping *m = list_entry(pos, struct mapping, link);
		if (m->vaddr == vaddr) {
			remove_mapping(as, m);
			return 0;
		}
	}
	return -SKY_E_RANGE;
}

uint64_t aspace_ipcbuf_reserve(struct aspace *as)
{
	for (unsigned i = 0; i < IPCBUF_SLOTS; i++) {
		if (!(as->ipcbuf_used[i / 64] >> (i % 64) & 1)) {
			as->ipcbuf_used[i / 64] |= 1ull << (i % 64);
			return IPCBUF_BASE + (uint64_t)i * IPCBUF_STRIDE;
		}
	}
	return 0;
}

void aspace_ipcbuf_release(struct aspace *as, uint64_t vaddr)
{
	unsigned i = (unsigned)((vaddr - IPCBUF_BASE) / IPCBUF_STRIDE);
	assert(i < IPCBUF_SLOTS && (as->ipcbuf_used[i / 64] >> (i % 64) & 1));
	as->ipcbuf_used[i / 64] &= ~(1ull << (i % 64));
}

/*
 * sys_mem.c — decoding of the memory calls: map, unmap, physical address.
 */
#include "arch/x86_64/paging.h"
#include "aspace.h"
#include "cap.h"
#include "memobj.h"
#include "sky/error.h"
#include "syscall.h"

/* The SKY_RIGHT_* bits for READ, WRITE and EXEC are MAP_READ, MAP_WRITE, MAP_EXEC. */
_Static_assert(SKY_RIGHT_READ == MAP_READ && SKY_RIGHT_WRITE == MAP_WRITE &&
		       SKY_RIGHT_EXEC == MAP_EXEC,
	       "map rights are capability rights");

/* map(aspace, memory, vaddr, first_page, pages, rights) */
int64_t sys_mem_map(SYSCALL_ARGS)
{
	struct cap *as, *mem;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_ASPACE, SKY_RIGHT_WRITE, &as);
	if (!err)
		err = cap_lookup(my_cspace(), a1, SKY_OBJ_MEMORY, SKY_RIGHT_READ, &mem);
	if (err)
		return err;
	uint64_t rights = a5 | MAP_READ;
	if (rights & ~(uint64_t)(MAP_READ | MAP_WRITE | MAP_EXEC))
		return -SKY_E_INVAL;
	if ((rights & mem->rights) != rights)
		return -SKY_E_RIGHTS; /* no more than the memory capability allows */
	return aspace_map((struct aspace *)as->obj, (struct memobj *)mem->obj, a2, a3, a4,
			  (unsigned)rights, false);
}

/* unmap(aspace, vaddr): the mapping that starts there */
int64_t sys_mem_unmap(SYSCALL_ARGS)
{
	struct cap *as;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_ASPACE, SKY_RIGHT_WRITE, &as);
	if (err)
		return err;
	if (a1 >= USER_RESERVED_BASE && a1 < USER_RESERVED_END)
		return -SKY_E_RANGE; /* IPC buffers and the first stack are the kernel's */
	return aspace_unmap((struct aspace *)as->obj, a1);
}

/* phys(memory, page) -> physical address; contiguous objects and PHYS right only */
int64_t sys_mem_phys(SYSCALL_ARGS)
{
	struct cap *c;
	int err = cap_lookup(my_cspace(), a0, SKY_OBJ_MEMORY, SKY_RIGHT_PHYS, &c);
	if (err)
		return err;
	const struct memobj *m = (const struct memobj *)c->obj;
	if (!m->contig)
		return -SKY_E_INVAL;
	if (a1 >= m->npages)
		return -SKY_E_RANGE;
	return (int64_t)memobj_frame(m, a1);
}

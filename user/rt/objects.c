/*
 * objects.c — conveniences over the capability calls: a slot allocator for
 * the process's own capability space, an address allocator for mappings,
 * and "make an object / map fresh memory" in one call. Slots below
 * RT_FIRST_SLOT are left for the well-known and spawn-passed capabilities.
 */
#include "rt.h"

#define MAP_BASE 0x0000100000000000ull /* where map_new() places mappings */

static uint64_t used[SKY_CSPACE_SLOTS_DEFAULT / 64];
static uint64_t next_map = MAP_BASE;

int64_t slot_alloc(void)
{
	for (uint32_t s = RT_FIRST_SLOT; s < SKY_CSPACE_SLOTS_DEFAULT; s++) {
		if (!(used[s / 64] >> (s % 64) & 1)) {
			used[s / 64] |= 1ull << (s % 64);
			return s;
		}
	}
	return -SKY_E_LIMIT;
}

void slot_free(uint32_t slot)
{
	if (slot >= RT_FIRST_SLOT && slot < SKY_CSPACE_SLOTS_DEFAULT)
		used[slot / 64] &= ~(1ull << (slot % 64));
}

int64_t object_create(uint32_t type, uint64_t arg0, uint64_t arg1)
{
	int64_t slot = slot_alloc();
	if (slot < 0)
		return slot;
	int64_t err = sky_obj_create(SKY_SLOT_ACCOUNT, type, (uint32_t)slot, arg0, arg1);
	if (err) {
		slot_free((uint32_t)slot);
		return err;
	}
	return slot;
}

void object_delete(uint32_t slot)
{
	sky_cap_delete(slot);
	slot_free(slot);
}

uint64_t vaddr_reserve(uint64_t pages)
{
	uint64_t va = next_map;
	next_map += (pages + 1) * 4096; /* one unmapped page between mappings */
	return va;
}

void *map_object(uint32_t mem, uint64_t pages, uint32_t rights)
{
	uint64_t va = vaddr_reserve(pages);
	if (sky_mem_map(SKY_SLOT_ASPACE, mem, va, 0, pages, rights) < 0)
		return NULL;
	return (void *)va;
}

void *map_new(uint64_t pages, uint32_t rights, uint32_t flags, int64_t *mem_slot)
{
	int64_t mem = object_create(SKY_OBJ_MEMORY, pages, flags);
	if (mem_slot)
		*mem_slot = mem;
	if (mem < 0)
		return NULL;
	void *p = map_object((uint32_t)mem, pages, rights);
	if (!p) {
		object_delete((uint32_t)mem);
		if (mem_slot)
			*mem_slot = -SKY_E_NOMEM;
	}
	return p;
}

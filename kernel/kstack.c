/*
 * kstack.c — allocation of kernel stacks: a slot bitmap over the stack
 * window, frames from the frame allocator, leaves written into tables that
 * paging_init() built at boot (so every address space sees them at once).
 */
#include "kstack.h"

#include "arch/x86_64/paging.h"
#include "frame.h"
#include "log.h"

#define PAGES_PER_STACK (KSTACK_SIZE / PAGE_SIZE)

static uint64_t used[KSTACK_SLOTS / 64]; /* guarded by the kernel lock */

/* The guard is the lower half of a slot; the stack is the upper half. */
static uint64_t stack_bottom(unsigned slot)
{
	return KSTACK_BASE + (uint64_t)slot * KSTACK_SLOT_SIZE + KSTACK_SIZE;
}

static void unmap_pages(uint64_t bottom, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		frame_free(paging_unmap_kstack_page(bottom + (uint64_t)i * PAGE_SIZE));
}

uint64_t kstack_alloc(void)
{
	for (unsigned slot = 0; slot < KSTACK_SLOTS; slot++) {
		if (used[slot / 64] >> (slot % 64) & 1)
			continue;
		uint64_t bottom = stack_bottom(slot);
		for (unsigned i = 0; i < PAGES_PER_STACK; i++) {
			uint64_t pa = frame_alloc();
			if (!pa) {
				unmap_pages(bottom, i);
				return 0;
			}
			paging_map_kstack_page(bottom + (uint64_t)i * PAGE_SIZE, pa);
		}
		used[slot / 64] |= 1ull << (slot % 64);
		return bottom + KSTACK_SIZE;
	}
	return 0;
}

void kstack_free(uint64_t top)
{
	uint64_t bottom = top - KSTACK_SIZE;
	uint64_t offset = bottom - KSTACK_BASE - KSTACK_SIZE;
	unsigned slot = (unsigned)(offset / KSTACK_SLOT_SIZE);
	assert(bottom > KSTACK_BASE && offset % KSTACK_SLOT_SIZE == 0 && slot < KSTACK_SLOTS);
	assert(used[slot / 64] >> (slot % 64) & 1);
	unmap_pages(bottom, PAGES_PER_STACK);
	used[slot / 64] &= ~(1ull << (slot % 64));
}

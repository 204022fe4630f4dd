/*
 * frame.c — a bitmap over physical memory, one bit per 4 KiB frame (set =
 * in use or not RAM). A bitmap rather than a free list keeps the state
 * checkable (double frees are caught) and will serve contiguous requests
 * for DMA later. Allocation scans 64 frames per step from a hint.
 */
#include "frame.h"

#include <stdbool.h>

#include "arch/x86_64/layout.h"
#include "base/string.h"
#include "boot.h"
#include "log.h"
#include "spinlock.h"

#define FRAME_MAX_PHYS (16ull << 30) /* RAM above this is left unused */
#define NFRAMES        (FRAME_MAX_PHYS / PAGE_SIZE)
#define LOW_RESERVED   0x100000ull /* below 1 MiB: BIOS data, future AP trampoline */

extern char __kernel_phys_start[], __kernel_phys_end[];

static struct spinlock lock;
static uint64_t bitmap[NFRAMES / 64]; /* guarded by lock */
static uint64_t free_frames;          /* guarded by lock */
static uint64_t total_frames;         /* fixed after frame_init */
static uint64_t hint;                 /* word index to start searching; guarded by lock */

static bool in_use(uint64_t f)
{
	return bitmap[f / 64] >> (f % 64) & 1;
}

static void mark_free(uint64_t f)
{
	bitmap[f / 64] &= ~(1ull << (f % 64));
}

/* Mark [base, base+size) used, in whole frames, rounding outward. */
static void reserve(uint64_t base, uint64_t size)
{
	uint64_t first = base / PAGE_SIZE;
	uint64_t end = (base + size + PAGE_SIZE - 1) / PAGE_SIZE;
	for (uint64_t f = first; f < end && f < NFRAMES; f++) {
		if (!in_use(f)) {
			bitmap[f / 64] |= 1ull << (f % 64);
			free_frames--;
			total_frames--;
		}
	}
}

void frame_init(const struct boot_info *bi)
{
	memset(bitmap, 0xFF, sizeof bitmap);
	uint64_t ignored = 0;
	for (unsigned i = 0; i < bi->region_count; i++) {
		/* Free only whole frames inside the region, rounding inward. */
		uint64_t first = (bi->regions[i].base + PAGE_SIZE - 1) / PAGE_SIZE;
		uint64_t end = (bi->regions[i].base + bi->regions[i].size) / PAGE_SIZE;
		for (uint64_t f = first; f < end; f++) {
			if (f >= NFRAMES) {
				ignored++;
				continue;
			}
			if (in_use(f)) {
				mark_free(f);
				free_frames++;
			}
		}
	}
	total_frames = free_frames;
	reserve(0, LOW_RESERVED);
	reserve((uint64_t)__kernel_phys_start,
		(uint64_t)__kernel_phys_end - (uint64_t)__kernel_phys_start);
	for (unsigned i = 0; i < bi->module_count; i++)
		reserve(bi->modules[i].base, bi->modules[i].size);
	if (ignored)
		log_warn("frame: ignoring %llu MiB above %llu GiB",
			 (unsigned long long)(ignored >> 8),
			 (unsigned long long)(FRAME_MAX_PHYS >> 30));
	log_info("frame: %llu frames free (%llu MiB)", (unsigned long long)free_frames,
		 (unsigned long long)(free_frames >> 8));
}

uint64_t frame_alloc(void)
{
	spin_lock(&lock);
	for (uint64_t n = 0; n < NFRAMES / 64; n++) {
		uint64_t w = (hint + n) % (NFRAMES / 64);
		if (bitmap[w] != ~0ull) {
			unsigned bit = (unsigned)__builtin_ctzll(~bitmap[w]);
			bitmap[w] |= 1ull << bit;
			free_frames--;
			hint = w;
			spin_unlock(&lock);
			return (w * 64 + bit) * PAGE_SIZE;
		}
	}
	spin_unlock(&lock);
	return 0;
}

uint64_t frame_alloc_contig(uint64_t n)
{
	if (n == 0)
		return 0;
	spin_lock(&lock);
	uint64_t run = 0;
	for (uint64_t f = LOW_RESERVED / PAGE_SIZE; f < NFRAMES; f++) {
		if (run == 0 && f % 64 == 0 && bitmap[f / 64] == ~0ull) {
			f += 63; /* a full word: no run starts here */
			continue;
		}
		run = in_use(f) ? 0 : run + 1;
		if (run == n) {
			uint64_t first = f + 1 - n;
			for (uint64_t g = first; g <= f; g++)
				bitmap[g / 64] |= 1ull << (g % 64);
			free_frames -= n;
			spin_unlock(&lock);
			return first * PAGE_SIZE;
		}
	}
	spin_unlock(&lock);
	return 0;
}

void frame_free(uint64_t pa)
{
	uint64_t f = pa / PAGE_SIZE;
	if (pa % PAGE_SIZE || f >= NFRAMES || pa < LOW_RESERVED)
		panic("frame: freeing invalid frame address 0x%llx", (unsigned long long)pa);
	spin_lock(&lock);
	if (!in_use(f))
		panic("frame: double free of 0x%llx", (unsigned long long)pa);
	mark_free(f);
	free_frames++;
	if (f / 64 < hint)
		hint = f / 64;
	spin_unlock(&lock);
}

uint64_t frame_free_count(void)
{
	return free_frames;
}

uint64_t frame_total_count(void)
{
	return total_frames;
}

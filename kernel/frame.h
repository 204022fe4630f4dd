/*
 * frame.h — the physical frame allocator: every 4 KiB frame of usable RAM
 * that is not the kernel image, a boot module or below 1 MiB. Frames are
 * handed out by physical address; 0 means "none" (frame 0 is never usable).
 */
#ifndef KERNEL_FRAME_H
#define KERNEL_FRAME_H

#include <stdint.h>

struct boot_info;

void frame_init(const struct boot_info *bi);
/* One frame, contents undefined; 0 when memory is exhausted. */
uint64_t frame_alloc(void);
/* n physically consecutive frames (for DMA); the first one's address, or 0. */
uint64_t frame_alloc_contig(uint64_t n);
/* Give a frame back; freeing a frame that is not allocated is a kernel bug (panic). */
void frame_free(uint64_t pa);
uint64_t frame_free_count(void);
uint64_t frame_total_count(void);

#endif

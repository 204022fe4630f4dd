/*
 * kmem.h — the kernel heap for kernel objects (threads, processes, ...).
 * Objects up to a page; callers pass the size back on free, which every
 * kernel object knows, so no per-object header is needed.
 */
#ifndef KERNEL_KMEM_H
#define KERNEL_KMEM_H

#include <stddef.h>
#include <stdint.h>

/* Zeroed memory of `size` bytes (1..4096), aligned to min(size rounded up to a power of two, 4096);
 * NULL when out of memory. */
void *kmem_alloc(size_t size);
void kmem_free(void *p, size_t size);
/* Bytes currently allocated, rounded to their size classes. */
uint64_t kmem_in_use(void);
/* What an allocation of `size` really takes (its size class): the amount to charge for it. */
size_t kmem_footprint(size_t size);

#define KMEM_NEW(type) ((type *)kmem_alloc(sizeof(type)))
#define KMEM_DELETE(p) kmem_free((p), sizeof *(p))

#endif

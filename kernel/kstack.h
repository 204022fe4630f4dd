/*
 * kstack.h — kernel stacks in their own window (layout.h): each slot is a
 * KSTACK_SIZE stack above an unmapped guard of the same size, so an
 * overflow faults (and panics on the double-fault stack) instead of
 * silently overwriting a neighbour.
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <stdint.h>

#include "arch/x86_64/layout.h"

#define KSTACK_SLOTS     1024 /* also the system-wide thread limit */
#define KSTACK_SLOT_SIZE (2 * KSTACK_SIZE)

/* Allocate and map a stack; returns its top (16-byte aligned), or 0 if out of slots or frames. */
uint64_t kstack_alloc(void);
/* Unmap a stack and free its frames; top as returned by kstack_alloc. */
void kstack_free(uint64_t top);

#endif

/*
 * spinlock.h — mutual exclusion between CPUs for state that is not per-CPU
 * (the frame allocator, the kernel heap). The kernel runs with interrupts
 * off, so a lock is never taken from an interrupt on the same CPU; with one
 * CPU every lock is uncontended. Lock order and ownership: docs/locking.md.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif

/*
 * kmem.c — a slab allocator: power-of-two size classes from 32 to 1024
 * bytes carved out of single frames, and whole frames above that. Each
 * slab frame starts with its header; its objects sit at multiples of the
 * class size after it, so they are naturally aligned. A slab whose last
 * object is freed goes straight back to the frame allocator, which keeps
 * the free-frame count exact for leak tests.
 */
#include "kmem.h"

#include "arch/x86_64/paging.h"
#include "base/list.h"
#include "base/string.h"
#include "frame.h"
#include "log.h"
#include "spinlock.h"

#define MIN_SHIFT 5  /* 32 bytes */
#define MAX_SHIFT 10 /* 1024 bytes */
#define NCLASSES  (MAX_SHIFT - MIN_SHIFT + 1)

struct slab {
	struct list link; /* on its class's partial list while it has a free object */
	void *free;       /* chain of free objects */
	uint32_t inuse;
	uint32_t shift;
};
_Static_assert(sizeof(struct slab) <= (1u << MIN_SHIFT) * 2,
	       "slab header fits before the first object");

struct free_object {
	struct free_object *next;
};

static struct spinlock lock;
static struct list partial[NCLASSES] = {
#define P(i) LIST_INIT(partial[i])
	P(0), P(1), P(2), P(3), P(4), P(5),
#undef P
};
static uint64_t in_use_bytes;

static unsigned class_shift(size_t size)
{
	unsigned shift = MIN_SHIFT;
	while (((size_t)1 << shift) < size)
		shift++;
	return shift;
}

/* First object offset: past the header, at a multiple of the object size. */
static size_t first_offset(unsigned shift)
{
	size_t obj = (size_t)1 << shift;
	return obj >= sizeof(struct slab) ? obj : ((sizeof(struct slab) + obj - 1) / obj) * obj;
}

static struct slab *slab_new(unsigned shift)
{
	uint64_t pa = frame_alloc();
	if (!pa)
		return NULL;
	struct slab *s = phys_to_virt(pa);
	s->free = NULL;
	s->inuse = 0;
	s->shift = shift;
	size_t obj = (size_t)1 << shift;
	for (size_t off = PAGE_SIZE - obj; off >= first_offset(shift); off -= obj) {
		struct free_object *o = (struct free_object *)((char *)s + off);
		o->next = s->free;
		s->free = o;
	}
	list_init(&s->link);
	return s;
}

void *kmem_alloc(size_t size)
{
	assert(size > 0 && size <= PAGE_SIZE);
	if (size > ((size_t)1 << MAX_SHIFT)) {
		uint64_t pa = frame_alloc();
		if (!pa)
			return NULL;
		spin_lock(&lock);
		in_use_bytes += PAGE_SIZE;
		spin_unlock(&lock);
		return memset(phys_to_virt(pa), 0, PAGE_SIZE);
	}
	unsigned shift = class_shift(size);
	struct list *head = &partial[shift - MIN_SHIFT];
	spin_lock(&lock);
	if (list_empty(head)) {
		struct slab *s = slab_new(shift);
		if (!s) {
			spin_unlock(&lock);
			return NULL;
		}
		list_push_front(head, &s->link);
	}
	struct slab *s = list_entry(head->next, struct slab, link);
	struct free_object *o = s->free;
	s->free = o->next;
	s->inuse++;
	if (!s->free)
		list_remove(&s->link);
	in_use_bytes += (uint64_t)1 << shift;
	spin_unlock(&lock);
	return memset(o, 0, (size_t)1 << shift);
}

void kmem_free(void *p, size_t size)
{
	assert(p && size > 0 && size <= PAGE_SIZE);
	if (size > ((size_t)1 << MAX_SHIFT)) {
		assert(((uint64_t)p & (PAGE_SIZE - 1)) == 0);
		spin_lock(&lock);
		in_use_bytes -= PAGE_SIZE;
		spin_unlock(&lock);
		frame_free((uint64_t)p - PHYSMAP_BASE);
		return;
	}
	unsigned shift = class_shift(size);
	struct slab *s = (struct slab *)((uint64_t)p & ~(uint64_t)(PAGE_SIZE - 1));
	assert(s->shift == shift && s->inuse > 0);
	spin_lock(&lock);
	struct free_object *o = p;
	o->next = s->free;
	if (!s->free)
		list_push_front(&partial[shift - MIN_SHIFT], &s->link);
	s->free = o;
	s->inuse--;
	in_use_bytes -= (uint64_t)1 << shift;
	if (s->inuse == 0) {
		list_remove(&s->link);
		frame_free((uint64_t)s - PHYSMAP_BASE);
	}
	spin_unlock(&lock);
}

size_t kmem_footprint(size_t size)
{
	return size > ((size_t)1 << MAX_SHIFT) ? PAGE_SIZE : (size_t)1 << class_shift(size);
}

uint64_t kmem_in_use(void)
{
	return in_use_bytes;
}

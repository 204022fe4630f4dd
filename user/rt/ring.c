/*
 * ring.c — the ring operations. Acquire/release ordering on head and tail
 * is what makes an entry visible before its index; the checks make a
 * hostile peer's writes to the indices harmless to us.
 */
#include "ring.h"

#include "base/string.h"
#include "sky/error.h"

#define HEADER_SIZE 192

struct ring_shared {
	uint32_t head;
	uint8_t pad0[60];
	uint32_t tail;
	uint8_t pad1[60];
	uint32_t size;
	uint32_t entry_size;
	uint8_t pad2[56];
};

_Static_assert(sizeof(struct ring_shared) == HEADER_SIZE, "ring header layout");

static uint32_t capacity(size_t bytes, uint32_t entry_size)
{
	if (bytes <= HEADER_SIZE || entry_size == 0 || entry_size % 8)
		return 0;
	uint64_t fit = (bytes - HEADER_SIZE) / entry_size;
	uint32_t n = 1;
	while ((uint64_t)n * 2 <= fit && n < (1u << 30))
		n *= 2;
	return fit ? n : 0;
}

int ring_create(struct ring *r, void *mem, size_t bytes, uint32_t entry_size)
{
	uint32_t n = capacity(bytes, entry_size);
	if (!n)
		return -SKY_E_INVAL;
	struct ring_shared *s = mem;
	memset(s, 0, HEADER_SIZE);
	s->size = n;
	s->entry_size = entry_size;
	*r = (struct ring){ s, (uint8_t *)mem + HEADER_SIZE, n, entry_size };
	return 0;
}

int ring_attach(struct ring *r, void *mem, size_t bytes, uint32_t entry_size)
{
	struct ring_shared *s = mem;
	uint32_t n = __atomic_load_n(&s->size, __ATOMIC_ACQUIRE);
	if (bytes <= HEADER_SIZE || n == 0 || (n & (n - 1)) || s->entry_size != entry_size ||
	    (uint64_t)n * entry_size > bytes - HEADER_SIZE)
		return -SKY_E_CORRUPT;
	*r = (struct ring){ s, (uint8_t *)mem + HEADER_SIZE, n, entry_size };
	return 0;
}

enum ring_status ring_push(struct ring *r, const void *entry)
{
	uint32_t head = __atomic_load_n(&r->shared->head, __ATOMIC_RELAXED);
	uint32_t tail = __atomic_load_n(&r->shared->tail, __ATOMIC_ACQUIRE);
	uint32_t used = head - tail;
	if (used > r->size)
		return RING_CORRUPT;
	if (used == r->size)
		return RING_FULL;
	memcpy(r->entries + (uint64_t)(head & (r->size - 1)) * r->entry_size, entry, r->entry_size);
	__atomic_store_n(&r->shared->head, head + 1, __ATOMIC_RELEASE);
	return RING_OK;
}

enum ring_status ring_pop(struct ring *r, void *entry)
{
	uint32_t tail = __atomic_load_n(&r->shared->tail, __ATOMIC_RELAXED);
	uint32_t head = __atomic_load_n(&r->shared->head, __ATOMIC_ACQUIRE);
	uint32_t used = head - tail;
	if (used > r->size)
		return RING_CORRUPT;
	if (used == 0)
		return RING_EMPTY;
	memcpy(entry, r->entries + (uint64_t)(tail & (r->size - 1)) * r->entry_size, r->entry_size);
	__atomic_store_n(&r->shared->tail, tail + 1, __ATOMIC_RELEASE);
	return RING_OK;
}

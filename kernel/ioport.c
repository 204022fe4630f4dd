/*
 * ioport.c — port ranges and checked port access.
 */
#include "ioport.h"

#include "arch/x86_64/cpu.h"
#include "sky/error.h"

static struct ioport root = { .obj = { .type = SKY_OBJ_IOPORT, .refs = 1 },
			      .first = 0,
			      .count = 0x10000 };

struct ioport *ioport_root(void)
{
	return &root;
}

static bool inside(const struct ioport *p, uint64_t first, uint64_t count)
{
	return first >= p->first && count <= p->count && first - p->first <= p->count - count;
}

int ioport_narrow(struct account *a, const struct ioport *parent, uint64_t first, uint64_t count,
		  struct ioport **out)
{
	if (count == 0 || !inside(parent, first, count))
		return -SKY_E_RANGE;
	int err;
	struct ioport *p = object_new(a, SKY_OBJ_IOPORT, sizeof *p, &err);
	if (!p)
		return err;
	p->first = (uint32_t)first;
	p->count = (uint32_t)count;
	*out = p;
	return 0;
}

int ioport_check(const struct ioport *p, uint64_t port, uint64_t width)
{
	if (width != 1 && width != 2 && width != 4)
		return -SKY_E_INVAL;
	return inside(p, port, width) ? 0 : -SKY_E_RANGE;
}

uint32_t ioport_in(uint16_t port, unsigned width)
{
	uint32_t v;
	if (width == 1)
		v = inb(port);
	else if (width == 2)
		__asm__ volatile("inw %1, %w0" : "=a"(v) : "Nd"(port));
	else
		__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return width == 2 ? v & 0xFFFF : v;
}

void ioport_out(uint16_t port, unsigned width, uint32_t value)
{
	if (width == 1)
		outb(port, (uint8_t)value);
	else if (width == 2)
		__asm__ volatile("outw %w0, %1" : : "a"(value), "Nd"(port));
	else
		outl(port, value);
}

void ioport_destroy(struct object *o)
{
	object_free(o);
}

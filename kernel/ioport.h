/*
 * ioport.h — I/O-port capabilities: an object names a range of ports; a
 * driver may touch exactly the ports of the ranges it holds, through the
 * io_in / io_out system calls (ring 3 itself has no I/O permission).
 */
#ifndef KERNEL_IOPORT_H
#define KERNEL_IOPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

struct account;

struct ioport {
	struct object obj;
	uint32_t first;
	uint32_t count;
};

/* The object covering every port, for the root task. */
struct ioport *ioport_root(void);
/* A sub-range of parent: SKY_E_RANGE if [first, first + count) is not inside it. */
int ioport_narrow(struct account *a, const struct ioport *parent, uint64_t first, uint64_t count,
		  struct ioport **out);
/* Access of width 1, 2 or 4 bytes at port: SKY_E_INVAL (width), SKY_E_RANGE (outside). */
int ioport_check(const struct ioport *p, uint64_t port, uint64_t width);
uint32_t ioport_in(uint16_t port, unsigned width);
void ioport_out(uint16_t port, unsigned width, uint32_t value);

#endif

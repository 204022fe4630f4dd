/*
 * pic.c — the two cascaded 8259s, remapped to vectors 0x20-0x2F.
 */
#include "arch/x86_64/pic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"

#define MASTER   0x20
#define SLAVE    0xA0
#define EOI      0x20
#define READ_ISR 0x0B

static uint16_t masked = 0xFFFF & ~(1u << PIC_CASCADE_LINE);

static void write_masks(void)
{
	outb(MASTER + 1, (uint8_t)masked);
	outb(SLAVE + 1, (uint8_t)(masked >> 8));
}

void pic_init(void)
{
	/* ICW1-4: edge-triggered cascade, vectors 0x20/0x28, slave on line 2, 8086 mode. */
	outb(MASTER, 0x11);
	outb(SLAVE, 0x11);
	outb(MASTER + 1, VEC_PIC_BASE);
	outb(SLAVE + 1, VEC_PIC_BASE + 8);
	outb(MASTER + 1, 1u << PIC_CASCADE_LINE);
	outb(SLAVE + 1, PIC_CASCADE_LINE);
	outb(MASTER + 1, 1);
	outb(SLAVE + 1, 1);
	write_masks();
}

void pic_mask(unsigned line)
{
	masked |= (uint16_t)(1u << line);
	write_masks();
}

void pic_unmask(unsigned line)
{
	masked &= (uint16_t) ~(1u << line);
	write_masks();
}

static bool in_service(uint16_t port, unsigned bit)
{
	outb(port, READ_ISR);
	return inb(port) >> bit & 1;
}

bool pic_acknowledge(unsigned line)
{
	/* Lines 7 and 15 also signal spurious interrupts: then nothing is in service. */
	if (line == 7 && !in_service(MASTER, 7))
		return false;
	if (line == 15 && !in_service(SLAVE, 7)) {
		outb(MASTER, EOI); /* the master did see the cascade line */
		return false;
	}
	if (line >= 8)
		outb(SLAVE, EOI);
	outb(MASTER, EOI);
	return true;
}

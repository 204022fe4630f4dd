/*
 * serial.c — the 16550 UART at COM1 (0x3F8). Output only, polled: the
 * kernel console must work before interrupts exist and inside panic().
 */
#include "arch/x86_64/serial.h"

#include "arch/x86_64/cpu.h"

#define COM1 0x3F8
enum { DATA = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LSR_THR_EMPTY 0x20

void serial_init(void)
{
	outb(COM1 + IER, 0x00);  /* no UART interrupts */
	outb(COM1 + LCR, 0x80);  /* divisor latch access */
	outb(COM1 + DATA, 0x01); /* divisor 1 = 115200 baud */
	outb(COM1 + IER, 0x00);
	outb(COM1 + LCR, 0x03); /* 8 bits, no parity, one stop bit */
	outb(COM1 + FCR, 0xC7); /* FIFO on, cleared, 14-byte threshold */
	outb(COM1 + MCR, 0x03); /* DTR, RTS */
}

static void put_byte(char c)
{
	/* Bounded wait: a missing UART reads 0xFF and must not hang the kernel. */
	for (int spin = 0; spin < 100000 && !(inb(COM1 + LSR) & LSR_THR_EMPTY); spin++)
		;
	outb(COM1 + DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_byte('\r');
		put_byte(s[i]);
	}
}

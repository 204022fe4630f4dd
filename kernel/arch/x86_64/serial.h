/* serial.h — COM1, the kernel console: 115200 8N1, polled output. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <stddef.h>

void serial_init(void);
/* Write n bytes; "\n" becomes "\r\n" for terminals. */
void serial_write(const char *s, size_t n);

#endif

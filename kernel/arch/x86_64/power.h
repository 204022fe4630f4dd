/* power.h — stopping the machine. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

#include <stdbool.h>

/* When true, machine_stop() ends QEMU through its isa-debug-exit device (port 0xf4). */
extern bool power_debug_exit;

/* Stop for good. Under QEMU with debug exit, QEMU exits with (status << 1) | 1. */
__attribute__((noreturn)) void machine_stop(unsigned status);

#endif

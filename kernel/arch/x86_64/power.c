/*
 * power.c — stopping the machine. Real hardware halts with interrupts off;
 * under QEMU, the command-line flag `debugexit` makes the kernel leave
 * through the isa-debug-exit device so that test runs end by themselves.
 */
#include "arch/x86_64/power.h"

#include "arch/x86_64/cpu.h"

#define DEBUG_EXIT_PORT 0xF4

bool power_debug_exit;

void machine_stop(unsigned status)
{
	if (power_debug_exit)
		outl(DEBUG_EXIT_PORT, status);
	halt_forever();
}

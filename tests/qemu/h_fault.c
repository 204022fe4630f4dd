/*
 * h_fault — a helper that misbehaves in the way its argument names, so that
 * t_faults can check the kernel ends it (and only it) with the right report.
 * Exits 0 only if the misbehaviour did not fault, which t_faults treats as
 * a failure.
 */
#include "kernel_symbols.h" /* generated from build/skyscope.elf */
#include "rt.h"

#define KERNEL_TEXT KERNEL_SYMBOL_kmain         /* a mapped kernel text page */
#define KERNEL_DATA KERNEL_SYMBOL_log_threshold /* a mapped kernel data page */
#define PHYSMAP     0xFFFF800000100000ull       /* physmap of RAM at 1 MiB */

static volatile int zero;
static const char rodata_byte = 1;
static unsigned char data_page[64] = { 0xC3 }; /* `ret`, in a no-execute page */

static volatile int keep_going = 1;

static int recurse(int depth)
{
	volatile char pad[1024];
	pad[0] = (char)depth;
	return keep_going ? recurse(depth + 1) + pad[0] : 0; /* runs off the stack */
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "divzero"))
		return 10 / zero;
	if (!strcmp(m, "ud2"))
		__asm__ volatile("ud2");
	if (!strcmp(m, "read_kernel"))
		return *(volatile char *)KERNEL_TEXT;
	if (!strcmp(m, "write_kernel"))
		*(volatile char *)KERNEL_DATA = 1;
	if (!strcmp(m, "read_physmap"))
		return *(volatile char *)PHYSMAP;
	if (!strcmp(m, "jump_kernel"))
		((void (*)(void))KERNEL_TEXT)();
	if (!strcmp(m, "jump_noncanonical"))
		((void (*)(void))0x0000800000000000ull)();
	if (!strcmp(m, "read_null"))
		return *(volatile char *)0;
	if (!strcmp(m, "write_rodata"))
		*(volatile char *)&rodata_byte = 2;
	if (!strcmp(m, "write_text"))
		*(volatile char *)main = 0;
	if (!strcmp(m, "exec_data"))
		((void (*)(void))data_page)();
	if (!strcmp(m, "privileged"))
		__asm__ volatile("cli");
	if (!strcmp(m, "port_io"))
		__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	if (!strcmp(m, "int80"))
		__asm__ volatile("int $0x80");
	if (!strcmp(m, "stack_overflow"))
		return recurse(0);
	printf("h_fault: '%s' did not fault\n", m);
	return 0;
}

/*
 * boot.S — the kernel's first instructions. Two ways in, both in 32-bit
 * protected mode with paging off:
 *   _start_mb2  Multiboot2 (GRUB): eax = 0x36d76289, ebx = boot information
 *   _start_pvh  PVH (QEMU -kernel): ebx = struct hvm_start_info
 * Both reach long mode on static boot page tables that map the first 4 GiB
 * three times (identity, physmap, and the kernel's -2 GiB window), then jump
 * to the higher half and call kmain(protocol magic, info physical address).
 * paging.c replaces these tables with the real ones before anything else runs.
 */
#include "arch/x86_64/layout.h"

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0
#define PVH_NOTE_PHYS32_ENTRY 18
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

	.section .multiboot2, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.align 8
	.short 3, 0 /* entry address tag: where GRUB jumps (ELF entry is ignored) */
	.long 12
	.long _start_mb2
	.align 8
	.short 6, 0 /* module alignment tag: page-aligned modules */
	.long 8
	.align 8
	.short 0, 0 /* end tag */
	.long 8
mb2_header_end:

	/* PVH: QEMU reads this note and enters at _start_pvh. */
	.section .note.pvh, "a", @note
	.align 4
	.long 4, 8, PVH_NOTE_PHYS32_ENTRY
	.asciz "Xen"
	.align 4
	.quad _start_pvh

	.section .boot.text, "ax"
	.code32
	.global _start_mb2
_start_mb2:
	cli
	cld
	mov %eax, boot_magic
	mov %ebx, boot_info
	jmp enter_long_mode

	.global _start_pvh
_start_pvh:
	cli
	cld
	movl $0x336ec578, boot_magic /* hvm_start_info magic marks a PVH boot */
	mov %ebx, boot_info

enter_long_mode:
	/* Refuse politely on a CPU without long mode. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode

	mov %cr4, %eax
	or $(1 << 5), %eax /* PAE */
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $0xC0000080, %ecx /* EFER */
	rdmsr
	or $(1 << 8), %eax /* LME */
	wrmsr
	mov %cr0, %eax
	or $((1 << 31) | (1 << 16) | 1), %eax /* PG, WP, PE */
	mov %eax, %cr0
	lgdt boot_gdt_ptr
	ljmp $SEL_KCODE, $long_mode

no_long_mode:
	mov $no_long_mode_msg, %esi
	mov $0x3F8, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.code64
long_mode:
	mov $SEL_KDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	movabs $higher_half, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.align 4096
boot_pml4:
	.quad boot_pdpt_low + (PTE_P | PTE_W) /* slot 0: identity */
	.fill 255, 8, 0
	.quad boot_pdpt_low + (PTE_P | PTE_W) /* slot 256: physmap */
	.fill 254, 8, 0
	.quad boot_pdpt_high + (PTE_P | PTE_W) /* slot 511: kernel image */
boot_pdpt_low:
	.quad boot_pd + (PTE_P | PTE_W)
	.quad boot_pd + 4096 + (PTE_P | PTE_W)
	.quad boot_pd + 8192 + (PTE_P | PTE_W)
	.quad boot_pd + 12288 + (PTE_P | PTE_W)
	.fill 508, 8, 0
boot_pdpt_high:
	.fill 510, 8, 0
	.quad boot_pd + (PTE_P | PTE_W) /* -2 GiB -> physical 0 */
	.quad boot_pd + 4096 + (PTE_P | PTE_W)
boot_pd: /* 2048 x 2 MiB = the first 4 GiB */
	.set addr, 0
	.rept 2048
	.quad addr + (PTE_P | PTE_W | PTE_PS)
	.set addr, addr + 0x200000
	.endr

	.align 16
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF /* 0x08: 64-bit code */
	.quad 0x00CF92000000FFFF /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

boot_magic:
	.long 0
boot_info:
	.long 0
no_long_mode_msg:
	.asciz "Skyscope: this CPU has no 64-bit long mode; halted.\r\n"

	.text
higher_half:
	/* Clear .bss before anything lives there (loaders usually do; be sure). */
	movabs $__bss_start, %rdi
	movabs $__bss_end, %rcx
	sub %rdi, %rcx
	xor %eax, %eax
	rep stosb
	movabs $boot_stack + BOOT_STACK_SIZE, %rsp
	xor %ebp, %ebp
	mov boot_magic, %edi
	mov boot_info, %esi
	call kmain
1:	cli
	hlt
	jmp 1b

	.section .bss
	.align 16
	.global boot_stack
boot_stack:
	.skip BOOT_STACK_SIZE

/*
 * layout.h — the virtual address map, shared by assembly and C.
 *
 *   0x0000000000010000 .. USER_TOP        user space (per address space; the
 *                                          top part is kernel-managed: IPC
 *                                          buffers and the first stack)
 *   PHYSMAP_BASE  (PML4 slot 256)          all RAM, 2 MiB pages, no-execute
 *   KSTACK_BASE   (PML4 slot 508)          kernel stacks, 4 KiB pages with guard gaps
 *   MMIO_BASE     (PML4 slot 509)          device registers, uncached
 *   KERNEL_VMA    (PML4 slot 511)          the kernel image, linked at KERNEL_VMA + 1 MiB
 *
 * The kernel half (slots 256..511) is built once at boot and shared by every
 * address space: each PML4 copies those slots, and later kernel mappings only
 * ever change tables below them. That invariant is what lets one CPU switch
 * CR3 without touching kernel mappings.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define KERNEL_VMA   0xFFFFFFFF80000000
#define KERNEL_PHYS  0x100000
#define PHYSMAP_BASE 0xFFFF800000000000
#define KSTACK_BASE  0xFFFFFE0000000000
#define MMIO_BASE    0xFFFFFE8000000000

#define USER_MIN        0x0000000000010000
#define USER_TOP        0x0000800000000000
#define USER_STACK_TOP  0x00007FFFFFFE0000
#define USER_STACK_SIZE 0x10000
/* Kernel-managed part of every user half: IPC buffers, then the first
 * thread's stack. User mappings and program segments stay out of it. */
#define USER_RESERVED_BASE 0x00007FFF00000000
#define USER_RESERVED_END  USER_STACK_TOP
#define IPCBUF_BASE        USER_RESERVED_BASE
#define IPCBUF_STRIDE      0x4000 /* 8 KiB buffer, 8 KiB unmapped guard */
#define IPCBUF_SLOTS       1024

#define PAGE_SIZE       4096
#define KSTACK_SIZE     16384 /* per thread; followed by an unmapped guard of the same size */
#define BOOT_STACK_SIZE 16384

/* GDT selectors; the order is fixed by syscall/sysret (see gdt.c). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1B
#define SEL_UCODE 0x23
#define SEL_TSS   0x28

#endif

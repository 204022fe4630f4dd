/*
 * usercopy.S — the only code that touches user memory. Callers
 * (kernel/usercopy.c) have already proven the range lies in the user half;
 * a page fault on the copy instruction is turned into -SKY_E_FAULT through
 * the exception table (.extable: faulting address, resume address), so an
 * unmapped or protected user page costs the caller an error, not a panic.
 * With SMAP on, stac/clac open user access for exactly this instruction.
 */
#include "sky/error.h"

	.data
	.global smap_enabled
smap_enabled:
	.byte 0

	.text
/* long usercopy_raw(void *dst, const void *src, size_t n): 0 or -SKY_E_FAULT */
	.global usercopy_raw
usercopy_raw:
	movq %rdx, %rcx
	testb $1, smap_enabled(%rip)
	jz 1f
	stac
1:
copy_insn:
	rep movsb
	xorl %eax, %eax
copy_done:
	testb $1, smap_enabled(%rip)
	jz 2f
	clac
2:	ret
copy_fault:
	movq $-SKY_E_FAULT, %rax
	jmp copy_done

	.section .extable, "a"
	.quad copy_insn, copy_fault

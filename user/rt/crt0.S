/*
 * crt0.S — where every Skyscope program starts. The kernel leaves
 * rsp -> argc, argv[], NULL (16-byte aligned); main's result is the exit code.
 */
	.section .text.start, "ax"
	.global _start
_start:
	xorl %ebp, %ebp
	movq (%rsp), %rdi
	leaq 8(%rsp), %rsi
	call main
	movl %eax, %edi
	call exit
	ud2

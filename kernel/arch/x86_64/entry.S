/*
 * entry.S — every way into and out of the kernel after boot:
 *   isr_stubs     256 16-byte stubs: push a zero error code where the CPU
 *                 pushes none, push the vector, join isr_common
 *   isr_common    build a struct trap_frame, call trap_dispatch, return
 *   syscall_entry the `syscall` instruction (LSTAR); see include/sky/syscall.h
 *   switch_context, thread trampolines
 * Interrupts are off for the whole time the kernel runs (interrupt gates and
 * SFMASK clear IF), so none of this code can be interrupted except by NMI.
 */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/percpu.h"
#include "sky/syscall.h"
#include "sky/error.h"

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.align 16
	.global isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.align 16
	.if !HAS_ERROR(vec)
	pushq $0
	.endif
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr

isr_common:
	testb $3, 24(%rsp) /* saved CS: from user mode? */
	jz 1f
	swapgs
1:	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* Known flags for C: DF clear (the ABI), AC clear (SMAP stays on), IF off. */
	pushq $2
	popfq
	movq %rsp, %rdi
	call trap_dispatch

	.global trap_return
trap_return:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	testb $3, 24(%rsp)
	jz 1f
	swapgs
1:	addq $16, %rsp /* vector and error code */
	iretq

/*
 * syscall: rcx = user rip, r11 = user rflags, rsp still the user's.
 * The kernel stack holds [user rsp, rflags, rip, number] while C runs.
 */
	.global syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KSTACK_TOP, %rsp
	pushq %gs:CPU_USER_RSP
	pushq %r11
	pushq %rcx
	pushq %rax
	cmpq $SKY_SYS_COUNT, %rax
	jae bad_number
	movq %r10, %rcx
	call *syscall_table(, %rax, 8)
syscall_return:
	cmpb $0, %gs:CPU_NEED_RESCHED
	jne preempt
resume:
	addq $8, %rsp
	popq %rcx
	/* Guard: sysret to a non-canonical rip would fault in ring 0 on the user stack. */
	movq %rcx, %r11
	shrq $47, %r11
	jnz bad_return
	/* rdi..r9 carry the thread's message registers (IPC results); nothing of the kernel. */
	movq %gs:CPU_CURRENT, %r11
	movq THREAD_UREGS + 0(%r11), %rdi
	movq THREAD_UREGS + 8(%r11), %rsi
	movq THREAD_UREGS + 16(%r11), %rdx
	movq THREAD_UREGS + 24(%r11), %r10
	movq THREAD_UREGS + 32(%r11), %r8
	movq THREAD_UREGS + 40(%r11), %r9
	popq %r11
	popq %rsp
	swapgs
	sysretq

preempt:
	movq %rax, (%rsp) /* the saved number slot keeps the result meanwhile */
	call sched_preempt_point
	movq (%rsp), %rax
	jmp resume

bad_number:
	movq $-SKY_E_NOSYS, %rax
	jmp syscall_return

bad_return:
	movq %rcx, %rdi
	addq $16, %rsp
	andq $-16, %rsp
	call syscall_bad_return /* ends the process; does not return */
	ud2

/*
 * void switch_context(uint64_t *save_rsp, uint64_t next_rsp)
 * Saves the callee-saved registers on this stack, stores its rsp, and
 * resumes the other stack where its own switch_context call left it.
 */
	.global switch_context
switch_context:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* First run of a user thread: its stack holds a trap frame for iretq. */
	.global thread_enter_user
thread_enter_user:
	call sched_thread_started
	jmp trap_return

/* First run of a kernel thread: r12 = function, r13 = its argument. */
	.global thread_enter_kernel
thread_enter_kernel:
	call sched_thread_started
	movq %r13, %rdi
	call *%r12
	ud2

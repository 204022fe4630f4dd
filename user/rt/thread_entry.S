/* thread_entry.S — first instructions of a thread made by thread_spawn(). */
	.text
	.global rt_thread_entry
rt_thread_entry:
	popq %rax /* fn */
	popq %rdi /* arg */
	xorl %ebp, %ebp
	call *%rax
	movl $29, %eax /* SKY_SYS_THREAD_EXIT */
	syscall
	ud2

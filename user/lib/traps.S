/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/traps.S: Mach trap stubs for x86_64.
 *
 * GNU Mach's x86_64 trap convention (since 2023): trap number, negative,
 * in %rax; arguments in %rdi %rsi %rdx %r10 %r8 %r9; `syscall`; result
 * in %rax.  `syscall` itself overwrites %rcx (return %rip) and %r11
 * (%rflags), which is why the fourth argument travels in %r10 instead of
 * %rcx.  Arguments beyond six (only mach_msg_trap has seven) are read by
 * the kernel from the user stack just above the return address, so a
 * stub must be reached by `call` and must not touch %rsp.
 *
 * mach_msg_trap (-25) is the one trap with seven arguments.  GNU Mach's
 * x86_64/locore.S (syscall64, _syscall64_args_stack) copies argument
 * seven and up from the user stack, 8-byte slots starting at user
 * %rsp + 8, that is just above the return address `call` pushed.  That
 * is where the System V ABI puts a C function's seventh argument at its
 * entry, so the same four-instruction stub serves it unchanged; the same
 * holds for syscall_vm_map (-64), whose arguments seven to eleven the
 * kernel reads there too.
 *
 * Each stub is a C function: the C ABI lets it clobber %rcx, %r11 and
 * the argument registers; the kernel keeps %rbx %rbp %rsp %r12-%r15.
 *
 * Numbers: mach/syscall_sw.h (gnumach-dev); -120 is ClusterMach's
 * private test trap (include/clustermach/test_control.h).
 */

/* CM_TRAP name, number: define function `name` entering trap `number`. */
	.macro	CM_TRAP name, number
	.text
	.globl	\name
	.type	\name, @function
	.p2align 4
\name:
	movq	$\number, %rax		/* negative, sign-extended */
	movq	%rcx, %r10		/* C's 4th argument */
	syscall
	ret
	.size	\name, . - \name
	.endm

	CM_TRAP	mach_msg_trap, -25
	CM_TRAP	mach_reply_port, -26
	CM_TRAP	mach_thread_self, -27
	CM_TRAP	mach_task_self, -28
	CM_TRAP	mach_host_self, -29
	CM_TRAP	mach_print, -30
	CM_TRAP	swtch_pri, -59
	CM_TRAP	swtch, -60
	CM_TRAP	thread_switch, -61
	CM_TRAP	syscall_vm_map, -64
	CM_TRAP	syscall_vm_allocate, -65
	CM_TRAP	syscall_vm_deallocate, -66
	CM_TRAP	syscall_task_create, -68
	CM_TRAP	syscall_task_terminate, -69
	CM_TRAP	syscall_task_suspend, -70
	CM_TRAP	syscall_task_set_special_port, -71
	CM_TRAP	syscall_mach_port_allocate, -72
	CM_TRAP	syscall_mach_port_deallocate, -73
	CM_TRAP	syscall_mach_port_insert_right, -74
	CM_TRAP	syscall_mach_port_allocate_name, -75
	CM_TRAP	syscall_thread_depress_abort, -76
	CM_TRAP	thread_set_self_state, -77
	CM_TRAP	clustermach_test_control, -120

	.section .note.GNU-stack, "", @progbits

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/locore.S: every way into and out of the kernel, and the stack
 * switches.
 *
 *   trap_vector_N   CPU exceptions and PIC interrupts (IDT gates)
 *   syscall_entry   the `syscall` instruction (MSR_LSTAR)
 *   x86_64_return_to_user(iss)           leave by iretq from a pcb frame
 *   switch_context_kss(save, load, prev) run another stack, keep this one
 *   call_continuation(cont, stack_top)   run cont at the top of a stack
 *   thread_continue_trampoline           first code on a fresh stack
 *
 * Entry from user mode saves the registers in the thread's pcb (the CPU
 * pushes its part there because the TSS's rsp0 points at the pcb, and the
 * syscall entry builds the same frame there), then moves to the kernel
 * stack.  Entry from kernel mode leaves the frame on the current stack.
 * Interrupt gates enter with interrupts off; so does `syscall` (FMASK).
 * Frame layout: x86_64/thread_state.h.
 */
#include <x86_64/thread_state.h>

/* struct cpu_data offsets; checked in x86_64/pcb.c. */
#define CPU_KERNEL_STACK_TOP	32
#define CPU_SYSCALL_USER_RSP	40
#define CPU_PCB_STACK_TOP	48

	.section .note.GNU-stack, "", @progbits
	.text

.macro	SAVE_REGISTERS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro	RESTORE_REGISTERS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

/* Vectors whose exception pushes an error code: 8 10-14 17 21 29 30. */
.macro	TRAP_VECTOR n
	.align	16
	.globl	trap_vector_\n
trap_vector_\n:
	.if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushq	$0
	.endif
	pushq	$\n
	jmp	trap_common
.endm

	.altmacro
.macro	TRAP_VECTORS from, to
	TRAP_VECTOR \from
	.if \to - \from
	TRAP_VECTORS %(\from + 1), \to
	.endif
.endm
	TRAP_VECTORS 0, 47
	.noaltmacro

	.section .rodata
	.align	8
	.globl	trap_vector_table
trap_vector_table:
	.altmacro
.macro	TRAP_TABLE_ENTRY n
	.quad	trap_vector_\n
.endm
.macro	TRAP_TABLE from, to
	TRAP_TABLE_ENTRY \from
	.if \to - \from
	TRAP_TABLE %(\from + 1), \to
	.endif
.endm
	TRAP_TABLE 0, 47
	.noaltmacro

	.text
trap_common:
	SAVE_REGISTERS
	cld
	movq	%rsp, %rdi
	testb	$3, ISS_CS(%rsp)
	jz	trap_common_kernel
	/* From user: the frame is in the pcb; run on the kernel stack. */
	movq	cpu_data + CPU_KERNEL_STACK_TOP(%rip), %rsp
	xorl	%ebp, %ebp
	call	trap_from_user		/* ends in thread_exception_return */
	ud2
trap_common_kernel:
	call	trap_from_kernel
	RESTORE_REGISTERS
	addq	$16, %rsp		/* trapno, err */
	iretq

/*
 * syscall: %rcx = user %rip, %r11 = user %rflags, %rsp still the user's,
 * interrupts off.  Build an iretq frame plus registers in the pcb.
 */
	.globl	syscall_entry
syscall_entry:
	movq	%rsp, cpu_data + CPU_SYSCALL_USER_RSP(%rip)
	movq	cpu_data + CPU_PCB_STACK_TOP(%rip), %rsp
	pushq	$USER_DS
	pushq	cpu_data + CPU_SYSCALL_USER_RSP(%rip)
	pushq	%r11
	pushq	$USER_CS
	pushq	%rcx
	pushq	$0
	pushq	$T_SYSCALL
	SAVE_REGISTERS
	cld
	movq	%rsp, %rdi
	movq	cpu_data + CPU_KERNEL_STACK_TOP(%rip), %rsp
	xorl	%ebp, %ebp
	call	syscall_from_user	/* ends in thread_exception_return */
	ud2

/* void x86_64_return_to_user(struct x86_64_saved_state *iss): no return. */
	.globl	x86_64_return_to_user
x86_64_return_to_user:
	cli
	movq	%rdi, %rsp
	RESTORE_REGISTERS
	addq	$16, %rsp
	iretq

/*
 * thread_t switch_context_kss(struct x86_64_kernel_state *save,
 *     const struct x86_64_kernel_state *load, thread_t prev)
 * Saves this stack's state in *save, runs *load; when some thread later
 * loads *save, returns here with the thread that switched back to us.
 */
	.globl	switch_context_kss
switch_context_kss:
	leaq	1f(%rip), %rax
	movq	%rax, KSS_RIP(%rdi)
	movq	%rsp, KSS_RSP(%rdi)
	movq	%rbx, KSS_RBX(%rdi)
	movq	%rbp, KSS_RBP(%rdi)
	movq	%r12, KSS_R12(%rdi)
	movq	%r13, KSS_R13(%rdi)
	movq	%r14, KSS_R14(%rdi)
	movq	%r15, KSS_R15(%rdi)
	movq	%rdx, %rax
	movq	KSS_RSP(%rsi), %rsp
	movq	KSS_RBX(%rsi), %rbx
	movq	KSS_RBP(%rsi), %rbp
	movq	KSS_R12(%rsi), %r12
	movq	KSS_R13(%rsi), %r13
	movq	KSS_R14(%rsi), %r14
	movq	KSS_R15(%rsi), %r15
	jmp	*KSS_RIP(%rsi)
1:	ret

/* First code of a thread on a fresh stack: %rax = the previous thread. */
	.globl	thread_continue_trampoline
thread_continue_trampoline:
	movq	%rax, %rdi
	xorl	%ebp, %ebp
	call	thread_continue		/* never returns */
	ud2

/* void call_continuation(continuation_t cont, vm_offset_t stack_top) */
	.globl	call_continuation
call_continuation:
	movq	%rsi, %rsp
	xorl	%ebp, %ebp
	call	*%rdi
	call	continuation_returned
	ud2

/*
 * int copyio_direct(void *dst, const void *src, size_t len)
 * Copies len bytes, one side a user address of the loaded page tables
 * (x86_64/copyio.c).  Returns 0; if it faults, trap_from_kernel() sends
 * it to copyio_direct_fault instead, which returns 1 and the caller
 * takes the slow way (vm_map_resolve).  Only the two rep instructions
 * lie between copyio_direct_start and copyio_direct_end.
 */
	.globl	copyio_direct
	.globl	copyio_direct_start
	.globl	copyio_direct_end
	.globl	copyio_direct_fault
copyio_direct:
	movq	%rdx, %rcx
	shrq	$3, %rcx
copyio_direct_start:
	rep movsq
	movq	%rdx, %rcx
	andq	$7, %rcx
	rep movsb
copyio_direct_end:
	xorl	%eax, %eax
	ret
copyio_direct_fault:
	movl	$1, %eax
	ret

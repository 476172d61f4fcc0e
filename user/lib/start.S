/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/start.S: _start, the ELF entry of every user program.
 *
 * The kernel enters here with the System V initial stack that GNU Mach
 * builds for boot modules (kern/bootstrap.c):
 *
 *	%rsp ->	argc			8 bytes
 *		argv[0] .. argv[argc-1]	8 bytes each
 *		NULL
 *		envp[0] ..		8 bytes each (GNU Mach passes none)
 *		NULL
 *		the strings
 *
 * %rsp is only promised 8-byte alignment here; we align it to 16 as the
 * C ABI wants at a call, clear %rbp so backtraces stop, and hand over to
 * cm_start() (user/lib/cmstart.c), which never returns.  No other
 * register is read.
 */
	.section .text.start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* outermost frame */
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	leaq	16(%rsp,%rdi,8), %rdx	/* envp: after argv[], NULL */
	andq	$-16, %rsp
	call	cm_start
	ud2				/* cm_start does not return */
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits

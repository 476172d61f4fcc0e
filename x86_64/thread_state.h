/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/thread_state.h: the machine state a thread keeps.
 *
 * struct x86_64_saved_state is the register frame of a trap, interrupt or
 * system call.  For an entry from user mode it lives in the thread's pcb,
 * not on the kernel stack: the TSS points the CPU's push at the end of
 * pcb->iss, and the system-call entry builds the same frame there.  That
 * is what lets a thread give its kernel stack away while it waits: its
 * user registers are not on the stack.  An entry from kernel mode (an
 * interrupt in the kernel) leaves its frame on the current kernel stack.
 *
 * struct x86_64_kernel_state is what switch_context() saves: the callee-
 * saved registers, %rsp and the resume address.  It is meaningful only
 * while the thread holds a stack and is switched out without a
 * continuation.
 *
 * Offsets used by x86_64/locore.S are checked by _Static_assert in
 * x86_64/pcb.c.
 */
#ifndef _X86_64_THREAD_STATE_H_
#define _X86_64_THREAD_STATE_H_

#define ISS_R15		0
#define ISS_RAX		(14 * 8)
#define ISS_TRAPNO	(15 * 8)
#define ISS_ERR		(16 * 8)
#define ISS_RIP		(17 * 8)
#define ISS_CS		(18 * 8)
#define ISS_RFLAGS	(19 * 8)
#define ISS_RSP		(20 * 8)
#define ISS_SS		(21 * 8)
#define ISS_SIZE	(22 * 8)

#define KSS_RSP		0
#define KSS_RBX		8
#define KSS_RBP		16
#define KSS_R12		24
#define KSS_R13		32
#define KSS_R14		40
#define KSS_R15		48
#define KSS_RIP		56

/* Segment selectors (x86_64/gdt.c).  SYSRET needs user data at CS - 8. */
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_DS		0x1b	/* 0x18 | 3 */
#define USER_CS		0x23	/* 0x20 | 3 */
#define KERNEL_TSS	0x28

/* Trap numbers past the CPU's 32 exceptions. */
#define T_IRQ_BASE	32	/* PIC vectors 32..47 */
#define T_SYSCALL	0x80	/* frame built by the syscall entry */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct x86_64_saved_state {
	uint64_t	r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t	rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t	trapno, err;
	/* Pushed by the CPU (or built alike by the syscall entry). */
	uint64_t	rip, cs, rflags, rsp, ss;
};

struct x86_64_kernel_state {
	uint64_t	rsp, rbx, rbp, r12, r13, r14, r15, rip;
};

static inline int
x86_64_saved_state_from_user(const struct x86_64_saved_state *iss)
{
	return (iss->cs & 3) != 0;
}
#endif

#endif /* _X86_64_THREAD_STATE_H_ */

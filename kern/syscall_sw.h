/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/syscall_sw.h: the Mach trap table.
 */
#ifndef _KERN_SYSCALL_SW_H_
#define _KERN_SYSCALL_SW_H_

#include <stdint.h>
#include <x86_64/thread_state.h>

/*
 * Runs the trap whose (negative) number is in %rax, with GNU Mach's
 * x86_64 arguments (%rdi %rsi %rdx %r10 %r8 %r9), and returns %rax.
 */
uint64_t	mach_trap_dispatch(struct x86_64_saved_state *iss);

#endif /* _KERN_SYSCALL_SW_H_ */

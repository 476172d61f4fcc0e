/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pcb.h: the machine-dependent half of threads: their saved
 * registers, and the switch of CPU, stack and address space from one
 * thread to another.
 */
#ifndef _X86_64_PCB_H_
#define _X86_64_PCB_H_

#include <stdint.h>
#include <kern/thread.h>

void	pcb_init(thread_t thread);
/* Sets the user registers a new user thread starts with. */
void	pcb_set_user_entry(thread_t thread, uint64_t rip, uint64_t rsp,
	    uint64_t arg0);
/* Makes a fresh stack start in thread_continue() when switched to. */
void	pcb_prepare_fresh_stack(thread_t thread);
/* Points the CPU (TSS, kernel stack, address space) at thread. */
void	pcb_load_machine_state(thread_t thread);
/* Switches to `next`; returns, on old's stack, the thread that ran last. */
thread_t switch_context(thread_t old, thread_t next);
/* Gives old's stack to next (old blocked with a continuation). */
void	stack_handoff(thread_t old, thread_t next);

static inline vm_offset_t
thread_stack_top(const struct thread *thread)
{
	return thread->kernel_stack + KERNEL_STACK_SIZE;
}

/* x86_64/locore.S */
void	call_continuation(continuation_t cont, vm_offset_t stack_top)
	    __attribute__((noreturn));
void	x86_64_return_to_user(struct x86_64_saved_state *iss)
	    __attribute__((noreturn));
thread_t switch_context_kss(struct x86_64_kernel_state *save,
	    const struct x86_64_kernel_state *load, thread_t prev);
void	thread_continue_trampoline(void);

#endif /* _X86_64_PCB_H_ */

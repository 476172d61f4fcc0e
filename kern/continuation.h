/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/continuation.h: continuations and kernel stacks.
 *
 * A continuation is a function a blocking thread names as the place to
 * resume: thread_block(cont).  Blocking with one gives the kernel stack
 * back, because nothing on it will be needed again; the thread resumes
 * by calling cont() at the top of some stack, which never returns (it
 * ends in thread_exception_return() or in another thread_block()).
 *
 * What a continuation may assume (the contract, design/02-continuations.md):
 *   CT1. It runs on a kernel stack with nothing above it, interrupts on,
 *       no simple lock held, current_thread() the resumed thread.
 *   CT2. Its state is only what the thread kept outside the stack: its
 *       struct thread (wait_result, the `saved` union below, the pcb with
 *       its user registers) and the objects those point to.
 *   CT3. It never returns.  Returning would run off the top of the stack;
 *       call_continuation() panics if it ever does.
 *
 * Kernel stacks come from stack_alloc()/stack_free(), which count them:
 * stack_stats.stacks_in_use and its high-water mark stacks_max are the
 * measure that a thread blocked with a continuation holds no stack.
 *
 * Locking: stack_lock guards the stack free list and the counters; it is
 * a leaf, taken with interrupts off (the scheduler allocates stacks).
 */
#ifndef _KERN_CONTINUATION_H_
#define _KERN_CONTINUATION_H_

#include <stdint.h>
#include <mach/machine/vm_types.h>

typedef void (*continuation_t)(void);
#define CONTINUATION_NULL	((continuation_t)0)

/* 16 KiB: four pages from the buddy allocator, naturally aligned. */
#define KERNEL_STACK_ORDER	2
#define KERNEL_STACK_SIZE	(4096UL << KERNEL_STACK_ORDER)

struct stack_stats {
	uint64_t	stacks_in_use;		/* allocated to threads now */
	uint64_t	stacks_max;		/* high-water mark of the above */
	uint64_t	stacks_free;		/* kept on the free list now */
	uint64_t	stack_allocs;		/* stack_alloc() calls */
	uint64_t	stack_handoffs;		/* stack_handoff() calls */
	uint64_t	continuation_blocks;	/* thread_block(cont != NULL) */
	uint64_t	context_switches;	/* switch_context() calls */
};

extern struct stack_stats stack_stats;

struct thread;

void		stack_bootstrap(void);
/* Gives thread a kernel stack; panics only if memory is exhausted. */
void		stack_alloc(struct thread *thread);
/* Takes the stack from a thread that no longer needs it. */
void		stack_free(struct thread *thread);
void		stack_stats_snapshot(struct stack_stats *out);
/* Frees the stacks kept for reuse (before comparing free pages). */
void		stack_reap(void);

#endif /* _KERN_CONTINUATION_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/continuation.c: kernel stacks, counted.
 *
 * A thread holds a stack while it runs or while it is blocked without a
 * continuation; kern/sched_prim.c takes it back (stack_free) as soon as
 * a thread blocked with a continuation is off it.  Stacks are 16 KiB
 * blocks of the buddy allocator; up to STACK_FREE_LIST_MAX free ones are
 * kept for reuse, since blocking and waking are frequent.
 *
 * stack_stats.stacks_in_use counts stacks owned by threads (not the free
 * list); stacks_max is its high-water mark.  Tests read both.
 *
 * Locking: stack_lock, a leaf, at splsched (the scheduler calls in with
 * sched_lock held).  stack_stats fields other than the stack counts are
 * updated by the scheduler under sched_lock.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/continuation.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <vm/vm_page.h>
#include <x86_64/kernel_layout.h>

#define STACK_FREE_LIST_MAX	8

struct stack_free_entry {
	struct stack_free_entry	*next;
};

struct stack_stats stack_stats;
static simple_lock_data_t stack_lock = SIMPLE_LOCK_INITIALIZER("stack_lock");
static struct stack_free_entry *stack_free_list;

void
stack_bootstrap(void)
{
	stack_free_list = NULL;
	memset(&stack_stats, 0, sizeof(stack_stats));
}

void
stack_alloc(struct thread *thread)
{
	struct stack_free_entry *entry;
	spl_t s;

	assert(thread->kernel_stack == 0);
	s = simple_lock_irq(&stack_lock);
	entry = stack_free_list;
	if (entry != NULL) {
		stack_free_list = entry->next;
		stack_stats.stacks_free--;
	}
	stack_stats.stacks_in_use++;
	if (stack_stats.stacks_in_use > stack_stats.stacks_max)
		stack_stats.stacks_max = stack_stats.stacks_in_use;
	stack_stats.stack_allocs++;
	simple_unlock_irq(&stack_lock, s);

	if (entry == NULL) {
		struct vm_page *m = vm_page_alloc_pa(KERNEL_STACK_ORDER);

		/*
		 * Nothing reserves stacks yet: running out of memory for
		 * one is fatal (design/01-overview.md, known limits).
		 */
		if (m == NULL)
			panic("stack_alloc: out of memory for a kernel stack");
		entry = (struct stack_free_entry *)phystokv(vm_page_to_pa(m));
	}
	thread->kernel_stack = (vm_offset_t)entry;
}

void
stack_free(struct thread *thread)
{
	struct stack_free_entry *entry;
	bool keep;
	spl_t s;

	assert(thread->kernel_stack != 0);
	entry = (struct stack_free_entry *)thread->kernel_stack;
	thread->kernel_stack = 0;
	s = simple_lock_irq(&stack_lock);
	stack_stats.stacks_in_use--;
	keep = stack_stats.stacks_free < STACK_FREE_LIST_MAX;
	if (keep) {
		entry->next = stack_free_list;
		stack_free_list = entry;
		stack_stats.stacks_free++;
	}
	simple_unlock_irq(&stack_lock, s);
	if (!keep)
		vm_page_free_pa(vm_page_lookup_pa(kvtophys((vm_offset_t)entry)),
		    KERNEL_STACK_ORDER);
}

/* Gives the free list's stacks back to the page allocator. */
void
stack_reap(void)
{
	for (;;) {
		struct stack_free_entry *entry;
		spl_t s = simple_lock_irq(&stack_lock);

		entry = stack_free_list;
		if (entry != NULL) {
			stack_free_list = entry->next;
			stack_stats.stacks_free--;
		}
		simple_unlock_irq(&stack_lock, s);
		if (entry == NULL)
			return;
		vm_page_free_pa(vm_page_lookup_pa(kvtophys((vm_offset_t)entry)),
		    KERNEL_STACK_ORDER);
	}
}

void
stack_stats_snapshot(struct stack_stats *out)
{
	spl_t s = simple_lock_irq(&stack_lock);

	*out = stack_stats;
	simple_unlock_irq(&stack_lock, s);
}

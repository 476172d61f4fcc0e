/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/thread.c: creating, ending and reaping threads; the way back to
 * user mode.
 *
 * A thread is born without a stack: thread_create_kernel() records its
 * first continuation in swap_func, and the scheduler gives it a stack the
 * first time it runs (kern/sched_prim.c, case S2 or S1).  A thread ends
 * in thread_terminate_self(): it marks itself TH_HALTED and blocks with a
 * continuation that must never run; the scheduler frees its stack and
 * queues it for the reaper thread, which frees the pcb and the thread
 * and tells the task.
 *
 * Locking: reaper_lock (leaf, splsched) guards reaper_queue; the task
 * lock guards task->threads; threads_lock (leaf, splsched) guards
 * all_threads and threads_live.
 * Order: task lock -> sched_lock -> reaper_lock.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/ipc_tt.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched_prim.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <x86_64/cpu.h>
#include <x86_64/pcb.h>

static struct kmem_cache thread_cache;
static struct kmem_cache pcb_cache;
static uint64_t thread_next_id = 1;
static simple_lock_data_t reaper_lock = SIMPLE_LOCK_INITIALIZER("reaper");
static queue_head_t reaper_queue;
static thread_t reaper_thread;
static simple_lock_data_t threads_lock = SIMPLE_LOCK_INITIALIZER("threads");

queue_head_t all_threads = { &all_threads, &all_threads };
uint64_t threads_live;		/* created and not yet reaped */

void thread_reaper_enqueue(thread_t thread);

static void thread_reaper_continue(void) __attribute__((noreturn));

void
thread_bootstrap(void)
{
	kmem_cache_init(&thread_cache, "thread", sizeof(struct thread), 0,
	    NULL, 0);
	kmem_cache_init(&pcb_cache, "pcb", sizeof(struct pcb), 64, NULL, 0);
	queue_init(&reaper_queue);
	reaper_thread = thread_create_kernel(NULL, thread_reaper_continue,
	    "reaper", BASEPRI_KERNEL);
	if (reaper_thread == THREAD_NULL)
		panic("thread_bootstrap: no memory for the reaper");
	thread_resume_initial(reaper_thread);
}

/*
 * thread_create_kernel: a new thread of `task` (NULL: a kernel thread)
 * that starts in `start`.
 * Returns: the thread, not yet runnable; THREAD_NULL without memory.
 */
thread_t
thread_create_kernel(struct task *task, continuation_t start,
    const char *name, int priority)
{
	thread_t thread;
	spl_t s;

	thread = kmem_cache_alloc(&thread_cache);
	if (thread == THREAD_NULL)
		return THREAD_NULL;
	memset(thread, 0, sizeof(*thread));
	thread->pcb = kmem_cache_alloc(&pcb_cache);
	if (thread->pcb == NULL) {
		kmem_cache_free(&thread_cache, thread);
		return THREAD_NULL;
	}
	pcb_init(thread);
	thread->state = TH_SUSP;
	thread->priority = thread->sched_pri = priority;
	thread->quantum_ticks = THREAD_QUANTUM_TICKS;
	thread->start = start;
	thread->swap_func = start;
	thread->task = task;
	strlcpy(thread->name, name, sizeof(thread->name));

	thread->ref_count = 1;			/* the thread's life */
	if (task != NULL && ipc_thread_init(thread) != KERN_SUCCESS) {
		kmem_cache_free(&pcb_cache, thread->pcb);
		kmem_cache_free(&thread_cache, thread);
		return THREAD_NULL;
	}
	s = simple_lock_irq(&threads_lock);
	thread->id = thread_next_id++;
	threads_live++;
	queue_enter(&all_threads, &thread->all_threads);
	simple_unlock_irq(&threads_lock, s);
	if (task != NULL) {
		task_reference(task);		/* dropped by the reaper */
		s = simple_lock_irq(&task->lock);
		queue_enter(&task->threads, &thread->task_threads);
		task->thread_count++;
		/* A task suspended as a whole holds its new threads too. */
		thread->suspend_count = task->suspend_count;
		simple_unlock_irq(&task->lock, s);
	}
	return thread;
}

void
thread_resume_initial(thread_t thread)
{
	sched_thread_start(thread);
}

static void
thread_halted_continue(void)
{
	panic("a halted thread was resumed");
}

void
thread_terminate_self(void)
{
	thread_t self = current_thread();

	if (self->task != NULL)
		ipc_thread_terminate(self);
	thread_halt_self();
	thread_block(thread_halted_continue);
	panic("thread_terminate_self: returned");
}

/*
 * thread_reaper_enqueue: hand a halted thread, now off its stack, to
 * the reaper.  Locks: sched_lock held (called from thread_dispatch).
 */
void
thread_reaper_enqueue(thread_t thread)
{
	simple_lock(&reaper_lock);
	queue_enter(&reaper_queue, &thread->reaper_links);
	simple_unlock(&reaper_lock);
	thread_wakeup_locked((event_t)&reaper_queue);
}

static void
thread_reap(thread_t thread)
{
	struct task *task = thread->task;
	spl_t s;

	assert(thread->kernel_stack == 0 && (thread->state & TH_HALTED));
	if (task != NULL) {
		s = simple_lock_irq(&task->lock);
		queue_remove(&thread->task_threads);
		task->thread_count--;
		simple_unlock_irq(&task->lock, s);
	}
	s = simple_lock_irq(&threads_lock);
	queue_remove(&thread->all_threads);
	threads_live--;
	simple_unlock_irq(&threads_lock, s);
	thread_deallocate(thread);		/* the thread's life */
	if (task != NULL)
		task_deallocate(task);
}

void
thread_reference(thread_t thread)
{
	spl_t s = simple_lock_irq(&threads_lock);

	assert(thread->ref_count > 0);
	thread->ref_count++;
	simple_unlock_irq(&threads_lock, s);
}

void
thread_deallocate(thread_t thread)
{
	uint32_t refs;
	spl_t s;

	if (thread == THREAD_NULL)
		return;
	s = simple_lock_irq(&threads_lock);
	assert(thread->ref_count > 0);
	refs = --thread->ref_count;
	simple_unlock_irq(&threads_lock, s);
	if (refs > 0)
		return;
	assert(thread->state & TH_HALTED);
	kmem_cache_free(&pcb_cache, thread->pcb);
	kmem_cache_free(&thread_cache, thread);
}

static void
thread_reaper_continue(void)
{
	for (;;) {
		queue_chain_t *e;
		spl_t s = simple_lock_irq(&reaper_lock);

		e = queue_dequeue_head(&reaper_queue);
		if (e == NULL) {
			simple_unlock_irq(&reaper_lock, s);
			assert_wait((event_t)&reaper_queue, false);
			/* Recheck: an enqueue may have come in between. */
			s = simple_lock_irq(&reaper_lock);
			if (queue_empty(&reaper_queue)) {
				simple_unlock_irq(&reaper_lock, s);
				thread_block(thread_reaper_continue);
			}
			simple_unlock_irq(&reaper_lock, s);
			clear_wait(current_thread(), THREAD_AWAKENED, false);
			continue;
		}
		simple_unlock_irq(&reaper_lock, s);
		thread_reap(queue_containing(e, struct thread, reaper_links));
	}
}

/*
 * thread_exception_return: leave the kernel for user mode with the
 * registers in the pcb, after any pending reschedule.
 * Blocks: in ast_check(), with this function as the continuation.
 */
void
thread_exception_return(void)
{
	thread_t self = current_thread();

	assert(self->task != NULL);
	for (;;) {
		thread_boundary_check();	/* halt or suspension */
		cpu_cli();
		if (!current_cpu()->need_ast && !self->halt_requested &&
		    self->suspend_count == 0)
			break;
		cpu_sti();
		ast_check();
	}
	x86_64_return_to_user(&self->pcb->iss);
}

void
thread_bootstrap_return(void)
{
	thread_exception_return();
}

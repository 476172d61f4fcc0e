/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/sched_prim.h: blocking, waking and choosing threads.
 *
 * The waiting protocol, as GNU Mach's:
 *
 *	assert_wait(event, interruptible);	// declare the wait
 *	... drop locks, check the condition once more ...
 *	thread_block(cont);			// sleep until woken
 *
 * A wakeup between assert_wait() and thread_block() is not lost: it
 * clears TH_WAIT, and thread_block() then keeps the thread runnable.
 *
 * thread_block(cont) with cont != NULL does not return: the thread
 * resumes in cont() on a fresh stack (kern/continuation.h).  With
 * cont == NULL it returns on the same stack, with wait_result set.
 */
#ifndef _KERN_SCHED_PRIM_H_
#define _KERN_SCHED_PRIM_H_

#include <stdbool.h>
#include <kern/thread.h>

void	sched_init(void);
void	assert_wait(event_t event, bool interruptible);
/*
 * Makes the wait the current thread has declared end with
 * THREAD_TIMED_OUT after `ticks` clock ticks (CLOCK_HZ per second) unless
 * it is woken first.  Call after assert_wait(), before thread_block().
 */
void	thread_set_timeout(uint64_t ticks);
void	thread_block(continuation_t continuation);
/*
 * assert_wait(event, true), [thread_set_timeout(timeout_ticks) if not
 * 0], release `held`, clear_wait(peer, THREAD_AWAKENED) and
 * thread_block(continuation), in one sched_lock hold, giving the CPU
 * straight to peer when the scheduler would choose it anyway
 * (kern/sched_prim.c); peer may be NULL.  Locks: exactly `held` on
 * entry, none after.
 */
void	thread_block_handoff(event_t event, uint64_t timeout_ticks,
	    simple_lock_t held, continuation_t continuation, thread_t peer)
	    __attribute__((noreturn));
void	thread_wakeup_prim(event_t event, bool one_thread, int result);
void	clear_wait(thread_t thread, int result, bool interrupt_only);

static inline void
thread_wakeup(event_t event)
{
	thread_wakeup_prim(event, false, THREAD_AWAKENED);
}

static inline void
thread_wakeup_one(event_t event)
{
	thread_wakeup_prim(event, true, THREAD_AWAKENED);
}

/*
 * Marks the current thread halted: its next thread_block() leaves it for
 * the reaper.  It must wait for nothing (no assert_wait pending).
 */
void	thread_halt_self(void);
/* Waits until another thread has halted; false if interrupted. */
bool	thread_wait_halted(thread_t thread);
/* Halts or holds the current thread at the user boundary if asked. */
bool	thread_boundary_check(void);
/* thread_wakeup() for a caller already holding sched_lock. */
void	thread_wakeup_locked(event_t event);
/* Makes a new (TH_SUSP) thread runnable for the first time. */
void	sched_thread_start(thread_t thread);
/* Makes a thread runnable (sched_lock held, splsched). */
void	thread_setrun(thread_t thread);
/* Gives the CPU to another runnable thread of the same or better priority. */
void	thread_yield(void);
/* True if some thread waits on a run queue. */
bool	sched_runnable_threads(void);
/* Called by the clock interrupt on every tick. */
void	sched_clock_tick(bool from_user);
/* Reschedules if the quantum ran out (called before returning to user). */
void	ast_check(void);
/* Runs on the new thread's stack after a switch: frees the old stack. */
void	thread_dispatch(thread_t previous);
/* Start of the idle thread. */
void	idle_thread(void) __attribute__((noreturn));

extern uint64_t sched_preemptions;
extern uint64_t sched_ticks;

#endif /* _KERN_SCHED_PRIM_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/sched_prim.c: the scheduler: run queues, waits and wakeups, and
 * thread_block(), which decides how the CPU passes to the next thread.
 *
 * Run queues: NRQS FIFO queues by priority (0 most urgent) and a bitmap
 * of the non-empty ones.  The idle thread is on none: thread_select()
 * returns it when every queue is empty.  Waits: a thread waiting for an
 * event sits in the wait bucket of hash(event).
 *
 * Thread states (TH_*, kern/thread.h) change only under sched_lock:
 *
 *   running --assert_wait--> running+TH_WAIT --thread_block--> waiting
 *      ^                         |  (a wakeup here clears TH_WAIT:   |
 *      |                         |   thread_block keeps it running)  |
 *      +--- thread_select <-- on a run queue (TH_RUN) <-- wakeup ----+
 *
 * How thread_block(cont) passes the CPU from old to new (S1-S3 are the
 * cases of design/02-continuations.md):
 *   S1. cont != NULL and new has no stack: stack_handoff(), then new's
 *       continuation runs at the top of the stack old gave away.
 *   S2. new has no stack otherwise: it gets one from stack_alloc() and
 *       starts in thread_continue() on it.
 *   S3. new has a stack: switch_context(); it returns from its own
 *       thread_block() call.
 *   In S2/S3 with cont != NULL, old's stack is freed by thread_dispatch()
 *   running on new's stack, once nobody stands on old's.
 *
 * Locking: sched_lock guards run queues, wait buckets and the scheduler
 * fields of every thread; taken at splsched; it is held across the switch
 * and released by whichever thread runs next (in thread_block() after
 * switch_context(), or in thread_continue()).  It may be taken inside a
 * task lock, never the other way round; stack_lock and the page lock nest
 * inside it.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/continuation.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <x86_64/cpu.h>
#include <x86_64/pcb.h>

#define WAIT_HASH_BUCKETS	64

static simple_lock_data_t sched_lock = SIMPLE_LOCK_INITIALIZER("sched_lock");
static queue_head_t run_queues[NRQS];
static uint32_t run_queue_bitmap;		/* bit p: run_queues[p] */
static queue_head_t wait_buckets[WAIT_HASH_BUCKETS];
static queue_head_t timeout_threads;	/* waits with a deadline */

uint64_t sched_preemptions;		/* reschedules in ast_check() */
uint64_t sched_ticks;			/* clock interrupts */

void thread_continue(thread_t previous) __attribute__((noreturn));
void continuation_returned(void) __attribute__((noreturn));
void thread_reaper_enqueue(thread_t thread);

static inline queue_head_t *
sched_wait_bucket(event_t event)
{
	return &wait_buckets[(event >> 4) % WAIT_HASH_BUCKETS];
}

void
sched_init(void)
{
	for (int i = 0; i < NRQS; i++)
		queue_init(&run_queues[i]);
	for (int i = 0; i < WAIT_HASH_BUCKETS; i++)
		queue_init(&wait_buckets[i]);
	queue_init(&timeout_threads);
	run_queue_bitmap = 0;
}

/*
 * thread_setrun: put a runnable thread on its run queue.
 * Locks: sched_lock held, splsched.
 */
void
thread_setrun(thread_t thread)
{
	int pri = thread->sched_pri;
	thread_t self = current_thread();

	assert(!(thread->state & TH_WAIT) && !queue_linked(&thread->links));
	thread->state |= TH_RUN;
	queue_enter(&run_queues[pri], &thread->links);
	run_queue_bitmap |= 1u << pri;
	if (self != NULL && (self->state & TH_IDLE) == 0 &&
	    pri < self->sched_pri)
		current_cpu()->need_ast = true;
}

/*
 * thread_select: take the most urgent runnable thread off its queue.
 * Locks: sched_lock held.  Returns: a thread, the idle thread if none.
 */
static thread_t
thread_select(void)
{
	int pri;
	thread_t thread;

	if (run_queue_bitmap == 0)
		return current_cpu()->idle_thread;
	pri = __builtin_ctz(run_queue_bitmap);
	thread = queue_containing(queue_dequeue_head(&run_queues[pri]),
	    struct thread, links);
	if (queue_empty(&run_queues[pri]))
		run_queue_bitmap &= ~(1u << pri);
	return thread;
}

/* assert_wait() for a caller holding sched_lock. */
static void
assert_wait_locked(event_t event, bool interruptible)
{
	thread_t self = current_thread();

	assert((self->state & TH_WAIT) == 0);
	self->state |= TH_WAIT;
	if (!interruptible)
		self->state |= TH_UNINT;
	self->wait_event = event;
	self->wait_result = THREAD_AWAKENED;
	queue_enter(sched_wait_bucket(event), &self->links);
}

void
assert_wait(event_t event, bool interruptible)
{
	spl_t s = simple_lock_irq(&sched_lock);

	assert_wait_locked(event, interruptible);
	simple_unlock_irq(&sched_lock, s);
}

/*
 * clear_wait_locked: end thread's wait with `result`.
 * Locks: sched_lock held.
 */
static void
clear_wait_locked(thread_t thread, int result)
{
	if (thread->timeout_tick != 0) {
		queue_remove(&thread->timeout_links);
		thread->timeout_tick = 0;
	}
	queue_remove(&thread->links);
	thread->state &= ~(TH_WAIT | TH_UNINT);
	thread->wait_result = result;
	thread->wait_event = 0;
	if ((thread->state & TH_RUN) == 0)
		thread_setrun(thread);
}

/* thread_set_timeout() for a caller holding sched_lock. */
static void
thread_set_timeout_locked(thread_t self, uint64_t ticks)
{
	assert(self->state & TH_WAIT);
	if (self->timeout_tick == 0)
		queue_enter(&timeout_threads, &self->timeout_links);
	self->timeout_tick = sched_ticks + (ticks > 0 ? ticks : 1);
}

void
thread_set_timeout(uint64_t ticks)
{
	spl_t s = simple_lock_irq(&sched_lock);

	thread_set_timeout_locked(current_thread(), ticks);
	simple_unlock_irq(&sched_lock, s);
}

/*
 * sched_timeouts_expire: end the waits whose deadline has come.
 * Locks: sched_lock held (from the clock interrupt).
 */
static void
sched_timeouts_expire(void)
{
	queue_chain_t *e, *next;

	for (e = timeout_threads.next; e != &timeout_threads; e = next) {
		thread_t thread = queue_containing(e, struct thread,
		    timeout_links);

		next = e->next;
		if (thread->timeout_tick > sched_ticks)
			continue;
		if (thread->state & TH_WAIT) {
			clear_wait_locked(thread, THREAD_TIMED_OUT);
		} else {
			queue_remove(&thread->timeout_links);
			thread->timeout_tick = 0;
		}
	}
}

void
clear_wait(thread_t thread, int result, bool interrupt_only)
{
	spl_t s = simple_lock_irq(&sched_lock);

	if ((thread->state & TH_WAIT) &&
	    !(interrupt_only && (thread->state & TH_UNINT)))
		clear_wait_locked(thread, result);
	simple_unlock_irq(&sched_lock, s);
}

/*
 * thread_wakeup_scan: end the wait of the threads waiting for event.
 * Locks: sched_lock held.
 */
static void
thread_wakeup_scan(event_t event, bool one_thread, int result)
{
	queue_head_t *bucket = sched_wait_bucket(event);
	queue_chain_t *e, *next;

	for (e = bucket->next; e != bucket; e = next) {
		thread_t thread = queue_containing(e, struct thread, links);

		next = e->next;
		if (thread->wait_event != event)
			continue;
		clear_wait_locked(thread, result);
		if (one_thread)
			break;
	}
}

void
thread_wakeup_prim(event_t event, bool one_thread, int result)
{
	spl_t s = simple_lock_irq(&sched_lock);

	thread_wakeup_scan(event, one_thread, result);
	simple_unlock_irq(&sched_lock, s);
}

void
thread_wakeup_locked(event_t event)
{
	assert(simple_lock_taken(&sched_lock));
	thread_wakeup_scan(event, false, THREAD_AWAKENED);
}

void
thread_halt_self(void)
{
	thread_t self = current_thread();
	spl_t s = simple_lock_irq(&sched_lock);

	assert(!(self->state & TH_WAIT));
	self->state = TH_HALTED;
	simple_unlock_irq(&sched_lock, s);
}

/* Makes a never-run thread runnable.  Locks: sched_lock held. */
static void
sched_thread_start_locked(thread_t thread)
{
	assert(thread->state == TH_SUSP);
	thread->state = 0;
	thread_setrun(thread);
}

void
sched_thread_start(thread_t thread)
{
	spl_t s = simple_lock_irq(&sched_lock);

	sched_thread_start_locked(thread);
	simple_unlock_irq(&sched_lock, s);
}

/*
 * Suspension: suspend_count > 0 holds a thread at its next boundary
 * (the way back to user mode), where it waits on &suspend_count; a
 * never-started thread (TH_SUSP) simply does not start.  Halting: a
 * halt request wakes an interruptible wait and is acted on at the same
 * boundary (thread_exception_return -> thread_terminate_self).
 */
void
thread_hold(thread_t thread)
{
	spl_t s = simple_lock_irq(&sched_lock);

	thread->suspend_count++;
	simple_unlock_irq(&sched_lock, s);
}

void
thread_release(thread_t thread)
{
	spl_t s = simple_lock_irq(&sched_lock);

	if (thread->suspend_count > 0 && --thread->suspend_count == 0) {
		if (thread->state == TH_SUSP && !thread->halt_requested)
			sched_thread_start_locked(thread);
		else
			thread_wakeup_scan((event_t)&thread->suspend_count,
			    false, THREAD_AWAKENED);
	}
	simple_unlock_irq(&sched_lock, s);
}

void
thread_halt_request(thread_t thread)
{
	spl_t s = simple_lock_irq(&sched_lock);

	thread->halt_requested = true;
	if (thread->state == TH_SUSP)
		sched_thread_start_locked(thread);	/* to its own end */
	else if ((thread->state & TH_WAIT) && !(thread->state & TH_UNINT))
		clear_wait_locked(thread, THREAD_INTERRUPTED);
	simple_unlock_irq(&sched_lock, s);
}

/*
 * thread_wait_halted: wait until thread (not the caller) has halted;
 * the caller holds a reference to it.  Returns false if the wait was
 * interrupted (the caller is being aborted or halted itself).
 * Blocks: yes, without a continuation.
 */
bool
thread_wait_halted(thread_t thread)
{
	thread_t self = current_thread();

	for (;;) {
		spl_t s = simple_lock_irq(&sched_lock);

		if (thread->state & TH_HALTED) {
			simple_unlock_irq(&sched_lock, s);
			return true;
		}
		assert_wait_locked((event_t)thread, true);
		simple_unlock_irq(&sched_lock, s);
		thread_block(CONTINUATION_NULL);
		if (self->wait_result == THREAD_INTERRUPTED)
			return false;
	}
}

/*
 * thread_boundary_check: what the current thread must do before it
 * returns to user mode.  Returns false if it may go; otherwise it halts
 * or waits (blocking with continuation thread_exception_return, which
 * checks again).
 */
bool
thread_boundary_check(void)
{
	thread_t self = current_thread();
	spl_t s;

	/*
	 * The common case, nothing asked, is read without sched_lock.
	 * No request is lost: one set just after this read is the same as
	 * one set just after the locked read would have been, and
	 * thread_exception_return() reads both fields again with
	 * interrupts off, after this, and comes back here if either is
	 * set; a request made while the thread is in user mode is acted
	 * on at its next boundary, as before.
	 */
	if (!__atomic_load_n(&self->halt_requested, __ATOMIC_RELAXED) &&
	    __atomic_load_n(&self->suspend_count, __ATOMIC_RELAXED) == 0)
		return false;
	s = simple_lock_irq(&sched_lock);

	if (self->halt_requested) {
		simple_unlock_irq(&sched_lock, s);
		thread_terminate_self();
	}
	if (self->suspend_count == 0) {
		simple_unlock_irq(&sched_lock, s);
		return false;
	}
	assert_wait_locked((event_t)&self->suspend_count, true);
	simple_unlock_irq(&sched_lock, s);
	thread_block(thread_exception_return);
	return true;			/* not reached */
}

/*
 * thread_dispatch: finish switching away from `previous`, on the stack
 * of the thread now running.
 * Locks: sched_lock held, splsched (released by the caller).
 */
void
thread_dispatch(thread_t previous)
{
	if (previous->swap_func != CONTINUATION_NULL &&
	    previous->kernel_stack != 0)
		stack_free(previous);
	if (previous->state & TH_HALTED) {
		thread_reaper_enqueue(previous);
		/* thread_wait_halted() callers: it is off the CPU now. */
		thread_wakeup_scan((event_t)previous, false, THREAD_AWAKENED);
	}
}

/* Old stays runnable (a yield or a wakeup that came first): requeue it. */
static void
thread_block_requeue(thread_t old)
{
	if (old->state & (TH_IDLE | TH_HALTED))
		return;
	if (old->state & TH_WAIT) {
		old->state &= ~TH_RUN;
		return;
	}
	queue_enter(&run_queues[old->sched_pri], &old->links);
	run_queue_bitmap |= 1u << old->sched_pri;
}

/*
 * thread_block_stack_handoff: case S1, old gives its stack to new (which
 * has none) and new resumes in its continuation at the top of it.
 * Locks: sched_lock held at splsched; released here.
 */
static void __attribute__((noreturn))
thread_block_stack_handoff(thread_t old, thread_t new)
{
	continuation_t resume = new->swap_func;

	stack_stats.stack_handoffs++;
	stack_handoff(old, new);
	new->swap_func = CONTINUATION_NULL;
	thread_dispatch(old);
	simple_unlock(&sched_lock);
	spl0();
	call_continuation(resume, thread_stack_top(new));
}

/*
 * thread_block_locked: the body of thread_block() once sched_lock is
 * held at splsched (s: the spl to restore if old returns).
 */
static void
thread_block_locked(continuation_t continuation, spl_t s)
{
	thread_t old, new;

	old = current_thread();
	if (continuation != CONTINUATION_NULL)
		stack_stats.continuation_blocks++;
	current_cpu()->need_ast = false;
	old->quantum_ticks = THREAD_QUANTUM_TICKS;
	thread_block_requeue(old);
	new = thread_select();

	if (new == old) {
		/* Nothing better to run: old goes on, in its continuation. */
		old->state |= TH_RUN;
		simple_unlock(&sched_lock);
		if (continuation == CONTINUATION_NULL) {
			splx(s);
			return;
		}
		spl0();
		call_continuation(continuation, thread_stack_top(old));
	}

	old->swap_func = continuation;
	if (continuation != CONTINUATION_NULL && new->kernel_stack == 0)
		thread_block_stack_handoff(old, new);
	if (new->kernel_stack == 0) {
		/* S2: a fresh stack starting in thread_continue(). */
		stack_alloc(new);
		pcb_prepare_fresh_stack(new);
	}
	/* S3 (and S2): switch stacks; we return here only if old resumes. */
	stack_stats.context_switches++;
	old = switch_context(old, new);
	thread_dispatch(old);
	simple_unlock(&sched_lock);
	splx(s);
}

/*
 * thread_block: give the CPU to the most urgent runnable thread.
 * Locks: none held on entry (checked); none on return.
 * Blocks: yes.  With continuation != NULL it does not return: the thread
 * resumes in continuation() on some stack; otherwise it returns once
 * the thread runs again.
 */
void
thread_block(continuation_t continuation)
{
	spl_t s;

	check_simple_locks();
	s = splsched();
	simple_lock(&sched_lock);
	thread_block_locked(continuation, s);
}

/*
 * thread_handoff_peer_ok: may the CPU go straight to peer, bypassing
 * thread_select()?  Only if peer waits (blocked with a continuation,
 * so without a stack: S1) and would be thread_select()'s choice were
 * it queued: no runnable thread of its priority or better waits.  An
 * equally urgent thread already queued must not be passed over, or two
 * threads handing the CPU to each other would starve it (each block
 * restarts the quantum, so the clock would never intervene).
 * Locks: sched_lock held.
 */
static inline bool
thread_handoff_peer_ok(thread_t peer)
{
	if (peer->state != TH_WAIT || peer->kernel_stack != 0)
		return false;
	return (run_queue_bitmap & ((2u << peer->sched_pri) - 1)) == 0;
}

/*
 * thread_block_handoff: in one sched_lock hold, the current thread
 * waits for `event` (interruptible; with a deadline in timeout_ticks
 * clock ticks unless that is 0: no deadline), `held` is released, peer's wait ends (THREAD_AWAKENED) and
 * peer gets the CPU directly by stack handoff, as if thread_select()
 * had chosen it.  The IPC rendezvous of a combined send and receive:
 * the sender has just handed peer a message and now waits for its own.
 * When peer may not be run directly (thread_handoff_peer_ok), it is
 * made runnable and thread_block() chooses as usual; with peer NULL
 * this is assert_wait() and thread_block() in one hold.
 * Locks: `held` (one simple lock, taken without raising spl) on entry,
 * and no other; sched_lock nests inside it.  Released before the
 * switch.  Blocks: yes, resuming in continuation (not NULL).
 */
void
thread_block_handoff(event_t event, uint64_t timeout_ticks,
    simple_lock_t held, continuation_t continuation, thread_t peer)
{
	thread_t old = current_thread();
	spl_t s;

	assert(continuation != CONTINUATION_NULL);
	s = splsched();
	simple_lock(&sched_lock);
	assert_wait_locked(event, true);
	if (timeout_ticks != 0)
		thread_set_timeout_locked(old, timeout_ticks);
	simple_unlock(held);
	if (current_cpu()->simple_locks_held != 1)
		check_simple_locks();		/* panics: a lock kept */
	if (peer == NULL || !thread_handoff_peer_ok(peer)) {
		if (peer != NULL && (peer->state & TH_WAIT))
			clear_wait_locked(peer, THREAD_AWAKENED);
		thread_block_locked(continuation, s);
		continuation_returned();
	}
	/* As clear_wait_locked() and thread_select() would leave it. */
	if (peer->timeout_tick != 0) {
		queue_remove(&peer->timeout_links);
		peer->timeout_tick = 0;
	}
	queue_remove(&peer->links);
	peer->state = TH_RUN;
	peer->wait_result = THREAD_AWAKENED;
	peer->wait_event = 0;
	/* As thread_block() with old waiting. */
	stack_stats.continuation_blocks++;
	current_cpu()->need_ast = false;
	old->quantum_ticks = THREAD_QUANTUM_TICKS;
	old->state &= ~TH_RUN;
	old->swap_func = continuation;
	thread_block_stack_handoff(old, peer);
}

/*
 * thread_continue: first C code on a fresh stack (S2).
 * Locks: sched_lock held on entry (from the thread that switched here);
 * released before the continuation runs with interrupts on.
 */
void
thread_continue(thread_t previous)
{
	thread_t self = current_thread();
	continuation_t resume = self->swap_func;

	assert(resume != CONTINUATION_NULL);
	self->swap_func = CONTINUATION_NULL;
	thread_dispatch(previous);
	simple_unlock(&sched_lock);
	spl0();
	resume();
	continuation_returned();
}

void
continuation_returned(void)
{
	panic("a continuation returned (contract CT3)");
}

bool
sched_runnable_threads(void)
{
	return run_queue_bitmap != 0;
}

void
thread_yield(void)
{
	thread_block(CONTINUATION_NULL);
}

/*
 * sched_clock_tick: account a tick to the running thread; when its
 * quantum is gone and another thread of equal or better priority waits,
 * ask for a reschedule at the next return to user mode.
 * Locks: called from the clock interrupt, interrupts off.
 */
void
sched_clock_tick(bool from_user)
{
	thread_t self = current_thread();
	uint32_t eligible;

	sched_ticks++;
	if (!queue_empty(&timeout_threads)) {
		simple_lock(&sched_lock);
		sched_timeouts_expire();
		simple_unlock(&sched_lock);
	}
	if (self == NULL || (self->state & TH_IDLE))
		return;
	if (--self->quantum_ticks > 0)
		return;
	simple_lock(&sched_lock);
	eligible = run_queue_bitmap & ((2u << self->sched_pri) - 1);
	if (eligible != 0)
		current_cpu()->need_ast = true;
	else
		self->quantum_ticks = THREAD_QUANTUM_TICKS;
	simple_unlock(&sched_lock);
}

/*
 * ast_check: act on a pending reschedule before returning to user mode.
 * Blocks: yes, with continuation thread_exception_return, so a preempted
 * user thread holds no kernel stack while it waits for the CPU.
 */
void
ast_check(void)
{
	if (!current_cpu()->need_ast)
		return;
	current_cpu()->need_ast = false;
	sched_preemptions++;
	thread_block(thread_exception_return);
}

static void
idle_thread_continue(void)
{
	for (;;) {
		cpu_cli();
		if (run_queue_bitmap != 0) {
			cpu_sti();
			thread_block(idle_thread_continue);
		}
		cpu_sti_halt();
	}
}

void
idle_thread(void)
{
	idle_thread_continue();
	continuation_returned();
}

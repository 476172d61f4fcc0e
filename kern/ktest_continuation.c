/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest_continuation.c: self-tests and a benchmark of blocking with
 * continuations (design/02-continuations.md).
 *
 *   ktest=continuations  KTEST_WAITERS kernel threads block at once with a
 *                        continuation: stacks in use must stay at a small
 *                        constant; then KTEST_STACKFUL threads block
 *                        without one: stacks must grow by exactly that
 *                        many (the counter measures what it claims);
 *                        all resume, each finding its own saved state.
 *   ktest=handoff        two threads wake each other KTEST_ROUNDS times
 *                        with continuations: every switch is a stack
 *                        handoff.
 *   ktest=block_bench    the same ping-pong with and without
 *                        continuations, in rdtsc units (guest instructions
 *                        under -icount shift=0,sleep=off): one block and
 *                        wakeup, and the switch alone (design/
 *                        11-benchmarks.md).
 *
 * All threads here run in the kernel at one priority; nothing preempts a
 * kernel thread, so the counts below are exact.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/continuation.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/ktest.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <x86_64/cpu.h>

#define KTEST_WAITERS		500
#define KTEST_STACKFUL		20
/* The bootstrap thread's stack, plus slack for the reaper and idle. */
#define KTEST_STACK_BOUND	3
#define KTEST_ROUNDS		1000
/*
 * Each event below gets 16 bytes of its own: sched_wait_bucket() drops
 * the low 4 bits of an event, so events sharing 16 bytes share a wait
 * bucket, and a wakeup in the benchmark would also scan past the other
 * waits there (the peer's, the main thread's): its figures would move
 * with the link layout.
 */
#define KTEST_EVENT_ALIGN	16

extern uint64_t threads_live;

static volatile uint64_t ktest_blocked, ktest_resumed, ktest_bad_cookies;
static int ktest_go_event __attribute__((aligned(KTEST_EVENT_ALIGN)));
static int ktest_done_event __attribute__((aligned(KTEST_EVENT_ALIGN)));

static uint64_t
ktest_stacks_in_use(void)
{
	struct stack_stats stats;

	stack_stats_snapshot(&stats);
	return stats.stacks_in_use;
}

/* Resumed waiter: check the state it saved, then end. */
static void
ktest_waiter_resume(void)
{
	thread_t self = current_thread();

	if (self->saved.ktest.cookie != self->id * 7919)
		__atomic_add_fetch(&ktest_bad_cookies, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&ktest_resumed, 1, __ATOMIC_RELAXED);
	thread_wakeup((event_t)&ktest_done_event);
	thread_terminate_self();
}

/* First continuation of a waiter: save a cookie, block without a stack. */
static void
ktest_waiter_start(void)
{
	thread_t self = current_thread();

	self->saved.ktest.cookie = self->id * 7919;
	assert_wait((event_t)&ktest_go_event, false);
	__atomic_add_fetch(&ktest_blocked, 1, __ATOMIC_RELAXED);
	thread_block(ktest_waiter_resume);
}

/* The control group: block keeping the stack, then do the same. */
static void
ktest_stackful_start(void)
{
	thread_t self = current_thread();

	self->saved.ktest.cookie = self->id * 7919;
	assert_wait((event_t)&ktest_go_event, false);
	__atomic_add_fetch(&ktest_blocked, 1, __ATOMIC_RELAXED);
	thread_block(CONTINUATION_NULL);
	ktest_waiter_resume();
}

static bool
ktest_start_threads(int count, continuation_t start)
{
	for (int i = 0; i < count; i++) {
		thread_t t = thread_create_kernel(NULL, start, "ktest",
		    BASEPRI_KERNEL);

		if (t == THREAD_NULL)
			return false;
		thread_resume_initial(t);
	}
	return true;
}

/* Lets the other threads run until *counter reaches target. */
static void
ktest_wait_for(volatile uint64_t *counter, uint64_t target)
{
	while (*counter < target) {
		assert_wait((event_t)&ktest_done_event, false);
		if (*counter >= target) {
			clear_wait(current_thread(), THREAD_AWAKENED, false);
			break;
		}
		thread_block(CONTINUATION_NULL);
	}
}

static void
ktest_yield_until(volatile uint64_t *counter, uint64_t target)
{
	while (*counter < target)
		thread_yield();
}

static void
ktest_yield_until_reaped(uint64_t live)
{
	while (threads_live > live)
		thread_yield();
}

static const char *
ktest_continuations(void)
{
	struct stack_stats before, after;
	uint64_t live = threads_live, blocked_stacks, stackful_stacks;

	stack_stats_snapshot(&before);
	printf("stacks_in_use_before=%lu\n", (unsigned long)before.stacks_in_use);
	if (!ktest_start_threads(KTEST_WAITERS, ktest_waiter_start))
		return "no memory for the waiters";
	ktest_yield_until(&ktest_blocked, KTEST_WAITERS);
	blocked_stacks = ktest_stacks_in_use();
	printf("threads_blocked=%lu\n", (unsigned long)ktest_blocked);
	printf("stacks_in_use_blocked=%lu\n", (unsigned long)blocked_stacks);

	thread_wakeup((event_t)&ktest_go_event);
	ktest_wait_for(&ktest_resumed, KTEST_WAITERS);
	ktest_yield_until_reaped(live);
	stack_stats_snapshot(&after);
	printf("threads_resumed=%lu\n", (unsigned long)ktest_resumed);
	printf("stacks_max_continuations=%lu\n",
	    (unsigned long)after.stacks_max);
	printf("stack_handoffs=%lu\n",
	    (unsigned long)(after.stack_handoffs - before.stack_handoffs));

	/* Control: the same without continuations must cost one stack each. */
	ktest_blocked = 0;
	if (!ktest_start_threads(KTEST_STACKFUL, ktest_stackful_start))
		return "no memory for the control threads";
	ktest_yield_until(&ktest_blocked, KTEST_STACKFUL);
	stackful_stacks = ktest_stacks_in_use();
	printf("stacks_in_use_stackful=%lu\n", (unsigned long)stackful_stacks);
	thread_wakeup((event_t)&ktest_go_event);
	ktest_wait_for(&ktest_resumed, KTEST_WAITERS + KTEST_STACKFUL);
	ktest_yield_until_reaped(live);
	printf("stacks_in_use_after=%lu\n",
	    (unsigned long)ktest_stacks_in_use());
	printf("bad_cookies=%lu\n", (unsigned long)ktest_bad_cookies);

	if (blocked_stacks > KTEST_STACK_BOUND)
		return "blocked threads hold kernel stacks";
	if (after.stacks_max > before.stacks_in_use + KTEST_STACK_BOUND)
		return "stacks rose while the waiters ran";
	if (stackful_stacks - blocked_stacks != KTEST_STACKFUL)
		return "stackful waiters did not hold one stack each";
	if (ktest_bad_cookies != 0)
		return "a continuation found another thread's saved state";
	if (ktest_stacks_in_use() != before.stacks_in_use)
		return "stacks leaked";
	return NULL;
}
KTEST("continuations", ktest_continuations);

/* Ping-pong between two threads; with_continuation picks the block. */
static int ktest_ping_event __attribute__((aligned(KTEST_EVENT_ALIGN)));
static int ktest_pong_event __attribute__((aligned(KTEST_EVENT_ALIGN)));
static volatile uint64_t ktest_rounds_done;
static uint64_t ktest_rounds_target;
static bool ktest_use_continuation;

static void ktest_ping(void);
static void ktest_pong(void);

static void
ktest_ball(int *mine, int *other, continuation_t self_cont)
{
	for (;;) {
		if (ktest_rounds_done >= ktest_rounds_target) {
			thread_wakeup((event_t)other);
			thread_wakeup((event_t)&ktest_done_event);
			thread_terminate_self();
		}
		if (mine == &ktest_ping_event)
			ktest_rounds_done++;
		assert_wait((event_t)mine, false);
		thread_wakeup((event_t)other);
		thread_block(ktest_use_continuation ? self_cont :
		    CONTINUATION_NULL);
	}
}

static void
ktest_ping(void)
{
	ktest_ball(&ktest_ping_event, &ktest_pong_event, ktest_ping);
}

static void
ktest_pong(void)
{
	ktest_ball(&ktest_pong_event, &ktest_ping_event, ktest_pong);
}

/* Runs `rounds` ping-pong rounds; returns the rdtsc units they took. */
static uint64_t
ktest_ping_pong(bool with_continuation, uint64_t rounds,
    uint64_t *handoffs)
{
	struct stack_stats before, after;
	uint64_t start, end, live = threads_live;

	ktest_use_continuation = with_continuation;
	ktest_rounds_done = 0;
	ktest_rounds_target = rounds;
	stack_stats_snapshot(&before);
	start = rdtsc();
	ktest_start_threads(1, ktest_ping);
	ktest_start_threads(1, ktest_pong);
	ktest_wait_for(&ktest_rounds_done, rounds);
	end = rdtsc();
	ktest_yield_until_reaped(live);
	stack_stats_snapshot(&after);
	*handoffs = after.stack_handoffs - before.stack_handoffs;
	return end - start;
}

static const char *
ktest_handoff(void)
{
	uint64_t handoffs;

	ktest_ping_pong(true, KTEST_ROUNDS, &handoffs);
	printf("rounds=%lu\n", (unsigned long)ktest_rounds_done);
	printf("stack_handoffs=%lu\n", (unsigned long)handoffs);
	if (ktest_rounds_done != KTEST_ROUNDS)
		return "ping-pong did not finish its rounds";
	/* Each round is two blocks with a continuation onto a stackless peer. */
	if (handoffs < 2 * KTEST_ROUNDS - 2)
		return "switches between stackless threads were not handoffs";
	ktest_ping_pong(false, KTEST_ROUNDS, &handoffs);
	printf("stack_handoffs_without_continuations=%lu\n",
	    (unsigned long)handoffs);
	if (handoffs > 2)
		return "handoffs without continuations";
	return NULL;
}
KTEST("handoff", ktest_handoff);

/*
 * The switch alone: ktest_ball again, with a clock read just before
 * thread_block() and again where the next thread is back at the top of
 * its loop (through its continuation, or by returning from
 * thread_block()).  A separate copy, so that the probes stay out of the
 * block/wakeup figure.  Round 1 is left out: its first switch to pong
 * starts a new thread (case S2 without continuations).
 */
static volatile uint64_t ktest_switch_start, ktest_switch_total;
static volatile uint64_t ktest_switches;

static void ktest_timed_ping(void);
static void ktest_timed_pong(void);

static void
ktest_timed_ball(int *mine, int *other, continuation_t self_cont)
{
	for (;;) {
		uint64_t now = rdtsc();

		if (ktest_switch_start != 0) {
			ktest_switch_total += now - ktest_switch_start;
			ktest_switches++;
			ktest_switch_start = 0;
		}
		if (ktest_rounds_done >= ktest_rounds_target) {
			thread_wakeup((event_t)other);
			thread_wakeup((event_t)&ktest_done_event);
			thread_terminate_self();
		}
		if (mine == &ktest_ping_event)
			ktest_rounds_done++;
		assert_wait((event_t)mine, false);
		thread_wakeup((event_t)other);
		if (ktest_rounds_done > 1)
			ktest_switch_start = rdtsc();
		thread_block(ktest_use_continuation ? self_cont :
		    CONTINUATION_NULL);
	}
}

static void
ktest_timed_ping(void)
{
	ktest_timed_ball(&ktest_ping_event, &ktest_pong_event,
	    ktest_timed_ping);
}

static void
ktest_timed_pong(void)
{
	ktest_timed_ball(&ktest_pong_event, &ktest_ping_event,
	    ktest_timed_pong);
}

/* Runs `rounds` timed rounds; returns rdtsc units per switch. */
static uint64_t
ktest_switch_time(bool with_continuation, uint64_t rounds)
{
	uint64_t live = threads_live;

	ktest_use_continuation = with_continuation;
	ktest_rounds_done = 0;
	ktest_rounds_target = rounds;
	ktest_switch_start = 0;
	ktest_switch_total = 0;
	ktest_switches = 0;
	ktest_start_threads(1, ktest_timed_ping);
	ktest_start_threads(1, ktest_timed_pong);
	ktest_wait_for(&ktest_rounds_done, rounds);
	ktest_yield_until_reaped(live);
	return ktest_switches != 0 ? ktest_switch_total / ktest_switches : 0;
}

/*
 * ktest_round_time: rdtsc units per steady-state round: a run of
 * 2 * rounds minus one of `rounds`, so that starting and ending the two
 * threads drops out.  A first run, not counted, warms the thread and
 * stack caches, so that both counted runs start and end alike.
 */
static uint64_t
ktest_round_time(bool with_continuation, uint64_t rounds)
{
	uint64_t handoffs, single, twice;

	ktest_ping_pong(with_continuation, rounds, &handoffs);
	single = ktest_ping_pong(with_continuation, rounds, &handoffs);
	twice = ktest_ping_pong(with_continuation, 2 * rounds, &handoffs);
	return (twice - single) / rounds;
}

static const char *
ktest_block_bench(void)
{
	uint64_t with, without;

	with = ktest_round_time(true, KTEST_ROUNDS);
	without = ktest_round_time(false, KTEST_ROUNDS);
	/* One round = two block/wakeup pairs. */
	printf("bench.block_wakeup_continuation=%lu\n",
	    (unsigned long)(with / 2));
	printf("bench.block_wakeup_stackful=%lu\n",
	    (unsigned long)(without / 2));
	printf("bench.switch_continuation=%lu\n",
	    (unsigned long)ktest_switch_time(true, KTEST_ROUNDS));
	printf("bench.switch_stackful=%lu\n",
	    (unsigned long)ktest_switch_time(false, KTEST_ROUNDS));
	printf("bench.switches_timed=%lu\n", (unsigned long)ktest_switches);
	return NULL;
}
KTEST("block_bench", ktest_block_bench);

/*
 * ktest=gdb_threads: a scene for the GDB package's test: three threads
 * blocked with the continuation ktest_waiter_resume (no stack) and one
 * blocked without a continuation (holding its stack), then a call to
 * ktest_gdb_checkpoint(), where the test's breakpoint stops the machine.
 */
__attribute__((noinline)) void
ktest_gdb_checkpoint(void)
{
	__asm__ volatile("" ::: "memory");
}

static const char *
ktest_gdb_threads(void)
{
	uint64_t live = threads_live;

	ktest_blocked = 0;
	ktest_resumed = 0;
	if (!ktest_start_threads(3, ktest_waiter_start) ||
	    !ktest_start_threads(1, ktest_stackful_start))
		return "no memory for the threads";
	ktest_yield_until(&ktest_blocked, 4);
	printf("threads_blocked=%lu\n", (unsigned long)ktest_blocked);
	ktest_gdb_checkpoint();
	thread_wakeup((event_t)&ktest_go_event);
	ktest_wait_for(&ktest_resumed, 4);
	ktest_yield_until_reaped(live);
	printf("threads_resumed=%lu\n", (unsigned long)ktest_resumed);
	return ktest_resumed == 4 ? NULL : "not every thread resumed";
}
KTEST("gdb_threads", ktest_gdb_threads);

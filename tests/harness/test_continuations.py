# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_continuations.py: threads blocked with a
continuation hold no kernel stack (kern/continuation.h, design/02).

The kernel self-tests print their measurements; these tests assert on
them exactly.  The clustered fault path depends on this property."""

WAITERS = 500		# kern/ktest_continuation.c KTEST_WAITERS
STACKFUL = 20		# KTEST_STACKFUL
ROUNDS = 1000		# KTEST_ROUNDS


def test_500_threads_blocked_on_continuations_hold_no_stacks(boot):
	r = boot(append="ktest=continuations")
	r.expect_ktest_passed("continuations")
	before = r.require_int("stacks_in_use_before")
	assert r.require_int("threads_blocked") == WAITERS
	# Only the running test thread holds a stack while 500 threads wait.
	assert before == 1
	assert r.require_int("stacks_in_use_blocked") == before
	# Resuming them one after another never needed a second stack.
	assert r.require_int("stacks_max_continuations") <= before + 1
	assert r.require_int("threads_resumed") == WAITERS
	assert r.require_int("bad_cookies") == 0
	assert r.require_int("stacks_in_use_after") == before


def test_threads_blocked_without_continuation_each_hold_a_stack(boot):
	"""The control group: the counter does count stacks."""
	r = boot(append="ktest=continuations")
	r.expect_ktest_passed("continuations")
	assert (r.require_int("stacks_in_use_stackful") -
	    r.require_int("stacks_in_use_blocked")) == STACKFUL


def test_resuming_stackless_threads_hands_the_stack_over(boot):
	r = boot(append="ktest=continuations")
	r.expect_ktest_passed("continuations")
	# Each of the 500 resumes takes the stack of the one that just ended
	# (the last one gives it back to the test thread by a context switch).
	assert r.require_int("stack_handoffs") >= WAITERS - 1


def test_ping_pong_with_continuations_is_all_stack_handoffs(boot):
	r = boot(append="ktest=handoff")
	r.expect_ktest_passed("handoff")
	assert r.require_int("rounds") == ROUNDS
	assert r.require_int("stack_handoffs") >= 2 * ROUNDS - 2
	assert r.require_int("stack_handoffs_without_continuations") == 0

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_hand.py: the kernel's side of the
memory-object protocol (vm/memory_object.c) against a pager written by
hand (user/tests/pager_hand): exact message lists for lock_request and
its lock values, attributes, every kind of refused pager value, data
kept when its data_return copy fails, and work bounded by resident
pages in a 2^46-byte object.

Log entries (user/tests/pager_hand.c): req:P+N, unl:P:r|w, ret:P:dD:V
(V: W the written page, P the pager's pattern), done:P+N, chg:C:S,
term; P and N in pages."""

import pytest

from qemu import test_program

# Object B is mapped at 2^46: its first page is page 2^34, and the
# kernel's object is 2^46 + 4 pages long.
HUGE_PAGE = 1 << 34


@pytest.fixture
def hand(boot):
	r = boot(modules=[test_program("pager_hand")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_hand: all checks passed$")
	return r


def test_pager_hand_get_attributes_returns_what_ready_and_change_set(hand):
	# ready(may_cache TRUE, MEMORY_OBJECT_COPY_DELAY); then
	# change_attributes(FALSE, MEMORY_OBJECT_COPY_CALL) with a reply.
	hand.expect("hand.attr_ready", "1,1,2")
	hand.expect("hand.change", "chg:0:1")
	hand.expect("hand.attr_changed", "1,0,1")
	# Refused ready/change_attributes left them alone.
	hand.expect("hand.attr_after_bad", "1,0,1")


def test_pager_hand_lock_request_returns_exactly_the_pages_asked(hand):
	# Pages 0-3 read, 1 and 3 written; 2 and 3 supplied precious.
	hand.expect("hand.fault", "req:0+1 req:1+1 req:2+1 req:3+1")
	hand.expect("hand.fault_data_ok", 1)
	hand.expect("hand.none", "done:0+8")
	# Clean without flush: dirty pages come back dirty, stay resident.
	hand.expect("hand.dirty", "ret:1:d1:W ret:3:d1:W done:0+8")
	hand.expect("hand.dirty_after", "")
	hand.expect("hand.dirty_after_ok", 1)
	# ...and are clean now.
	hand.expect("hand.dirty_again", "done:0+8")
	# RETURN_ALL: page 1 written again, the precious pages clean.
	hand.expect("hand.all", "ret:1:d1:W ret:2:d0:P ret:3:d0:W done:0+8")
	# Flush: precious pages back once more, every page gone.
	hand.expect("hand.flush", "ret:2:d0:P ret:3:d0:W done:0+8")
	hand.expect("hand.refault", "req:0+1 req:3+1")
	hand.expect("hand.refault_ok", 1)


def test_pager_hand_lock_value_makes_the_next_access_ask_to_unlock(hand):
	hand.expect("hand.lock_w", "done:0+1")
	hand.expect("hand.unlock_w", "unl:0:w")
	hand.expect("hand.lock_r", "done:0+1")
	hand.expect("hand.unlock_r", "unl:0:r")
	hand.expect("hand.lock_data_ok", 1)


def test_pager_hand_keeps_a_dirty_page_whose_copy_fails(hand):
	# TEST_CONTROL_FAIL_RETURN_COPIES 1: the flush's copy fails; the
	# pager sees lock_completed only, the page stays with its data and
	# goes back with the next request.
	hand.expect("hand.kept", "done:0+1")
	hand.expect("hand.kept_copies_failed", 1)
	hand.expect("hand.kept_read", "")
	hand.expect("hand.kept_data_ok", 1)
	hand.expect("hand.kept_later", "ret:0:d1:W done:0+1")


def test_pager_hand_termination_waits_for_a_page_it_could_not_copy(hand):
	# The first copy at termination (page 3, precious) fails: page 6
	# goes, the pageout daemon sends page 3 and then terminate.
	hand.expect("hand.write6", "req:6+1")
	hand.expect("hand.terminate", "ret:6:d1:W ret:3:d0:P term")
	hand.expect("hand.releases_deferred", 1)


def test_pager_hand_pager_death_ends_a_termination_waiting_for_memory(hand):
	hand.expect("hand.c_write", "req:1+1")
	# The written page could not be copied: the termination waits.
	hand.expect("hand.c_waiting", 1)
	# Deferred once, though the daemon has tried again meanwhile.
	hand.expect("hand.c_retried", 1)
	hand.expect("hand.c_deferred", 1)
	# The pager's death ends it at once; nothing more was sent.
	hand.expect("hand.c_waiting_after_death", 0)
	hand.expect("hand.c_end", "")


# Each bad message: (key, reply code, console line or None when the
# kind was said before).  Simpleroutines have no reply (0 is the send's
# result); get_attributes answers KERN_INVALID_ARGUMENT.
BAD = [
	("supply_misaligned", 0, r"memory_object_data_supply: offset or "
	    r"size not page aligned \(offset 0x64, size 0x1000\)"),
	("supply_partial_page", 0, None),
	("supply_past_end", 0, r"memory_object_data_supply: range outside "
	    r"the object \(offset 0x8000, size 0x1000\)"),
	("supply_wrapping", 0, None),
	("supply_lock_value", 0, r"memory_object_data_supply: lock value "
	    r"not a protection"),
	("lock_overflow", 0, None),
	("lock_should_return", 0, r"memory_object_lock_request: unknown "
	    r"should_return"),
	("lock_lock_value", 0, None),
	("unavailable_empty", 0, r"memory_object_data_unavailable: empty "
	    r"range"),
	("error_huge", 0, None),
	("ready_strategy", 0, r"memory_object_ready: unknown copy strategy"),
	("change_strategy", 0, None),
	("unavailable_name_port", 0, r"memory_object_data_unavailable: not "
	    r"a control port"),
	("get_attributes_name_port", 4, None),
]


def test_pager_hand_refuses_every_bad_pager_value_once_each(hand):
	for key, code, line in BAD:
		# Counted once each, in vm_counters.bad_messages.
		hand.expect("hand.bad." + key, "%d,1" % code)
	hand.expect("hand.bad_total", len(BAD))
	# One console line per kind, whatever the routine.
	said = hand.find_lines(r"^vm: memory_object_")
	assert len(said) == len([b for b in BAD if b[2] is not None])
	for key, code, line in BAD:
		if line is not None:
			assert len(hand.find_lines("^vm: " + line)) == 1, key
	# The object still serves.
	hand.expect("hand.after_bad", "req:5+1")


def test_pager_hand_whole_range_work_is_bounded_by_resident_pages(hand):
	# A lock_request over all 2^34 + 4 pages, then data_unavailable and
	# data_error over them, then the pager's death: each looked up every
	# page of the range before (minutes under TCG), now walks memq.
	hand.expect("hand.huge_fault", "req:%d+1 req:%d+1" % (HUGE_PAGE,
	    HUGE_PAGE + 1))
	hand.expect("hand.huge_data_ok", 1)
	hand.expect("hand.huge_lock", "ret:%d:d1:W done:0+%d" % (
	    HUGE_PAGE + 1, HUGE_PAGE + 4))
	hand.expect("hand.huge_done", 1)

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_tasks_threads.py: task and thread RPCs, gsync
and threads blocked in receive (user/tests/tasks, task_self_end,
threads, gsync, blocked_receivers)."""

import pytest

from qemu import test_program


def _passed(r, name):
	failed = [m.string for m in r.find_lines(r"^check failed: ")]
	assert failed == []
	r.require_line(r"^%s: all checks passed$" % name)


def test_task_rpcs_on_self_and_a_child(boot):
	r = boot(modules=[test_program("tasks")])
	_passed(r, "tasks")
	r.expect("tasks.self_suspend_count", 0)
	assert r.require_int("tasks.self_virtual_size") > 0
	r.expect("tasks.thread_count", 1)
	r.expect("tasks.special_port_round_trip", 1)
	r.expect("tasks.child_suspend_count", 1)
	assert r.require("tasks.info_after_terminate") != "KERN_SUCCESS"


@pytest.mark.parametrize("way", ["killed", "rpc", "trap"])
def test_a_task_ending_itself_gives_everything_back(boot, way):
	r = boot(modules=[test_program("task_self_end")])
	_passed(r, "task_self_end")
	r.expect("self_end.%s.gone" % way, 1)
	r.expect("self_end.%s.tasks_delta" % way, 0)
	r.expect("self_end.%s.kmem_delta" % way, 0)
	r.expect("self_end.%s.ports_delta" % way, 0)
	r.expect("self_end.%s.kmsgs_delta" % way, 0)
	r.expect("self_end.%s.free_pages_delta" % way, 0)


def test_threads_run_suspend_abort_and_terminate(boot):
	r = boot(modules=[test_program("threads")])
	_passed(r, "threads")
	r.expect("threads.fn_result", 41)
	r.expect("threads.suspend_count", 1)
	r.expect("threads.state_ursp_in_stack", 1)
	assert 0x1000000 <= r.require_int("threads.state_rip") < 0x2000000
	r.expect("threads.abort_result", "MACH_RCV_INTERRUPTED")
	r.expect("threads.left", 1)


def test_gsync_wakes_a_waiting_thread(boot):
	r = boot(modules=[test_program("gsync")])
	_passed(r, "gsync")
	r.expect("gsync.wait_result", "KERN_SUCCESS")
	r.expect("gsync.mutated_word", 7)


def test_200_blocked_receivers_hold_no_kernel_stacks(boot):
	r = boot(modules=[test_program("blocked_receivers")], timeout=180)
	_passed(r, "blocked_receivers")
	r.expect("blocked.threads", 200)
	r.expect("blocked.waiting", 200)
	before = r.require_int("blocked.stacks_before")
	assert before >= 1
	assert r.require_int("blocked.stacks_blocked") <= before + 2
	r.expect("blocked.received", 200)

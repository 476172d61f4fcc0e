# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_gdb.py: the GDB package (gdb-scripts/) against a
live kernel.

One GDB session per module (per xdist worker): QEMU starts halted with
its gdbstub, `gdb -batch -nx` loads gdb-scripts/clustermach-gdb.py,
stops at ktest_gdb_checkpoint() in the ktest=gdb_threads scene (three
threads blocked with the continuation ktest_waiter_resume, one blocked
without a continuation, the bootstrap thread running), runs the
commands, breaks T1 on purpose to see cm-check-threads catch it, puts
it back, and detaches, so that the ktest finishes and QEMU exits 33.
The tests then read that one transcript.  See design/08-gdb.md.
"""

import os
import re

import pytest

import qemu as qemu_lib
from gdb_session import gdb_session_load_constants, gdb_session_run

pytestmark = pytest.mark.gdb

GDB_TIMEOUT = 40	# seconds for the whole gdb session
QEMU_TIMEOUT = 55	# seconds for the boot, counted from its start

# The body of the session's python block; gdb_session.py writes the rest
# and the helpers (section(), rejected(), failing(), stop_at()).
COMMANDS = """\
	stop_at("ktest_gdb_checkpoint")
	for command in ("cm-threads", "cm-counters", "cm-counters vm",
	    "cm-check-threads"):
		section(command)
		gdb.execute(command)

	# Bad arguments are errors.
	section("bad arguments")
	for command in ("cm-threads extra", "cm-counters no-such-group"):
		rejected(command)

	# Break T1 in one stackless waiter, check, put it back.
	import clustermach.threads as cm_threads
	victim = next(t for t in cm_threads.all_threads()
	    if int(t["kernel_stack"]) == 0 and
	    cm_threads.thread_name(t) == "ktest")
	saved = int(victim["swap_func"])
	section("cm-check-threads with T1 broken in thread %d" %
	    int(victim["id"]))
	gdb.execute("set var ((struct thread *)%d)->swap_func = 0" %
	    int(victim))
	failing("cm-check-threads")
	gdb.execute("set var ((struct thread *)%d)->swap_func = "
	    "(continuation_t)%#x" % (int(victim), saved))
	section("cm-check-threads after repair")
	gdb.execute("cm-check-threads")

	gdb.execute("delete")
	section("detach")
	gdb.execute("detach")
"""


class ThreadRow:
	"""One cm-threads line: marker column, then six blank-separated
	columns."""

	def __init__(self, line):
		self.line = line
		self.running = line[0] == "*"
		words = line[1:].split()
		assert line[0] in "* " and len(words) == 6, \
		    "bad cm-threads line %r" % line
		(self.id, self.name, self.task, self.state, self.continuation,
		    self.stack) = words
		self.id = int(self.id)
		self.states = set(self.state.split("|"))

	@property
	def has_stack(self):
		return self.stack != "none"

	def __repr__(self):
		return repr(self.line)


def parse_cm_threads(lines):
	"""(header words, rows, summary dict) of cm-threads' output."""
	lines = [l for l in lines if l.strip()]
	assert lines, "cm-threads printed nothing"
	header = lines[0].split()
	summary = dict(w.split("=", 1) for w in lines[-1].split())
	rows = [ThreadRow(l) for l in lines[1:-1]]
	return header, rows, {k: int(v) for k, v in summary.items()}


@pytest.fixture(scope="module")
def session(build_dir, log_dir):
	return gdb_session_run("test_gdb", COMMANDS, build_dir, log_dir,
	    GDB_TIMEOUT, QEMU_TIMEOUT, append="ktest=gdb_threads")


def threads_and_summary(session):
	_, rows, summary = parse_cm_threads(session.section("cm-threads"))
	return rows, summary


def test_cm_threads_prints_the_documented_header(session):
	header, _, _ = parse_cm_threads(session.section("cm-threads"))
	assert header == ["ID", "NAME", "TASK", "STATE", "CONTINUATION",
	    "STACK"]


def test_cm_threads_shows_stackless_waiters(session):
	rows, _ = threads_and_summary(session)
	waiters = [r for r in rows if r.continuation == "ktest_waiter_resume"]
	assert len(waiters) == 3, rows
	for r in waiters:
		assert (r.name, r.task, r.stack) == ("ktest", "kernel", "none")
		assert "WAIT" in r.states and "RUN" not in r.states, r
		assert not r.running


def test_cm_threads_shows_the_stackful_waiter_with_its_stack(session):
	rows, _ = threads_and_summary(session)
	stackful = [r for r in rows if r.name == "ktest" and
	    r.continuation == "-"]
	assert len(stackful) == 1, rows
	r = stackful[0]
	assert "WAIT" in r.states and "RUN" not in r.states, r
	assert re.fullmatch(r"0x[0-9a-f]+", r.stack) and \
	    int(r.stack, 16) != 0, r
	# Every ktest thread is one of the four of the scene.
	assert len([r for r in rows if r.name == "ktest"]) == 4, rows


def test_cm_threads_marks_the_running_bootstrap_thread(session):
	rows, _ = threads_and_summary(session)
	running = [r for r in rows if r.running]
	assert len(running) == 1, rows
	r = running[0]
	assert (r.name, r.task, r.state, r.continuation) == (
	    "bootstrap", "kernel", "RUN", "-"), r
	assert re.fullmatch(r"0x[0-9a-f]+", r.stack), r


def test_cm_threads_summary_counts_the_rows(session):
	rows, summary = threads_and_summary(session)
	with_stack = len([r for r in rows if r.has_stack])
	assert summary == {"threads": len(rows), "with_stack": with_stack,
	    "without_stack": len(rows) - with_stack}
	# The scene: 4 ktest threads, bootstrap, idle, reaper, pageout.
	assert sorted(r.name for r in rows) == ["bootstrap", "idle",
	    "ktest", "ktest", "ktest", "ktest", "pageout", "reaper"]
	assert len(set(r.id for r in rows)) == len(rows)


def test_cm_counters_stacks_in_use_matches_threads_with_stacks(session):
	_, summary = threads_and_summary(session)
	counters = dict(l.split("=", 1) for l in
	    session.section("cm-counters") if l.strip())
	assert set(counters) >= {"stacks_in_use", "stacks_max",
	    "stacks_free", "stack_allocs", "stack_handoffs",
	    "continuation_blocks", "context_switches"}
	assert int(counters["stacks_in_use"]) == summary["with_stack"]
	# The three waiters (and the stackful one) blocked: at least
	# three blocks with a continuation so far.
	assert int(counters["continuation_blocks"]) >= 3


def _vm_stats_def_names():
	with open(os.path.join(qemu_lib.SOURCE_DIR, "vm", "vm_stats.def")) as f:
		return re.findall(r"^VM_STAT\((\w+),", f.read(), re.M)


def test_cm_counters_vm_prints_vm_stats_def_in_its_order(session):
	names = [l.split("=", 1)[0] for l in
	    session.section("cm-counters vm") if l.strip()]
	assert names == _vm_stats_def_names()


def test_gdb_constants_carry_the_counter_names_of_vm_stats_def():
	"""constants.VM_COUNTER_NAMES is generated from vm/vm_stats.def at
	build time, not written a second time."""
	constants, _ = gdb_session_load_constants()
	assert list(constants.VM_COUNTER_NAMES) == _vm_stats_def_names()
	assert len(constants.VM_COUNTER_NAMES) > 30


def test_cm_check_threads_passes_on_the_scene(session):
	rows, _ = threads_and_summary(session)
	lines = [l for l in session.section("cm-check-threads") if l.strip()]
	assert lines == ["cm-check-threads: ok (%d threads)" % len(rows)]


def test_cm_check_threads_reports_a_stackless_thread_without_continuation(
    session):
	rows, _ = threads_and_summary(session)
	name = next(k for k in session.sections if
	    k.startswith("cm-check-threads with T1 broken in thread "))
	victim = int(name.rsplit(" ", 1)[1])
	lines = [l for l in session.section(name) if l.strip()]
	assert len(lines) == 2, lines
	assert re.fullmatch(r"cm-check-threads: T1: thread %d \(ktest\) at "
	    r"0x[0-9a-f]+: no kernel stack and no continuation" % victim,
	    lines[0]), lines
	assert lines[1] == "error: cm-check-threads: 1 violation in %d " \
	    "threads" % len(rows)
	repaired = [l for l in session.section("cm-check-threads after repair")
	    if l.strip()]
	assert repaired == ["cm-check-threads: ok (%d threads)" % len(rows)]


def test_gdb_commands_reject_bad_arguments(session):
	lines = [l for l in session.section("bad arguments") if l.strip()]
	assert lines == [
	    "rejected: cm-threads takes no arguments",
	    "rejected: cm-counters: no group 'no-such-group' (groups: "
	    "stacks, vm)"]


def test_kernel_finishes_the_scene_after_gdb_detaches(session):
	session.section("detach")
	r = session.boot
	r.expect_ktest_passed("gdb_threads")
	assert r.require_int("threads_resumed") == 4


def test_gdb_constants_match_kern_thread_h():
	"""The generated constants.py agrees with every TH_* bit of
	kern/thread.h, and cm-threads has a word for each."""
	constants, words = gdb_session_load_constants()
	with open(os.path.join(qemu_lib.SOURCE_DIR, "kern", "thread.h")) as f:
		header = dict(re.findall(
		    r"^#define\s+(TH_[A-Z]+)\s+(0x[0-9a-fA-F]+|\d+)\b",
		    f.read(), re.M))
	assert header, "no TH_* bits found in kern/thread.h"
	ours = {k: v for k, v in vars(constants).items() if
	    re.fullmatch(r"TH_[A-Z]+", k)}
	assert ours == {k: int(v, 0) for k, v in header.items()}
	assert sorted(bit for bit, _ in words.THREAD_STATE_WORDS) == \
	    sorted(ours.values())

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

import importlib.util
import os
import re
import shutil
import subprocess

import pytest

import qemu as qemu_lib

pytestmark = pytest.mark.gdb

GDB = os.environ.get("CLUSTERMACH_GDB") or "gdb"
GDB_SCRIPTS = os.path.join(qemu_lib.SOURCE_DIR, "gdb-scripts")
GDB_TIMEOUT = 40	# seconds for the whole gdb session
QEMU_TIMEOUT = 55	# seconds for the boot, counted from its start

# Lines "==== <section>" split the transcript; the python block below
# writes them.  A failure writes "test_gdb: error: ..." and quits 3.
SECTION_RE = re.compile(r"^==== (.*)$")

COMMANDS = """\
set architecture i386:x86-64
set pagination off
set confirm off
file {kernel}
source {loader}
python
import gdb

def section(name):
	gdb.write("==== %s\\n" % name)
	gdb.flush()

try:
	gdb.execute("target remote 127.0.0.1:{port}")
	gdb.execute("hbreak ktest_gdb_checkpoint")
	gdb.execute("continue")
	frame = gdb.selected_frame()
	if frame.name() != "ktest_gdb_checkpoint":
		raise RuntimeError("stopped in %s, not at the checkpoint" %
		    frame.name())
	for command in ("cm-threads", "cm-counters", "cm-check-threads"):
		section(command)
		gdb.execute(command)

	# Bad arguments are errors.
	section("bad arguments")
	for command in ("cm-threads extra", "cm-counters no-such-group"):
		try:
			gdb.execute(command)
		except gdb.error as e:
			gdb.write("rejected: %s\\n" % e)
		else:
			raise RuntimeError("%r was accepted" % command)

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
	try:
		gdb.execute("cm-check-threads")
	except gdb.error as e:
		gdb.write("error: %s\\n" % e)
	else:
		raise RuntimeError("cm-check-threads passed a broken T1")
	gdb.execute("set var ((struct thread *)%d)->swap_func = "
	    "(continuation_t)%#x" % (int(victim), saved))
	section("cm-check-threads after repair")
	gdb.execute("cm-check-threads")

	gdb.execute("delete")
	section("detach")
	gdb.execute("detach")
except BaseException as e:
	gdb.write("test_gdb: error: %s: %s\\n" % (type(e).__name__, e))
	gdb.flush()
	gdb.execute("quit 3")
end
quit 0
"""


class GdbSession:
	"""The transcript of one gdb run and the boot it inspected."""

	def __init__(self, output, returncode, boot):
		self.output = output
		self.returncode = returncode
		self.boot = boot
		self.sections = {}
		current = None
		for line in output.splitlines():
			m = SECTION_RE.match(line)
			if m:
				current = m.group(1)
				self.sections[current] = []
			elif current is not None:
				self.sections[current].append(line)

	def describe(self, message):
		return "%s\ngdb exit status %s\n--- gdb output ---\n%s\n" \
		    "--- end of gdb output ---\n%s" % (message, self.returncode,
		    self.output.rstrip(), self.boot.describe("the inspected boot"))

	def section(self, name):
		"""The lines printed under `==== name`; the session must have
		ended with `quit 0`."""
		__tracebackhide__ = True
		if self.returncode != 0:
			pytest.fail(self.describe("the gdb session failed"),
			    pytrace=False)
		if name in self.sections:
			return self.sections[name]
		pytest.fail(self.describe("no section %r" % name),
		    pytrace=False)


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
	if shutil.which(GDB) is None:
		pytest.fail("%s not found: install gdb (Debian package gdb)" %
		    GDB, pytrace=False)
	worker = os.environ.get("PYTEST_XDIST_WORKER", "")
	name = "test_gdb_session" + ("." + worker if worker else "")
	machine = qemu_lib.Qemu(append="ktest=gdb_threads", gdb_port=0,
	    halted=True, name=name, timeout=QEMU_TIMEOUT, build=build_dir,
	    log_dir=log_dir)
	script = os.path.join(log_dir, name + ".gdb")
	with machine:
		machine.start()
		port = machine.wait_for_gdb()
		with open(script, "w") as f:
			f.write(COMMANDS.format(port=port,
			    kernel=os.path.join(build_dir, "clustermach"),
			    loader=os.path.join(GDB_SCRIPTS,
			    "clustermach-gdb.py")))
		try:
			gdb = subprocess.run([GDB, "-batch", "-nx", "-x", script],
			    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
			    stderr=subprocess.STDOUT, timeout=GDB_TIMEOUT)
			output = gdb.stdout.decode("utf-8", "replace")
			returncode = gdb.returncode
		except subprocess.TimeoutExpired as e:
			output = (e.output or b"").decode("utf-8", "replace")
			output += "\n(gdb killed after %d s)" % GDB_TIMEOUT
			returncode = None
		if returncode != 0:
			machine.kill()	# it may sit halted forever
		boot = machine.wait()
	with open(os.path.join(log_dir, name + ".gdb.out"), "w") as f:
		f.write(output)
	return GdbSession(output, returncode, boot)


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


def _load_constants():
	path = os.path.join(GDB_SCRIPTS, "clustermach", "constants.py")
	spec = importlib.util.spec_from_file_location("cm_constants", path)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


def test_gdb_constants_match_kern_thread_h():
	"""constants.py is written by hand until it is generated: it must
	agree with every TH_* bit of kern/thread.h."""
	constants = _load_constants()
	with open(os.path.join(qemu_lib.SOURCE_DIR, "kern", "thread.h")) as f:
		header = dict(re.findall(
		    r"^#define\s+(TH_[A-Z]+)\s+(0x[0-9a-fA-F]+|\d+)\b",
		    f.read(), re.M))
	assert header, "no TH_* bits found in kern/thread.h"
	ours = {k: v for k, v in vars(constants).items() if
	    re.fullmatch(r"TH_[A-Z]+", k)}
	assert ours == {k: int(v, 0) for k, v in header.items()}
	assert sorted(bit for bit, _ in constants.THREAD_STATE_WORDS) == \
	    sorted(ours.values())

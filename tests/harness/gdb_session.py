# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/gdb_session.py: one GDB session against a live kernel,
shared by test_gdb.py, test_gdb_ipc.py and test_gdb_vm.py.

A test module gives the body of a python block (the lines inside its
`try:`, indented one tab) and the QEMU boot to inspect;
gdb_session_run() starts QEMU halted with its gdbstub, writes the
command file around the body, runs `gdb -batch -nx` on it, kills QEMU if
gdb did not end with `quit 0` (a halted machine would sit there until
its timeout), waits for the boot and returns a GdbSession: the
transcript split into sections, and the boot.  See design/08-gdb.md.

The command file, in order: the architecture, the kernel and the loader
(gdb-scripts/clustermach-gdb.py); helpers for the body,

  section(name)         write "==== name": what follows is that section
  rejected(command)     run it, which must fail: write "rejected: <error>"
  failing(command)      run it, which must fail: write "error: <error>"
  stop_at(function)     hardware breakpoint on it, continue to it
  continue_to(function) continue; the stop must be in function

then `target remote` to QEMU's gdbstub and the body; any exception
writes "<test>: error: ..." and quits 3.  The body may use {port} and
any field given to gdb_session_run().
"""

import importlib
import os
import re
import shutil
import subprocess
import sys

import pytest

import qemu as qemu_lib

GDB = os.environ.get("CLUSTERMACH_GDB") or "gdb"
GDB_SCRIPTS = os.path.join(qemu_lib.SOURCE_DIR, "gdb-scripts")

# Lines "==== <section>" split the transcript; section() writes them.
GDB_SESSION_SECTION_RE = re.compile(r"^==== (.*)$")

GDB_SESSION_PROLOGUE = """\
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

def must_fail(command, label, otherwise):
	try:
		gdb.execute(command)
	except gdb.error as e:
		gdb.write("%s: %s\\n" % (label, e))
	else:
		raise RuntimeError("%r %s" % (command, otherwise))

def rejected(command):
	must_fail(command, "rejected", "was accepted")

def failing(command):
	must_fail(command, "error", "passed")

def continue_to(function):
	gdb.execute("continue")
	frame = gdb.selected_frame()
	if frame.name() != function:
		raise RuntimeError("stopped in %s, not in %s" %
		    (frame.name(), function))

def stop_at(function):
	gdb.execute("hbreak " + function)
	continue_to(function)

try:
	gdb.execute("target remote 127.0.0.1:{port}")
"""

GDB_SESSION_EPILOGUE = """\
except BaseException as e:
	gdb.write("{test}: error: %s: %s\\n" % (type(e).__name__, e))
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
			m = GDB_SESSION_SECTION_RE.match(line)
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
		"""The non-blank lines printed under `==== name`; the session
		must have ended with `quit 0`."""
		__tracebackhide__ = True
		if self.returncode != 0:
			pytest.fail(self.describe("the gdb session failed"),
			    pytrace=False)
		if name in self.sections:
			return [l for l in self.sections[name] if l.strip()]
		pytest.fail(self.describe("no section %r" % name),
		    pytrace=False)

	def section_named(self, prefix):
		"""(the rest of the name, lines) of the one section whose name
		starts with prefix."""
		__tracebackhide__ = True
		names = [k for k in self.sections if k.startswith(prefix)]
		if len(names) != 1:
			pytest.fail(self.describe("%d sections start with %r" % (
			    len(names), prefix)), pytrace=False)
		return names[0][len(prefix):], self.section(names[0])


def gdb_session_gdb(script, timeout_seconds):
	"""Runs `gdb -batch -nx -x script`; returns (output, exit status),
	the status None if gdb had to be killed."""
	try:
		gdb = subprocess.run([GDB, "-batch", "-nx", "-x", script],
		    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
		    stderr=subprocess.STDOUT, timeout=timeout_seconds)
	except subprocess.TimeoutExpired as e:
		output = (e.output or b"").decode("utf-8", "replace")
		return output + "\n(gdb killed after %d s)" % timeout_seconds, \
		    None
	return gdb.stdout.decode("utf-8", "replace"), gdb.returncode


def gdb_session_run(test, body, build_dir, log_dir, gdb_timeout,
    qemu_timeout, session_class=GdbSession, fields=None, **qemu_args):
	"""Boots QEMU (qemu_args as for qemu.Qemu) halted, runs the gdb
	script around body on it, and returns session_class(output, status,
	boot).  test names the logs (<test>_session[.<worker>].gdb, .gdb.out
	and the serial log) and the error line; fields fill the body's
	{names} besides {port}.  gdb_timeout covers the gdb run, qemu_timeout
	the boot from its start."""
	if shutil.which(GDB) is None:
		pytest.fail("%s not found: install gdb (Debian package gdb)" %
		    GDB, pytrace=False)
	worker = os.environ.get("PYTEST_XDIST_WORKER", "")
	name = test + "_session" + ("." + worker if worker else "")
	machine = qemu_lib.Qemu(gdb_port=0, halted=True, name=name,
	    timeout=qemu_timeout, build=build_dir, log_dir=log_dir,
	    **qemu_args)
	script = os.path.join(log_dir, name + ".gdb")
	with machine:
		machine.start()
		port = machine.wait_for_gdb()
		with open(script, "w") as f:
			f.write((GDB_SESSION_PROLOGUE + body +
			    GDB_SESSION_EPILOGUE).format(port=port, test=test,
			    kernel=os.path.join(build_dir, "clustermach"),
			    loader=os.path.join(GDB_SCRIPTS,
			    "clustermach-gdb.py"), **(fields or {})))
		output, returncode = gdb_session_gdb(script, gdb_timeout)
		if returncode != 0:
			machine.kill()	# it may sit halted forever
		boot = machine.wait()
	with open(os.path.join(log_dir, name + ".gdb.out"), "w") as f:
		f.write(output)
	return session_class(output, returncode, boot)


def gdb_session_load_constants():
	"""The package's constants (generated into the build folder) and
	words modules, loaded outside gdb as the package does: returns
	(constants, words)."""
	if GDB_SCRIPTS not in sys.path:
		sys.path.insert(0, GDB_SCRIPTS)
	os.environ.setdefault("CLUSTERMACH_BUILD", qemu_lib.build_dir())
	constants = importlib.import_module("clustermach.constants")
	words = importlib.import_module("clustermach.words")
	assert os.path.dirname(constants.__file__) == os.path.join(
	    qemu_lib.build_dir(), "gdb-scripts", "clustermach"), \
	    constants.__file__
	return constants, words

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/conftest.py: fixtures shared by the QEMU suite.

  build_dir  the build folder (CLUSTERMACH_BUILD); a missing kernel image
             fails every test with one clear message, nothing is skipped
  log_dir    tests/harness/logs, where each boot's serial log stays
  boot       qemu.boot() with the log named after the test
  qemu       start a qemu.Qemu in the background (GDB tests); killed at
             the end of the test

When a test fails on its own assert (not in a qemu.py check, which prints
the log tail itself), the tail of each serial log it made is added to the
report.  See design/10-testing.md.
"""

import os
import subprocess

import pytest

import qemu as qemu_lib


def pytest_report_header(config):
	build = qemu_lib.build_dir()
	binary = os.environ.get("CLUSTERMACH_QEMU") or "qemu-system-x86_64"
	try:
		version = subprocess.run([binary, "--version"],
		    capture_output=True, text=True,
		    timeout=10).stdout.splitlines()[0]
	except (OSError, IndexError, subprocess.TimeoutExpired):
		version = "%s not found" % binary
	return ["clustermach build: %s" % build, "qemu: %s" % version,
	    "boot timeout: %g s" % qemu_lib.default_timeout()]


def pytest_collection_modifyitems(config, items):
	"""Log files are named after tests: two tests may not share a name."""
	seen = {}
	for item in items:
		other = seen.setdefault(item.name, item.nodeid)
		if other != item.nodeid:
			raise pytest.UsageError("tests %s and %s share a name; "
			    "their serial logs would collide" % (other,
			    item.nodeid))


@pytest.fixture(scope="session")
def build_dir():
	"""The build folder; fails (never skips) when the kernel is missing."""
	path = qemu_lib.build_dir()
	kernel = os.path.join(path, "clustermach")
	if not os.path.isfile(kernel):
		pytest.fail("no kernel image at %s: build first with "
		    "./scripts/setup.sh (or set CLUSTERMACH_BUILD to your build "
		    "folder)" % kernel, pytrace=False)
	return path


@pytest.fixture(scope="session")
def log_dir():
	os.makedirs(qemu_lib.DEFAULT_LOG_DIR, exist_ok=True)
	return qemu_lib.DEFAULT_LOG_DIR


# The serial logs each test made, for the failure report.
_boots_key = pytest.StashKey()


def _register_boot(request, log_dir, kwargs):
	"""Name the test's nth boot (name, name.2, name.3, ...) unless the
	test named it, and remember its log."""
	boots = request.node.stash.setdefault(_boots_key, [])
	if "name" not in kwargs:
		kwargs["name"] = request.node.name
		if boots:
			kwargs["name"] += ".%d" % (len(boots) + 1)
	boots.append(os.path.join(log_dir,
	    qemu_lib.safe_name(kwargs["name"]) + ".log"))


@pytest.fixture
def boot(request, build_dir, log_dir):
	"""qemu.boot(), with build folder, log folder and log name filled in."""
	def run(modules=(), append="", **kwargs):
		__tracebackhide__ = True
		_register_boot(request, log_dir, kwargs)
		return qemu_lib.boot(modules=modules, append=append,
		    build=build_dir, log_dir=log_dir, **kwargs)
	return run


@pytest.fixture
def qemu(request, build_dir, log_dir):
	"""Start a qemu.Qemu in the background; every one is killed at the
	end of the test.  Call .wait() for its BootResult."""
	started = []

	def start(modules=(), append="", **kwargs):
		__tracebackhide__ = True
		_register_boot(request, log_dir, kwargs)
		q = qemu_lib.Qemu(modules=modules, append=append,
		    build=build_dir, log_dir=log_dir, **kwargs)
		started.append(q)
		return q.start()
	yield start
	for q in started:
		q.kill()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	if report.when != "call" or not report.failed or call.excinfo is None:
		return
	if call.excinfo.errisinstance(qemu_lib.BootFailure):
		return		# its message has the log tail already
	for path in item.stash.get(_boots_key, []):
		try:
			with open(path, errors="replace") as f:
				lines = f.read().splitlines()
		except OSError:
			continue
		tail = "\n".join(lines[-qemu_lib.TAIL_LINES:])
		report.sections.append(("serial log: last %d lines of %s" % (
		    qemu_lib.TAIL_LINES, path), tail or "(empty)"))

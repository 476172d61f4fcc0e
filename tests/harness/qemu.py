# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/qemu.py: boot ClusterMach in QEMU and read what it said.

The whole suite goes through this module.  A test boots the kernel with a
list of boot modules (GNU Mach boot-script lines) and an optional kernel
command line, and gets back a BootResult: QEMU's exit status, the serial
log, and the key=value pairs the kernel and the test programs printed.

    r = boot(modules=[test_program("hello")], name="hello")
    assert r.require_int("hello_count") == 3

Everything that can go wrong with a boot (timeout, triple fault, QEMU
error, wrong exit status, missing key) raises BootFailure, an
AssertionError whose message ends with the tail of the serial log, so a
failing test shows what the machine printed last.

Exit statuses come from QEMU's isa-debug-exit device: (value << 1) | 1.
x86_64/debug_exit.h defines the values; see EXIT_* below.  Status 0 (a
triple fault under -no-reboot) and 1 (QEMU's own error) are never a pass.

Module lines are plain strings: the first word is the program's path,
relative to the build folder (QEMU runs there, so the kernel sees short,
machine-independent names); commas are doubled for QEMU's -initrd here,
so callers never escape anything.

Environment (all optional):
  CLUSTERMACH_BUILD    the build folder (default: <source>/build)
  CLUSTERMACH_QEMU     the QEMU binary (default: qemu-system-x86_64)
  CLUSTERMACH_TIMEOUT  default per-boot timeout in seconds (default: 60)
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import time

# QEMU exit statuses, from x86_64/debug_exit.h: (MACHINE_EXIT_* << 1) | 1.
EXIT_SUCCESS = 33	# MACHINE_EXIT_SUCCESS 0x10
EXIT_FAILURE = 35	# MACHINE_EXIT_FAILURE 0x11
EXIT_PANIC = 37		# MACHINE_EXIT_PANIC 0x12
EXIT_TRIPLE_FAULT = 0	# reset under -no-reboot: never a pass
EXIT_QEMU_ERROR = 1	# QEMU could not start or run: never a pass

STATUS_NAMES = {
	EXIT_SUCCESS: "success",
	EXIT_FAILURE: "failure",
	EXIT_PANIC: "panic",
	EXIT_TRIPLE_FAULT: "triple fault or reset",
	EXIT_QEMU_ERROR: "QEMU error",
}

TAIL_LINES = 60
HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HARNESS_DIR))
DEFAULT_LOG_DIR = os.path.join(HARNESS_DIR, "logs")

# One pair per line: the key starts the line, the value is the rest of it.
_KV_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-/\[\]]*)=(.*)$")


class BootFailure(AssertionError):
	"""A boot did not end as the test expected; the message has the log tail."""


def status_name(status):
	"""A human name for a QEMU exit status, or for None (timed out)."""
	if status is None:
		return "timed out"
	if status < 0:
		return "killed by signal %d" % -status
	return STATUS_NAMES.get(status, "unexpected status")


def build_dir():
	"""The build folder: $CLUSTERMACH_BUILD, else <source>/build."""
	return os.path.abspath(os.environ.get("CLUSTERMACH_BUILD") or
	    os.path.join(SOURCE_DIR, "build"))


def default_timeout():
	return float(os.environ.get("CLUSTERMACH_TIMEOUT") or 60)


def gnumach_line(path, *args):
	"""A module line in GNU Mach's boot-script form.

	GRUB hands GNU Mach `prog ${host-port} ${device-port} ARGS
	$(task-create) $(task-resume)`: the program gets the two privileged
	ports' names, then its own arguments; the two functions create and
	start its task.  path is relative to the build folder.
	"""
	words = [path, "${host-port}", "${device-port}"]
	words += [str(a) for a in args]
	words += ["$(task-create)", "$(task-resume)"]
	return " ".join(words)


def test_program(name, *args):
	"""The module line for user/tests/<name> with the given arguments."""
	return gnumach_line("user/tests/" + name, *args)


# Not a test, whatever its name says: keep pytest from collecting it.
test_program.__test__ = False


def free_port():
	"""A TCP port on 127.0.0.1 that nothing listens on right now."""
	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def is_listening(port):
	"""Whether something listens on 127.0.0.1:port, read from /proc
	without connecting (a connection would start a halted gdbstub)."""
	want = "0100007F:%04X" % port
	try:
		with open("/proc/net/tcp") as f:
			for line in f.readlines()[1:]:
				fields = line.split()
				if fields[1] == want and fields[3] == "0A":
					return True
	except OSError:
		pass
	return False


def parse_pairs(text):
	"""Every key=value line of text, as (key, value) in order."""
	pairs = []
	for line in text.splitlines():
		m = _KV_RE.match(line.strip())
		if m:
			pairs.append((m.group(1), m.group(2).strip()))
	return pairs


def safe_name(name):
	return re.sub(r"[^A-Za-z0-9_.\-]+", "_", name).strip("_") or "boot"


class BootResult:
	"""What one boot left: exit status, serial log, key=value pairs.

	status is QEMU's exit status, None if the boot timed out.  kv maps
	each key to its last value; values(key) gives all of them in order.
	"""

	def __init__(self, name, command, status, log, log_path,
	    qemu_output, duration, timeout):
		self.name = name
		self.command = command
		self.status = status
		self.log = log
		self.log_path = log_path
		self.qemu_output = qemu_output
		self.duration = duration
		self.timeout = timeout
		self.lines = log.splitlines()
		self.pairs = parse_pairs(log)
		self.kv = dict(self.pairs)

	@property
	def timed_out(self):
		return self.status is None

	def __repr__(self):
		return "<BootResult %s: status %s (%s), %d lines>" % (
		    self.name, self.status, status_name(self.status),
		    len(self.lines))

	# Reading the log.

	def tail(self, n=TAIL_LINES):
		return "\n".join(self.lines[-n:])

	def values(self, key):
		"""All values of key, in the order printed (maybe empty)."""
		return [v for k, v in self.pairs if k == key]

	def get(self, key, default=None):
		return self.kv.get(key, default)

	def find_line(self, pattern):
		"""The first re.search match of pattern in any line, or None."""
		rx = re.compile(pattern)
		for line in self.lines:
			m = rx.search(line)
			if m:
				return m
		return None

	def find_lines(self, pattern):
		rx = re.compile(pattern)
		return [m for m in map(rx.search, self.lines) if m]

	# Checks: each returns what it checked or raises BootFailure.

	def fail(self, message):
		"""Raise BootFailure with message, the status and the log tail."""
		__tracebackhide__ = True
		raise BootFailure(self.describe(message))

	def describe(self, message):
		parts = [message,
		    "boot %s: QEMU status %s (%s) after %.1f s" % (
		    self.name, self.status, status_name(self.status),
		    self.duration)]
		if self.timed_out:
			parts.append("timed out after %g s" % self.timeout)
		if self.qemu_output.strip():
			parts.append("QEMU said:\n" + self.qemu_output.rstrip())
		parts.append("command: " + " ".join(
		    shlex.quote(a) for a in self.command))
		parts.append("--- last %d lines of %s ---" % (
		    TAIL_LINES, self.log_path))
		parts.append(self.tail() or "(serial log is empty)")
		parts.append("--- end of serial log ---")
		return "\n".join(parts)

	def require(self, key):
		"""The last value of key; fails if the key was never printed."""
		__tracebackhide__ = True
		if key not in self.kv:
			self.fail("key %r missing from the serial log" % key)
		return self.kv[key]

	def require_int(self, key):
		"""The last value of key as an integer (decimal or 0x hex)."""
		__tracebackhide__ = True
		value = self.require(key)
		try:
			return int(value, 0)
		except ValueError:
			self.fail("key %r: %r is not an integer" % (key, value))

	def expect(self, key, value):
		"""Fail unless the last value of key equals str(value)."""
		__tracebackhide__ = True
		got = self.require(key)
		if got != str(value):
			self.fail("key %r is %r, expected %r" % (key, got,
			    str(value)))
		return got

	def require_line(self, pattern):
		"""The first match of pattern (a regex) in a line; fails if none."""
		__tracebackhide__ = True
		m = self.find_line(pattern)
		if m is None:
			self.fail("no line matches %r" % pattern)
		return m

	def expect_status(self, expected=EXIT_SUCCESS):
		"""Fail unless QEMU exited with status expected."""
		__tracebackhide__ = True
		if expected in (EXIT_TRIPLE_FAULT, EXIT_QEMU_ERROR):
			raise ValueError("status %d is never a pass" % expected)
		if self.status != expected:
			self.fail("expected QEMU status %d (%s)" % (
			    expected, status_name(expected)))
		return self

	def expect_success(self):
		__tracebackhide__ = True
		return self.expect_status(EXIT_SUCCESS)

	def expect_panic(self):
		__tracebackhide__ = True
		return self.expect_status(EXIT_PANIC)

	def expect_ktest_passed(self, name):
		"""A ktest=<name> boot printed `ktest <name>: passed`, exited 33."""
		__tracebackhide__ = True
		self.require_line(r"^ktest %s: passed\b" % re.escape(name))
		return self.expect_status(EXIT_SUCCESS)


class Qemu:
	"""One QEMU running ClusterMach in the background.

	start() launches it; wait() waits for the end and returns a
	BootResult; kill() ends it (safe to call twice).  Use it directly for
	GDB tests (gdb_port, halted); boot() below is start() plus wait().
	It is also a context manager that kills QEMU on exit.
	"""

	def __init__(self, modules=(), append="", memory="128M",
	    timeout=None, extra_args=(), gdb_port=None, halted=False,
	    name="boot", log_dir=None, build=None, kernel=None):
		self.build = os.path.abspath(build or build_dir())
		self.kernel = kernel or "clustermach"
		self.modules = list(modules)
		self.append = append
		self.memory = memory
		self.timeout = default_timeout() if timeout is None else timeout
		self.extra_args = list(extra_args)
		# gdb_port: None for no gdbstub, 0 to pick a free port.
		self.gdb_port = free_port() if gdb_port == 0 else gdb_port
		self.halted = halted
		self.name = safe_name(name)
		self.log_dir = os.path.abspath(log_dir or DEFAULT_LOG_DIR)
		self.log_path = os.path.join(self.log_dir, self.name + ".log")
		self.proc = None
		self.started = None
		self.result = None
		self.command = self._command()

	def _check_files(self):
		"""Fail early, and clearly, on a missing kernel or program."""
		__tracebackhide__ = True
		paths = [self.kernel] + [m.split()[0] for m in self.modules]
		for p in paths:
			full = os.path.join(self.build, p)
			if not os.path.isfile(full):
				raise BootFailure("boot %s: %s does not exist; "
				    "build first (./scripts/setup.sh, or make -C "
				    "%s)" % (self.name, full, self.build))

	def _command(self):
		qemu = os.environ.get("CLUSTERMACH_QEMU") or \
		    "qemu-system-x86_64"
		cmd = [qemu, "-accel", "tcg", "-cpu", "qemu64",
		    "-m", self.memory, "-nodefaults", "-display", "none",
		    "-no-reboot", "-serial", "file:" + self.log_path,
		    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
		    "-kernel", self.kernel]
		if self.append:
			cmd += ["-append", self.append]
		if self.modules:
			cmd += ["-initrd", ",".join(
			    m.strip().replace(",", ",,") for m in self.modules)]
		if self.gdb_port is not None:
			cmd += ["-gdb", "tcp:127.0.0.1:%d" % self.gdb_port]
		if self.halted:
			cmd += ["-S"]
		return cmd + self.extra_args

	def start(self):
		__tracebackhide__ = True
		if any(not m.strip() for m in self.modules):
			raise ValueError("empty module line")
		self._check_files()
		os.makedirs(self.log_dir, exist_ok=True)
		open(self.log_path, "w").close()
		self.started = time.monotonic()
		self.proc = subprocess.Popen(self.command, cwd=self.build,
		    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
		    stderr=subprocess.STDOUT, start_new_session=True)
		return self

	def wait_for_gdb(self, timeout=10):
		"""Wait until the gdbstub listens (without connecting to it)."""
		__tracebackhide__ = True
		deadline = time.monotonic() + timeout
		while not is_listening(self.gdb_port):
			if self.proc.poll() is not None or \
			    time.monotonic() > deadline:
				self.kill()
				self.wait().fail("gdbstub on port %d never "
				    "listened" % self.gdb_port)
			time.sleep(0.05)
		return self.gdb_port

	def wait(self, timeout=None):
		"""Wait for QEMU to end, killing it after the timeout (counted
		from start()); returns the BootResult (status None if killed)."""
		if self.result is not None:
			return self.result
		limit = self.timeout if timeout is None else timeout
		remaining = max(0.0, self.started + limit - time.monotonic())
		try:
			output, _ = self.proc.communicate(timeout=remaining)
			status = self.proc.returncode
		except subprocess.TimeoutExpired:
			self._kill_group()
			output, _ = self.proc.communicate()
			status = None
		self.result = self._make_result(status, output, limit)
		return self.result

	def kill(self):
		"""End QEMU now; its BootResult reports status None."""
		if self.proc is None or self.result is not None:
			return
		if self.proc.poll() is None:
			self._kill_group()
		output, _ = self.proc.communicate()
		status = self.proc.returncode
		if status == -signal.SIGKILL:
			status = None
		self.result = self._make_result(status, output, self.timeout)

	def _kill_group(self):
		try:
			os.killpg(self.proc.pid, signal.SIGKILL)
		except ProcessLookupError:
			pass

	def _make_result(self, status, output, limit):
		duration = time.monotonic() - self.started
		try:
			with open(self.log_path, "rb") as f:
				log = f.read().decode("utf-8", "replace")
		except OSError:
			log = ""
		log = log.replace("\r\n", "\n").replace("\r", "\n")
		return BootResult(self.name, self.command, status, log,
		    self.log_path, output.decode("utf-8", "replace"),
		    duration, limit)

	def __enter__(self):
		return self

	def __exit__(self, *exc):
		self.kill()
		return False


def boot(modules=(), append="", memory="128M", timeout=None,
    extra_args=(), gdb_port=None, halted=False, name="boot",
    expect=EXIT_SUCCESS, log_dir=None, build=None):
	"""Boot ClusterMach, wait for the end, return a BootResult.

	modules: module lines (see gnumach_line, test_program); append: the
	kernel command line.  A timeout, status 0 or status 1 always raise
	BootFailure; so does any status other than expect (33, success, by
	default; pass EXIT_PANIC to expect a panic, or None to check the
	status yourself).
	"""
	__tracebackhide__ = True
	q = Qemu(modules=modules, append=append, memory=memory,
	    timeout=timeout, extra_args=extra_args, gdb_port=gdb_port,
	    halted=halted, name=name, log_dir=log_dir, build=build)
	q.start()
	r = q.wait()
	if r.timed_out:
		r.fail("QEMU did not end within %g s" % r.timeout)
	if r.status in (EXIT_TRIPLE_FAULT, EXIT_QEMU_ERROR):
		r.fail("QEMU status %d is never a pass" % r.status)
	if expect is not None:
		r.expect_status(expect)
	return r

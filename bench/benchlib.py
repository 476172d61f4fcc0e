# SPDX-License-Identifier: GPL-2.0-or-later
"""bench/benchlib.py: what bench/run.py, run_ipc.py and run_pager.py
share.

Each script boots build/clustermach --runs times under
`-icount shift=0,sleep=off`, where the guest's rdtsc counts executed
instructions exactly, reads the key=value figures from the serial log
and prints them as a table, or as JSON with --json.  A script gives
bench_main() its description, its default timeout, the files it needs
in the build folder, a function that boots once and one that prints the
table; this module owns the command line, the QEMU flags, the boot and
its checks, the runs loop, the footer and the JSON's common tail.

Reported, not asserted: a script fails (exit 1) only if a boot does
(QEMU status other than 33, the program's checks not passing, a figure
missing) and exits 2 if the build is missing.  See bench/README.md and
design/11-benchmarks.md.

Environment (as in tests/harness/qemu.py): CLUSTERMACH_BUILD, the build
folder (default: <source>/build); CLUSTERMACH_QEMU, the QEMU binary.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXIT_SUCCESS = 33	# isa-debug-exit: (MACHINE_EXIT_SUCCESS << 1) | 1
ICOUNT = "shift=0,sleep=off"

_KV_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*)=(\S*)\s*$")


class BenchError(Exception):
	"""The boot failed; the message says how, with the serial log's tail."""


def bench_build_dir():
	return os.path.abspath(os.environ.get("CLUSTERMACH_BUILD") or
	    os.path.join(SOURCE_DIR, "build"))


def bench_qemu_command(kernel, *boot_args):
	"""QEMU's command line for one benchmark boot of kernel; boot_args
	(-append or -initrd) say what it runs."""
	qemu = os.environ.get("CLUSTERMACH_QEMU") or "qemu-system-x86_64"
	return [qemu, "-accel", "tcg", "-cpu", "qemu64", "-m", "128M",
	    "-nodefaults", "-display", "none", "-no-reboot",
	    "-serial", "stdio",
	    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	    "-icount", ICOUNT, "-kernel", kernel] + list(boot_args)


def bench_parse(text):
	"""The key=value lines of a serial log, as a dict of strings."""
	pairs = {}
	for line in text.splitlines():
		m = _KV_RE.match(line.strip("\r"))
		if m:
			pairs[m.group(1)] = m.group(2)
	return pairs


def bench_tail(data, lines=20):
	if not data:
		return "(no serial output)\n"
	if isinstance(data, bytes):
		data = data.decode("utf-8", "replace")
	return "".join("  | " + l + "\n" for l in data.splitlines()[-lines:])


def bench_boot(command, timeout, passed, not_passed, keys, cwd=None):
	"""Boots once; returns ({key: int} for every key, host seconds).

	Raises BenchError if QEMU times out or exits other than 33, if the
	serial log lacks the line passed (not_passed then says what did not
	pass), or if a key is missing or not a number.
	"""
	start = time.monotonic()
	try:
		proc = subprocess.run(command, cwd=cwd,
		    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
		    stderr=subprocess.PIPE, timeout=timeout)
	except subprocess.TimeoutExpired as e:
		raise BenchError("QEMU timed out after %g s\n%s" %
		    (timeout, bench_tail(e.stdout)))
	except OSError as e:
		raise BenchError("cannot run %s: %s" % (command[0], e))
	seconds = time.monotonic() - start
	log = proc.stdout.decode("utf-8", "replace")
	if proc.returncode != EXIT_SUCCESS:
		raise BenchError("QEMU exited with status %d, not %d\n%s%s" %
		    (proc.returncode, EXIT_SUCCESS, bench_tail(proc.stdout),
		    proc.stderr.decode("utf-8", "replace")))
	if passed not in log:
		raise BenchError("%s did not pass\n%s" %
		    (not_passed, bench_tail(proc.stdout)))
	pairs = bench_parse(log)
	figures = {}
	for key in keys:
		if key not in pairs or not pairs[key].isdigit():
			raise BenchError("no %s=N in the serial log\n%s" %
			    (key, bench_tail(proc.stdout)))
		figures[key] = int(pairs[key])
	return figures, seconds


def bench_module(program):
	"""GNU Mach's boot-script line for a user program, as the test suite
	writes it."""
	return program + " ${host-port} ${device-port} $(task-create) " \
	    "$(task-resume)"


def bench_boot_module(build, timeout, module, keys):
	"""Boots once in the build folder with module as the boot module;
	its program must print "<name>: all checks passed" and keys."""
	name = os.path.basename(module.split()[0])
	command = bench_qemu_command("clustermach", "-initrd",
	    module.replace(",", ",,"))
	return bench_boot(command, timeout, "%s: all checks passed" % name,
	    "%s's checks" % name, keys, cwd=build)


def bench_print_footer(runs, repeat, seconds):
	"""The lines under every table: whether the boots agreed, host time."""
	if runs > 1:
		print("repeats exactly over %d boots: %s" %
		    (runs, "yes" if repeat else "NO (figures of the first boot "
		    "shown; see --json)"))
	print("host time per boot: %.2f s (mean of %d)" %
	    (sum(seconds) / len(seconds), len(seconds)))


def bench_main(description, timeout, required, boot, print_table,
    identity, document):
	"""The command line of every script; returns its exit status.

	required: files the build folder must hold.  boot(build, timeout):
	one boot's (figures, host seconds), or BenchError.
	print_table(figures): the table, for the first boot's figures.
	The --json object: identity (what was booted), icount, unit, the
	first boot's figures, document(figures), then runs,
	repeats_exactly, every_run and host_seconds_per_boot.
	"""
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--json", action="store_true",
	    help="print machine-readable results")
	parser.add_argument("--runs", type=int, default=3,
	    help="boots to make, to check the figures repeat (default 3)")
	parser.add_argument("--timeout", type=float, default=timeout,
	    help="seconds to allow each boot (default %d)" % timeout)
	args = parser.parse_args()
	if args.runs < 1:
		parser.error("--runs must be at least 1")

	build = bench_build_dir()
	for path in required:
		if not os.path.isfile(os.path.join(build, path)):
			print("bench: %s does not exist: run ./scripts/setup.sh "
			    "first" % os.path.join(build, path), file=sys.stderr)
			return 2

	boots, seconds = [], []
	try:
		for _ in range(args.runs):
			figures, elapsed = boot(build, args.timeout)
			boots.append(figures)
			seconds.append(elapsed)
	except BenchError as e:
		print("bench: boot %d of %d failed: %s" %
		    (len(boots) + 1, args.runs, e), file=sys.stderr)
		return 1

	repeat = all(b == boots[0] for b in boots)
	if args.json:
		result = dict(identity)
		result.update({"icount": ICOUNT, "unit": "guest instructions",
		    "figures": boots[0]})
		result.update(document(boots[0]))
		result.update({
			"runs": args.runs,
			"repeats_exactly": repeat,
			"every_run": boots,
			"host_seconds_per_boot": [round(s, 3) for s in seconds],
		})
		json.dump(result, sys.stdout, indent=2)
		print()
	else:
		print_table(boots[0])
		bench_print_footer(args.runs, repeat, seconds)
	return 0

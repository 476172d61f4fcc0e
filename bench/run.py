#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench/run.py: the cost of blocking, with and without continuations.

Boots build/clustermach with ktest=block_bench under
`-icount shift=0,sleep=off`, where the guest's rdtsc counts executed
instructions exactly, and prints what the kernel measured (see
bench/README.md and design/11-benchmarks.md):

  block+wakeup  one thread's assert_wait(), thread_wakeup() of its peer
                and thread_block(), until the peer is back at the top of
                its loop: half a ping-pong round
  switch        thread_block() alone, from its call in one thread to the
                next thread's first instruction back in its own loop

each once with a continuation (every switch a stack handoff) and once
without (switch_context() between two stacks).

Reported, not asserted: the script fails only if the boot does (QEMU
status other than 33, the self-test not passing, a figure missing).  It
boots --runs times (3 by default) and says whether the figures repeat,
which under -icount they should, exactly.

    /usr/bin/python3 bench/run.py [--json] [--runs N] [--timeout S]

Environment (as in tests/harness/qemu.py): CLUSTERMACH_BUILD, the build
folder (default: <source>/build); CLUSTERMACH_QEMU, the QEMU binary.
Nothing is built here: run ./scripts/setup.sh first.
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
KTEST = "block_bench"

# The figures ktest=block_bench prints, in rdtsc units (instructions).
KEYS = (
	"bench.block_wakeup_continuation",
	"bench.block_wakeup_stackful",
	"bench.switch_continuation",
	"bench.switch_stackful",
)

_KV_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*)=(\S*)\s*$")


class BenchError(Exception):
	"""The boot failed; the message says how, with the serial log's tail."""


def bench_build_dir():
	return os.path.abspath(os.environ.get("CLUSTERMACH_BUILD") or
	    os.path.join(SOURCE_DIR, "build"))


def bench_qemu_command(kernel):
	qemu = os.environ.get("CLUSTERMACH_QEMU") or "qemu-system-x86_64"
	return [qemu, "-accel", "tcg", "-cpu", "qemu64", "-m", "128M",
	    "-nodefaults", "-display", "none", "-no-reboot",
	    "-serial", "stdio",
	    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	    "-icount", "shift=0,sleep=off",
	    "-kernel", kernel, "-append", "ktest=" + KTEST]


def bench_parse(text):
	"""The key=value lines of a serial log, as a dict of strings."""
	pairs = {}
	for line in text.splitlines():
		m = _KV_RE.match(line.strip("\r"))
		if m:
			pairs[m.group(1)] = m.group(2)
	return pairs


def bench_boot(kernel, timeout):
	"""Boots once; returns (figures as ints, host seconds).

	Raises BenchError if QEMU times out or exits other than 33, if the
	self-test did not pass, or if a figure is missing.
	"""
	command = bench_qemu_command(kernel)
	start = time.monotonic()
	try:
		proc = subprocess.run(command, stdin=subprocess.DEVNULL,
		    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
		    timeout=timeout)
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
	if "ktest %s: passed" % KTEST not in log:
		raise BenchError("ktest %s did not pass\n%s" %
		    (KTEST, bench_tail(proc.stdout)))
	pairs = bench_parse(log)
	figures = {}
	for key in KEYS + ("bench.switches_timed",):
		if key not in pairs or not pairs[key].isdigit():
			raise BenchError("no %s=N in the serial log\n%s" %
			    (key, bench_tail(proc.stdout)))
		figures[key] = int(pairs[key])
	return figures, seconds


def bench_tail(data, lines=20):
	if not data:
		return "(no serial output)\n"
	if isinstance(data, bytes):
		data = data.decode("utf-8", "replace")
	return "".join("  | " + l + "\n" for l in data.splitlines()[-lines:])


def bench_rows(f):
	"""The table: (operation, instructions, note) for one boot's figures."""
	bw_cont = f["bench.block_wakeup_continuation"]
	bw_stack = f["bench.block_wakeup_stackful"]
	sw_cont = f["bench.switch_continuation"]
	sw_stack = f["bench.switch_stackful"]
	return [
		("block+wakeup with continuation", bw_cont,
		    "every switch a stack handoff (S1)"),
		("block+wakeup without continuation", bw_stack,
		    "switch_context() between two stacks (S3)"),
		("  difference", bw_cont - bw_stack,
		    "continuation minus stackful"),
		("switch alone with continuation", sw_cont,
		    "thread_block() to the peer's loop, via its continuation"),
		("switch alone without continuation", sw_stack,
		    "thread_block() to the peer's loop, returning"),
		("  difference", sw_cont - sw_stack,
		    "continuation minus stackful"),
	]


def bench_print_table(rows, runs, repeat, seconds):
	width = max(len(r[0]) for r in rows)
	print("ktest=%s, -icount shift=0,sleep=off: guest instructions "
	    "(1 instruction = 1 ns of guest time)" % KTEST)
	print()
	print("%-*s | %12s | %s" % (width, "operation", "instructions", "note"))
	print("%s-+-%s-+-%s" % ("-" * width, "-" * 12, "-" * 40))
	for name, value, note in rows:
		print("%-*s | %12d | %s" % (width, name, value, note))
	print()
	if runs > 1:
		print("repeats exactly over %d boots: %s" %
		    (runs, "yes" if repeat else "NO (figures of the first boot "
		    "shown; see --json)"))
	print("host time per boot: %.2f s (mean of %d)" %
	    (sum(seconds) / len(seconds), len(seconds)))


def main():
	parser = argparse.ArgumentParser(
	    description="Block/wakeup and switch cost, with and without "
	    "continuations, in guest instructions.")
	parser.add_argument("--json", action="store_true",
	    help="print machine-readable results")
	parser.add_argument("--runs", type=int, default=3,
	    help="boots to make, to check the figures repeat (default 3)")
	parser.add_argument("--timeout", type=float, default=60,
	    help="seconds to allow each boot (default 60)")
	args = parser.parse_args()
	if args.runs < 1:
		parser.error("--runs must be at least 1")

	kernel = os.path.join(bench_build_dir(), "clustermach")
	if not os.path.isfile(kernel):
		print("bench: %s does not exist: run ./scripts/setup.sh first"
		    % kernel, file=sys.stderr)
		return 2

	boots, seconds = [], []
	try:
		for _ in range(args.runs):
			figures, elapsed = bench_boot(kernel, args.timeout)
			boots.append(figures)
			seconds.append(elapsed)
	except BenchError as e:
		print("bench: boot %d of %d failed: %s" %
		    (len(boots) + 1, args.runs, e), file=sys.stderr)
		return 1

	repeat = all(b == boots[0] for b in boots)
	rows = bench_rows(boots[0])
	if args.json:
		json.dump({
			"ktest": KTEST,
			"icount": "shift=0,sleep=off",
			"unit": "guest instructions",
			"figures": {k[len("bench."):]: v
			    for k, v in boots[0].items()},
			"rows": [{"operation": n.strip(), "instructions": v,
			    "note": note} for n, v, note in rows],
			"runs": args.runs,
			"repeats_exactly": repeat,
			"every_run": [{k[len("bench."):]: v
			    for k, v in b.items()} for b in boots],
			"host_seconds_per_boot": [round(s, 3) for s in seconds],
		}, sys.stdout, indent=2)
		print()
	else:
		bench_print_table(rows, args.runs, repeat, seconds)
	return 0


if __name__ == "__main__":
	sys.exit(main())

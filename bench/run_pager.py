#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench/run_pager.py: the legacy paging baseline, against GNU Mach 1.8.

Boots build/clustermach with the user program user/tests/pager_seq_read
(a RAM pager thread and a reader in one task) under
`-icount shift=0,sleep=off`, where the guest's rdtsc counts executed
instructions exactly.  The reader maps a 16 MiB object of the RAM pager
and reads the first word of every page in order, cold: every page is a
fault, a one-page memory_object_data_request, the pager's out-of-line
memory_object_data_supply and the fault's end.  Printed (see
bench/README.md and design/11-benchmarks.md, "Paging: the legacy
baseline"):

  faults              vm_statistics faults over the timed loop
  data_requests       requests the pager received
  pages per request   pages requested / data_requests
  instructions/page   guest instructions of the timed loop per page,
                      next to GNU Mach 1.8's ~25,000 (issue 5), ratio
  guest time          the timed loop, in guest milliseconds

Reported, not asserted: the script fails only if the boot does (QEMU
status other than 33, the program's checks not passing, a figure
missing).  It boots --runs times (3 by default) and says whether the
figures repeat, which under -icount they should, exactly.

    /usr/bin/python3 bench/run_pager.py [--json] [--runs N] [--timeout S]

Environment (as in tests/harness/qemu.py): CLUSTERMACH_BUILD, the build
folder (default: <source>/build); CLUSTERMACH_QEMU, the QEMU binary.
Nothing is built here: run ./scripts/setup.sh first.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from run import EXIT_SUCCESS, BenchError, bench_build_dir, bench_parse, \
	bench_tail

PROGRAM = "user/tests/pager_seq_read"
# GNU Mach's boot-script line, as tests/harness/test_vm_pager_bench.py
# writes it (test_program("pager_seq_read")): the default 16 MiB.
MODULE = PROGRAM + " ${host-port} ${device-port} $(task-create) " \
	"$(task-resume)"

# Issue 5's figure for upstream GNU Mach 1.8 (2026) on this path: one-page
# requests, out-of-line data_supply, pager thread in the same task, TCG
# with -icount.  Guest instructions per page.
GNUMACH_PER_PAGE = 25000

# Every key the program must print (user/tests/pager_seq_read.c).
KEYS = ("seq_read.pages", "seq_read.bytes", "seq_read.tsc_total",
	"seq_read.tsc_per_page", "seq_read.faults", "seq_read.pageins",
	"seq_read.data_requests", "seq_read.pages_requested",
	"seq_read.pages_per_request_x100", "seq_read.bad_pages",
	"seq_read.freed", "pager.data_requests", "pager.pages_supplied",
	"pager.supplies")


def pager_bench_command(kernel):
	"""bench/run.py's QEMU flags, with the program as a boot module."""
	qemu = os.environ.get("CLUSTERMACH_QEMU") or "qemu-system-x86_64"
	return [qemu, "-accel", "tcg", "-cpu", "qemu64", "-m", "128M",
	    "-nodefaults", "-display", "none", "-no-reboot",
	    "-serial", "stdio",
	    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	    "-icount", "shift=0,sleep=off",
	    "-kernel", kernel, "-initrd", MODULE.replace(",", ",,")]


def pager_bench_boot(build, timeout):
	"""Boots once in the build folder; returns (figures, host seconds).

	Raises BenchError if QEMU times out or exits other than 33, if the
	program's checks did not pass, or if a figure is missing.
	"""
	command = pager_bench_command("clustermach")
	start = time.monotonic()
	try:
		proc = subprocess.run(command, cwd=build,
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
	if "pager_seq_read: all checks passed" not in log:
		raise BenchError("pager_seq_read's checks did not pass\n%s" %
		    bench_tail(proc.stdout))
	pairs = bench_parse(log)
	figures = {}
	for key in KEYS:
		if key not in pairs or not pairs[key].isdigit():
			raise BenchError("no %s=N in the serial log\n%s" %
			    (key, bench_tail(proc.stdout)))
		figures[key] = int(pairs[key])
	return figures, seconds


def pager_bench_rows(f):
	"""(figure, value as text, GNU Mach as text, ratio as text) per row.

	Instructions per page are the timed loop's over the pages, to one
	decimal (the program's own seq_read.tsc_per_page truncates).
	"""
	pages = f["seq_read.pages"]
	per_page = f["seq_read.tsc_total"] / pages
	per_request = f["seq_read.pages_requested"] / \
	    f["seq_read.data_requests"] if f["seq_read.data_requests"] else 0
	return [
		("pages read", "%d" % pages, "", ""),
		("faults", "%d" % f["seq_read.faults"], "", ""),
		("data_requests", "%d" % f["seq_read.data_requests"], "", ""),
		("pages per request", "%.2f" % per_request, "1", ""),
		("instructions per page", "%.0f" % per_page,
		    "~%d" % GNUMACH_PER_PAGE,
		    "%.2f" % (per_page / GNUMACH_PER_PAGE)),
		("guest time (ms)", "%.2f" % (f["seq_read.tsc_total"] / 1e6),
		    "~%.2f" % (GNUMACH_PER_PAGE * pages / 1e6),
		    "%.2f" % (per_page / GNUMACH_PER_PAGE)),
	]


def pager_bench_print_table(f, runs, repeat, seconds):
	rows = pager_bench_rows(f)
	width = max(len(r[0]) for r in rows)
	print("%s, 16 MiB cold sequential read, RAM pager, "
	    "-icount shift=0,sleep=off" % PROGRAM)
	print("(1 instruction = 1 ns of guest time; GNU Mach 1.8 figure "
	    "from issue 5)")
	print()
	print("%-*s | %12s | %12s | %s" % (width, "figure", "ClusterMach",
	    "GNU Mach 1.8", "ratio"))
	print("%s-+-%s-+-%s-+-%s" % ("-" * width, "-" * 12, "-" * 12,
	    "-" * 6))
	for name, ours, theirs, ratio in rows:
		print("%-*s | %12s | %12s | %s" % (width, name, ours,
		    theirs or "-", ratio or "-"))
	print()
	print("pager: %d requests, %d supplies, %d pages supplied; "
	    "vm_statistics pageins %d; object freed after vm_deallocate: %s" %
	    (f["pager.data_requests"], f["pager.supplies"],
	    f["pager.pages_supplied"], f["seq_read.pageins"],
	    "yes" if f["seq_read.freed"] else "NO"))
	if runs > 1:
		print("repeats exactly over %d boots: %s" %
		    (runs, "yes" if repeat else "NO (figures of the first boot "
		    "shown; see --json)"))
	print("host time per boot: %.2f s (mean of %d)" %
	    (sum(seconds) / len(seconds), len(seconds)))


def main():
	parser = argparse.ArgumentParser(
	    description="Cold sequential read of a pager-backed mapping, in "
	    "guest instructions per page, against GNU Mach 1.8.")
	parser.add_argument("--json", action="store_true",
	    help="print machine-readable results")
	parser.add_argument("--runs", type=int, default=3,
	    help="boots to make, to check the figures repeat (default 3)")
	parser.add_argument("--timeout", type=float, default=300,
	    help="seconds to allow each boot (default 300)")
	args = parser.parse_args()
	if args.runs < 1:
		parser.error("--runs must be at least 1")

	build = bench_build_dir()
	for path in ("clustermach", PROGRAM):
		if not os.path.isfile(os.path.join(build, path)):
			print("bench: %s does not exist: run ./scripts/setup.sh "
			    "first" % os.path.join(build, path), file=sys.stderr)
			return 2

	boots, seconds = [], []
	try:
		for _ in range(args.runs):
			figures, elapsed = pager_bench_boot(build, args.timeout)
			boots.append(figures)
			seconds.append(elapsed)
	except BenchError as e:
		print("bench: boot %d of %d failed: %s" %
		    (len(boots) + 1, args.runs, e), file=sys.stderr)
		return 1

	repeat = all(b == boots[0] for b in boots)
	if args.json:
		f = boots[0]
		pages = f["seq_read.pages"]
		json.dump({
			"program": PROGRAM,
			"module": MODULE,
			"icount": "shift=0,sleep=off",
			"unit": "guest instructions",
			"figures": f,
			"faults": f["seq_read.faults"],
			"data_requests": f["seq_read.data_requests"],
			"pages_per_request": round(f["seq_read.pages_requested"] /
			    f["seq_read.data_requests"], 3)
			    if f["seq_read.data_requests"] else None,
			"instructions_per_page": round(f["seq_read.tsc_total"] /
			    pages, 1),
			"guest_ms": round(f["seq_read.tsc_total"] / 1e6, 3),
			"gnumach_1_8_instructions_per_page": GNUMACH_PER_PAGE,
			"ratio": round(f["seq_read.tsc_total"] / pages /
			    GNUMACH_PER_PAGE, 3),
			"runs": args.runs,
			"repeats_exactly": repeat,
			"every_run": boots,
			"host_seconds_per_boot": [round(s, 3) for s in seconds],
		}, sys.stdout, indent=2)
		print()
	else:
		pager_bench_print_table(boots[0], args.runs, repeat, seconds)
	return 0


if __name__ == "__main__":
	sys.exit(main())

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

    /usr/bin/python3 bench/run_pager.py [--json] [--runs N] [--timeout S]

Reported, not asserted; --runs, what fails, the environment:
bench/benchlib.py.  Nothing is built here: run ./scripts/setup.sh first.
"""

import sys

from benchlib import ICOUNT, bench_boot_module, bench_main, bench_module

PROGRAM = "user/tests/pager_seq_read"
# GNU Mach's boot-script line, as tests/harness/test_vm_pager_bench.py
# writes it (test_program("pager_seq_read")): the default 16 MiB.
MODULE = bench_module(PROGRAM)

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


def pager_bench_boot(build, timeout):
	"""Boots once; returns (figures, host seconds)."""
	return bench_boot_module(build, timeout, MODULE, KEYS)


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


def pager_bench_print_table(f):
	rows = pager_bench_rows(f)
	width = max(len(r[0]) for r in rows)
	print("%s, 16 MiB cold sequential read, RAM pager, "
	    "-icount %s" % (PROGRAM, ICOUNT))
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


def pager_bench_document(f):
	pages = f["seq_read.pages"]
	return {
		"faults": f["seq_read.faults"],
		"data_requests": f["seq_read.data_requests"],
		"pages_per_request": round(f["seq_read.pages_requested"] /
		    f["seq_read.data_requests"], 3)
		    if f["seq_read.data_requests"] else None,
		"instructions_per_page": round(f["seq_read.tsc_total"] / pages,
		    1),
		"guest_ms": round(f["seq_read.tsc_total"] / 1e6, 3),
		"gnumach_1_8_instructions_per_page": GNUMACH_PER_PAGE,
		"ratio": round(f["seq_read.tsc_total"] / pages /
		    GNUMACH_PER_PAGE, 3),
	}


def main():
	return bench_main("Cold sequential read of a pager-backed mapping, in "
	    "guest instructions per page, against GNU Mach 1.8.", 300,
	    ("clustermach", PROGRAM), pager_bench_boot,
	    pager_bench_print_table, {"program": PROGRAM, "module": MODULE},
	    pager_bench_document)


if __name__ == "__main__":
	sys.exit(main())

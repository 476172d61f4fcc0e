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

    /usr/bin/python3 bench/run.py [--json] [--runs N] [--timeout S]

Reported, not asserted; --runs, what fails, the environment:
bench/benchlib.py.  Nothing is built here: run ./scripts/setup.sh first.
"""

import os
import sys

from benchlib import ICOUNT, bench_boot, bench_main, bench_qemu_command

KTEST = "block_bench"

# The figures ktest=block_bench prints, in rdtsc units (instructions).
KEYS = (
	"bench.block_wakeup_continuation",
	"bench.block_wakeup_stackful",
	"bench.switch_continuation",
	"bench.switch_stackful",
)


def block_bench_boot(build, timeout):
	"""Boots once; returns (figures without "bench.", host seconds)."""
	command = bench_qemu_command(os.path.join(build, "clustermach"),
	    "-append", "ktest=" + KTEST)
	figures, seconds = bench_boot(command, timeout,
	    "ktest %s: passed" % KTEST, "ktest " + KTEST,
	    KEYS + ("bench.switches_timed",))
	return {k[len("bench."):]: v for k, v in figures.items()}, seconds


def block_bench_rows(f):
	"""The table: (operation, instructions, note) for one boot's figures."""
	bw_cont = f["block_wakeup_continuation"]
	bw_stack = f["block_wakeup_stackful"]
	sw_cont = f["switch_continuation"]
	sw_stack = f["switch_stackful"]
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


def block_bench_print_table(f):
	rows = block_bench_rows(f)
	width = max(len(r[0]) for r in rows)
	print("ktest=%s, -icount %s: guest instructions "
	    "(1 instruction = 1 ns of guest time)" % (KTEST, ICOUNT))
	print()
	print("%-*s | %12s | %s" % (width, "operation", "instructions", "note"))
	print("%s-+-%s-+-%s" % ("-" * width, "-" * 12, "-" * 40))
	for name, value, note in rows:
		print("%-*s | %12d | %s" % (width, name, value, note))
	print()


def block_bench_document(f):
	return {"rows": [{"operation": n.strip(), "instructions": v,
	    "note": note} for n, v, note in block_bench_rows(f)]}


def main():
	return bench_main("Block/wakeup and switch cost, with and without "
	    "continuations, in guest instructions.", 60, ("clustermach",),
	    block_bench_boot, block_bench_print_table, {"ktest": KTEST},
	    block_bench_document)


if __name__ == "__main__":
	sys.exit(main())

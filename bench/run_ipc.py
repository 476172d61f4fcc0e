#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench/run_ipc.py: the cost of Mach IPC, against GNU Mach 1.8.

Boots build/clustermach with the user program user/tests/ipc_bench (a
server thread and a client thread in one task, combined send/receive)
under `-icount shift=0,sleep=off`, where the guest's rdtsc counts
executed instructions exactly, and prints what the program measured
(see bench/README.md and design/11-benchmarks.md):

  null RPC           request and reply both a bare header
  1 KiB inline       the request carries 1024 bytes inline
  64 KiB / 1 MiB     the request carries the region out of line, moved
  out of line        (deallocate) or copied; the server reads a word of
                     every page and vm_deallocates the region

each per round trip, next to the figure issue 4 quotes for upstream GNU
Mach 1.8 on the same kind of program, and the ratio.  Under shift=0 one
instruction is one nanosecond of guest time.

    /usr/bin/python3 bench/run_ipc.py [--json] [--runs N] [--timeout S]

Reported, not asserted; --runs, what fails, the environment:
bench/benchlib.py.  Nothing is built here: run ./scripts/setup.sh first.
"""

import sys

from benchlib import ICOUNT, bench_boot_module, bench_main, bench_module

PROGRAM = "user/tests/ipc_bench"
# GNU Mach's boot-script line, as the test suite writes it.
MODULE = bench_module(PROGRAM)
PAGE_BYTES = 4096

# Issue 4's figures for upstream GNU Mach 1.8 (server and client thread
# in one task, combined send/receive, TCG with -icount), in guest
# instructions.  The out-of-line one is per page of a 1 MiB move.
GNUMACH = {
	"null_rpc": 2450,
	"inline_1k": 6400,
	"ool_1m_moved_per_page": 1800,
}

# (key, operation) in table order; figures per round trip unless the
# key says per page.
ROWS = (
	("null_rpc", "null RPC round trip"),
	("inline_1k", "1 KiB inline round trip"),
	("ool_64k_moved", "64 KiB out of line, moved"),
	("ool_64k_moved_per_page", "  per page"),
	("ool_64k_copied", "64 KiB out of line, copied"),
	("ool_64k_copied_per_page", "  per page"),
	("ool_1m_moved", "1 MiB out of line, moved"),
	("ool_1m_moved_per_page", "  per page"),
	("ool_1m_copied", "1 MiB out of line, copied"),
	("ool_1m_copied_per_page", "  per page"),
)

# Not compared with GNU Mach; shown under the table.
EXTRA_ROWS = (
	("null_rpc_send_receive_self", "null request sent and received by "
	    "one thread, own port (no switch)"),
	("inline_1k_send_receive_self", "1 KiB request sent and received by "
	    "one thread, own port (no switch)"),
	("ool_64k_moved_server_deallocate", "server's vm_deallocate of 64 KiB "
	    "moved (in the round trip)"),
	("ool_64k_copied_server_deallocate", "server's vm_deallocate of 64 KiB "
	    "copied (in the round trip)"),
	("ool_1m_moved_server_deallocate", "server's vm_deallocate of 1 MiB "
	    "moved (in the round trip)"),
	("ool_1m_copied_server_deallocate", "server's vm_deallocate of 1 MiB "
	    "copied (in the round trip)"),
)

CASES = ("null_rpc", "inline_1k", "ool_64k_moved", "ool_64k_copied",
	"ool_1m_moved", "ool_1m_copied")


def ipc_bench_keys():
	"""Every bench.* key the program must print."""
	keys = ["probe", "cases"]
	for case in ("null_rpc", "inline_1k"):
		keys += [case + "_send_receive_self",
		    case + "_send_receive_self_rounds"]
	for case in CASES:
		keys += [case, case + "_min", case + "_max", case + "_rounds",
		    case + "_warmup_rounds"]
		if case.startswith("ool_"):
			keys += [case + "_per_page", case + "_server_deallocate"]
	return ["bench." + k for k in keys]


def ipc_bench_boot(build, timeout):
	"""Boots once; returns (figures without "bench.", host seconds)."""
	figures, seconds = bench_boot_module(build, timeout, MODULE,
	    ipc_bench_keys())
	return {k[len("bench."):]: v for k, v in figures.items()}, seconds


def ipc_bench_rows(f):
	"""(operation, ours, GNU Mach or None, ratio or None) per row."""
	rows = []
	for key, operation in ROWS:
		theirs = GNUMACH.get(key)
		ratio = f[key] / theirs if theirs else None
		rows.append((operation, f[key], theirs, ratio))
	return rows


def ipc_bench_print_table(f):
	rows = ipc_bench_rows(f)
	width = max(len(r[0]) for r in rows)
	print("%s, -icount %s: guest instructions per round "
	    "trip" % (PROGRAM, ICOUNT))
	print("(1 instruction = 1 ns of guest time; GNU Mach 1.8 figures "
	    "from issue 4)")
	print()
	print("%-*s | %12s | %12s | %s" % (width, "operation",
	    "ClusterMach", "GNU Mach 1.8", "ratio"))
	print("%s-+-%s-+-%s-+-%s" % ("-" * width, "-" * 12, "-" * 12,
	    "-" * 6))
	for operation, ours, theirs, ratio in rows:
		print("%-*s | %12d | %12s | %s" % (width, operation, ours,
		    "%d" % theirs if theirs else "-",
		    "%.2f" % ratio if ratio is not None else "-"))
	print()
	for key, what in EXTRA_ROWS:
		print("%8d  %s" % (f[key], what))
	print()
	print("rounds timed (after warm-up): %s" % ", ".join(
	    "%s %d (+%d)" % (c, f[c + "_rounds"], f[c + "_warmup_rounds"])
	    for c in CASES))
	spread = [c for c in CASES if f[c + "_max"] != f[c + "_min"]]
	if spread:
		print("single rounds differ (a clock interrupt in some): %s" %
		    ", ".join("%s %d..%d" % (c, f[c + "_min"], f[c + "_max"])
		    for c in spread))


def ipc_bench_document(f):
	return {"rows": [{"operation": n.strip(), "clustermach": ours,
	    "gnumach_1_8": theirs,
	    "ratio": round(ratio, 3) if ratio is not None else None}
	    for n, ours, theirs, ratio in ipc_bench_rows(f)]}


def main():
	return bench_main("Mach IPC round trips in guest instructions, "
	    "against GNU Mach 1.8.", 120, ("clustermach", PROGRAM),
	    ipc_bench_boot, ipc_bench_print_table, {"program": PROGRAM},
	    ipc_bench_document)


if __name__ == "__main__":
	sys.exit(main())

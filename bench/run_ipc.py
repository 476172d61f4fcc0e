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

Reported, not asserted: the script fails only if the boot does (QEMU
status other than 33, the program's checks not passing, a figure
missing).  It boots --runs times (3 by default) and says whether the
figures repeat, which under -icount they should, exactly.

    /usr/bin/python3 bench/run_ipc.py [--json] [--runs N] [--timeout S]

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

PROGRAM = "user/tests/ipc_bench"
# GNU Mach's boot-script line, as the test suite writes it.
MODULE = PROGRAM + " ${host-port} ${device-port} $(task-create) " \
	"$(task-resume)"
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


def ipc_bench_command(kernel):
	"""bench/run.py's QEMU flags, with the program as a boot module."""
	qemu = os.environ.get("CLUSTERMACH_QEMU") or "qemu-system-x86_64"
	return [qemu, "-accel", "tcg", "-cpu", "qemu64", "-m", "128M",
	    "-nodefaults", "-display", "none", "-no-reboot",
	    "-serial", "stdio",
	    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	    "-icount", "shift=0,sleep=off",
	    "-kernel", kernel, "-initrd", MODULE.replace(",", ",,")]


def ipc_bench_boot(build, timeout):
	"""Boots once in the build folder; returns (figures, host seconds).

	Raises BenchError if QEMU times out or exits other than 33, if the
	program's checks did not pass, or if a figure is missing.
	"""
	command = ipc_bench_command("clustermach")
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
	if "ipc_bench: all checks passed" not in log:
		raise BenchError("ipc_bench's checks did not pass\n%s" %
		    bench_tail(proc.stdout))
	pairs = bench_parse(log)
	figures = {}
	for key in ipc_bench_keys():
		if key not in pairs or not pairs[key].isdigit():
			raise BenchError("no %s=N in the serial log\n%s" %
			    (key, bench_tail(proc.stdout)))
		figures[key[len("bench."):]] = int(pairs[key])
	return figures, seconds


def ipc_bench_rows(f):
	"""(operation, ours, GNU Mach or None, ratio or None) per row."""
	rows = []
	for key, operation in ROWS:
		theirs = GNUMACH.get(key)
		ratio = f[key] / theirs if theirs else None
		rows.append((operation, f[key], theirs, ratio))
	return rows


def ipc_bench_print_table(f, runs, repeat, seconds):
	rows = ipc_bench_rows(f)
	width = max(len(r[0]) for r in rows)
	print("%s, -icount shift=0,sleep=off: guest instructions per round "
	    "trip" % PROGRAM)
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
	if runs > 1:
		print("repeats exactly over %d boots: %s" %
		    (runs, "yes" if repeat else "NO (figures of the first boot "
		    "shown; see --json)"))
	print("host time per boot: %.2f s (mean of %d)" %
	    (sum(seconds) / len(seconds), len(seconds)))


def main():
	parser = argparse.ArgumentParser(
	    description="Mach IPC round trips in guest instructions, against "
	    "GNU Mach 1.8.")
	parser.add_argument("--json", action="store_true",
	    help="print machine-readable results")
	parser.add_argument("--runs", type=int, default=3,
	    help="boots to make, to check the figures repeat (default 3)")
	parser.add_argument("--timeout", type=float, default=120,
	    help="seconds to allow each boot (default 120)")
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
			figures, elapsed = ipc_bench_boot(build, args.timeout)
			boots.append(figures)
			seconds.append(elapsed)
	except BenchError as e:
		print("bench: boot %d of %d failed: %s" %
		    (len(boots) + 1, args.runs, e), file=sys.stderr)
		return 1

	repeat = all(b == boots[0] for b in boots)
	if args.json:
		json.dump({
			"program": PROGRAM,
			"icount": "shift=0,sleep=off",
			"unit": "guest instructions",
			"figures": boots[0],
			"rows": [{"operation": n.strip(), "clustermach": ours,
			    "gnumach_1_8": theirs,
			    "ratio": round(ratio, 3) if ratio is not None
			    else None}
			    for n, ours, theirs, ratio in
			    ipc_bench_rows(boots[0])],
			"runs": args.runs,
			"repeats_exactly": repeat,
			"every_run": boots,
			"host_seconds_per_boot": [round(s, 3) for s in seconds],
		}, sys.stdout, indent=2)
		print()
	else:
		ipc_bench_print_table(boots[0], args.runs, repeat, seconds)
	return 0


if __name__ == "__main__":
	sys.exit(main())

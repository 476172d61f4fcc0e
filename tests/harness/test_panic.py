# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_panic.py: panic() ends the machine with its own
status and prints the thread and a symbolic backtrace."""

import qemu


def test_panic_exits_with_its_status_and_a_backtrace(boot):
	r = boot(append="ktest=panic", expect=qemu.EXIT_PANIC)
	r.require_line(r"^panic: ktest: deliberate panic at depth 2$")
	r.require_line(r'^panic: thread 0x[0-9a-f]+ "bootstrap" task "kernel"$')
	frames = [m.group(1) for m in
	    r.find_lines(r"^  #\d+ 0x[0-9a-f]+ ([A-Za-z_][\w.]*)\+0x[0-9a-f]+$")]
	names = [f.split(".")[0] for f in frames]
	# Innermost first: the deliberate panic, its caller, the test runner.
	assert names[:4] == ["ktest_panic_inner", "ktest_panic_outer",
	    "ktest_panic", "ktest_run"]
	r.require_line(r"^panic: machine ends with status 37$")
	assert "ktest panic: passed" not in r.log

# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/constants.py: values from the kernel's C
headers that GDB cannot read from the debug information (macros).

Written by hand from kern/thread.h for now; a generator that builds this
file from the headers at build time (as STYLE.md's "GDB package" asks,
from the same X-macro lists as the counters) is planned.  Until then,
tests/harness/test_gdb.py compares these values with kern/thread.h, so
a change there fails the suite instead of misleading a debugger.
"""

# Thread state bits, kern/thread.h.
TH_WAIT = 0x01		# waiting for an event
TH_SUSP = 0x02		# stopped by thread/task suspend
TH_RUN = 0x04		# running or on a run queue
TH_UNINT = 0x08		# the wait may not be interrupted
TH_HALTED = 0x10	# terminated; waiting for the reaper
TH_IDLE = 0x80		# the idle thread

# How cm-threads spells each bit, in the order it prints them.
THREAD_STATE_WORDS = (
	(TH_RUN, "RUN"),
	(TH_WAIT, "WAIT"),
	(TH_SUSP, "SUSP"),
	(TH_UNINT, "UNINT"),
	(TH_HALTED, "HALTED"),
	(TH_IDLE, "IDLE"),
)

# kern/cpu.h
NCPUS = 1

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_fuzz.py: 100,000 random and mutated messages
(user/tests/fuzz, four fixed seeds) to our own ports and to the task,
thread, host, host_priv and device master ports, the mach_port routines
that change our own space included: the kernel survives, every result is
one the harness expects for the message's class, and free pages, port
names, kernel ports, messages, out-of-line copies and allocator bytes
come back to their values."""

import re

from qemu import test_program

SEEDS = ["0xc1a55eed", "0x5eed0002", "0xbadcafe", "0x7e57f00d"]
CODE_KEY = re.compile(r"^fuzz\.([a-z_]+)\.([A-Z][A-Z_]*|code_0x[0-9a-f]+)$")

# What mach_msg may answer, by class (success prints as KERN_SUCCESS,
# the same 0).  A send: ipc_kmsg_get's size checks (TOO_SMALL, NO_BUFFER
# for sizes near 2^31, INVALID_DATA past the buffer's guard page), the
# header's (HEADER, DEST, REPLY) and the body's (TYPE, MEMORY, RIGHT).
# A combined send/receive: the receive's own results.  Never expected:
# MACH_SEND_TIMED_OUT (every queue is drained after each message, and the
# kernel serves its ports at once), MACH_RCV_IN_SET (the fuzz makes no
# port set), MACH_RCV_INVALID_DATA (the receive buffer is always mapped),
# any KERN_* code but success (a kernel routine's failure is in its
# reply, which the fuzz receives and destroys).
SEND = {"KERN_SUCCESS", "MACH_SEND_MSG_TOO_SMALL",
    "MACH_SEND_INVALID_DATA", "MACH_SEND_INVALID_HEADER",
    "MACH_SEND_INVALID_DEST", "MACH_SEND_INVALID_REPLY",
    "MACH_SEND_INVALID_TYPE", "MACH_SEND_INVALID_MEMORY",
    "MACH_SEND_INVALID_RIGHT", "MACH_SEND_NO_BUFFER"}
RECEIVE = {"MACH_RCV_INVALID_NAME", "MACH_RCV_TIMED_OUT",
    "MACH_RCV_TOO_LARGE"}
# The destination of a kernel class is always a live kernel port, but a
# mutated disposition (MAKE_SEND of a right we do not receive) is still
# MACH_SEND_INVALID_DEST there.
EXPECTED = {cls: SEND | RECEIVE for cls in
    ("own", "task", "thread", "host", "host_priv", "device")}


def test_fuzzed_messages_are_refused_cleanly(boot):
	r = boot(modules=[test_program("fuzz")], timeout=600)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^fuzz: all checks passed$")
	assert [r.require("fuzz.seed.%d" % i) for i in range(4)] == SEEDS
	counts = {}
	for k, v in r.pairs:
		m = CODE_KEY.match(k)
		if m:
			counts.setdefault(m.group(1), {})[m.group(2)] = int(v)
	total = sum(sum(c.values()) for c in counts.values())
	assert total == r.require_int("fuzz.messages") == 100000
	assert set(counts) == set(EXPECTED)
	unexpected = {cls: sorted(set(c) - EXPECTED[cls])
	    for cls, c in counts.items() if set(c) - EXPECTED[cls]}
	assert unexpected == {}, unexpected
	# Every kernel class really reached its kernel object: some sends
	# went through, and some were refused by each header check.
	for cls in EXPECTED:
		assert counts[cls].get("KERN_SUCCESS", 0) > 0, cls
	# The mach_port routines that change our space ran, and succeeded.
	assert r.require_int("fuzz.port_routines_succeeded") > 0
	own = counts["own"]
	assert own.get("MACH_SEND_MSG_TOO_SMALL", 0) > 0
	assert own.get("MACH_SEND_INVALID_HEADER", 0) > 0
	assert own.get("MACH_SEND_INVALID_DEST", 0) > 0
	# Everything the kernel holds comes back to its value (the program
	# reaps the kernel's caches before each count, after a warm-up).
	for what in ("free_pages", "port_names", "kmem_bytes", "ports",
	    "kmsgs", "copies"):
		assert r.require_int("fuzz.%s_after" % what) == \
		    r.require_int("fuzz.%s_before" % what), what

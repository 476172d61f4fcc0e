# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_fuzz.py: 100,000 random and mutated messages
(user/tests/fuzz, fixed seed): the kernel survives, every result is a
GNU Mach code, and free pages, port names, kernel ports, messages,
out-of-line copies and allocator bytes come back to their values."""

import re

from qemu import test_program

CODE_KEY = re.compile(r"^fuzz\.([A-Z][A-Z_]*|code_0x[0-9a-f]+)$")
KNOWN = re.compile(r"^(MACH_MSG_SUCCESS|KERN_SUCCESS|MACH_SEND_[A-Z_]+|"
    r"MACH_RCV_[A-Z_]+)$")


def test_fuzzed_messages_are_refused_cleanly(boot):
	r = boot(modules=[test_program("fuzz")], timeout=600)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^fuzz: all checks passed$")
	r.expect("fuzz.seed", "0xc1a55eed")
	counts = {k[len("fuzz."):]: int(v) for k, v in r.pairs
	    if CODE_KEY.match(k)}
	assert sum(counts.values()) == r.require_int("fuzz.messages") == 100000
	unknown = [c for c in counts if not KNOWN.match(c)]
	assert unknown == [], unknown
	# Sizes that are not a multiple of 8 and headers too small are common.
	assert counts.get("MACH_SEND_MSG_TOO_SMALL", 0) + \
	    counts.get("MACH_SEND_INVALID_HEADER", 0) + \
	    counts.get("MACH_SEND_INVALID_DATA", 0) > 0
	# Everything the kernel holds comes back to its value (the program
	# reaps the kernel's caches before each count, after a warm-up pass).
	for what in ("free_pages", "port_names", "kmem_bytes", "ports",
	    "kmsgs", "copies"):
		assert r.require_int("fuzz.%s_after" % what) == \
		    r.require_int("fuzz.%s_before" % what), what

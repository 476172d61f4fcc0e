# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_exceptions.py: exception_raise through the exc
server stub (user/tests/exceptions): a bad pointer, int3 and ud2 in
second threads; the values are exception,code,subcode."""

from qemu import test_program


def test_exceptions_reach_the_exception_port(boot):
	r = boot(modules=[test_program("exceptions")])
	failed = [m.string for m in r.find_lines(r"^check failed: ")]
	assert failed == []
	r.require_line(r"^exceptions: all checks passed$")
	# EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, the address.
	r.expect("exceptions.bad_access", "1,1,0xdeadbeef000")
	# vm_protect read-only, then a write: EXC_BAD_ACCESS (1) with
	# KERN_PROTECTION_FAILURE (2) at the page; the handler gives write
	# back and the retried write lands.
	assert r.require("exceptions.protection").startswith("1,2,0x")
	# EXC_BREAKPOINT, EXC_I386_BPT.
	assert r.require("exceptions.breakpoint").startswith("6,2,")
	# EXC_BAD_INSTRUCTION, EXC_I386_INVOP.
	assert r.require("exceptions.bad_insn").startswith("2,1,")
	assert "terminated: unresolved" not in r.log

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_exceptions.py: exception_raise through the exc
server stub (user/tests/exceptions): a bad pointer, int3 and ud2 in
second threads; the values are exception,code,subcode."""

import pytest

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


def test_exception_port_set_to_a_kernel_object_ends_the_task(boot):
	"""The task port as exception port (task and thread): the kernel
	serves exception_raise there like any message to it and answers
	MIG_BAD_ID, as GNU Mach does; both ports fail and the task ends with
	the page fault's console line.  It used to hang: the answer (then the
	send-once notification of the destroyed request) was queued before
	the thread waited on its reply port, and nothing looked again."""
	r = boot(modules=[test_program("exc_noport", "kernel-port"),
	    test_program("survivor")])
	r.expect("exc_noport.set_task", "KERN_SUCCESS")
	r.expect("exc_noport.set_thread", "KERN_SUCCESS")
	r.require_line(r"^exc_noport: about to fault$")
	r.require_line(r"^ipc_kobject: no kernel routine for message id 2400$")
	r.require_line(r"^task exc_noport \(\d+\): terminated: unresolved page "
	    r"fault at 0xdeadbeef000, rip 0x[0-9a-f]+ \(write to a missing "
	    r"page\)$")
	assert "survived" not in r.log
	r.require_line(r"^survivor: alone=1$")


@pytest.mark.parametrize("what,trap", [
	("int3", r"breakpoint \(trap 3"),
	("ud2", r"invalid opcode \(trap 6"),
])
def test_cpu_exception_without_exception_port_ends_the_task(boot, what,
    trap):
	"""No thread or task exception port: the task ends with one console
	line naming the trap (x86_64/trap.c), like a bad pointer does."""
	r = boot(modules=[test_program("exc_noport", what),
	    test_program("survivor")])
	r.require_line(rf"^exc_noport: about to {what}$")
	r.require_line(rf"^task exc_noport \(\d+\): terminated: unhandled "
	    rf"{trap}, error 0x0\), rip 0x[0-9a-f]+$")
	assert "survived" not in r.log
	r.require_line(r"^survivor: alone=1$")


def test_aborted_exception_wait_refuses_a_late_reply(boot):
	"""thread_abort during an exception wait gives the exception up (GNU
	Mach destroys the thread's reply port): the thread goes on after its
	int3 (stage 1) to the next one, and the late reply to the first
	request finds a dead port, MACH_SEND_INVALID_DEST, instead of
	answering the second.  Before, the abort sent the same int3 on to
	the task's port (stage 0) and the late reply was taken for it."""
	r = boot(modules=[test_program("exc_abort")])
	assert [m.string for m in r.find_lines(r"^check failed: ")] == []
	r.require_line(r"^exc_abort: all checks passed$")
	r.expect("exc_abort.first", "6,0")		# EXC_BREAKPOINT
	r.expect("exc_abort.abort", "KERN_SUCCESS")
	r.expect("exc_abort.second", "6,1")
	r.expect("exc_abort.late_reply", "MACH_SEND_INVALID_DEST")
	r.expect("exc_abort.reply", "KERN_SUCCESS")
	r.expect("exc_abort.stage", 2)
	r.expect("exc_abort.names_delta", 0)

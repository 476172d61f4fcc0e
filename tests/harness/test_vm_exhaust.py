# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_exhaust.py: a task that writes more anonymous
memory than the machine has (no default pager yet, so none of it can be
paged out) gets EXC_BAD_ACCESS with KERN_RESOURCE_SHORTAGE on the
faulting thread, and the kernel goes on: the memory comes back when the
region is freed, new memory can be used, the machine ends normally
(user/tests/vm_exhaust.c)."""

from qemu import test_program

EXC_BAD_ACCESS = 1
KERN_RESOURCE_SHORTAGE = 6


def test_task_exhausting_memory_gets_an_error_not_a_hung_kernel(boot):
	r = boot(modules=[test_program("vm_exhaust")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^vm_exhaust: all checks passed$")
	r.expect("exhaust.exceptions", 1)
	r.expect("exhaust.exception", EXC_BAD_ACCESS)
	r.expect("exhaust.code", KERN_RESOURCE_SHORTAGE)
	r.expect("exhaust.subcode_in_region", 1)
	r.expect("exhaust.pages_touched_some", 1)
	r.expect("exhaust.free_recovered", 1)
	r.expect("exhaust.after_ok", 1)

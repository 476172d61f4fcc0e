# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_inherit.py: task_create(inherit_memory TRUE)
gives the child its parent's memory region by region: a private copy
(VM_INHERIT_COPY), the same pages (VM_INHERIT_SHARE), or nothing
(VM_INHERIT_NONE); checked by vm_read/vm_write on the child's map."""

from qemu import test_program


def test_task_create_inherits_copy_share_and_none(boot):
	r = boot(modules=[test_program("vm_inherit")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^vm_inherit: all checks passed$")
	# The parent wrote 1, 2, 3, made the child, then wrote 11, 12.
	r.expect("vm_inherit.copy", 1)
	r.expect("vm_inherit.share", 12)
	r.expect("vm_inherit.none", -1)
	# COPY is copy-on-write: one cow_fork per private COPY region, one
	# page copied up by the child's write to its copy, none for SHARE.
	assert r.get("vm_inherit.cow_forks") is not None
	assert r.get("vm_inherit.cow_forks") == r.get("vm_inherit.cow_regions")
	r.expect("vm_inherit.child_copy_cow_faults", 1)
	r.expect("vm_inherit.child_share_cow_faults", 0)
	# Lazy (needs_copy): a user read fault after task_create makes no
	# shadow object, the first write faults exactly one (two words).
	r.expect("vm_inherit.read_fault_cow_shadows", 0)
	r.expect("vm_inherit.first_write_cow_shadows", 1)

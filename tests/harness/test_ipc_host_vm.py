# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_host_vm.py: host, vm and console device RPCs
(user/tests/host, vm, console)."""

from qemu import test_program


def _passed(r, name):
	failed = [m.string for m in r.find_lines(r"^check failed: ")]
	assert failed == []
	r.require_line(r"^%s: all checks passed$" % name)


def test_host_info_time_and_kernel_version(boot):
	r = boot(modules=[test_program("host")])
	_passed(r, "host")
	r.expect("host.max_cpus", 1)
	r.expect("host.avail_cpus", 1)
	memory = r.require_int("host.memory_size")
	assert 64 << 20 < memory <= 128 << 20
	assert r.require("host.kernel_version").strip() != ""


def test_vm_allocate_read_write_protect_and_statistics(boot):
	r = boot(modules=[test_program("vm")])
	_passed(r, "vm")
	r.expect("vm.read_ok", 1)
	before = r.require_int("vm.free_before")
	touched = r.require_int("vm.free_touched")
	after = r.require_int("vm.free_after")
	assert touched <= before - 64
	assert after >= touched + 64


def test_vm_size_limit_rpcs_answer_as_gnu_mach(boot):
	"""vm_set_size_limit / vm_get_size_limit at gnumach.defs ids 4215 /
	4216 (include/clustermach/gnumach_ext.defs), GNU Mach's codes."""
	r = boot(modules=[test_program("vm")])
	_passed(r, "vm")
	# No limit at first: the whole user range (vm/vm_map.c, vm_map_create).
	r.expect("vm.size_limit_initial_cur", "0x7ffffffff000")
	r.expect("vm.size_limit_initial_max", "0x7ffffffff000")
	r.expect("vm.size_limit_reply_id", 4316)
	r.expect("vm.size_limit_next_id", "MIG_BAD_ID")
	r.expect("vm.size_limit_cur_above_max", "KERN_INVALID_ARGUMENT")
	r.expect("vm.size_limit_raise_unprivileged", "KERN_NO_ACCESS")
	r.expect("vm.size_limit_set_not_task", "KERN_INVALID_TASK")
	r.expect("vm.size_limit_set_null_task", "KERN_INVALID_TASK")
	r.expect("vm.size_limit_set_not_host", "KERN_INVALID_HOST")
	r.expect("vm.size_limit_get_not_task", "KERN_INVALID_TASK")
	r.expect("vm.size_limit_allocate_above", "KERN_NO_SPACE")
	r.expect("vm.size_limit_raised_cur", "0x28000000")
	r.expect("vm.size_limit_raised_max", "0x40000000")


def test_console_device_write_and_write_inband(boot):
	r = boot(modules=[test_program("console")])
	_passed(r, "console")
	r.require_line(r"^console: inband line$")
	r.require_line(r"^console: out-of-line line$")
	r.expect("console.written", len("console: out-of-line line\n"))

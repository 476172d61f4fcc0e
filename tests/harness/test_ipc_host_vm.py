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
	r.expect("vm.size_limit", "absent")


def test_console_device_write_and_write_inband(boot):
	r = boot(modules=[test_program("console")])
	_passed(r, "console")
	r.require_line(r"^console: inband line$")
	r.require_line(r"^console: out-of-line line$")
	r.expect("console.written", len("console: out-of-line line\n"))

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_kernel_objects.py: the dispatch of messages to
kernel objects through MIG's generated kernel stubs (kern/mig/,
kern/ipc_kobject_table.c, design/13-kernel-objects.md), through the kernel
self-test ktest=mig.  The RPCs seen from user tasks are tested by
test_ipc_host_vm.py and the other test_ipc_* files."""

KERN_SUCCESS = 0
KERN_FAILURE = 5
KERN_INVALID_HOST = 22
D_NO_SUCH_DEVICE = 2502


def _mig(boot):
	r = boot(append="ktest=mig")
	r.expect_ktest_passed("mig")
	return r


def test_host_routines_answer_through_the_generated_stubs(boot):
	r = _mig(boot)
	r.expect("mig_kernel_version_kr", KERN_SUCCESS)
	# The reply id is the request's plus 100 (host_get_kernel_version 2646).
	r.expect("mig_reply_id", 2746)
	r.expect("mig_host_info_kr", KERN_SUCCESS)
	r.expect("mig_host_info_max_cpus", 1)
	assert 64 << 20 < r.require_int("mig_host_info_memory_size") <= 128 << 20


def test_a_port_of_another_kind_is_an_invalid_host(boot):
	r = _mig(boot)
	r.expect("mig_wrong_port_kr", KERN_INVALID_HOST)


def test_unimplemented_routine_fails_and_prints_its_name_once(boot):
	r = _mig(boot)
	r.expect("mig_unimplemented_kr", KERN_FAILURE)
	r.expect("mig_unimplemented_counted", 1)
	lines = r.find_lines(r"^mig: host_processors is not implemented")
	assert len(lines) == 1


def test_an_unknown_message_id_is_left_to_ipc_kobject_server(boot):
	r = _mig(boot)
	r.expect("mig_unknown_id_taken", 0)


def test_console_opens_writes_and_unknown_devices_do_not_exist(boot):
	r = _mig(boot)
	r.expect("mig_open_unknown_kr", D_NO_SUCH_DEVICE)
	r.expect("mig_open_console_kr", KERN_SUCCESS)
	r.require_line(r"^ktest_mig: console write$")
	r.expect("mig_console_written", len("ktest_mig: console write\n"))
	r.expect("mig_console_close_kr", KERN_SUCCESS)
	# Every device reference the routines took was given back.
	r.expect("mig_console_refs", 0)

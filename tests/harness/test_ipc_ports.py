# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_ports.py: port names, rights and messages
(user/tests/ports_rights, user/tests/messages), GNU Mach-style programs
loaded with GNU Mach's boot-script line.  Each program checks every
value itself and prints `check failed: ...` for the ones that differ;
these tests also read the key values back."""

from qemu import test_program


def _no_failed_checks(r):
	assert r.find_lines(r"^check failed: ") == [], \
	    [m.string for m in r.find_lines(r"^check failed: ")]


def test_port_rights_and_counts_are_exact(boot):
	r = boot(modules=[test_program("ports_rights")])
	_no_failed_checks(r)
	r.require_line(r"^ports_rights: all checks passed$")
	assert r.require_int("ports.receive_name") > 0
	r.expect("ports.send_urefs", 5)
	r.expect("ports.dead_urefs", 2)
	# MACH_PORT_TYPE_DEAD_NAME: the child's send right died with the port.
	r.expect("ports.child_type_after_destroy", "0x100000")
	assert r.require_int("ports.names_count") >= 3


def test_messages_carry_data_rights_and_limits(boot):
	r = boot(modules=[test_program("messages")])
	_no_failed_checks(r)
	r.require_line(r"^messages: all checks passed$")
	r.expect("messages.inline_size", 32 + 8 + 64 * 4)
	r.expect("messages.inline_data_ok", 1)
	r.expect("messages.send_urefs_after_transfers", 2)
	r.expect("messages.queue_accepted", 5)	# MACH_PORT_QLIMIT_DEFAULT
	r.expect("messages.too_large", "MACH_RCV_TOO_LARGE")
	r.expect("messages.set_member_named", 1)
	r.require("messages.too_large_left_queued")


def test_notifications_reach_the_notify_server_stub(boot):
	r = boot(modules=[test_program("messages")])
	r.expect("messages.notify_dead_name", 1)
	r.expect("messages.notify_no_senders", 1)
	r.expect("messages.notify_port_deleted", 1)
	r.expect("messages.notify_send_once", 1)


def test_messages_leave_no_port_names_behind(boot):
	r = boot(modules=[test_program("messages")])
	assert r.require_int("messages.names_after") == \
	    r.require_int("messages.names_before")


def test_compatibility_programs_end_the_machine_with_host_reboot(boot):
	"""Started by GNU Mach's boot-script line, a program ends portably:
	host_reboot on the privileged host port it was given, not the
	private test trap."""
	r = boot(modules=[test_program("ports_rights")])
	r.require_line(r"^ports_rights: start host_priv=1 device_master=2 "
	    r"exit=host-reboot$")
	r.require_line(r"^host_reboot: options 0x8: machine ends with success$")
	assert "test_control: task" not in r.log

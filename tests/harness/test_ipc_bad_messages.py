# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_bad_messages.py: each malformed message of
user/tests/bad_messages gets GNU Mach's own code for it (ipc/ipc_kmsg.c
there), nothing is delivered, and no right or kernel count changes."""

from qemu import test_program

DEAD_NAME = "0xffffffff"	# MACH_PORT_DEAD, a 32-bit name

# Row name -> GNU Mach's code (ipc_kmsg_get, ipc_kmsg_copyin_header,
# ipc_kmsg_copyin_body).  The program checks the same table; the harness
# checks it again from the printed names, so a row cannot vanish.
EXPECTED = {
	"header_too_small": "MACH_SEND_MSG_TOO_SMALL",
	"size_misaligned": "MACH_SEND_MSG_TOO_SMALL",
	"dest_type_receive": "MACH_SEND_INVALID_HEADER",
	"dest_type_zero": "MACH_SEND_INVALID_HEADER",
	"reply_name_without_type": "MACH_SEND_INVALID_HEADER",
	"reply_type_receive": "MACH_SEND_INVALID_HEADER",
	"reply_type_receive_without_name": "MACH_SEND_INVALID_HEADER",
	"dest_null": "MACH_SEND_INVALID_DEST",
	"dest_unknown": "MACH_SEND_INVALID_DEST",
	"dest_receive_only": "MACH_SEND_INVALID_DEST",
	"dest_dead_name": "MACH_SEND_INVALID_DEST",
	"reply_unknown": "MACH_SEND_INVALID_REPLY",
	"reply_not_receiver": "MACH_SEND_INVALID_REPLY",
	"data_missing": "MACH_SEND_MSG_TOO_SMALL",
	"inline_data_cut": "MACH_SEND_MSG_TOO_SMALL",
	"type_unused_bits": "MACH_SEND_INVALID_TYPE",
	"inline_deallocate": "MACH_SEND_INVALID_TYPE",
	"port_size_32": "MACH_SEND_INVALID_TYPE",
	"ool_bad_address": "MACH_SEND_INVALID_MEMORY",
	"ool_ports_bad_address": "MACH_SEND_INVALID_MEMORY",
	"ool_address_cut": "MACH_SEND_MSG_TOO_SMALL",
	"body_port_unknown": "MACH_SEND_INVALID_RIGHT",
	"body_port_no_send": "MACH_SEND_INVALID_RIGHT",
	"body_port_no_receive": "MACH_SEND_INVALID_RIGHT",
}


def test_each_bad_message_gets_gnu_mach_code_and_changes_nothing(boot):
	r = boot(modules=[test_program("bad_messages")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^bad_messages: all checks passed$")
	assert r.require_int("bad_messages.rows") == len(EXPECTED)
	got = {row: r.require("bad_messages." + row) for row in EXPECTED}
	assert got == EXPECTED


def test_a_dead_or_typed_null_reply_goes_through_as_in_gnu_mach(boot):
	r = boot(modules=[test_program("bad_messages")])
	assert r.find_lines(r"^check failed: ") == []
	# GNU Mach's ipc_kmsg_copyin_header: MACH_PORT_DEAD is delivered as
	# the dead name, a send type with no name as a null reply; both keep
	# the reply's type (COPY_SEND arrives as PORT_SEND, 17).
	for case, name in (("dead_reply", DEAD_NAME), ("typed_null_reply",
	    "0x0")):
		r.expect("bad_messages.%s.send" % case, "KERN_SUCCESS")
		r.expect("bad_messages.%s.reply" % case, name)
		r.expect("bad_messages.%s.reply_type" % case, 17)

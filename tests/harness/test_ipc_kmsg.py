# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_kmsg.py: message copyin and copyout at their
edges (user/tests/ipc_kmsg_*.c): out-of-line parts in a pager's memory
(ipc_lock dropped around the sender's memory: L2, L3 in
design/locking.md), receive rights sent into circles (P6 in
ipc/ipc_port.h), and GNU Mach's receive errors when rights or memory do
not fit (design/12-ipc.md, 12.5)."""

from qemu import test_program

MACH_RCV_HEADER_ERROR = 0x1000400b
MACH_RCV_BODY_ERROR = 0x1000400c
MACH_MSG_IPC_SPACE = 0x2000
MACH_MSG_VM_SPACE = 0x1000
MACH_PORT_TYPE_DEAD_NAME = 0x100000
MACH_PORT_TYPE_SEND_RECEIVE = 0x30000


def boot_checked(boot, name):
	r = boot(modules=[test_program(name)])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^%s: all checks passed$" % name)
	return r


def test_port_array_in_non_resident_pager_memory_is_faulted_in(boot):
	# 1,026 names: 2 in a resident page, 1,024 in a page the pager has
	# not supplied.  Copyin faults it in with ipc_lock dropped (before:
	# "thread_block with 1 simple lock(s) held"); the message is then
	# received into another non-resident page of the same object.
	r = boot_checked(boot, "ipc_kmsg_pager")
	r.expect("array.send", "KERN_SUCCESS")
	r.expect("array.requests", 1)
	r.expect("array.receive", "KERN_SUCCESS")
	r.expect("array.count", 1026)
	r.expect("array.name0_is_port", 1)
	r.expect("array.name1_is_port", 1)
	r.expect("array.nulls", 1024)
	r.expect("array.urefs", 2)


def test_deallocating_the_last_mapping_of_a_dirty_pager_page_in_copyin(boot):
	# Out-of-line data and a port array sent with deallocate from the
	# only mapping of a dirty pager page: the deallocation ends the
	# object inside copyin, and its data_return and terminate go to the
	# pager (before: "simple_lock: ipc_lock already held").
	r = boot_checked(boot, "ipc_kmsg_pager")
	r.expect("ool.send", "KERN_SUCCESS")
	r.expect("ool.receive", "KERN_SUCCESS")
	r.expect("ool.errors", 0)
	r.expect("ool.returns", 1)
	r.expect("ool.terminates", 1)
	r.expect("ool.page_seed", 7)
	r.expect("ports.send", "KERN_SUCCESS")
	r.expect("ports.receive", "KERN_SUCCESS")
	r.expect("ports.count", 2)
	r.expect("ports.names_are_port", 1)
	r.expect("ports.urefs", 2)
	r.expect("ports.returns", 1)
	r.expect("ports.terminates", 1)


def test_receive_rights_sent_into_a_circle_die_with_their_message(boot):
	# A port's receive right sent to itself, and A's to B then B's to A:
	# the sends succeed, the circular messages are destroyed, and the
	# ports with them (before: +1 and +2 ports forever).
	r = boot_checked(boot, "ipc_kmsg_rights")
	r.expect("circle.self_send", "KERN_SUCCESS")
	r.expect("circle.self_ports_delta", 0)
	r.expect("circle.pair_send_a", "KERN_SUCCESS")
	r.expect("circle.pair_send_b", "KERN_SUCCESS")
	r.expect("circle.a_type", "0x%x" % MACH_PORT_TYPE_DEAD_NAME)
	r.expect("circle.pair_ports_delta", 0)
	r.expect("circle.pair_names_delta", 0)


def test_receive_errors_carry_header_and_body_error_bits(boot):
	r = boot_checked(boot, "ipc_kmsg_rights")
	# Out-of-line data into a full address space: body error.
	r.expect("vm.receive", "0x%x" % (MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE))
	r.expect("vm.address", 0)
	r.expect("vm.size", 0)
	# 65,536 send-once rights into a space that had room for fewer.
	r.expect("space.receive",
	    "0x%x" % (MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE))
	r.expect("space.nulls_minus_before", 0)
	# A reply right into the full space: header error, header only.
	r.expect("space.header_receive",
	    "0x%x" % (MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE))
	r.expect("space.header_local_is_port", 1)
	r.expect("space.header_remote", 0)
	r.expect("space.header_word", "0xa5a5a5a5a5a5a5a5")


def test_too_large_message_gives_its_header_and_destroys_the_rest(boot):
	# Without MACH_RCV_LARGE the message is lost, but its header comes
	# out as GNU Mach's ipc_kmsg_copyout_dest makes it: size 48, id 83,
	# the destination's name local, the reply right destroyed (remote
	# null, its type kept in the bits: 0x12 remote, 0x11 local, complex),
	# seqno 0; nothing past the header written; the reply right and the
	# body's send-once right destroyed, each with its notification.
	# Before, nothing was written at all.
	r = boot_checked(boot, "ipc_kmsg_rights")
	r.expect("too_large.receive", "MACH_RCV_TOO_LARGE")
	r.expect("too_large.header", "0x80001112,48,83,1,0,0")
	r.expect("too_large.word", "0xa5a5a5a5a5a5a5a5")
	r.expect("too_large.gone", 1)
	r.expect("too_large.send_once_notifications", 2)


def test_port_array_without_room_for_its_names_destroys_its_rights(boot):
	# Two send-once rights in an out-of-line array, the address space
	# full: body error, address and size 0, and the rights destroyed
	# (two notifications), not left in the space (before: two names
	# more, no notification).
	r = boot_checked(boot, "ipc_kmsg_rights")
	r.expect("vm_ports.receive",
	    "0x%x" % (MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE))
	r.expect("vm_ports.address", 0)
	r.expect("vm_ports.size", 0)
	r.expect("vm_ports.names_delta", 0)
	r.expect("vm_ports.ports_delta", 0)
	r.expect("vm_ports.send_once_notifications", 2)


def test_circular_message_to_a_full_queue_times_out_first(boot):
	# GNU Mach's ipc_mqueue_send waits for room before it destroys a
	# circular message: with a full queue (5) and timeout 0 the send
	# times out and the receive right comes back to its name (send and
	# receive); with room, the port dies and our send right is a dead
	# name.  Before, the full queue's send succeeded and the port died.
	r = boot_checked(boot, "ipc_kmsg_rights")
	r.expect("circle_full.queued", 5)
	r.expect("circle_full.send", "MACH_SEND_TIMED_OUT")
	r.expect("circle_full.type", "0x%x" % MACH_PORT_TYPE_SEND_RECEIVE)
	r.expect("circle_full.send_with_room", "KERN_SUCCESS")
	r.expect("circle_full.type_after", "0x%x" % MACH_PORT_TYPE_DEAD_NAME)

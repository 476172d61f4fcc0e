# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_rights.py: which rights may share a name
(user/tests/rights_names).  Every right a name N can hold, against a
send, send-once or receive right to port X inserted at N, through
mach_port_insert_right and through trap -74; the expected table is GNU
Mach's (ipc_object_copyout_name, ipc_right_copyout), rules RN1-RN3 of
ipc/ipc_right.h."""

from qemu import test_program

SEND, RECEIVE, SEND_ONCE = 0x10000, 0x20000, 0x40000
PORT_SET, DEAD_NAME = 0x80000, 0x100000
EXISTS = "KERN_NAME_EXISTS"

# existing right at N -> (type of N before, send urefs before)
BEFORE = {
	"send": (SEND, 1), "send_once": (SEND_ONCE, 0),
	"receive": (RECEIVE, 0), "other_send": (SEND, 1),
	"other_send_once": (SEND_ONCE, 0), "other_receive": (RECEIVE, 0),
	"dead_name": (DEAD_NAME, 0), "port_set": (PORT_SET, 0),
}


def expected(way, existing, inserted):
	"""code, type of N and its send urefs after the insertion."""
	if existing == "none":
		return "KERN_SUCCESS", {"send": SEND, "send_once": SEND_ONCE,
		    "receive": RECEIVE}[inserted], int(inserted == "send")
	# RN1: send and receive of X share X's one name.
	if (existing, inserted) == ("send", "send"):
		return "KERN_SUCCESS", SEND, 2
	if (existing, inserted) in (("send", "receive"),
	    ("receive", "send")):
		return "KERN_SUCCESS", SEND | RECEIVE, 1
	if (existing, inserted) == ("receive", "receive"):
		# X's receive right is at N already: ours cannot be copied in.
		code = ("MACH_SEND_INVALID_RIGHT" if way == "mig" else
		    "KERN_INVALID_RIGHT")
		return code, RECEIVE, 0
	# RN2, RN3: a send-once right never shares; nothing else does.
	typ, urefs = BEFORE[existing]
	if (existing, inserted) == ("send_once", "receive"):
		# The refused receive right is destroyed with the request:
		# X dies, and N's send-once right to it becomes a dead name.
		typ = DEAD_NAME
	return EXISTS, typ, urefs


def test_rights_share_a_name_exactly_as_in_gnu_mach(boot):
	r = boot(modules=[test_program("rights_names")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^rights_names: all checks passed$")
	for way in ("mig", "trap"):
		for existing in ["none"] + list(BEFORE):
			for inserted in ("send", "send_once", "receive"):
				code, typ, urefs = expected(way, existing,
				    inserted)
				r.expect(f"rights.{way}.{existing}.{inserted}",
				    f"{code},{typ:#x},{urefs}")
	r.expect("rights.right_exists.send", "KERN_RIGHT_EXISTS")
	r.expect("rights.right_exists.receive", "KERN_RIGHT_EXISTS")
	r.expect("rights.dead.send", "KERN_INVALID_CAPABILITY")
	r.expect("rights.ports_delta", 0)


def test_send_right_refused_at_a_send_once_name_leaves_it_intact(boot):
	"""The audit's sequence: a send right inserted at a name holding a
	send-once right to the same port was merged into SEND|SEND_ONCE;
	moving the send right then left a send-once entry without a port,
	and deallocating it faulted in the kernel."""
	r = boot(modules=[test_program("rights_names")])
	r.expect("rights.own.insert_send_at_send_once", "KERN_RIGHT_EXISTS")
	r.expect("rights.own.trap_insert_send_at_send_once",
	    "KERN_RIGHT_EXISTS")
	r.expect("rights.own.type", f"{SEND_ONCE:#x}")
	r.expect("rights.own.move_send", "MACH_SEND_INVALID_DEST")
	r.expect("rights.own.deallocate", "KERN_SUCCESS")
	r.expect("rights.own.type_after", -1)
	r.expect("rights.own.notification_id", 71)	# MACH_NOTIFY_SEND_ONCE

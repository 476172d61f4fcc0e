# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_mqueue.py: who is woken when a message queue
changes (user/tests/mqueue_wakeups)."""

from qemu import test_program

# struct mqueue_message: a 32-byte header, a type, 64 bytes of data.
# Code 0 (MACH_MSG_SUCCESS) prints as KERN_SUCCESS.
MESSAGE_BYTES = 32 + 8 + 64


def _run(boot):
	r = boot(modules=[test_program("mqueue_wakeups")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^mqueue_wakeups: all checks passed$")
	return r


def test_message_too_large_for_one_receiver_goes_to_the_next(boot):
	"""A message handed to a receiver whose buffer is too small, with
	MACH_RCV_LARGE, goes back to its port; a second receiver waiting
	there (or on the port's set) must get it.  Before, it stayed queued
	and the second receiver slept next to it (here: timed out)."""
	r = _run(boot)
	for round_, seqno in (("port", 0), ("set", 1)):
		r.expect(f"mqueue.{round_}.small",
		    f"MACH_RCV_TOO_LARGE,{MESSAGE_BYTES}")
		r.expect(f"mqueue.{round_}.big", f"KERN_SUCCESS,77,{seqno}")
		r.expect(f"mqueue.{round_}.left", 0)


def test_sender_blocked_on_a_full_queue_is_woken_by_a_receive(boot):
	r = _run(boot)
	r.expect("mqueue.sender", "KERN_SUCCESS")
	r.expect("mqueue.sender_order", "1,2")
	r.expect("mqueue.sender_left", 0)

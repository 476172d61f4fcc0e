# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_rpc.py: round trips in one task and between two
tasks, and out-of-line transfers (user/tests/rpc, user/tests/ool)."""

from qemu import gnumach_line, test_program


def test_rpc_between_threads_of_one_task(boot):
	r = boot(modules=[test_program("rpc", "threads")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^rpc: all checks passed$")
	r.expect("rpc.calls", 4 * 50)
	r.expect("rpc.wrong_answers", 0)


def test_rpc_between_two_tasks_and_dead_name_when_server_dies(boot):
	server = ("user/tests/rpc ${host-port} ${device-port} serve "
	    "$(rpc-server=task-create) $(task-resume)")
	client = gnumach_line("user/tests/rpc", "call", "${rpc-server}")
	r = boot(modules=[server, client])
	assert r.find_lines(r"^check failed: ") == []
	r.expect("rpc.server_ready", 1)
	r.expect("rpc.task_calls", 50)
	r.expect("rpc.task_wrong_answers", 0)
	r.expect("rpc.server_quit", 1)
	r.expect("rpc.server_died_notified", 1)
	r.require_line(r"^rpc: all checks passed$")


def test_out_of_line_1_16_and_256_pages_arrive_intact(boot):
	r = boot(modules=[test_program("ool")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^ool: all checks passed$")
	for pages in (1, 16, 256):
		for mode in ("copied", "moved"):
			r.expect("ool.%d.%s.ok" % (pages, mode), 1)
	assert r.require_int("ool.free_after") >= \
	    r.require_int("ool.free_before") - 16


def test_big_out_of_line_regions_move_or_share_pages_and_copy_no_bytes(
    boot):
	"""Page-aligned regions of two pages or more sent with deallocate
	are remapped; kept by the sender, they are shared copy-on-write
	(each side's writes after the send are its own, checked by the
	program); never copied byte by byte.  One page is copied once."""
	r = boot(modules=[test_program("ool")])
	r.require_line(r"^ool: all checks passed$")
	for pages in (16, 256):
		assert r.require_int("ool.%d.moved.pages_moved" % pages) == pages
		assert r.require_int("ool.%d.moved.bytes_copied" % pages) == 0
		assert r.require_int("ool.%d.moved.pages_shared" % pages) == 0
		assert r.require_int("ool.%d.copied.pages_moved" % pages) == 0
		assert r.require_int("ool.%d.copied.bytes_copied" % pages) == 0
		assert r.require_int("ool.%d.copied.pages_shared" % pages) == \
		    pages
	# One page is small: copied, with deallocate or without.
	for mode in ("moved", "copied"):
		assert r.require_int("ool.1.%s.pages_moved" % mode) == 0
		assert r.require_int("ool.1.%s.bytes_copied" % mode) == 4096
		assert r.require_int("ool.1.%s.pages_shared" % mode) == 0


def test_rpc_fast_path_takes_exactly_the_messages_it_may(boot):
	"""ipc/mach_msg_fast.c: conditions FP1-FP5 decide, message by message;
	what both sides receive is the same by either path (user/tests/rpc_fast)."""
	r = boot(modules=[test_program("rpc_fast")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^rpc_fast: all checks passed$")
	rounds = 20
	# Every request and every reply of the plain round trips.
	r.expect("rpc_fast.fast.fast", 2 * rounds)
	r.expect("rpc_fast.set.fast", 2 * rounds)
	r.expect("rpc_fast.interrupt.fast", 2 * rounds)
	# MACH_RCV_TIMEOUT (FP1): the general path carries them all alike.
	r.expect("rpc_fast.general.fast", 0)
	for phase in ("fast", "set", "interrupt", "general"):
		r.expect("rpc_fast.%s.bad_requests" % phase, 0)
		r.expect("rpc_fast.%s.bad_replies" % phase, 0)
	r.expect("rpc_fast.fast_vs_general.differences", 0)
	# FP4: the queued message first, then the reply, none fast.
	r.expect("rpc_fast.queued.first_id", 777)
	r.expect("rpc_fast.queued.second_id", 6100)
	r.expect("rpc_fast.queued.fast", 0)
	r.expect("rpc_fast.in_set.result", "MACH_RCV_IN_SET")
	r.expect("rpc_fast.in_set.fast", 0)
	r.expect("rpc_fast.in_set.reply_value", 10)
	# FP3: nobody waiting; a buffer too small (the request is destroyed,
	# its send-once right with it: the client gets the notification).
	r.expect("rpc_fast.idle.fast", 0)
	r.expect("rpc_fast.small.fast", 0)
	r.expect("rpc_fast.small.server_result", "MACH_RCV_TOO_LARGE")
	r.expect("rpc_fast.small.reply_id", 0o107)
	# FP2: the general path's errors, nothing fast.
	r.expect("rpc_fast.dead.result", "MACH_SEND_INVALID_DEST")
	r.expect("rpc_fast.dead.fast", 0)
	r.expect("rpc_fast.bad.reply_result", "MACH_SEND_INVALID_REPLY")
	r.expect("rpc_fast.bad.dest_result", "MACH_SEND_INVALID_DEST")
	r.expect("rpc_fast.bad.fast", 0)
	r.expect("rpc_fast.kernel.fast", 0)
	# Sizes: checked before the fast path, as for a plain send.
	for name, code in (("zero", "MACH_SEND_MSG_TOO_SMALL"),
	    ("short", "MACH_SEND_MSG_TOO_SMALL"),
	    ("misaligned", "MACH_SEND_MSG_TOO_SMALL"),
	    ("past_buffer", "MACH_SEND_INVALID_DATA"),
	    ("2g", "MACH_SEND_NO_BUFFER"), ("4g", "MACH_SEND_NO_BUFFER")):
		r.expect("rpc_fast.sizes." + name, code)
	r.expect("rpc_fast.sizes.fast", 0)
	r.expect("rpc_fast.sizes.served", 0)
	r.expect("rpc_fast.sizes.seqno", 1)	# the quit alone
	# A receive right sent away ends its receivers' wait, as its death
	# would (GNU Mach's ipc_port_clear_receiver); joining a set, with
	# MACH_RCV_PORT_CHANGED (ipc_pset_add).
	r.expect("rpc_fast.moved.waiter", "MACH_RCV_PORT_DIED")
	r.expect("rpc_fast.moved.fast", 0)
	r.expect("rpc_fast.moved.request_value", 5)
	r.expect("rpc_fast.moved.set_waiter", "MACH_RCV_PORT_CHANGED")
	r.expect("rpc_fast.ports_left", 0)
	r.expect("rpc_fast.kmsgs_left", 0)


def test_rpc_fast_path_against_mutated_requests_gives_the_general_answers(boot):
	"""2,000 mutants of MIG's request, each sent once where the fast path
	may take it and once where it may not: the same results, and exactly
	the predicted messages fast (user/tests/rpc_mutants)."""
	r = boot(modules=[test_program("rpc_mutants")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^rpc_mutants: all checks passed$")
	r.expect("mutants.count", 2000)
	r.expect("mutants.differences", 0)
	assert r.require_int("mutants.delivered") > 0
	assert r.require_int("mutants.predicted") > 0
	r.expect("mutants.fast", r.require_int("mutants.predicted"))
	r.expect("mutants.ports_left", 0)
	r.expect("mutants.kmsgs_left", 0)

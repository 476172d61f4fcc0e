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


def test_big_out_of_line_regions_move_pages_and_copy_no_bytes(boot):
	"""Page-aligned regions of two pages or more sent with deallocate
	are remapped, never copied; everything else is copied once."""
	r = boot(modules=[test_program("ool")])
	r.require_line(r"^ool: all checks passed$")
	for pages in (16, 256):
		assert r.require_int("ool.%d.moved.pages_moved" % pages) == pages
		assert r.require_int("ool.%d.moved.bytes_copied" % pages) == 0
	for pages in (1, 16, 256):
		assert r.require_int("ool.%d.copied.pages_moved" % pages) == 0
		assert r.require_int("ool.%d.copied.bytes_copied" % pages) == \
		    pages * 4096
	# One page is small: copied even with deallocate.
	assert r.require_int("ool.1.moved.pages_moved") == 0
	assert r.require_int("ool.1.moved.bytes_copied") == 4096

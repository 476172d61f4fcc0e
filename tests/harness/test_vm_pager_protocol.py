# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_protocol.py: user/libpager against a fake
kernel (user/tests/pager_protocol): the program sends memory_object.defs
messages itself and reads the pager's answers, so this needs IPC only,
no kernel VM."""

from qemu import test_program


def test_pager_library_answers_every_page_of_a_multi_page_request(boot):
	r = boot(modules=[test_program("pager_protocol")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_protocol: all checks passed$")
	r.expect("protocol.ready", 1)
	r.expect("protocol.ready_may_cache", 0)
	r.expect("protocol.ready_copy_strategy", 2)	# MEMORY_OBJECT_COPY_DELAY
	# 8 pages: page 2 unavailable, page 5 error, the rest data; answered
	# page by page, one message per page (no two neighbours agree in a
	# non-data kind).
	r.expect("protocol.req8.data_pages", 6)
	r.expect("protocol.req8.unavailable_pages", 1)
	r.expect("protocol.req8.error_pages", 1)
	r.expect("protocol.req8.error_value", 10)	# KERN_MEMORY_ERROR
	r.expect("protocol.req8.pages_answered_twice", 0)
	r.expect("protocol.req8.bad_data_pages", 0)
	r.expect("protocol.req8.messages", 8)


def test_pager_library_supplies_a_uniform_range_in_one_message(boot):
	r = boot(modules=[test_program("pager_protocol")])
	r.expect("protocol.req2.messages", 1)
	r.expect("protocol.req2.supply_bytes", 2 * 4096)
	r.expect("protocol.req2.bad_data_pages", 0)


def test_pager_library_reads_see_an_earlier_data_return(boot):
	r = boot(modules=[test_program("pager_protocol")])
	r.expect("protocol.after_return_ok", 1)
	r.expect("pager.ram_pages_written_pattern", 1)


def test_pager_library_logs_and_rejects_a_malformed_request(boot):
	r = boot(modules=[test_program("pager_protocol")])
	assert r.values("pager.request") == ["0,32768", "0,8192", "12288,4096",
	    "0,12289"]
	assert r.values("pager.return") == ["12288,4096"]
	r.require_line(r"^libpager: data_request 0x0\+0x3001 rejected: "
	    r"length not a page multiple$")
	r.expect("pager.data_requests", 3)
	r.expect("pager.pages_requested", 11)
	r.expect("pager.bad_messages", 1)
	r.expect("pager.send_errors", 0)


def test_pager_library_frees_the_object_after_terminate_and_no_senders(boot):
	r = boot(modules=[test_program("pager_protocol")])
	r.expect("protocol.freed", 1)
	r.expect("pager.terminates", 1)
	r.expect("pager.no_senders", 1)
	r.expect("pager.ram_clears", 1)
	r.expect("pager.state", 2)			# PAGER_STATE_FREED

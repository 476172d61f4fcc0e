# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_bench.py: the pager_seq_read benchmark
(user/tests/pager_seq_read) reads right and counts as expected.  Its
figures (guest instructions per page) are reported by bench/, never
asserted here."""

from qemu import test_program

PAGES = 16 * 256


def test_pager_seq_read_legacy_pager_gets_one_page_per_request(boot):
	r = boot(modules=[test_program("pager_seq_read")],
	    extra_args=["-icount", "shift=0,sleep=off"], timeout=300)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_seq_read: all checks passed$")
	r.expect("seq_read.pages", PAGES)
	r.expect("seq_read.bytes", PAGES * 4096)
	r.expect("seq_read.bad_pages", 0)
	r.expect("seq_read.data_requests", PAGES)
	r.expect("seq_read.pages_requested", PAGES)
	r.expect("seq_read.pages_per_request_x100", 100)
	assert r.require_int("seq_read.faults") >= PAGES
	assert r.require_int("seq_read.tsc_per_page") > 0
	r.expect("seq_read.freed", 1)


def test_pager_seq_read_supplies_move_every_page_and_copy_none(boot):
	"""Each one-page answer's copy holds a page of its own (the pager's
	buffer copied in by vm_map_copyin): memory_object_data_supply moves
	that page into the object instead of copying it (design/07, "Supply
	by move")."""
	r = boot(modules=[test_program("pager_seq_read")], timeout=300)
	r.require_line(r"^pager_seq_read: all checks passed$")
	r.expect("seq_read.pages_supply_moved", PAGES)
	r.expect("seq_read.pages_supply_copied", 0)
	r.expect("seq_read.bad_pages", 0)

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_pmap.py: the pmap's reverse mappings and its
reference/modify bits (x86_64/pmap.c, design/05-fault.md "Reverse
mappings"), through the kernel self-test ktest=pmap.

Two scratch pmaps map one page at different addresses.  The self-test
checks each step itself and fails with the line of the first wrong one;
these tests assert on the values it prints for its second run."""


def _pmap(boot):
	r = boot(append="ktest=pmap")
	r.expect_ktest_passed("pmap")
	return r


def test_both_mappings_are_on_the_page_pv_list(boot):
	r = _pmap(boot)
	assert r.require_int("mappings_after_enter") == 2


def test_a_read_sets_reference_and_a_write_sets_modify(boot):
	r = _pmap(boot)
	assert r.require_int("referenced_after_read") == 1
	assert r.require_int("modified_after_read") == 0
	assert r.require_int("modified_after_write") == 1


def test_page_protect_read_makes_every_mapping_read_only(boot):
	r = _pmap(boot)
	assert r.require_int("writable_a_after_protect_read") == 0
	assert r.require_int("writable_b_after_protect_read") == 0
	assert r.require_int("readable_a_after_protect_read") == 1
	assert r.require_int("readable_b_after_protect_read") == 1
	# The write before it is not forgotten (invariant P2).
	assert r.require_int("modified_after_protect_read") == 1


def test_page_protect_none_removes_every_mapping(boot):
	r = _pmap(boot)
	assert r.require_int("mapped_a_after_protect_none") == 0
	assert r.require_int("mapped_b_after_protect_none") == 0
	assert r.require_int("mappings_after_protect_none") == 0
	assert r.require_int("pv_entries_after_protect_none") == 0


def test_entering_another_page_moves_the_pv_entry(boot):
	r = _pmap(boot)
	assert r.require_int("mappings_after_replace") == 0
	assert r.require_int("other_mappings_after_replace") == 1


def test_pmap_destroy_empties_the_pv_lists(boot):
	r = _pmap(boot)
	assert r.require_int("mappings_after_destroy") == 0
	assert r.require_int("pv_entries_after_destroy") == 0
	assert r.require_int("pv_entries_current") == 0
	assert r.require_int("pv_entries_max") == 3


def test_page_protect_counters_count_each_mapping(boot):
	r = _pmap(boot)
	# Two runs, each: one READ and one NONE over two mappings.
	assert r.require_int("page_protects") == 4
	assert r.require_int("page_mappings_lowered") == 4
	assert r.require_int("page_mappings_removed") == 4


def test_a_freed_page_forgets_it_was_modified(boot):
	r = _pmap(boot)
	assert r.require_int("modified_after_free") == 0


def test_every_page_comes_back(boot):
	r = _pmap(boot)
	assert r.require_int("free_pages_after") == \
	    r.require_int("free_pages_before")

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_kernel.py: the kernel's side of paging
without a pager task, through the self-tests of kern/ktest_pager.c: a
hand-made external object, the test playing the pager's answers and the
pageout daemon's evictions.  Each self-test checks its own results and
fails with the line of the first wrong one; these tests assert on the
counters it prints, and that every page and object comes back."""


def _ktest(boot, name):
	r = boot(append="ktest=" + name)
	r.expect_ktest_passed(name)
	assert r.require_int("free_pages_after") == \
	    r.require_int("free_pages_before")
	assert r.require_int("objects_after") == r.require_int("objects_before")
	return r


def test_data_supply_moves_aligned_pages_and_copies_the_rest(boot):
	"""Three pages of page-aligned copies moved (one in place of a
	placeholder), an unaligned copy and an untouched source page copied,
	two pages the sender kept (shared copy-on-write with it) copied,
	an already resident page left alone (design/07, "Supply by move")."""
	r = _ktest(boot, "pager_supply")
	r.expect("supply_pages_moved", 3)
	r.expect("supply_pages_copied", 4)
	r.expect("supply_pages_supplied", 7)
	r.expect("supply_data_supplies", 6)
	r.expect("supply_object_pages", 7)


def test_copyin_never_carries_a_pager_page_it_did_not_find_resident(boot):
	"""C1 (vm/vm_map.c): a page evicted between the prefault and the
	copy, a busy placeholder, a page in error or locked against reading,
	shared mapping or below a copy mapping's shadow: every vm_map_copyin
	answers KERN_ABORTED and changes nothing, and copies the pager's
	bytes once the page is back; vm_map_copyin_resident refaults once
	and gives a dead pager's KERN_MEMORY_ERROR, never zeroes."""
	r = _ktest(boot, "pager_copyin")
	r.expect("copyin_refaults", 1)

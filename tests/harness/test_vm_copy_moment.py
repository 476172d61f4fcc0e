# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_copy_moment.py: copies of memory that others
can still write are snapshots of the moment they were made (K1-K6 of
design/05-fault.md, "Copies of memory others can write"): vm_map with
copy TRUE of a RAM pager's object, delayed (copy objects) and eager
(MEMORY_OBJECT_COPY_NONE); task_create's VM_INHERIT_COPY of a pager
mapping, of a shared anonymous object with a shadow chain, and of a
wired range (user/tests/pager_copy_moment.c, pager_copy_none.c,
pager_fork_copy.c, vm_fork_copy.c)."""

from qemu import test_program

PAGE = 4096


def requests(pages, first=0):
	return ["%d,%d" % ((first + i) * PAGE, PAGE) for i in range(pages)]


def boot_passed(boot, name, *switches):
	r = boot(modules=[test_program(name, *switches)])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^%s: all checks passed$" % name)
	return r


def test_copy_mapping_keeps_the_moment_of_vm_map(boot):
	r = boot_passed(boot, "pager_copy_moment")
	r.expect("moment.pages", 8)
	# One copy object; A's writes to every page (4 resident at the
	# copy, 4 not) each pushed the old page into it first.
	r.expect("moment.copy_objects", 1)
	r.expect("moment.pushes", 8)
	r.expect("moment.b_errors", 0)
	r.expect("moment.b_own_errors", 0)
	# The flush returned A's pages; the copy's writes stayed its own.
	r.expect("moment.store_not_one", 0)
	r.expect("moment.b_errors_after_flush", 0)


def test_two_copies_in_a_row_each_keep_their_own_moment(boot):
	r = boot_passed(boot, "pager_copy_moment")
	r.expect("moment.copy_objects2", 2)
	r.expect("moment.c1_errors", 0)
	r.expect("moment.c2_errors", 0)
	r.expect("moment.a_errors", 0)
	# With every mapping gone no copy object keeps the object (K4).
	r.expect("moment.freed", 1)


def test_a_pager_flush_after_a_copy_does_not_change_the_copy(boot):
	r = boot_passed(boot, "pager_copy_moment")
	# The four pages the kernel held at the copy went into the copy
	# object at the flush (K7), so the pager's new data stays out.
	r.expect("moment.flush_pushes", 4)
	r.expect("moment.d_held_errors", 0)
	# Pages the kernel never held come from the pager when read: the
	# COPY_DELAY contract (the pager changes only what it was given).
	r.expect("moment.d_unheld_errors", 0)
	r.expect("moment.a_new_errors", 0)


def test_copy_none_pager_gets_an_eager_copy_at_vm_map(boot):
	r = boot_passed(boot, "pager_copy_none", "--copy-none")
	r.expect("none.pages", 8)
	# Page 0 was resident; pages 1-7 were asked for during vm_map.
	assert r.values("pager.request") == requests(8)
	r.expect("none.requests_at_copy", 7)
	r.expect("none.copy_objects", 0)
	r.expect("none.eager_copies", 1)
	r.expect("none.eager_pages", 8)
	r.expect("none.requests_after", 0)
	r.expect("none.b_errors", 0)
	r.expect("none.a_errors", 0)


def test_fork_copies_a_pager_mapping_including_untouched_pages(boot):
	r = boot_passed(boot, "pager_fork_copy")
	r.expect("fork.pages", 8)
	r.expect("fork.copy_objects", 1)
	r.expect("fork.pushes", 8)
	# Every page as at task_create: page 1 the parent's write, the rest
	# the pager's pattern (pages 4-7 were never touched before).
	r.expect("fork.child_errors", 0)
	r.expect("fork.child_zero_pages", 0)
	# The child's vm_write never reaches the pager.
	r.expect("fork.store_not_two", 0)
	r.expect("fork.child_errors_after", 0)
	r.expect("fork.freed", 1)


def test_fork_copies_a_shared_chain_and_a_wired_range(boot):
	r = boot_passed(boot, "vm_fork_copy")
	r.expect("fork_copy.shared_copy_objects", 1)
	r.expect("fork_copy.child3_not_100", 0)
	r.expect("fork_copy.child3_page0", 100)
	r.expect("fork_copy.child2_not_200", 0)
	r.expect("fork_copy.child3_own", 300)
	r.expect("fork_copy.parent_page0", 200)
	r.expect("fork_copy.child2_page0", 200)
	r.expect("fork_copy.child1_not_100", 0)
	r.expect("fork_copy.wired_eager_copies", 1)
	r.expect("fork_copy.wired_eager_pages", 2)
	r.expect("fork_copy.child4_not_400", 0)
	r.expect("fork_copy.parent_not_500", 0)

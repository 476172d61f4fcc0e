# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_collapse.py: shadow chains made by copy-on-write
across task_create stay short (vm/vm_object_collapse.c, design/05-fault.md
"Collapsing shadow chains").

ktest=vm_collapse forks scratch maps in the kernel (kern/ktest_vm.c) and
checks the chain depths and the contents itself; these tests assert on
the exact counters it prints per scenario (8 pages, 12 forks) and on
every page and object coming back."""

from qemu import test_program

PAGES = 8		# kern/ktest_vm.c KTEST_COLLAPSE_PAGES
FORKS = 12		# kern/ktest_vm.c KTEST_COLLAPSE_FORKS


def _collapse(boot):
	r = boot(append="ktest=vm_collapse")
	r.expect_ktest_passed("vm_collapse")
	return r


def _counters(r, scenario):
	return dict((name, r.require_int("collapse.%s.%s" % (scenario, name)))
	    for name in ("collapses", "bypasses", "pages_moved", "pages_freed",
	    "cow_faults"))


def test_a_dead_childs_middle_object_collapses_at_the_next_copy_up(boot):
	r = _collapse(boot)
	# Each first write after a fork copies one page up; the rest of the
	# dead child's middle object moves up, the copied page's original
	# is freed.
	assert _counters(r, "die") == dict(collapses=FORKS, bypasses=0,
	    pages_moved=FORKS * (PAGES - 1), pages_freed=FORKS,
	    cow_faults=FORKS)


def test_a_middle_object_the_parent_hides_is_bypassed(boot):
	r = _collapse(boot)
	# Children stay; the parent rewrites every page after each fork,
	# and its last copy-up lets it stop shadowing the children's object.
	assert _counters(r, "live") == dict(collapses=0, bypasses=FORKS,
	    pages_moved=0, pages_freed=0, cow_faults=FORKS * PAGES)


def test_each_fork_collapses_the_parents_object_first(boot):
	r = _collapse(boot)
	# No writes: each fork after the first takes the whole previous
	# object up; the one write at the end takes the last.
	assert _counters(r, "idle") == dict(collapses=FORKS, bypasses=0,
	    pages_moved=(FORKS - 1) * PAGES + PAGES - 1, pages_freed=1,
	    cow_faults=1)


def test_children_going_collapse_the_chain_below_the_parent(boot):
	r = _collapse(boot)
	# Empty middle objects are bypassed at each fork from the third on;
	# the last child's going leaves the original pages to the parent's
	# previous object, and the final write folds that one in too.
	assert _counters(r, "unwind") == dict(collapses=2, bypasses=FORKS - 2,
	    pages_moved=PAGES + PAGES - 1, pages_freed=1, cow_faults=1)


def test_collapse_scenarios_give_every_page_and_object_back(boot):
	r = _collapse(boot)
	assert r.require_int("collapse.free_pages_after") == \
	    r.require_int("collapse.free_pages_before")
	assert r.require_int("collapse.objects_after") == \
	    r.require_int("collapse.objects_before")


def _vm_collapse_program(boot):
	r = boot(modules=[test_program("vm_collapse")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^vm_collapse: all checks passed$")
	return r


def test_task_create_chains_collapse_when_children_die(boot):
	r = _vm_collapse_program(boot)
	# user/tests/vm_collapse.c: 16 pages, 20 forks, each child read and
	# terminated before the parent rewrites the region.
	pages, forks = 16, 20
	# Depth below the parent's object (TEST_CONTROL_SHADOW_DEPTH): 1
	# after each fork, 0 once the first write has collapsed it.
	r.expect("collapse.die.depth_not_1_after_fork", 0)
	r.expect("collapse.die.depth_not_0_after_write", 0)
	r.expect("collapse.die.cow_forks", forks)
	r.expect("collapse.die.collapses", forks)
	r.expect("collapse.die.bypasses", 0)
	r.expect("collapse.die.pages_moved", forks * (pages - 1))
	r.expect("collapse.die.pages_freed", forks)
	r.expect("collapse.die.cow_faults", forks)
	assert r.require_int("collapse.die.free_after") == \
	    r.require_int("collapse.die.free_before")


def test_task_create_parent_bypasses_objects_its_live_children_keep(boot):
	r = _vm_collapse_program(boot)
	# 8 children kept, the parent rewriting all 16 pages after each.
	pages, forks = 16, 8
	r.expect("collapse.live.depth_not_0_after_write", 0)
	r.expect("collapse.live.collapses", 0)
	r.expect("collapse.live.bypasses", forks)
	r.expect("collapse.live.cow_faults", forks * pages)
	assert r.require_int("collapse.live.free_after") == \
	    r.require_int("collapse.live.free_before")

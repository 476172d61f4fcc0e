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
	    "cow_faults", "cow_shadows"))


def test_a_dead_childs_middle_object_collapses_at_the_next_copy_up(boot):
	r = _collapse(boot)
	# Each first write after a fork gives the parent its shadow and
	# copies one page up; the rest of the object the dead child shared
	# moves up, the copied page's original is freed.
	assert _counters(r, "die") == dict(collapses=FORKS, bypasses=0,
	    pages_moved=FORKS * (PAGES - 1), pages_freed=FORKS,
	    cow_faults=FORKS, cow_shadows=FORKS)


def test_a_middle_object_the_parent_hides_is_bypassed(boot):
	r = _collapse(boot)
	# Children stay; the parent rewrites every page after each fork,
	# and its last copy-up lets it stop shadowing the children's object.
	assert _counters(r, "live") == dict(collapses=0, bypasses=FORKS,
	    pages_moved=0, pages_freed=0, cow_faults=FORKS * PAGES,
	    cow_shadows=FORKS)


def test_forks_without_writes_make_no_object(boot):
	r = _collapse(boot)
	# No writes: the forks share the object (needs_copy) and make
	# nothing; the one write at the end shadows it once and takes it up.
	assert _counters(r, "idle") == dict(collapses=1, bypasses=0,
	    pages_moved=PAGES - 1, pages_freed=1, cow_faults=1,
	    cow_shadows=1)


def test_children_going_leave_the_shared_object_to_the_parent(boot):
	r = _collapse(boot)
	# Every map shares the one object while the children live (no
	# chain, nothing to bypass); once they are gone the final write
	# shadows it once and folds it in.
	assert _counters(r, "unwind") == dict(collapses=1, bypasses=0,
	    pages_moved=PAGES - 1, pages_freed=1, cow_faults=1,
	    cow_shadows=1)


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
	# Depth below the parent's object (TEST_CONTROL_SHADOW_DEPTH): 0
	# after each fork (the object is shared, needs_copy), 0 again once
	# the first write has shadowed and collapsed it.
	r.expect("collapse.die.depth_not_0_after_fork", 0)
	r.expect("collapse.die.depth_not_0_after_write", 0)
	r.expect("collapse.die.cow_forks", forks)
	r.expect("collapse.die.collapses", forks)
	r.expect("collapse.die.bypasses", 0)
	r.expect("collapse.die.pages_moved", forks * (pages - 1))
	r.expect("collapse.die.pages_freed", forks)
	r.expect("collapse.die.cow_faults", forks)
	r.expect("collapse.die.cow_shadows", forks)
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
	r.expect("collapse.live.cow_shadows", forks)
	assert r.require_int("collapse.live.free_after") == \
	    r.require_int("collapse.live.free_before")


def test_task_create_copy_on_write_makes_shadows_only_at_first_writes(boot):
	r = boot(append="ktest=vm_needs_copy")
	r.expect_ktest_passed("vm_needs_copy")
	# kern/ktest_vm.c: a fork and a grandchild fork of the still
	# needs_copy child share one object; reads make nothing; the
	# parent's two writes make one shadow, the grandchild's and the
	# child's first writes one each; each write copies one page.
	r.expect("needs_copy.cow_forks", 2)
	r.expect("needs_copy.cow_shadows", 3)
	r.expect("needs_copy.cow_faults", 4)
	r.expect("needs_copy.free_pages_lost", 0)
	r.expect("needs_copy.objects_lost", 0)

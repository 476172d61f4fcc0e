# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_lite.py: the simple VM of issue 4 (vm/vm_map.c,
design/05-vm-lite.md), through the kernel self-test ktest=vm_map.

The self-test checks every routine's results itself and fails with the
line of the first wrong one; these tests assert on the counters it prints:
out-of-line regions of 16 pages and 1 MiB sent with deallocate are moved
(pages remapped, zero bytes copied), without deallocate copied byte for
byte, small ones copied; and every page and object comes back."""

PAGE = 4096
MIB = 1 << 20


def _vm_map(boot):
	r = boot(append="ktest=vm_map")
	r.expect_ktest_passed("vm_map")
	return r


def test_vm_map_selftest_passes(boot):
	r = _vm_map(boot)
	assert r.require_int("vm_stat_pagesize") == PAGE
	assert r.require_int("vm_stat_zero_fill") > 0


def test_large_deallocated_regions_are_moved_not_copied(boot):
	r = _vm_map(boot)
	assert r.require_int("ool_16pages_dealloc_pages_moved") == 16
	assert r.require_int("ool_16pages_dealloc_bytes_copied") == 0
	assert r.require_int("ool_16pages_dealloc_pages_shared") == 0
	assert r.require_int("ool_1mib_dealloc_pages_moved") == MIB // PAGE
	assert r.require_int("ool_1mib_dealloc_bytes_copied") == 0


def test_large_regions_kept_by_the_sender_are_shared_not_copied(boot):
	r = _vm_map(boot)
	# Copy-on-write (needs_copy on both sides): no byte copied, each
	# side's later writes its own (checked by the ktest).
	for label, size in (("16pages", 16 * PAGE), ("1mib", MIB)):
		assert r.require_int("ool_%s_pages_moved" % label) == 0
		assert r.require_int("ool_%s_bytes_copied" % label) == 0
		assert r.require_int("ool_%s_pages_shared" % label) == \
		    size // PAGE
	# One page is below the threshold: copied.
	assert r.require_int("ool_1page_pages_moved") == 0
	assert r.require_int("ool_1page_bytes_copied") == PAGE
	assert r.require_int("ool_1page_pages_shared") == 0


def test_small_and_unaligned_regions_are_copied(boot):
	r = _vm_map(boot)
	# 100 bytes: once into the kernel buffer, once out to the receiver.
	assert r.require_int("ool_small_bytes_copied") == 200
	assert r.require_int("ool_small_dealloc_bytes_copied") == 200
	# One page with deallocate is below the move threshold: copied.
	assert r.require_int("ool_1page_dealloc_pages_moved") == 0
	assert r.require_int("ool_1page_dealloc_bytes_copied") == PAGE
	# Not page aligned: copied even with deallocate, bytes exactly.
	assert r.require_int("ool_unaligned_dealloc_pages_moved") == 0
	assert r.require_int("ool_unaligned_dealloc_bytes_copied") == 3 * PAGE


def test_every_page_object_and_copy_comes_back(boot):
	r = _vm_map(boot)
	assert r.require_int("free_pages_after") == \
	    r.require_int("free_pages_before")
	assert r.require_int("objects_after") == r.require_int("objects_before")
	assert r.require_int("copies_in_flight") == 0
	assert r.require_int("copies_in_flight_end") == 0

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_wire.py: the kernel's own writes into a
pager's memory (vm_write, vm_copy, mach_msg receive: D1, D2), wiring of
a pager's memory (W1-W4) and vm_region of it, design/05-fault.md
"Kernel writes and wiring" (user/tests/pager_wire.c, one case a boot)."""

from qemu import test_program

PAGE = 4096
SUCCESS = "KERN_SUCCESS"


def pages(offsets):
	return ["%d,%d" % (p * PAGE, PAGE) for p in offsets]


def boot_case(boot, case, *switches, memory="128M", timeout=None):
	r = boot(modules=[test_program("pager_wire", "--case=" + case,
	    *switches)], memory=memory, timeout=timeout)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_wire: all checks passed$")
	return r


def test_vm_write_over_a_read_pager_page_comes_back_to_the_pager(boot):
	# The page was read (mapped read-only, clean); vm_write writes it
	# through the kernel's mapping.  The flush must return it.
	r = boot_case(boot, "write_resident")
	r.expect("wire.write_resident.read_errors", 0)
	r.expect("wire.write_resident.vm_write", SUCCESS)
	assert r.values("pager.return") == pages([0])
	r.expect("pager.pages_returned", 1)
	r.expect("wire.write_resident.stored_new", 1)
	# Read again after the flush: from the pager, the new data.
	assert r.values("pager.request") == pages([0, 0])
	r.expect("wire.write_resident.reread_errors", 0)


def test_vm_write_and_vm_copy_onto_untouched_pager_pages_succeed(boot):
	r = boot_case(boot, "write_absent")
	r.expect("wire.write_absent.vm_write", SUCCESS)
	r.expect("wire.write_absent.vm_copy", SUCCESS)
	# Each destination page asked for once, before the flush.
	r.expect("wire.write_absent.requests_before_flush", 2)
	assert r.values("pager.request")[:2] == pages([1, 2])
	assert r.values("pager.return") == pages([1, 2])
	r.expect("pager.pages_returned_clean", 0)
	r.expect("wire.write_absent.stored_new", 2)
	r.expect("wire.write_absent.reread_errors", 0)


def test_message_received_into_read_pager_pages_reaches_the_pager(boot):
	# One inline and one out-of-line message, each received into a page
	# that was only read; the kernel's copyout writes them.
	r = boot_case(boot, "receive")
	r.expect("wire.receive.read_errors", 0)
	assert r.values("pager.return") == pages([0, 1])
	r.expect("pager.pages_returned", 2)
	r.expect("pager.pages_returned_clean", 0)
	assert r.values("pager.request") == pages([0, 1, 0, 1])
	r.expect("wire.receive.pages_kept", 2)
	r.expect("wire.receive.inline_words_kept", 1)


def test_vm_wire_of_pager_memory_holds_it_against_flush_and_pageout(boot):
	# 8 pages wired in a 48 MiB machine, then 96 MiB of another object
	# read through: the daemon evicts most of that, none of these.
	r = boot_case(boot, "wire", memory="48M", timeout=300)
	r.expect("wire.wire.vm_wire", SUCCESS)
	r.expect("wire.wire.requests_after_wire", 8)
	r.expect("wire.wire.wired_pages", 8)
	# A flush returns the wired pages (wired writable, so dirty: W4)
	# and keeps them: reading them asks for nothing.
	r.expect("wire.wire.read_errors_after_flush", 0)
	r.expect("wire.wire.requests_after_flush", 8)
	assert r.values("pager.return") == pages(range(8))
	r.expect("wire.wire.pressure_bad_pages", 0)
	r.expect("wire.wire.pressure_evicted_most", 1)
	r.expect("wire.wire.read_errors_after_pressure", 0)
	r.expect("wire.wire.requests_after_pressure", 8)
	# Unwired, the next flush takes them (clean now: no second return),
	# and each is asked for once more.
	r.expect("wire.wire.vm_unwire", SUCCESS)
	r.expect("wire.wire.wired_pages_after_unwire", 0)
	r.expect("wire.wire.read_errors_after_unwire", 0)
	r.expect("wire.wire.requests_after_unwire", 16)
	assert r.values("pager.request") == pages(range(8)) + pages(range(8))
	r.expect("pager.pages_returned", 8)


def test_vm_wire_all_future_then_vm_map_of_a_pager_wires_it(boot):
	# One server thread, warmed up: nothing else of ours is wired.
	r = boot_case(boot, "wire_future", "--threads=1")
	r.expect("wire.wire_future.vm_wire_all", SUCCESS)
	r.expect("wire.wire_future.vm_map", SUCCESS)
	# The warm-up's page 0, then all four at the vm_map.
	r.expect("wire.wire_future.requests_after_map", 5)
	assert r.values("pager.request") == pages([0]) + pages(range(4))
	r.expect("wire.wire_future.wired_pages", 4)
	r.expect("wire.wire_future.vm_wire_none", SUCCESS)
	r.expect("wire.wire_future.wired_pages_after_none", 0)
	r.expect("wire.wire_future.read_errors", 0)
	r.expect("wire.wire_future.requests_after_read", 5)


def test_vm_region_reports_entry_sharing_and_the_objects_name(boot):
	r = boot_case(boot, "region")
	# GNU Mach: is_shared is the entry's (shared with another map by
	# VM_INHERIT_SHARE), not the object's; a pager's object is not.
	for key in ("shared_map", "second_map", "copy_map", "anonymous",
	    "shared_map_after_fork"):
		r.expect("wire.region.%s.is_shared" % key, 0)
		r.expect("wire.region.%s.has_name" % key, 1)
	r.expect("wire.region.anonymous_after_share.is_shared", 1)
	r.expect("wire.region.anonymous_in_child.is_shared", 1)
	# One name per memory object: both mappings and the copy mapping
	# (its chain ends at the pager's object) name the same one.
	r.expect("wire.region.same_object_same_name", 1)
	r.expect("wire.region.copy_names_the_pager_object", 1)
	r.expect("wire.region.anonymous_other_name", 1)


def test_wired_pages_sent_with_deallocate_are_copied_and_unwired(boot):
	r = boot_case(boot, "send_wired")
	r.expect("wire.send_wired.wired_pages", 8)
	# Moving would carry the pages' wire_count to the receiver while
	# the sender's range and its wiring are gone (W1): they are copied.
	r.expect("wire.send_wired.pages_moved", 0)
	r.expect("wire.send_wired.wired_after_send", 0)
	r.expect("wire.send_wired.received_errors", 0)
	r.expect("wire.send_wired.wired_at_end", 0)

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_counters.py: the kernel's VM counters
(vm/vm_stats.def), read from user space by cmstat (user/tests/cmstat.c)
through vm_cluster_statistics (include/clustermach/clustermach.defs) and
GNU Mach's vm_statistics.

pager_map (user/tests/pager_map.c, see test_vm_pager_map.py) runs first
and ends only its task (--exit=task); cmstat waits until it is alone,
then prints every counter as vm.<name>=<value> and ends the machine.
pager_map reads 16 pages, writes them, has them returned and flushed,
and reads them again: 32 one-page requests, 32 pages supplied, 16 pages
returned one per data_return.  Nothing else in the boot talks to a
pager, and 128 MiB leaves the pageout daemon idle."""

from qemu import test_program

# Every counter of vm/vm_stats.def, in its order.
COUNTERS = [
	"faults", "zero_fills", "cow_faults", "fault_blocks",
	"fault_retries", "absent_placeholders", "free_page_waits",
	"data_requests", "pages_requested", "data_supplies",
	"pages_supplied", "pages_unavailable", "pages_error",
	"data_returns", "pages_returned", "bad_messages", "pages_scanned",
	"pages_reactivated", "pages_deactivated", "pages_freed_clean",
	"pageout_returns", "copyins", "copyouts", "pages_moved",
	"pages_copied", "bytes_copied", "copy_zero_pages", "copies_current",
	"cow_forks", "data_unlocks", "pages_supply_moved",
	"pages_supply_copied", "copyin_refaults",
	"collapses", "bypasses",
	"collapse_pages_moved", "collapse_pages_freed",
	"object_lookups", "object_hits",
	"objects_cached", "object_cache_reuses", "object_cache_evictions",
	"objects_cached_current",
	"copy_objects_created", "copy_pushes", "eager_copies",
	"eager_copy_pages",
	"pageout_scans", "return_copies_failed", "releases_deferred",
	"flushes_kept_for_copy", "releases_waiting_current",
	"cow_shadows", "pages_shared",
]


def boot_pager_map_then_cmstat(boot):
	r = boot(modules=[test_program("pager_map", "--exit=task"),
	    test_program("cmstat", "--alone")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_map: all checks passed$")
	r.require_line(r"^cmstat: all checks passed$")
	r.expect("cmstat.alone", 1)
	return r


def test_cmstat_prints_every_counter_in_the_def_files_order(boot):
	r = boot_pager_map_then_cmstat(boot)
	r.expect("cmstat.known", len(COUNTERS))
	r.expect("cmstat.counters", len(COUNTERS))
	printed = [line.split("=")[0][len("vm."):]
	    for line in r.lines if line.startswith("vm.")]
	assert printed == COUNTERS
	r.expect("cmstat.task_port", "KERN_INVALID_HOST")


def test_counters_count_pager_map_requests_supplies_and_returns(boot):
	r = boot_pager_map_then_cmstat(boot)
	# What the pager saw (its own counts) and what the kernel counted.
	r.expect("pager.pages_supplied", 32)
	r.expect("pager.data_returns", 16)
	r.expect("vm.data_requests", 32)
	r.expect("vm.pages_requested", 32)
	r.expect("vm.data_supplies", 32)
	r.expect("vm.pages_supplied", 32)
	# Every answer's page moved into the object, none copied (X2).
	r.expect("vm.pages_supply_moved", 32)
	r.expect("vm.pages_supply_copied", 0)
	r.expect("vm.absent_placeholders", 32)
	r.expect("vm.data_returns", 16)
	r.expect("vm.pages_returned", 16)
	r.expect("vm.pages_unavailable", 0)
	r.expect("vm.pages_error", 0)
	r.expect("vm.bad_messages", 0)
	r.expect("vm.pageout_returns", 0)
	r.expect("vm.free_page_waits", 0)
	r.expect("vm.copies_current", 0)
	# Every placeholder made its fault wait, and at least one fault per
	# page read (32) happened; anonymous memory was zero-filled.
	assert r.require_int("vm.fault_blocks") >= 32
	assert r.require_int("vm.faults") >= 32
	assert r.require_int("vm.zero_fills") > 0


def test_vm_statistics_fields_come_from_the_same_counters(boot):
	r = boot_pager_map_then_cmstat(boot)
	r.expect("vm_statistics.pagesize", 4096)
	for field, counter in [("pageins", "pages_supplied"),
	    ("pageouts", "pages_returned"), ("faults", "faults"),
	    ("zero_fill_count", "zero_fills"), ("cow_faults", "cow_faults"),
	    ("reactivations", "pages_reactivated"),
	    ("lookups", "object_lookups"), ("hits", "object_hits")]:
		assert r.require_int("vm_statistics." + field) == \
		    r.require_int("vm." + counter), field
	r.expect("vm_statistics.pageins", 32)
	# pager_map maps its object once; the RAM pager never lets it be
	# cached (may_cache FALSE).
	r.expect("vm_statistics.lookups", 1)
	r.expect("vm_statistics.hits", 0)
	r.expect("vm.objects_cached", 0)
	r.expect("vm_statistics.pageouts", 16)
	# The object ended: none of its pages is left on a queue.
	r.expect("vm_statistics.inactive_count", 0)
	assert r.require_int("vm_statistics.free_count") > 0
	assert r.require_int("vm_statistics.active_count") > 0

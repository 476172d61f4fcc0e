# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_pageout.py: external pagers under memory
pressure, pager death, and many faults blocked at once
(user/tests/pager_pageout, pager_ram)."""

from qemu import gnumach_line, test_program

# pager_pageout: a 144 MiB object in a 48 MiB machine (three times its
# memory).  Under TCG one pass over a page costs two round trips to the
# pager; give it time.
PAGEOUT_MEMORY = "48M"
PAGEOUT_MIB = 144
PAGEOUT_TIMEOUT = 600


def test_pager_pageout_loses_nothing_in_an_object_larger_than_memory(boot):
	r = boot(modules=[test_program("pager_pageout",
	    "--mib=%d" % PAGEOUT_MIB)], memory=PAGEOUT_MEMORY,
	    timeout=PAGEOUT_TIMEOUT)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_pageout: all checks passed$")
	pages = PAGEOUT_MIB * 256
	r.expect("pageout.pages", pages)
	r.expect("pageout.bad_pages", 0)
	r.expect("pageout.freed", 1)
	# Every page was written, so every page reached the store with the
	# new pattern, by pageout or when the object ended.
	r.expect("pageout.store_new_seed", pages)
	r.expect("pager.write_errors", 0)
	r.expect("pager.bad_messages", 0)


def test_pager_pageout_sends_dirty_pages_back_with_data_return(boot):
	r = boot(modules=[test_program("pager_pageout",
	    "--mib=%d" % PAGEOUT_MIB)], memory=PAGEOUT_MEMORY,
	    timeout=PAGEOUT_TIMEOUT)
	pages = PAGEOUT_MIB * 256
	machine_pages = 48 * 256
	returned = r.require_int("pager.pages_returned")
	# Each page is dirtied once (write pass) and goes back exactly once:
	# evicted by the pageout daemon, or when the object ends.  Clean pages
	# (the read pass) are never returned.  More than a machine's worth
	# must have gone back before the end, or the write pass could not
	# have finished.
	assert returned == pages
	r.expect("pager.pages_returned_clean", 0)
	# One page per data_return on the legacy protocol.
	assert r.require_int("pager.data_returns") == returned
	# Pages evicted in the write pass came in again in the read pass.
	assert r.require_int("pager.data_requests") >= pages + \
	    (pages - machine_pages)
	assert r.require_int("pager.pages_requested") == \
	    r.require_int("pager.data_requests")


def pageout_counter(r, span, name):
	return r.require_int("pageout.%s.%s" % (span, name))


def check_pageout_counters(r):
	"""The kernel's pageout counters against the pager's: during the
	passes every data_return came from the daemon; over the whole run
	the kernel sent exactly what the pager received."""
	passes = lambda name: pageout_counter(r, "passes", name)
	run = lambda name: pageout_counter(r, "run", name)
	returns = passes("pageout_returns")
	assert returns > 0
	assert passes("data_returns") == returns
	assert passes("pages_returned") == returns
	assert run("data_returns") == r.require_int("pager.data_returns")
	assert run("pages_returned") == r.require_int("pager.pages_returned")
	# Every page the daemon cleaned or reactivated it scanned, and it
	# had deactivated it first (pages start on the active queue).
	cleaned = returns + passes("pages_freed_clean")
	assert passes("pages_scanned") >= cleaned + passes("pages_reactivated")
	assert passes("pages_deactivated") >= cleaned
	# Scans are rounds, each of at least one page.
	assert 1 <= passes("pageout_scans") <= passes("pages_scanned")
	return returns


def test_pager_pageout_counters_match_the_pagers_returns(boot):
	r = boot(modules=[test_program("pager_pageout",
	    "--mib=%d" % PAGEOUT_MIB)], memory=PAGEOUT_MEMORY,
	    timeout=PAGEOUT_TIMEOUT)
	r.require_line(r"^pager_pageout: all checks passed$")
	check_pageout_counters(r)


# Read only, every page precious: the daemon must send each evicted
# page back, and clean (GNU Mach's dirty flag is "was modified").
PRECIOUS_MIB = 72


def test_pager_pageout_returns_clean_precious_pages_with_dirty_false(boot):
	r = boot(modules=[test_program("pager_pageout",
	    "--mib=%d" % PRECIOUS_MIB, "--read-only", "--precious")],
	    memory=PAGEOUT_MEMORY, timeout=PAGEOUT_TIMEOUT)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_pageout: all checks passed$")
	r.expect("pageout.written", 0)
	r.expect("pageout.bad_pages", 0)
	returns = check_pageout_counters(r)
	# More than the machine's memory went back during the passes.
	assert returns > PRECIOUS_MIB * 256 - 48 * 256
	returned = r.require_int("pager.pages_returned")
	assert r.require_int("pager.pages_returned_clean") == returned
	r.expect("pager.write_errors", 0)

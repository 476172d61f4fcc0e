# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_object_cache.py: the object cache
(vm/vm_object_cache.c): external objects of a may_cache pager kept after
their last mapping, found again by the next vm_map of their port, and
ended by trimming, change_attributes(may_cache FALSE) or pager death
(user/tests/pager_cache, with the RAM pager's --may-cache)."""

import os
import re

from qemu import gnumach_line, test_program

PAGE = 4096
PAGES = 8


def cache_max():
	"""VM_OBJECT_CACHE_MAX, from the kernel's own header."""
	here = os.path.dirname(os.path.abspath(__file__))
	with open(os.path.join(here, "..", "..", "vm",
	    "vm_object_cache.h")) as f:
		m = re.search(r"^#define VM_OBJECT_CACHE_MAX\s+(\d+)", f.read(),
		    re.M)
	assert m is not None
	return int(m.group(1))


def requests(pages):
	return ["%d,%d" % (i * PAGE, PAGE) for i in range(pages)]


def boot_cache(boot, mode, *switches, **kwargs):
	r = boot(modules=[test_program("pager_cache", mode, *switches)],
	    **kwargs)
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_cache: all checks passed$")
	return r


def test_object_cache_mapping_again_uses_the_cached_pages(boot):
	r = boot_cache(boot, "reuse", "--may-cache", "--pages=%d" % PAGES)
	r.expect("cache.first_read", 0)
	r.expect("cache.second_read", 0)
	r.expect("cache.cached_by_unmap", 1)
	# N requests in all: none the second time.
	r.expect("cache.requests_first", PAGES)
	r.expect("cache.requests_second", 0)
	assert r.values("pager.request") == requests(PAGES)
	r.expect("cache.lookups", 1)
	r.expect("cache.hits", 1)
	r.expect("cache.reuses", 1)
	# One object for both mappings: one init, one terminate (at the
	# change_attributes that ends the test).
	r.expect("pager.inits", 1)
	r.expect("cache.terminated_by_change", 1)
	r.expect("pager.terminates", 1)
	r.expect("cache.freed", 1)


def test_object_cache_keeps_nothing_for_a_pager_without_may_cache(boot):
	r = boot_cache(boot, "reuse", "--pages=%d" % PAGES)
	r.expect("cache.cached_by_unmap", 0)
	r.expect("cache.requests_first", PAGES)
	r.expect("cache.requests_second", PAGES)
	assert r.values("pager.request") == requests(PAGES) + requests(PAGES)
	r.expect("cache.lookups", 1)
	r.expect("cache.hits", 0)
	r.expect("cache.reuses", 0)
	# Three mappings (the second, for lookups and hits, reads nothing),
	# three objects.
	r.expect("pager.inits", 3)
	r.expect("pager.terminates", 3)
	r.expect("cache.freed", 1)


def test_object_cache_change_attributes_false_terminates_a_cached_object(boot):
	r = boot_cache(boot, "uncache", "--may-cache", "--pages=%d" % PAGES)
	r.expect("cache.cached_read", 0)
	r.expect("cache.cached_evictions", 1)
	r.expect("cache.cached_terminated", 1)
	# Terminated as a last unmap would: its dirty page went back first.
	r.expect("cache.dirty_page_returned", 1)
	r.expect("pager.data_returns", 1)
	assert r.values("pager.return") == ["0,%d" % PAGE]
	# Mapped when may_cache went FALSE: its unmap terminates it.
	r.expect("cache.mapped_read", 0)
	r.expect("cache.mapped_cached", 0)
	r.expect("cache.mapped_terminated", 1)
	r.expect("pager.inits", 2)
	r.expect("pager.terminates", 2)
	# The change to TRUE came with no object: nothing to complete.
	r.expect("pager.change_completions", 2)
	assert r.values("pager.request") == requests(PAGES) + requests(PAGES)
	r.expect("cache.freed", 1)


def test_object_cache_overflow_terminates_the_least_recently_used(boot):
	limit = cache_max()
	r = boot_cache(boot, "overflow", "--cache-max=%d" % limit)
	r.expect("cache.objects", limit + 2)
	r.expect("cache.read", 0)
	r.expect("cache.evictions_full", 0)
	# Object 0, mapped again while cached, was a hit and became the
	# newest: objects 1 and 2 went when limit+1 and limit+2 came.
	r.expect("cache.reread_requests", 1)
	r.expect("cache.evictions", 2)
	r.expect("cache.cached_current", limit)
	r.expect("cache.terminated_count", 2)
	r.expect("cache.terminated.1", 1)
	r.expect("cache.terminated.2", 1)


def test_object_cache_pager_death_frees_the_cached_object(boot):
	pager = ("user/tests/pager_ram ${host-port} ${device-port} "
	    "--may-cache --pages=%d $(cached-pager=task-create) "
	    "$(task-resume)" % PAGES)
	client = gnumach_line("user/tests/pager_cache", "death",
	    "${cached-pager}", "--pages=%d" % PAGES)
	r = boot(modules=[pager, client])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_cache: all checks passed$")
	r.expect("cache.read", 0)
	r.expect("cache.cached_current", 1)
	r.expect("cache.pager_gone", 1)
	r.expect("cache.death_evictions", 1)
	r.expect("cache.cached_current_after", 0)
	before = r.require_int("cache.free_before")
	cached = r.require_int("cache.free_cached")
	after = r.require_int("cache.free_after")
	# The cache held the object's pages; they came back with it (the
	# dead pager task's own memory too, so after >= before, up to
	# bookkeeping).
	assert cached <= before - PAGES, (before, cached)
	assert after >= before - 16, (before, after)


def test_object_cache_pages_are_freed_under_memory_pressure(boot):
	# A cached object of 1024 pages, then a 16384-page object (64 MiB)
	# read through a 48 MiB machine: the cached pages, deactivated when
	# the object was cached, are the first the pageout daemon frees, so
	# mapping the cached object again finds it (a reuse) but none of its
	# pages: every page is asked for again.
	r = boot_cache(boot, "pressure", "--may-cache", "--pages=1024",
	    "--big-pages=16384", memory="48M", timeout=300)
	r.expect("cache.cached_read", 0)
	r.expect("cache.big_read", 0)
	r.expect("cache.again_read", 0)
	r.expect("cache.again_hits", 1)
	r.expect("cache.again_requests", 1024)
	assert r.require_int("cache.freed_clean") >= 1024

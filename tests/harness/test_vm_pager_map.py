# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_map.py: objects of the RAM pager
(user/pagers/ram_pager) mapped with vm_map: read, write, share, copy,
unavailable and error pages (user/tests/pager_*.c).

The RAM pager does not opt in to clustered paging, so every request is
one page (the legacy protocol), now and after clustering lands."""

from qemu import gnumach_line, test_program

PAGE = 4096


def requests(pages, first=0):
	return ["%d,%d" % ((first + i) * PAGE, PAGE) for i in range(pages)]


def boot_pager_map(boot, *switches):
	"""Boots user/tests/pager_map with RAM pager switches; all its own
	checks passed."""
	r = boot(modules=[test_program("pager_map", *switches)])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_map: all checks passed$")
	return r


def test_pager_map_reads_the_pattern_and_requests_each_page_once(boot):
	r = boot(modules=[test_program("pager_map")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_map: all checks passed$")
	r.expect("map.pages", 16)
	r.expect("map.read_errors", 0)
	# Read pass, then the pass after the flush: each page once per pass.
	assert r.values("pager.request") == requests(16) + requests(16)
	r.expect("pager.inits", 1)
	r.expect("pager.pages_supplied", 32)
	r.expect("pager.supply_completions", 0)		# no reply_to
	r.expect("pager.unavailables", 0)
	r.expect("pager.errors", 0)


def test_pager_map_writes_come_back_with_data_return(boot):
	r = boot(modules=[test_program("pager_map")])
	r.expect("map.write_errors", 0)
	r.expect("map.store_pages_new_seed", 16)
	r.expect("map.reread_errors", 0)
	returned = r.values("pager.return")
	assert sorted(returned, key=lambda s: int(s.split(",")[0])) == \
	    requests(16)
	r.expect("pager.data_returns", 16)
	r.expect("pager.pages_returned", 16)
	r.expect("pager.pages_returned_clean", 0)
	r.expect("pager.lock_completions", 1)
	r.expect("pager.write_errors", 0)


def test_pager_map_last_unmap_terminates_and_frees_the_object(boot):
	r = boot(modules=[test_program("pager_map")])
	r.expect("map.freed", 1)
	r.expect("pager.terminates", 1)
	r.expect("pager.no_senders", 1)
	r.expect("pager.ram_clears", 1)
	r.expect("pager.bad_messages", 0)
	r.expect("pager.send_errors", 0)


def test_pager_share_two_tasks_see_each_others_writes(boot):
	serve = ("user/tests/pager_share ${host-port} ${device-port} serve "
	    "$(share-serve=task-create) $(task-resume)")
	peer = gnumach_line("user/tests/pager_share", "peer", "${share-serve}")
	r = boot(modules=[serve, peer])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_share: all checks passed$")
	r.expect("share.serve_ready", 1)
	r.expect("share.peer_saw_magic", 1)
	r.expect("share.peer_wrote", 1)
	r.expect("share.serve_saw_peer_page_errors", 0)
	# One kernel object for both mappings: pages 0, 1, 2 once each, in
	# an order that depends on which task touches first.
	assert sorted(r.values("pager.request")) == sorted(requests(3))
	r.expect("pager.inits", 1)
	r.expect("share.freed", 1)
	# The peer's page came back to the pager when the object ended.
	r.expect("share.store_page2_seed", 1)


def test_pager_copy_mapping_leaves_the_pager_data_alone(boot):
	r = boot(modules=[test_program("pager_copy")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_copy: all checks passed$")
	r.expect("copy.pages", 8)
	r.expect("copy.b_errors", 0)
	r.expect("copy.a_errors", 0)
	r.expect("copy.store_unchanged", 1)
	r.expect("copy.store_unchanged_at_end", 1)
	r.expect("copy.freed", 1)
	# Every page is read from the pager once; none comes back dirty.
	assert r.values("pager.request") == requests(8)
	r.expect("pager.ram_pages_written_pattern", 0)
	r.expect("pager.ram_pages_written_whole", 0)
	assert r.values("pager.return") == [] or \
	    r.require_int("pager.pages_returned_clean") == \
	    r.require_int("pager.pages_returned")


def test_pager_unavailable_pages_read_as_zeros(boot):
	r = boot(modules=[test_program("pager_unavailable")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_unavailable: all checks passed$")
	r.expect("unavailable.pages", 8)
	r.expect("unavailable.zero_pages", 3)		# pages 2, 3, 4
	r.expect("unavailable.pattern_pages", 5)
	r.expect("unavailable.other_pages", 0)
	r.expect("pager.unavailables", 3)
	r.expect("pager.pages_unavailable", 3)
	r.expect("pager.pages_supplied", 5)
	# The written zero-filled page came back and is stored; no page was
	# asked for twice.
	r.expect("unavailable.written_back", 1)
	assert r.values("pager.request") == requests(8)
	assert r.values("pager.return")[:1] == ["%d,%d" % (2 * PAGE, PAGE)]
	r.expect("unavailable.freed", 1)


def test_pager_error_gives_the_faulting_thread_a_memory_exception(boot):
	r = boot(modules=[test_program("pager_error")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_error: all checks passed$")
	r.expect("error.exceptions", 1)
	r.expect("error.exception", 1)			# EXC_BAD_ACCESS
	r.expect("error.code", 10)			# KERN_MEMORY_ERROR
	r.expect("error.subcode_ok", 1)
	r.expect("error.faulting_thread_went_on", 0)
	r.expect("pager.errors", 1)
	r.expect("pager.pages_error", 1)
	assert r.values("pager.request").count("%d,%d" % (3 * PAGE, PAGE)) == 1


def test_pager_error_leaves_other_threads_going(boot):
	r = boot(modules=[test_program("pager_error")])
	r.expect("error.other_thread_done", 1)
	r.expect("error.other_thread_errors", 0)
	assert sorted(r.values("pager.request")) == sorted(requests(8))
	r.expect("pager.pages_supplied", 7)
	r.expect("error.freed", 1)


def test_pager_error_leaves_other_tasks_going(boot):
	# A second task with its own pager reads, checks and flushes its
	# 8 pages round after round, during the error and once after it.
	error = ("user/tests/pager_error ${host-port} ${device-port} "
	    "--other-task $(error-main=task-create) $(task-resume)")
	other = gnumach_line("user/tests/pager_error", "other",
	    "${error-main}")
	r = boot(modules=[error, other])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_error: all checks passed$")
	r.require_line(r"^pager_error: other task done, failures=0$")
	r.expect("error.exceptions", 1)
	r.expect("error.code", 10)			# KERN_MEMORY_ERROR
	r.expect("error.other_task_done", 1)
	r.expect("other.rounds_after_error", 1)
	r.expect("other.errors", 0)
	rounds = r.require_int("other.rounds")
	assert rounds >= 1
	# Every round asked the other pager for every page again.
	r.expect("other.pager.data_requests", 8 * rounds)
	r.expect("other.pager.pages_supplied", 8 * rounds)
	r.expect("other.pager.pages_error", 0)


def test_pager_refused_unlock_gives_the_writing_thread_a_memory_exception(boot):
	# Every page is supplied write-locked and the pager refuses unlocks:
	# the thread's read of page 3 works, its write sends one data_unlock,
	# answered with data_error, and the write ends in EXC_BAD_ACCESS /
	# KERN_MEMORY_ERROR at that address; the other thread reads on.
	r = boot(modules=[test_program("pager_error", "--refused-unlock")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_error: all checks passed$")
	r.expect("error.read_before_write_ok", 1)
	r.expect("error.exceptions", 1)
	r.expect("error.exception", 1)			# EXC_BAD_ACCESS
	r.expect("error.code", 10)			# KERN_MEMORY_ERROR
	r.expect("error.subcode_ok", 1)
	r.expect("error.faulting_thread_went_on", 0)
	assert r.values("pager.unlock") == ["%d,%d" % (3 * PAGE, PAGE)]
	r.expect("pager.errors", 0)			# read answers only
	r.expect("error.other_thread_errors", 0)
	r.expect("pager.pages_supplied", 8)
	r.expect("error.freed", 1)


def test_pager_map_supply_reply_gets_one_supply_completed_per_supply(boot):
	# --supply-reply: each data_supply names the object port as reply_to;
	# the kernel answers every one with memory_object_supply_completed,
	# KERN_SUCCESS (each page filled a placeholder).  Without the switch
	# no completion is sent (pager.supply_completions 0 above).
	r = boot_pager_map(boot, "--supply-reply")
	r.expect("pager.supplies", 32)
	r.expect("pager.supply_completions", 32)
	r.expect("pager.supply_refusals", 0)
	assert r.find_lines(r"^libpager: supply ") == []


def test_pager_map_write_locked_pages_are_unlocked_on_the_first_write(boot):
	# --write-lock: every page is supplied with lock_value VM_PROT_WRITE.
	# The read pass maps them read-only; the first write to each page
	# sends one memory_object_data_unlock(offset, 1 page, VM_PROT_WRITE),
	# libpager answers with lock_request(lock_value VM_PROT_NONE) and the
	# write goes on.  The pass after the flush is reads only: no unlock.
	r = boot_pager_map(boot, "--write-lock")
	r.expect("map.write_errors", 0)
	r.expect("map.reread_errors", 0)
	assert r.values("pager.unlock") == requests(16)
	r.expect("pager.unlocks", 16)
	r.expect("pager.data_returns", 16)
	r.expect("pager.bad_messages", 0)


def test_pager_ool_data_from_non_resident_pager_memory_is_the_pagers(boot):
	# Out-of-line data sent from an untouched pager mapping: the copyin
	# finds the pager's pages not resident and, rather than copy zeroes
	# (C1, vm/vm_map.c), drops the IPC lock, faults them in (one request
	# per page during the first send) and copies again: one refault.
	# The copy mapping's send then finds them resident below its
	# shadow; vm_read of a fresh mapping refaults once too.
	r = boot(modules=[test_program("pager_ool")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_ool: all checks passed$")
	r.expect("pool.shared_errors", 0)
	r.expect("pool.copy_errors", 0)
	r.expect("pool.requests_after_shared", 8)
	r.expect("pool.requests_after_copy", 8)
	r.expect("pool.vm_read_errors", 0)
	r.expect("pool.refaults_shared", 1)
	r.expect("pool.refaults_copy", 0)
	r.expect("pool.refaults_vm_read", 1)
	assert r.values("pager.request") == requests(8)
	r.expect("pool.freed", 1)


def test_pager_map_precious_pages_come_back_clean_at_termination(boot):
	# --precious: every supply is precious.  The flush after the write
	# pass returns the 16 dirty pages; the reread pass brings 16 clean
	# precious pages in, and when the object is terminated (last unmap)
	# the kernel returns them too, with dirty FALSE, instead of dropping
	# them.
	r = boot_pager_map(boot, "--precious")
	r.expect("map.reread_errors", 0)
	r.expect("pager.data_returns", 32)
	r.expect("pager.pages_returned", 32)
	r.expect("pager.pages_returned_clean", 16)
	r.expect("map.store_pages_new_seed", 16)
	r.expect("map.freed", 1)

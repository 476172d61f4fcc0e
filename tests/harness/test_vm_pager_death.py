# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_vm_pager_death.py: a pager that dies while threads
fault on its object, and many faults blocked at once on a slow pager
(user/tests/pager_death, pager_ram, pager_many_faults)."""

from qemu import gnumach_line, test_program


def test_pager_death_gives_blocked_faults_a_memory_exception(boot):
	pager = ("user/tests/pager_ram ${host-port} ${device-port} "
	    "--pages=4 --die-at=1 --delay-ms=500 "
	    "$(dying-pager=task-create) $(task-resume)")
	client = gnumach_line("user/tests/pager_death", "${dying-pager}")
	r = boot(modules=[pager, client])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_death: all checks passed$")
	r.expect("ram.ready", 1)
	r.expect("ram.dying", 1)
	r.expect("death.exceptions", 3)
	r.expect("death.bad_access", 3)
	for i in range(3):
		r.expect("death.code.%d" % i, 10)	# KERN_MEMORY_ERROR
	r.expect("death.threads_went_on", 0)
	r.expect("death.pager_gone", 1)


def test_pager_death_leaks_no_pages(boot):
	pager = ("user/tests/pager_ram ${host-port} ${device-port} "
	    "--pages=4 --die-at=1 --delay-ms=500 "
	    "$(dying-pager=task-create) $(task-resume)")
	client = gnumach_line("user/tests/pager_death", "${dying-pager}")
	r = boot(modules=[pager, client])
	before = r.require_int("death.free_before")
	after = r.require_int("death.free_after")
	# The dead pager task's own memory comes back too, so after >= before
	# up to the exception threads' stacks and bookkeeping.
	assert after >= before - 16, (before, after)


def check_many_faults(r, threads, held):
	"""user/tests/pager_many_faults with `threads` faulting threads, of
	which `held` had a request held by the pager when all were blocked:
	no kernel stack held, every page right, one request per page after
	the warm-up read of the last page."""
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^pager_many_faults: all checks passed$")
	r.expect("many_faults.threads", threads)
	r.expect("many_faults.held", held)
	r.expect("many_faults.waiting", threads)
	before = r.require_int("many_faults.stacks_before")
	blocked = r.require_int("many_faults.stacks_blocked")
	assert blocked - before <= 2, (before, blocked)
	r.expect("many_faults.wrong_values", 0)
	requests = r.values("pager.request")
	assert requests[0] == "%d,4096" % (threads * 4096)
	assert sorted(requests[1:]) == sorted(
	    "%d,4096" % (i * 4096) for i in range(threads))
	r.expect("many_faults.freed", 1)


def test_pager_many_faults_blocked_threads_hold_no_kernel_stacks(boot):
	r = boot(modules=[test_program("pager_many_faults")])
	check_many_faults(r, 200, 200)


def test_pager_absent_bound_makes_faults_past_it_wait_without_a_request(boot):
	# 300 threads fault on 300 pages of a held pager: the first 256
	# (VM_OBJECT_ABSENT_MAX) get a placeholder and a data_request, the
	# other 44 wait for one of those to end, with no request and no
	# kernel stack.  Released, every fault completes: 301 requests.
	r = boot(modules=[test_program("pager_many_faults", "--faulters=300")])
	r.expect("many_faults.expect_held", 256)
	check_many_faults(r, 300, 256)


def test_pager_thread_terminated_in_a_fault_leaves_it_cleanly(boot):
	# 20 of the 200 blocked threads are terminated in their faults: they
	# are gone at once, hold no stack, their pages still come in (read
	# later without a new request) and the object is freed at the end.
	r = boot(modules=[test_program("pager_many_faults", "--kill=20")])
	r.expect("many_faults.killed", 20)
	r.expect("many_faults.killed_gone", 20)
	r.expect("many_faults.killed_pages_wrong", 0)
	before = r.require_int("many_faults.stacks_before")
	assert r.require_int("many_faults.stacks_after_kill") - before <= 2
	check_many_faults(r, 200, 200)

# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_boot.py: the kernel starts, sizes memory, and ends
the machine cleanly when it has nothing to run."""

import qemu


def test_kernel_boots_and_ends_cleanly_without_modules(boot):
	r = boot()		# fails unless QEMU exits 33 (success)
	r.require_line(r"^ClusterMach x86_64 booting$")
	r.require_line(r"^bootstrap: no boot modules; nothing to run$")
	assert r.status == qemu.EXIT_SUCCESS


def test_kernel_counts_the_memory_qemu_gives_it(boot):
	r = boot(memory="64M")
	m = r.require_line(r"^vm_page: (\d+) pages \((\d+) MiB\) free of (\d+)$")
	free_pages, total_pages = int(m.group(1)), int(m.group(3))
	# 64 MiB less the BIOS hole below 1 MiB and a little ACPI data.
	assert 15800 <= total_pages <= 16384
	# The kernel image, the page array and boot data take a few hundred.
	assert total_pages - 1000 < free_pages < total_pages


def test_kernel_reports_its_command_line(boot):
	r = boot(append="flag=1 other=two")
	r.require_line(r'^kernel command line: "\S*clustermach flag=1 '
	    r'other=two"$')


def test_unknown_kernel_self_test_fails_with_the_list_of_tests(boot):
	r = boot(append="ktest=no_such_test", expect=qemu.EXIT_FAILURE)
	m = r.require_line(r"^ktest no_such_test: FAILED: no such test; "
	    r"known:(.*)$")
	assert {"continuations", "handoff", "panic"} <= set(m.group(1).split())

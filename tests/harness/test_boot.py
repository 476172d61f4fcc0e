# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_boot.py: the kernel starts and ends the machine."""

import qemu


def test_kernel_boots_and_prints_banner(boot):
	r = boot()		# fails unless QEMU exits 33 (success)
	r.require_line(r"^ClusterMach x86_64 booting\b")
	assert r.status == qemu.EXIT_SUCCESS


def test_kernel_receives_the_multiboot_magic(boot):
	r = boot()
	m = r.require_line(r"^ClusterMach x86_64 booting "
	    r"\(multiboot magic (0x[0-9a-f]+)")
	assert int(m.group(1), 16) == 0x2badb002

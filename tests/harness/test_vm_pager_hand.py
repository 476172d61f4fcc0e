# SPDX-License-Identifier: GPL-2.0-or-later
from qemu import test_program


def test_hand_smoke(boot):
	r = boot(modules=[test_program("pager_hand")])
	print("\n".join(r.lines))
	assert False

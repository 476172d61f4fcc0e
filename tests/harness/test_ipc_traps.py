# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_traps.py: GNU Mach's fast traps -64 .. -77
(user/tests/traps): each one's result and effect, read back through the
RPCs; a first argument that names no task or thread answers
MACH_SEND_INTERRUPTED, as in GNU Mach; thread_set_self_state lands where
it was told."""

from qemu import test_program

# memory_object_init (memory_object.defs, subsystem 2200, first routine).
MEMORY_OBJECT_INIT_ID = 2200


def test_fast_traps_match_their_rpcs_exactly(boot):
	r = boot(modules=[test_program("traps")])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^traps: all checks passed$")
	assert r.require_int("traps.vm_map_pager_first_id") == \
	    MEMORY_OBJECT_INIT_ID
	assert r.require_int("traps.self_state_landed") == 1
	# Every fast trap is implemented: none says "not implemented".
	assert r.find_lines(r"^mach_trap: ") == []

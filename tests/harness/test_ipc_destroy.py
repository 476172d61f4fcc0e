# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/harness/test_ipc_destroy.py: destroying messages and ports
without nesting (user/tests/port_chain): a receive right queued in a
message on another port, 2,000 deep."""

from qemu import test_program


def test_a_chain_of_2000_nested_receive_rights_is_destroyed(boot):
	"""Each port's receive right waits in a message on the port before
	it; destroying the first destroyed the rest by recursion, and a
	chain of 500 overflowed the kernel stack.  Now the destruction is a
	loop (ipc_kmsg_destroy's queue): every port and message is gone and
	kernel memory is back to its level before the chain."""
	n = 2000
	r = boot(modules=[test_program("port_chain", str(n))])
	assert r.find_lines(r"^check failed: ") == []
	r.require_line(r"^port_chain: all checks passed$")
	r.expect("chain.built", n)
	r.expect("chain.ports_up", n + 1)
	r.expect("chain.kmsgs_up", n)
	r.expect("chain.tail_in_transit", 1)	# no name: in a message
	r.expect("chain.ports_delta", 0)
	r.expect("chain.kmsgs_delta", 0)
	r.expect("chain.kmem_delta", 0)
	r.expect("chain.names_delta", 0)

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/port_chain.c: destroying nested receive rights.
 *
 * Builds a chain of ports P0 <- P1 <- ... <- Pn: the receive right of
 * each P(i) travels in a message queued on P(i-1), so only P0 keeps a
 * name here.  Destroying P0 destroys its message, which destroys P1,
 * whose message destroys P2, and so on: n nested destructions, which
 * the kernel must do without nesting calls (it did, and a chain of 500
 * overflowed its stack).  argv[3] is n (default 2000).
 *
 * A chain of the same length is built and destroyed first, so that the
 * allocators' caches have grown to its size (as user/tests/fuzz warms
 * up); then the counters of live ports, messages and
 * kernel memory are read, the long chain built (ports and messages up
 * by n) and destroyed: every counter back where it was.
 *
 * Prints chain.built, chain.ports_up, chain.kmsgs_up, and the deltas
 * after destruction: chain.ports_delta, chain.kmsgs_delta,
 * chain.kmem_delta, chain.names_delta (all 0).
 */
#include <cmtest.h>
#include <clustermach/test_control.h>

#define CHAIN_DEFAULT	2000
#define CHAIN_MAX	4000

static mach_port_t me;
static mach_port_t chain_ports[CHAIN_MAX + 1];

/* Builds a chain of n + 1 ports; returns how many links were made. */
static long
chain_build(long n)
{
	long i;

	for (i = 0; i <= n; i++)
		if (!cm_check_kr("allocate", mach_port_allocate(me,
		    MACH_PORT_RIGHT_RECEIVE, &chain_ports[i])))
			return 0;
	/* From the tail: P(i) is still ours when it goes into P(i-1). */
	for (i = n; i >= 1; i--)
		if (!cm_check_kr("send receive right",
		    cm_send_receive_right(chain_ports[i - 1],
		    MACH_MSG_TYPE_MAKE_SEND, chain_ports[i])))
			return n - i;
	return n;
}

int
main(int argc, char **argv, char **envp)
{
	long n = argc > 3 ? cm_atol(argv[3]) : CHAIN_DEFAULT;
	long ports, kmsgs, kmem, names, built, up[3], delta[4];

	(void)envp;
	cm_test_begin(argc, argv, "port_chain");
	me = mach_task_self();
	if (n < 1 || n > CHAIN_MAX)
		n = CHAIN_DEFAULT;
	/* Warm up the caches, then take the baseline. */
	(void)chain_build(n);
	cm_check_kr("destroy warm-up chain", mach_port_destroy(me,
	    chain_ports[0]));
	/*
	 * Kernel memory is read before our names are counted, on purpose:
	 * mach_port_names maps its arrays while more of our pages are
	 * mapped than ever before, and the pv entry that takes from the
	 * cache stays on the pmap's free list afterwards.  The counter
	 * leaves such spare entries out; before it did, this showed 72
	 * bytes that no later call gave back.
	 */
	kmem = cm_counter(TEST_COUNTER_KMEM_BYTES);
	names = cm_port_name_count();
	ports = cm_counter(TEST_COUNTER_PORTS);
	kmsgs = cm_counter(TEST_COUNTER_KMSGS);

	built = chain_build(n);
	up[0] = cm_counter(TEST_COUNTER_PORTS) - ports;
	up[1] = cm_counter(TEST_COUNTER_KMSGS) - kmsgs;
	up[2] = cm_port_type(chain_ports[n]) == -1;	/* in a message */
	cm_check_kr("destroy chain", mach_port_destroy(me, chain_ports[0]));
	/* Read before anything is printed: printing takes memory too. */
	delta[0] = cm_counter(TEST_COUNTER_PORTS) - ports;
	delta[1] = cm_counter(TEST_COUNTER_KMSGS) - kmsgs;
	delta[2] = cm_counter(TEST_COUNTER_KMEM_BYTES) - kmem;
	delta[3] = cm_port_name_count() - names;
	printf("chain.built=%ld\n", built);
	printf("chain.ports_up=%ld\n", up[0]);
	printf("chain.kmsgs_up=%ld\n", up[1]);
	printf("chain.tail_in_transit=%ld\n", up[2]);
	printf("chain.ports_delta=%ld\n", delta[0]);
	printf("chain.kmsgs_delta=%ld\n", delta[1]);
	printf("chain.kmem_delta=%ld\n", delta[2]);
	printf("chain.names_delta=%ld\n", delta[3]);
	cm_test_end();
}

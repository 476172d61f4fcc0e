/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/blocked_receivers.c: threads blocked in mach_msg receive
 * hold no kernel stack.
 *
 * Starts BLOCKED_THREADS threads that each block receiving on their
 * own port; once all of them wait (thread_info run_state
 * TH_STATE_WAITING), prints the kernel's TEST_COUNTER_STACKS_IN_USE
 * (test trap) before and while they wait: the difference must stay
 * small (only running threads hold stacks).  Then sends each one message
 * and joins them all.
 */
#include <cmtest.h>
#include <cthreads.h>

#define BLOCKED_THREADS		200
#define BLOCKED_STACK_SLACK	2	/* main thread, one being switched */

static mach_port_t blocked_ports[BLOCKED_THREADS];
static volatile int blocked_received;

static void *
blocked_receive(void *arg)
{
	mach_port_t p = (mach_port_t)(uintptr_t)arg;
	mach_msg_header_t h;

	if (mach_msg(&h, MACH_RCV_MSG, 0, sizeof(h), p, MACH_MSG_TIMEOUT_NONE,
	    MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		__atomic_add_fetch(&blocked_received, 1, __ATOMIC_RELAXED);
	return NULL;
}

int
main(int argc, char **argv, char **envp)
{
	static struct cm_thread *threads[BLOCKED_THREADS];
	mach_port_t me;
	long stacks_before, stacks_blocked, stacks_max;
	int i, n = 0, waiting = 0, polls;
	mach_msg_header_t h;

	(void)envp;
	cm_test_begin(argc, argv, "blocked_receivers");
	me = mach_task_self();
	stacks_before = cm_counter(TEST_COUNTER_STACKS_IN_USE);
	for (i = 0; i < BLOCKED_THREADS; i++) {
		if (mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
		    &blocked_ports[i]) != KERN_SUCCESS)
			break;
		threads[i] = cm_thread_create(blocked_receive,
		    (void *)(uintptr_t)blocked_ports[i]);
		if (threads[i] == NULL)
			break;
		n++;
	}
	cm_check_eq("threads started", n, BLOCKED_THREADS);
	for (polls = 0; polls < 100 && waiting < n; polls++) {
		for (i = 0; i < 20; i++)
			swtch();
		waiting = cm_threads_waiting(threads, n);
	}
	cm_check_eq("threads waiting in receive", waiting, n);
	stacks_blocked = cm_counter(TEST_COUNTER_STACKS_IN_USE);
	stacks_max = cm_counter(TEST_COUNTER_STACKS_MAX);
	printf("blocked.threads=%d\n", n);
	printf("blocked.waiting=%d\n", waiting);
	printf("blocked.stacks_before=%ld\n", stacks_before);
	printf("blocked.stacks_blocked=%ld\n", stacks_blocked);
	printf("blocked.stacks_max=%ld\n", stacks_max);
	cm_check(stacks_blocked <= stacks_before + BLOCKED_STACK_SLACK,
	    "blocked receivers hold no kernel stacks");
	for (i = 0; i < n; i++) {
		memset(&h, 0, sizeof(h));
		h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		h.msgh_size = sizeof(h);
		h.msgh_remote_port = blocked_ports[i];
		(void)mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0,
		    MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
	for (i = 0; i < n; i++) {
		cm_thread_join(threads[i]);
		(void)mach_port_destroy(me, blocked_ports[i]);
	}
	cm_check_eq("every thread got its message", blocked_received, n);
	printf("blocked.received=%d\n", blocked_received);
	cm_test_end();
}

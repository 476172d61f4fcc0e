/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/mqueue_wakeups.c: who is woken when a queue changes.
 *
 *   large   Two threads wait to receive on one port (then, in a second
 *           round, on a port set holding it): the first with a buffer
 *           too small and MACH_RCV_LARGE, the second with room.  One
 *           message is sent; it is handed to the first, which answers
 *           MACH_RCV_TOO_LARGE with the size and gives it back; the
 *           second must get it (its receive has a 5 s timeout so that,
 *           before the fix, it fails with MACH_RCV_TIMED_OUT instead of
 *           sleeping next to a queued message for ever).
 *   sender  A port with a queue limit of 1 holds one message; a thread
 *           sends a second with MACH_SEND_TIMEOUT of 10 s and blocks.
 *           Receiving the first wakes it, and its message arrives.
 *
 * Prints mqueue.<round>.small=<code>,<size>, mqueue.<round>.big=<code>,
 * <id>,<seqno>, mqueue.<round>.left=<messages queued after>, and
 * mqueue.sender=<code>, mqueue.sender_order=<id>,<id>.
 */
#include <cmtest.h>
#include <cthreads.h>

#define MQUEUE_DATA_BYTES	64
#define MQUEUE_LONG_TIMEOUT_MS	5000
#define MQUEUE_SEND_TIMEOUT_MS	10000

struct mqueue_message {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	char			data[MQUEUE_DATA_BYTES];
};

struct mqueue_receiver {
	mach_port_t		name;		/* port or set to receive on */
	mach_msg_size_t		rcv_size;
	mach_msg_option_t	option;
	mach_msg_timeout_t	timeout;
	volatile int		started;
	mach_msg_return_t	result;
	struct mqueue_message	buffer;
};

static mach_port_t me;

static void *
mqueue_receive(void *arg)
{
	struct mqueue_receiver *r = arg;

	r->started = 1;
	r->result = mach_msg(&r->buffer.head, MACH_RCV_MSG | r->option, 0,
	    r->rcv_size, r->name, r->timeout, MACH_PORT_NULL);
	return NULL;
}

/* Waits until thread t is blocked in the kernel (its receive or send). */
static void
mqueue_wait_blocked(struct cm_thread *t, volatile int *started)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count;
	int polls;

	info.run_state = 0;
	for (polls = 0; polls < 100000; polls++) {
		swtch();
		count = THREAD_BASIC_INFO_COUNT;
		if (*started && thread_info(t->kernel_thread,
		    THREAD_BASIC_INFO, (thread_info_t)&info, &count) ==
		    KERN_SUCCESS && info.run_state == TH_STATE_WAITING)
			break;
	}
	cm_check_eq("thread blocked", info.run_state, TH_STATE_WAITING);
}

static mach_msg_return_t
mqueue_send(mach_port_t port, mach_msg_id_t id, mach_msg_option_t option,
    mach_msg_timeout_t timeout)
{
	struct mqueue_message m;

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = port;
	m.head.msgh_id = id;
	m.type.msgt_name = MACH_MSG_TYPE_BYTE;
	m.type.msgt_size = 8;
	m.type.msgt_number = MQUEUE_DATA_BYTES;
	m.type.msgt_inline = 1;
	return mach_msg(&m.head, MACH_SEND_MSG | option, sizeof(m), 0,
	    MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static long
mqueue_msgcount(mach_port_t port)
{
	mach_port_status_t status;

	if (mach_port_get_receive_status(me, port, &status) != KERN_SUCCESS)
		return -1;
	return status.mps_msgcount;
}

/* One round of "large": receivers on `name` (port p or its set). */
static void
mqueue_large_round(const char *round, mach_port_t p, mach_port_t name)
{
	static struct mqueue_receiver small, big;
	struct cm_thread *ts, *tb;

	memset(&small, 0, sizeof(small));
	memset(&big, 0, sizeof(big));
	small.name = big.name = name;
	small.rcv_size = sizeof(mach_msg_header_t);
	small.option = MACH_RCV_LARGE;
	big.rcv_size = sizeof(big.buffer);
	big.option = MACH_RCV_TIMEOUT;
	big.timeout = MQUEUE_LONG_TIMEOUT_MS;
	/* The small one first: receivers are served in order. */
	ts = cm_thread_create(mqueue_receive, &small);
	if (!cm_check(ts != NULL, "small receiver"))
		return;
	mqueue_wait_blocked(ts, &small.started);
	tb = cm_thread_create(mqueue_receive, &big);
	if (!cm_check(tb != NULL, "big receiver"))
		return;
	mqueue_wait_blocked(tb, &big.started);
	cm_check_kr("send", mqueue_send(p, 77, 0, 0));
	cm_thread_join(ts);
	cm_thread_join(tb);
	printf("mqueue.%s.small=%s,%u\n", round, cm_error_name(small.result),
	    small.buffer.head.msgh_size);
	printf("mqueue.%s.big=%s,%d,%u\n", round, cm_error_name(big.result),
	    big.buffer.head.msgh_id, big.buffer.head.msgh_seqno);
	printf("mqueue.%s.left=%ld\n", round, mqueue_msgcount(p));
}

static void
mqueue_case_large(void)
{
	mach_port_t p = MACH_PORT_NULL, set = MACH_PORT_NULL;

	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &p));
	cm_check_kr("set", mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET,
	    &set));
	mqueue_large_round("port", p, p);
	cm_check_kr("join set", mach_port_move_member(me, p, set));
	mqueue_large_round("set", p, set);
	(void)mach_port_destroy(me, p);
	(void)mach_port_destroy(me, set);
}

static struct {
	mach_port_t		port;
	volatile int		started;
	mach_msg_return_t	result;
} mqueue_sender;

static void *
mqueue_blocked_sender(void *arg)
{
	(void)arg;
	mqueue_sender.started = 1;
	mqueue_sender.result = mqueue_send(mqueue_sender.port, 2,
	    MACH_SEND_TIMEOUT, MQUEUE_SEND_TIMEOUT_MS);
	return NULL;
}

static void
mqueue_case_sender(void)
{
	static struct mqueue_receiver r;
	struct cm_thread *t;
	mach_msg_id_t first, second;
	mach_port_t p = MACH_PORT_NULL;

	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &p));
	cm_check_kr("qlimit 1", mach_port_set_qlimit(me, p, 1));
	cm_check_kr("first message", mqueue_send(p, 1, MACH_SEND_TIMEOUT, 0));
	cm_check_code("queue full", mqueue_send(p, 3, MACH_SEND_TIMEOUT, 0),
	    MACH_SEND_TIMED_OUT);
	mqueue_sender.port = p;
	t = cm_thread_create(mqueue_blocked_sender, NULL);
	if (!cm_check(t != NULL, "sender"))
		return;
	mqueue_wait_blocked(t, &mqueue_sender.started);
	memset(&r, 0, sizeof(r));
	r.name = p;
	r.rcv_size = sizeof(r.buffer);
	r.option = MACH_RCV_TIMEOUT;
	(void)mqueue_receive(&r);
	cm_check_kr("receive first", r.result);
	first = r.buffer.head.msgh_id;
	cm_thread_join(t);
	printf("mqueue.sender=%s\n", cm_error_name(mqueue_sender.result));
	r.timeout = 0;
	(void)mqueue_receive(&r);
	cm_check_kr("receive second", r.result);
	second = r.buffer.head.msgh_id;
	printf("mqueue.sender_order=%d,%d\n", first, second);
	printf("mqueue.sender_left=%ld\n", mqueue_msgcount(p));
	(void)mach_port_destroy(me, p);
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "mqueue_wakeups");
	me = mach_task_self();
	mqueue_case_large();
	mqueue_case_sender();
	cm_test_end();
}

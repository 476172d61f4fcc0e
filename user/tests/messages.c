/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/messages.c: mach_msg to and from the task's own ports.
 *
 * Inline data round trip; right transfer in the body (move / copy /
 * make send, make send-once, move receive) with the urefs after each;
 * MACH_RCV_TIMEOUT on an empty port (MACH_RCV_TIMED_OUT); the queue
 * limit (MACH_SEND_TIMEOUT with timeout 0 gives MACH_SEND_TIMED_OUT once
 * MACH_PORT_QLIMIT_DEFAULT messages wait); MACH_RCV_TOO_LARGE; port sets
 * (receive on the set names the member; receive on a member in a set is
 * MACH_RCV_IN_SET); and the four notifications, served through the
 * notify.defs server stub (notify_server) and mach_msg_server_once:
 * dead-name, no-senders, port-deleted and send-once.
 */
#include <cmtest.h>

#define MESSAGES_WORDS		64
#define MESSAGES_ID		4242
#define MESSAGES_BUFFER_BYTES	4096

struct messages_inline {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	uint32_t		data[MESSAGES_WORDS];
};

struct messages_port {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	mach_port_name_inlined_t port;
};

union messages_buffer {
	mach_msg_header_t		head;
	struct messages_inline		in;
	struct messages_port		port;
	unsigned char			bytes[MESSAGES_BUFFER_BYTES];
};

static mach_port_t me;
static union messages_buffer rcv;

/* What the notify handlers saw last. */
static struct {
	int		id;		/* MACH_NOTIFY_*, 0 for none */
	mach_port_t	notify;
	mach_port_name_t name;
	mach_port_mscount_t mscount;
} seen;

static void
messages_header(mach_msg_header_t *h, mach_port_t dest,
    mach_msg_type_name_t disposition, mach_msg_size_t size)
{
	memset(h, 0, sizeof(*h));
	h->msgh_bits = MACH_MSGH_BITS(disposition, 0);
	h->msgh_size = size;
	h->msgh_remote_port = dest;
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_id = MESSAGES_ID;
}

static void
messages_type(mach_msg_type_t *t, unsigned int name, unsigned int bits,
    unsigned int number)
{
	memset(t, 0, sizeof(*t));
	t->msgt_name = name;
	t->msgt_size = bits;
	t->msgt_number = number;
	t->msgt_inline = TRUE;
}

static mach_msg_return_t
messages_send(mach_msg_header_t *h, mach_msg_option_t option,
    mach_msg_timeout_t timeout)
{
	return mach_msg(h, MACH_SEND_MSG | option, h->msgh_size, 0,
	    MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static mach_msg_return_t
messages_receive(mach_port_t from, mach_msg_size_t size,
    mach_msg_option_t option, mach_msg_timeout_t timeout)
{
	return mach_msg(&rcv.head, MACH_RCV_MSG | option, 0, size, from,
	    timeout, MACH_PORT_NULL);
}

static mach_port_t
messages_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	return p;
}

static void
messages_inline_round_trip(mach_port_t p)
{
	struct messages_inline m;
	int i, same = 1;

	messages_header(&m.head, p, MACH_MSG_TYPE_MAKE_SEND, sizeof(m));
	messages_type(&m.type, MACH_MSG_TYPE_INTEGER_32, 32, MESSAGES_WORDS);
	for (i = 0; i < MESSAGES_WORDS; i++)
		m.data[i] = 0x5a000000u + i * 7;
	cm_check_kr("inline send", messages_send(&m.head, 0, 0));
	cm_check_kr("inline receive", messages_receive(p, sizeof(rcv), 0, 0));
	cm_check_eq("inline size", rcv.head.msgh_size, sizeof(m));
	cm_check_eq("inline id", rcv.head.msgh_id, MESSAGES_ID);
	cm_check_eq("inline local port", rcv.head.msgh_local_port, p);
	cm_check_eq("inline remote port", rcv.head.msgh_remote_port, 0);
	for (i = 0; i < MESSAGES_WORDS; i++)
		same &= rcv.in.data[i] == 0x5a000000u + i * 7;
	cm_check(same, "inline data arrives unchanged");
	printf("messages.inline_size=%u\n", rcv.head.msgh_size);
	printf("messages.inline_data_ok=%d\n", same);
}

/* Sends q with `disposition` to p, receives it; returns the name got. */
static mach_port_t
messages_carry(mach_port_t p, mach_port_t q,
    mach_msg_type_name_t disposition, unsigned int expect_type)
{
	struct messages_port m;
	char what[64];

	messages_header(&m.head, p, MACH_MSG_TYPE_MAKE_SEND, sizeof(m));
	m.head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	messages_type(&m.type, disposition, 64, 1);
	m.port.name = q;
	snprintf(what, sizeof(what), "send right type %u", disposition);
	cm_check_kr(what, messages_send(&m.head, 0, 0));
	snprintf(what, sizeof(what), "receive right type %u", disposition);
	cm_check_kr(what, messages_receive(p, sizeof(rcv), 0, 0));
	snprintf(what, sizeof(what), "received type name for %u",
	    disposition);
	cm_check_eq(what, rcv.port.type.msgt_name, expect_type);
	return rcv.port.port.name;
}

static void
messages_rights(mach_port_t p)
{
	mach_port_t q = messages_port(), got, r;

	got = messages_carry(p, q, MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_TYPE_PORT_SEND);
	cm_check_eq("make-send arrives under the same name", got, q);
	cm_check_eq("make-send urefs", cm_urefs(q, MACH_PORT_RIGHT_SEND), 1);
	got = messages_carry(p, q, MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_PORT_SEND);
	cm_check_eq("copy-send urefs", cm_urefs(q, MACH_PORT_RIGHT_SEND), 2);
	got = messages_carry(p, q, MACH_MSG_TYPE_MOVE_SEND,
	    MACH_MSG_TYPE_PORT_SEND);
	cm_check_eq("move-send urefs", cm_urefs(q, MACH_PORT_RIGHT_SEND), 2);
	printf("messages.send_urefs_after_transfers=%ld\n",
	    cm_urefs(q, MACH_PORT_RIGHT_SEND));
	got = messages_carry(p, q, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    MACH_MSG_TYPE_PORT_SEND_ONCE);
	cm_check(got != q, "send-once right gets its own name");
	cm_check_eq("send-once type", cm_port_type(got),
	    MACH_PORT_TYPE_SEND_ONCE);
	cm_check_kr("deallocate send-once", mach_port_deallocate(me, got));
	/* The send-once notification that deallocate caused waits on q. */
	cm_check_kr("drain send-once notification",
	    messages_receive(q, sizeof(rcv), MACH_RCV_TIMEOUT, 0));
	cm_check_eq("send-once notification id", rcv.head.msgh_id,
	    MACH_NOTIFY_SEND_ONCE);
	cm_check_kr("drop q sends", mach_port_mod_refs(me, q,
	    MACH_PORT_RIGHT_SEND, -2));
	r = messages_port();
	got = messages_carry(p, r, MACH_MSG_TYPE_MOVE_RECEIVE,
	    MACH_MSG_TYPE_PORT_RECEIVE);
	cm_check_eq("moved receive right type", cm_port_type(got),
	    MACH_PORT_TYPE_RECEIVE);
	cm_check_kr("destroy moved receive", mach_port_destroy(me, got));
	cm_check_kr("destroy q", mach_port_destroy(me, q));
}

static void
messages_timeouts(mach_port_t p)
{
	struct messages_inline m;
	mach_msg_return_t mr;
	int accepted = 0, i;

	cm_check_code("receive timeout on an empty port",
	    messages_receive(p, sizeof(rcv), MACH_RCV_TIMEOUT, 10),
	    MACH_RCV_TIMED_OUT);
	for (i = 0; i < 2 * (int)MACH_PORT_QLIMIT_DEFAULT; i++) {
		messages_header(&m.head, p, MACH_MSG_TYPE_MAKE_SEND,
		    sizeof(m));
		messages_type(&m.type, MACH_MSG_TYPE_INTEGER_32, 32,
		    MESSAGES_WORDS);
		mr = messages_send(&m.head, MACH_SEND_TIMEOUT, 0);
		if (mr != MACH_MSG_SUCCESS)
			break;
		accepted++;
	}
	cm_check_code("send to a full queue", mr, MACH_SEND_TIMED_OUT);
	cm_check_eq("messages queued before full", accepted,
	    MACH_PORT_QLIMIT_DEFAULT);
	printf("messages.queue_accepted=%d\n", accepted);
	for (i = 0; i < accepted; i++)
		cm_check_kr("drain", messages_receive(p, sizeof(rcv),
		    MACH_RCV_TIMEOUT, 0));
	cm_check_code("queue empty after draining",
	    messages_receive(p, sizeof(rcv), MACH_RCV_TIMEOUT, 0),
	    MACH_RCV_TIMED_OUT);
}

static void
messages_too_large(mach_port_t p)
{
	struct messages_inline m;
	mach_msg_return_t mr;

	messages_header(&m.head, p, MACH_MSG_TYPE_MAKE_SEND, sizeof(m));
	messages_type(&m.type, MACH_MSG_TYPE_INTEGER_32, 32, MESSAGES_WORDS);
	cm_check_kr("send large", messages_send(&m.head, 0, 0));
	mr = messages_receive(p, 64, MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0);
	cm_check_code("receive into 64 bytes (MACH_RCV_LARGE)", mr,
	    MACH_RCV_TOO_LARGE);
	cm_check_eq("MACH_RCV_LARGE reports the size", rcv.head.msgh_size,
	    sizeof(m));
	cm_check_kr("then receive it whole", messages_receive(p, sizeof(rcv),
	    MACH_RCV_TIMEOUT, 0));
	cm_check_kr("send large again", messages_send(&m.head, 0, 0));
	mr = messages_receive(p, 64, MACH_RCV_TIMEOUT, 0);
	cm_check_code("receive into 64 bytes", mr, MACH_RCV_TOO_LARGE);
	cm_print_code("messages.too_large", mr);
	mr = messages_receive(p, sizeof(rcv), MACH_RCV_TIMEOUT, 0);
	printf("messages.too_large_left_queued=%d\n", mr == MACH_MSG_SUCCESS);
}

static void
messages_port_set(void)
{
	mach_port_t set = MACH_PORT_NULL, a = messages_port(),
	    b = messages_port();
	struct messages_inline m;

	cm_check_kr("allocate set", mach_port_allocate(me,
	    MACH_PORT_RIGHT_PORT_SET, &set));
	cm_check_kr("move a into set", mach_port_move_member(me, a, set));
	cm_check_kr("move b into set", mach_port_move_member(me, b, set));
	messages_header(&m.head, b, MACH_MSG_TYPE_MAKE_SEND, sizeof(m));
	messages_type(&m.type, MACH_MSG_TYPE_INTEGER_32, 32, MESSAGES_WORDS);
	cm_check_kr("send to member b", messages_send(&m.head, 0, 0));
	cm_check_code("receive on a member in a set",
	    messages_receive(b, sizeof(rcv), MACH_RCV_TIMEOUT, 0),
	    MACH_RCV_IN_SET);
	cm_check_kr("receive on the set", messages_receive(set, sizeof(rcv),
	    MACH_RCV_TIMEOUT, 0));
	cm_check_eq("set receive names the member", rcv.head.msgh_local_port,
	    b);
	printf("messages.set_member_named=%d\n", rcv.head.msgh_local_port == b);
	cm_check_kr("take a out", mach_port_move_member(me, a,
	    MACH_PORT_NULL));
	cm_check_code("a times out alone", messages_receive(a, sizeof(rcv),
	    MACH_RCV_TIMEOUT, 0), MACH_RCV_TIMED_OUT);
	cm_check_kr("destroy set", mach_port_destroy(me, set));
	cm_check_kr("destroy a", mach_port_destroy(me, a));
	cm_check_kr("destroy b", mach_port_destroy(me, b));
}

kern_return_t
do_mach_notify_port_deleted(mach_port_t notify, mach_port_name_t name)
{
	seen.id = MACH_NOTIFY_PORT_DELETED;
	seen.notify = notify;
	seen.name = name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_msg_accepted(mach_port_t notify, mach_port_name_t name)
{
	seen.id = MACH_NOTIFY_MSG_ACCEPTED;
	seen.notify = notify;
	seen.name = name;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_port_destroyed(mach_port_t notify, mach_port_t rights)
{
	seen.id = MACH_NOTIFY_PORT_DESTROYED;
	seen.notify = notify;
	seen.name = rights;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_no_senders(mach_port_t notify, mach_port_mscount_t mscount)
{
	seen.id = MACH_NOTIFY_NO_SENDERS;
	seen.notify = notify;
	seen.mscount = mscount;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_send_once(mach_port_t notify)
{
	seen.id = MACH_NOTIFY_SEND_ONCE;
	seen.notify = notify;
	return KERN_SUCCESS;
}

kern_return_t
do_mach_notify_dead_name(mach_port_t notify, mach_port_name_t name)
{
	seen.id = MACH_NOTIFY_DEAD_NAME;
	seen.notify = notify;
	seen.name = name;
	return KERN_SUCCESS;
}

/* Serves one notification on np (it must be queued already). */
static void
messages_serve_one(const char *what, mach_port_t np, int expect_id)
{
	char key[80];

	memset(&seen, 0, sizeof(seen));
	snprintf(key, sizeof(key), "%s: serve", what);
	cm_check_kr(key, mach_msg_server_timeout(notify_server,
	    MESSAGES_BUFFER_BYTES, np, MACH_RCV_TIMEOUT, 0) ==
	    MACH_RCV_TIMED_OUT ? KERN_SUCCESS : KERN_FAILURE);
	snprintf(key, sizeof(key), "%s: notification id", what);
	cm_check_eq(key, seen.id, expect_id);
	snprintf(key, sizeof(key), "%s: notify port", what);
	cm_check_eq(key, seen.notify, np);
}

/* A send-once right to `to`, under its own name, made by a message. */
static mach_port_t
messages_send_once_right(mach_port_t carrier, mach_port_t to)
{
	return messages_carry(carrier, to, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    MACH_MSG_TYPE_PORT_SEND_ONCE);
}

static void
messages_notifications(mach_port_t p)
{
	mach_port_t np = messages_port(), d = messages_port(),
	    n = messages_port(), t = messages_port(), previous, so;

	/* dead-name: the receive right of a name we asked about goes. */
	cm_check_kr("make send d", mach_port_insert_right(me, d, d,
	    MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("request dead-name", mach_port_request_notification(me,
	    d, MACH_NOTIFY_DEAD_NAME, 0, np, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &previous));
	cm_check_eq("no previous dead-name request", previous, 0);
	cm_check_kr("drop d's receive right", mach_port_mod_refs(me, d,
	    MACH_PORT_RIGHT_RECEIVE, -1));
	messages_serve_one("dead-name", np, MACH_NOTIFY_DEAD_NAME);
	cm_check_eq("dead-name names d", seen.name, d);
	printf("messages.notify_dead_name=%d\n", seen.id ==
	    MACH_NOTIFY_DEAD_NAME && seen.name == d);
	cm_check_eq("d is a dead name", cm_port_type(d),
	    MACH_PORT_TYPE_DEAD_NAME);
	(void)mach_port_destroy(me, d);

	/* no-senders: the last send right of n goes. */
	cm_check_kr("make send n", mach_port_insert_right(me, n, n,
	    MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("request no-senders", mach_port_request_notification(me,
	    n, MACH_NOTIFY_NO_SENDERS, 1, np, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	    &previous));
	cm_check_kr("drop the last send right", mach_port_deallocate(me, n));
	messages_serve_one("no-senders", np, MACH_NOTIFY_NO_SENDERS);
	cm_check_eq("no-senders mscount", seen.mscount, 1);
	printf("messages.notify_no_senders=%d\n", seen.id ==
	    MACH_NOTIFY_NO_SENDERS);
	(void)mach_port_destroy(me, n);

	/* port-deleted: a send-once right with a dead-name request is used. */
	so = messages_send_once_right(p, t);
	cm_check_kr("request dead-name on send-once",
	    mach_port_request_notification(me, so, MACH_NOTIFY_DEAD_NAME, 0,
	    np, MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous));
	{
		mach_msg_header_t h;

		messages_header(&h, so, MACH_MSG_TYPE_MOVE_SEND_ONCE,
		    sizeof(h));
		cm_check_kr("use the send-once right", messages_send(&h, 0,
		    0));
	}
	messages_serve_one("port-deleted", np, MACH_NOTIFY_PORT_DELETED);
	cm_check_eq("port-deleted names the send-once right", seen.name, so);
	printf("messages.notify_port_deleted=%d\n", seen.id ==
	    MACH_NOTIFY_PORT_DELETED && seen.name == so);
	cm_check_kr("drain t", messages_receive(t, sizeof(rcv),
	    MACH_RCV_TIMEOUT, 0));

	/* send-once: a send-once right to t dies unused. */
	so = messages_send_once_right(p, t);
	cm_check_kr("destroy the send-once right", mach_port_deallocate(me,
	    so));
	messages_serve_one("send-once", t, MACH_NOTIFY_SEND_ONCE);
	printf("messages.notify_send_once=%d\n", seen.id ==
	    MACH_NOTIFY_SEND_ONCE);

	(void)mach_port_destroy(me, t);
	(void)mach_port_destroy(me, np);
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_t p;
	long names_before;

	(void)envp;
	cm_test_begin(argc, argv, "messages");
	me = mach_task_self();
	names_before = cm_port_name_count();
	p = messages_port();
	messages_inline_round_trip(p);
	messages_rights(p);
	messages_timeouts(p);
	messages_too_large(p);
	messages_port_set();
	messages_notifications(p);
	cm_check_kr("destroy p", mach_port_destroy(me, p));
	cm_check_eq("port names back to start", cm_port_name_count(),
	    names_before);
	printf("messages.names_before=%ld\n", names_before);
	printf("messages.names_after=%ld\n", cm_port_name_count());
	cm_test_end();
}

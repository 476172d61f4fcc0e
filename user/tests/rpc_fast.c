/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/rpc_fast.c: the RPC fast path (ipc/mach_msg_fast.c) takes
 * exactly the messages its conditions FP1-FP5 allow, and a program sees
 * the same messages, names, seqnos and rights whichever path carried
 * them.  Every phase counts the messages the fast path delivered
 * (TEST_COUNTER_MSG_FAST) and prints rpc_fast.<phase>.fast=<count>.
 *
 *   fast      RPC_ROUNDS request/reply round trips between this thread
 *             and a server thread, both with MACH_SEND_MSG|MACH_RCV_MSG
 *             alone: every message fast (2 per round)
 *   set       the same with the server receiving on a port set
 *   interrupt the same with MACH_SEND_INTERRUPT | MACH_RCV_INTERRUPT,
 *             options of the user library the kernel ignores: all fast
 *   general   the same with MACH_RCV_TIMEOUT on both sides (FP1): none
 *             fast; what each side received is compared, field by
 *             field, with the fast phase's
 *   queued    the sender has a message queued on its own reply port
 *             (FP4): the combined call returns it at once, the request
 *             goes the general way
 *   in_set    the sender's reply port is in a set (FP4): the request goes
 *             the general way and the receive fails with MACH_RCV_IN_SET
 *   idle      nobody waits on the destination (FP3): queued, general
 *   small     the waiting receiver's buffer is too small (FP3): the
 *             general path's MACH_RCV_TOO_LARGE, and the client gets the
 *             send-once notification of the destroyed reply right
 *   dead      a reply to a send-once right whose port died (FP2):
 *             MACH_SEND_INVALID_DEST, nothing delivered
 *   bad       a request whose reply name is not a receive right, or
 *             whose destination name does not exist: the general path's
 *             errors
 *   kernel    a MIG call to a kernel object (FP2): none fast
 *   moved     a receiver waiting on a port whose receive right is sent
 *             away gets MACH_RCV_PORT_DIED, one waiting on a port that
 *             joins a set MACH_RCV_PORT_CHANGED; nobody waits any more
 *   sizes     zero, short, misaligned, past the sender's buffer, near 2^31
 *             and 2^32: a combined call to a waiting server gets the code
 *             a plain send gets, and nothing is delivered
 *
 * After all phases, ports and messages in the kernel are back to their
 * starting counts.
 */
#include <cmtest.h>
#include <cthreads.h>

#define RPC_ROUNDS	20
#define RPC_ID		6000
#define RPC_QUIT_ID	6999
#define RPC_TIMEOUT_MS	100000		/* only to force the general path */
#define NOTIFY_SEND_ONCE_ID	0107	/* MACH_NOTIFY_SEND_ONCE */

struct rpc_msg {
	mach_msg_header_t	head;
	mach_msg_type_t		value_type;
	int32_t			value;
	int32_t			pad;
};

/* What a receiver saw of one message. */
struct rpc_seen {
	mach_msg_bits_t		bits;
	mach_port_t		local;
	mach_port_t		remote;
	long			remote_type;
	mach_port_seqno_t	seqno;
	mach_msg_size_t		size;
	mach_msg_id_t		id;
	int32_t			value;
};

enum rpc_server_mode {
	RPC_SERVE_REPLY,	/* answer every request, combined calls */
	RPC_SERVE_ONE_PLAIN,	/* take one request, answer with a plain send */
	RPC_SERVE_ONE_SMALL,	/* one receive with a header-sized buffer */
};

struct rpc_server {
	enum rpc_server_mode	mode;
	mach_port_t		rcv_name;	/* port or set */
	mach_msg_option_t	extra;		/* MACH_RCV_TIMEOUT or 0 */
	int			requests;
	struct rpc_seen		seen[RPC_ROUNDS];
	mach_msg_return_t	small_result;
};

static mach_port_t me;

static void
rpc_note(struct rpc_seen *seen, const struct rpc_msg *m)
{
	seen->bits = m->head.msgh_bits;
	seen->local = m->head.msgh_local_port;
	seen->remote = m->head.msgh_remote_port;
	seen->remote_type = MACH_PORT_VALID(seen->remote) ?
	    cm_port_type(seen->remote) : 0;
	seen->seqno = m->head.msgh_seqno;
	seen->size = m->head.msgh_size;
	seen->id = m->head.msgh_id;
	seen->value = m->value;
}

/* A message with an integer: id, value, rights in bits. */
static void
rpc_msg_init(struct rpc_msg *m, mach_msg_bits_t bits, mach_port_t remote,
    mach_port_t local, mach_msg_id_t id, int32_t value)
{
	memset(m, 0, sizeof(*m));
	m->head.msgh_bits = bits;
	m->head.msgh_size = sizeof(*m);
	m->head.msgh_remote_port = remote;
	m->head.msgh_local_port = local;
	m->head.msgh_id = id;
	cm_int32_type(&m->value_type);
	m->value = value;
}

static void *
rpc_server_thread(void *arg)
{
	struct rpc_server *s = arg;
	mach_msg_option_t option = MACH_RCV_MSG | s->extra;
	mach_msg_size_t rcv_size = sizeof(struct rpc_msg);
	mach_msg_timeout_t timeout = (s->extra & MACH_RCV_TIMEOUT) ?
	    RPC_TIMEOUT_MS : 0;
	struct rpc_msg m;
	mach_port_t reply;
	mach_msg_return_t mr;

	if (s->mode == RPC_SERVE_ONE_SMALL)
		rcv_size = sizeof(mach_msg_header_t);
	memset(&m, 0, sizeof(m));
	for (;;) {
		mr = mach_msg(&m.head, option, m.head.msgh_size, rcv_size,
		    s->rcv_name, timeout, MACH_PORT_NULL);
		if (s->mode == RPC_SERVE_ONE_SMALL) {
			s->small_result = mr;
			s->mode = RPC_SERVE_REPLY;	/* then the quit */
			rcv_size = sizeof(m);
			option = MACH_RCV_MSG;
			m.head.msgh_size = 0;
			continue;
		}
		if (mr != MACH_MSG_SUCCESS) {
			cm_check_code("server receive", mr, MACH_MSG_SUCCESS);
			break;
		}
		if (m.head.msgh_id == RPC_QUIT_ID)
			break;
		if (s->requests < RPC_ROUNDS)
			rpc_note(&s->seen[s->requests], &m);
		s->requests++;
		reply = m.head.msgh_remote_port;
		rpc_msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
		    reply, MACH_PORT_NULL, m.head.msgh_id + 100, m.value + 1);
		if (s->mode == RPC_SERVE_ONE_PLAIN) {
			cm_check_kr("server plain reply", mach_msg(&m.head,
			    MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
			    MACH_PORT_NULL));
			option = MACH_RCV_MSG;
			m.head.msgh_size = 0;
			continue;
		}
		option = MACH_SEND_MSG | MACH_RCV_MSG | s->extra;
	}
	return NULL;
}

/* Starts a server and returns once it waits in its receive. */
static struct cm_thread *
rpc_server_start(struct rpc_server *s, enum rpc_server_mode mode,
    mach_port_t rcv_name, mach_msg_option_t extra)
{
	struct cm_thread *t;
	int polls, i;

	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->rcv_name = rcv_name;
	s->extra = extra;
	t = cm_thread_create(rpc_server_thread, s);

	cm_check(t != NULL, "server thread created");
	for (polls = 0; polls < 100 && cm_threads_waiting(&t, 1) == 0;
	    polls++) {
		for (i = 0; i < 20; i++)
			swtch();
	}
	cm_check_eq("server waiting", cm_threads_waiting(&t, 1), 1);
	return t;
}

static void
rpc_server_stop(struct cm_thread *t, mach_port_t port)
{
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = port;
	h.msgh_id = RPC_QUIT_ID;
	cm_check_kr("send quit", mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
	cm_thread_join(t);
}

static mach_port_t
rpc_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	cm_check_kr("allocate port",
	    mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p));
	return p;
}

/* A port this task receives on and holds one send right to. */
static mach_port_t
rpc_served_port(void)
{
	mach_port_t p = rpc_port();

	cm_check_kr("insert send", mach_port_insert_right(me, p, p,
	    MACH_MSG_TYPE_MAKE_SEND));
	return p;
}

/* A request of the fast path's shape (FP1), to port, reply to reply. */
static void
rpc_request_init(struct rpc_msg *m, mach_port_t port, mach_port_t reply,
    mach_msg_id_t id, int32_t value)
{
	rpc_msg_init(m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE), port, reply, id, value);
}

static void
rpc_port_destroy(mach_port_t p)
{
	cm_check_kr("destroy port", mach_port_destroy(me, p));
}

static void rpc_check_seen(const char *phase,
    const struct rpc_seen *server_seen, const struct rpc_seen *client_seen,
    mach_port_t port, mach_port_t reply_port);

static void
rpc_sleep_ms(mach_msg_timeout_t ms)
{
	mach_port_t p = rpc_port();
	mach_msg_header_t h;

	cm_check_code("sleep", mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(h), p, ms, MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	rpc_port_destroy(p);
}

static void
rpc_print_fast(const char *phase, long before)
{
	printf("rpc_fast.%s.fast=%ld\n", phase,
	    cm_counter(TEST_COUNTER_MSG_FAST) - before);
}

/*
 * RPC_ROUNDS round trips to a server on a fresh port (through a set
 * with use_set); what both sides saw goes to s->seen and client_seen,
 * and is checked.
 */
static void
rpc_rounds(const char *phase, mach_msg_option_t extra, int use_set,
    struct rpc_server *s, struct rpc_seen *client_seen)
{
	mach_port_t port = rpc_served_port(), set = MACH_PORT_NULL;
	mach_port_t reply_port = rpc_port();
	mach_msg_timeout_t timeout = (extra & MACH_RCV_TIMEOUT) ?
	    RPC_TIMEOUT_MS : 0;
	mach_port_status_t status;
	struct cm_thread *t;
	struct rpc_msg m;
	long fast;
	int i;

	if (use_set) {
		cm_check_kr("allocate set",
		    mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET, &set));
		cm_check_kr("move into set", mach_port_move_member(me, port,
		    set));
	}
	t = rpc_server_start(s, RPC_SERVE_REPLY, use_set ? set : port, extra);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	for (i = 0; i < RPC_ROUNDS; i++) {
		rpc_request_init(&m, port, reply_port, RPC_ID + i, i);
		cm_check_kr("rpc", mach_msg(&m.head,
		    MACH_SEND_MSG | MACH_RCV_MSG | extra, sizeof(m), sizeof(m),
		    reply_port, timeout, MACH_PORT_NULL));
		rpc_note(&client_seen[i], &m);
	}
	rpc_print_fast(phase, fast);
	rpc_server_stop(t, port);
	cm_check_eq("requests served", s->requests, RPC_ROUNDS);

	/* The rights the messages carried are all gone again. */
	cm_check_kr("reply port status", mach_port_get_receive_status(me,
	    reply_port, &status));
	cm_check_eq("reply port send-once rights", status.mps_sorights, 0);
	cm_check_eq("reply port seqno", status.mps_seqno, RPC_ROUNDS);
	cm_check_eq("reply port queued", status.mps_msgcount, 0);
	cm_check_kr("server port status", mach_port_get_receive_status(me,
	    port, &status));
	cm_check_eq("server port send rights", status.mps_srights, 1);
	cm_check_eq("server port seqno", status.mps_seqno, RPC_ROUNDS + 1);
	cm_check_eq("client send urefs", cm_urefs(port,
	    MACH_PORT_RIGHT_SEND), 1);
	for (i = 0; i < RPC_ROUNDS; i++) {
		cm_check_eq("request's reply name gone",
		    cm_port_type(s->seen[i].remote), -1);
		if (i > 0)
			cm_check(s->seen[i].remote != s->seen[i - 1].remote,
			    "each request a new send-once name");
	}
	rpc_check_seen(phase, s->seen, client_seen, port, reply_port);
	if (use_set)
		rpc_port_destroy(set);
	rpc_port_destroy(port);
	rpc_port_destroy(reply_port);
}

/*
 * What each request (server_seen) and reply (client_seen) must look like
 * after delivery: rights in the receiver's names, seqnos from 0.
 */
static void
rpc_check_seen(const char *phase, const struct rpc_seen *server_seen,
    const struct rpc_seen *client_seen, mach_port_t port,
    mach_port_t reply_port)
{
	int i, bad_request = 0, bad_reply = 0;

	for (i = 0; i < RPC_ROUNDS; i++) {
		const struct rpc_seen *q = &server_seen[i], *r = &client_seen[i];

		if (q->bits != MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
		    MACH_MSG_TYPE_PORT_SEND) || q->local != port ||
		    q->remote_type != MACH_PORT_TYPE_SEND_ONCE ||
		    q->seqno != (mach_port_seqno_t)i ||
		    q->size != sizeof(struct rpc_msg) || q->id != RPC_ID + i ||
		    q->value != i)
			bad_request++;
		if (r->bits != MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE) ||
		    r->local != reply_port || r->remote != MACH_PORT_NULL ||
		    r->seqno != (mach_port_seqno_t)i ||
		    r->size != sizeof(struct rpc_msg) ||
		    r->id != RPC_ID + 100 + i || r->value != i + 1)
			bad_reply++;
	}
	printf("rpc_fast.%s.bad_requests=%d\n", phase, bad_request);
	printf("rpc_fast.%s.bad_replies=%d\n", phase, bad_reply);
}

/* The fields both paths must give alike (names differ by phase). */
static int
rpc_seen_differ(const struct rpc_seen *a, const struct rpc_seen *b)
{
	return a->bits != b->bits || a->remote_type != b->remote_type ||
	    a->seqno != b->seqno || a->size != b->size || a->id != b->id ||
	    a->value != b->value || (a->remote == MACH_PORT_NULL) !=
	    (b->remote == MACH_PORT_NULL);
}

static struct rpc_server fast_server, other_server;
static struct rpc_seen fast_client[RPC_ROUNDS], other_client[RPC_ROUNDS];

static void
rpc_phases_rounds(void)
{
	int i, differ = 0;

	rpc_rounds("fast", 0, 0, &fast_server, fast_client);
	rpc_rounds("set", 0, 1, &other_server, other_client);
	/* The user library's options, which the kernel does not act on. */
	rpc_rounds("interrupt", MACH_SEND_INTERRUPT | MACH_RCV_INTERRUPT, 0,
	    &other_server, other_client);
	rpc_rounds("general", MACH_RCV_TIMEOUT, 0, &other_server,
	    other_client);
	for (i = 0; i < RPC_ROUNDS; i++) {
		differ += rpc_seen_differ(&fast_server.seen[i],
		    &other_server.seen[i]);
		differ += rpc_seen_differ(&fast_client[i], &other_client[i]);
	}
	printf("rpc_fast.fast_vs_general.differences=%d\n", differ);
}

/* FP4: a message already queued for the sender. */
static void
rpc_phase_queued(void)
{
	mach_port_t port = rpc_served_port(), reply_port = rpc_port();
	struct cm_thread *t;
	struct rpc_msg m;
	long fast;

	t = rpc_server_start(&other_server, RPC_SERVE_ONE_PLAIN, port, 0);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    reply_port, MACH_PORT_NULL, 777, 7);
	cm_check_kr("queue for myself", mach_msg(&m.head, MACH_SEND_MSG,
	    sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	rpc_request_init(&m, port, reply_port, RPC_ID, 0);
	cm_check_kr("rpc with a message waiting", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), reply_port,
	    0, MACH_PORT_NULL));
	printf("rpc_fast.queued.first_id=%d\n", m.head.msgh_id);
	cm_check_kr("the reply", mach_msg(&m.head, MACH_RCV_MSG, 0,
	    sizeof(m), reply_port, 0, MACH_PORT_NULL));
	printf("rpc_fast.queued.second_id=%d\n", m.head.msgh_id);
	rpc_print_fast("queued", fast);
	rpc_server_stop(t, port);
	rpc_port_destroy(port);
	rpc_port_destroy(reply_port);
}

/*
 * FP4: the client's reply port is in a set, so it may not receive on it:
 * the request is delivered (the general path), the receive fails with
 * MACH_RCV_IN_SET, and the reply is then taken through the set.
 */
static void
rpc_phase_in_set(void)
{
	mach_port_t port = rpc_served_port(), reply_port = rpc_port(), set;
	struct cm_thread *t;
	struct rpc_msg m;
	long fast;

	cm_check_kr("allocate set", mach_port_allocate(me,
	    MACH_PORT_RIGHT_PORT_SET, &set));
	cm_check_kr("reply port into the set", mach_port_move_member(me,
	    reply_port, set));
	t = rpc_server_start(&other_server, RPC_SERVE_REPLY, port, 0);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_request_init(&m, port, reply_port, RPC_ID, 9);
	cm_print_code("rpc_fast.in_set.result", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), reply_port,
	    0, MACH_PORT_NULL));
	/* Counted before the server can answer while this thread waits. */
	rpc_print_fast("in_set", fast);
	cm_check_kr("the reply, through the set", mach_msg(&m.head,
	    MACH_RCV_MSG, 0, sizeof(m), set, 0, MACH_PORT_NULL));
	printf("rpc_fast.in_set.reply_value=%d\n", m.value);
	rpc_server_stop(t, port);
	rpc_port_destroy(set);
	rpc_port_destroy(port);
	rpc_port_destroy(reply_port);
}

/* FP3: nobody waits on the destination. */
struct rpc_idle_client {
	mach_port_t		port;
	mach_port_t		reply_port;
	mach_msg_return_t	mr;
	mach_msg_id_t		reply_id;
};

static void *
rpc_idle_client_thread(void *arg)
{
	struct rpc_idle_client *c = arg;
	struct rpc_msg m;

	rpc_request_init(&m, c->port, c->reply_port, RPC_ID, 1);
	c->mr = mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
	    sizeof(m), c->reply_port, 0, MACH_PORT_NULL);
	c->reply_id = m.head.msgh_id;
	return NULL;
}

static void
rpc_phase_idle(void)
{
	struct rpc_idle_client c = { rpc_served_port(), rpc_port(), 0, 0 };
	struct cm_thread *t;
	struct rpc_seen seen;
	struct rpc_msg m;
	long fast = cm_counter(TEST_COUNTER_MSG_FAST);
	int polls;

	t = cm_thread_create(rpc_idle_client_thread, &c);
	for (polls = 0; polls < 2000 && cm_threads_waiting(&t, 1) == 0;
	    polls++)
		swtch();
	cm_check_eq("idle client waiting", cm_threads_waiting(&t, 1), 1);
	cm_check_kr("take the queued request", mach_msg(&m.head, MACH_RCV_MSG,
	    0, sizeof(m), c.port, 0, MACH_PORT_NULL));
	rpc_note(&seen, &m);
	cm_check_eq("queued request seqno", seen.seqno, 0);
	cm_check_eq("queued request reply right", seen.remote_type,
	    MACH_PORT_TYPE_SEND_ONCE);
	rpc_msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
	    seen.remote, MACH_PORT_NULL, RPC_ID + 100, 2);
	cm_check_kr("plain reply", mach_msg(&m.head, MACH_SEND_MSG, sizeof(m),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	cm_thread_join(t);
	cm_check_kr("idle client's call", c.mr);
	cm_check_eq("idle client's reply", c.reply_id, RPC_ID + 100);
	rpc_print_fast("idle", fast);
	rpc_port_destroy(c.port);
	rpc_port_destroy(c.reply_port);
}

/* FP3: the waiting receiver's buffer is too small. */
static void
rpc_phase_small(void)
{
	mach_port_t port = rpc_served_port(), reply_port = rpc_port();
	struct cm_thread *t;
	struct rpc_msg m;
	long fast;

	t = rpc_server_start(&other_server, RPC_SERVE_ONE_SMALL, port, 0);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_request_init(&m, port, reply_port, RPC_ID, 0);
	cm_check_kr("rpc to a small buffer", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), reply_port,
	    0, MACH_PORT_NULL));
	printf("rpc_fast.small.reply_id=%d\n", m.head.msgh_id);
	rpc_print_fast("small", fast);
	rpc_server_stop(t, port);
	cm_print_code("rpc_fast.small.server_result",
	    other_server.small_result);
	rpc_port_destroy(port);
	rpc_port_destroy(reply_port);
}

/* FP2: the reply's port died. */
static void
rpc_phase_dead(void)
{
	mach_port_t port = rpc_port(), dying = rpc_port();
	struct rpc_msg m;
	mach_port_t sonce;
	long fast;

	/* A send-once right to `dying`, by a message to myself. */
	rpc_msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE), port, dying, 1, 0);
	cm_check_kr("make a send-once right", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), port, 0,
	    MACH_PORT_NULL));
	sonce = m.head.msgh_remote_port;
	rpc_port_destroy(dying);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
	    sonce, MACH_PORT_NULL, 2, 0);
	cm_print_code("rpc_fast.dead.result", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), port, 0,
	    MACH_PORT_NULL));
	rpc_print_fast("dead", fast);
	cm_check_eq("dead right is a dead name", cm_port_type(sonce),
	    MACH_PORT_TYPE_DEAD_NAME);
	cm_check_kr("deallocate dead name", mach_port_deallocate(me, sonce));
	rpc_port_destroy(port);
}

/* FP2: requests the general path refuses. */
static void
rpc_phase_bad(void)
{
	mach_port_t port = rpc_served_port(), other = MACH_PORT_NULL;
	struct rpc_msg m;
	long fast;

	/* A reply name that is a dead name, not a receive right. */
	cm_check_kr("allocate dead name", mach_port_allocate(me,
	    MACH_PORT_RIGHT_DEAD_NAME, &other));
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_request_init(&m, port, other, 3, 0);
	cm_print_code("rpc_fast.bad.reply_result", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), port, 0,
	    MACH_PORT_NULL));
	rpc_request_init(&m, (mach_port_t)0x7ffff0, port, 4, 0);
	cm_print_code("rpc_fast.bad.dest_result", mach_msg(&m.head,
	    MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m), sizeof(m), port, 0,
	    MACH_PORT_NULL));
	rpc_print_fast("bad", fast);
	cm_check_kr("deallocate dead name", mach_port_deallocate(me, other));
	rpc_port_destroy(port);
}

/*
 * Sizes are checked before the fast path is asked: a combined call that
 * would otherwise qualify gets, for each bad size, the same code as a
 * plain send, and nothing reaches the waiting server.
 */
static void
rpc_phase_sizes(void)
{
	static const struct {
		const char	*name;
		mach_msg_size_t	size;
	} sizes[] = {
		{ "zero", 0 },
		{ "short", sizeof(mach_msg_header_t) - 8 },
		{ "misaligned", sizeof(struct rpc_msg) - 4 },
		{ "past_buffer", 2 * sizeof(struct rpc_msg) },
		{ "2g", 0x7ffffff8u },
		{ "4g", 0xfffffff8u },
	};
	mach_port_t port = rpc_served_port(), reply_port = rpc_port();
	vm_address_t page = 0;
	struct rpc_msg *m;
	struct cm_thread *t;
	mach_port_status_t status;
	mach_msg_return_t combined, plain;
	char key[64];
	unsigned int i;
	long fast;

	/* The message ends its page; the next page is not mapped. */
	cm_check_kr("allocate two pages", vm_allocate(me, &page, 2 * 4096,
	    TRUE));
	cm_check_kr("unmap the second", vm_deallocate(me, page + 4096, 4096));
	m = (struct rpc_msg *)(page + 4096 - sizeof(*m));
	t = rpc_server_start(&other_server, RPC_SERVE_REPLY, port, 0);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		rpc_request_init(m, port, reply_port, RPC_ID, 0);
		combined = mach_msg(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
		    sizes[i].size, sizeof(*m), reply_port, 0, MACH_PORT_NULL);
		rpc_request_init(m, port, reply_port, RPC_ID, 0);
		plain = mach_msg(&m->head, MACH_SEND_MSG, sizes[i].size, 0,
		    MACH_PORT_NULL, 0, MACH_PORT_NULL);
		snprintf(key, sizeof(key), "rpc_fast.sizes.%s", sizes[i].name);
		cm_print_code(key, combined);
		snprintf(key, sizeof(key), "size %s: combined as plain",
		    sizes[i].name);
		cm_check_code(key, combined, plain);
	}
	rpc_print_fast("sizes", fast);
	rpc_server_stop(t, port);
	printf("rpc_fast.sizes.served=%d\n", other_server.requests);
	cm_check_kr("server port status", mach_port_get_receive_status(me,
	    port, &status));
	printf("rpc_fast.sizes.seqno=%u\n", status.mps_seqno);
	cm_check_kr("free the page", vm_deallocate(me, page, 4096));
	rpc_port_destroy(port);
	rpc_port_destroy(reply_port);
}

/* A thread that waits once on a port and keeps the result. */
struct rpc_waiter {
	mach_port_t		port;
	mach_msg_return_t	mr;
};

static void *
rpc_waiter_thread(void *arg)
{
	struct rpc_waiter *w = arg;
	struct rpc_msg m;

	w->mr = mach_msg(&m.head, MACH_RCV_MSG, 0, sizeof(m), w->port, 0,
	    MACH_PORT_NULL);
	return NULL;
}

/* Starts a waiter on w->port; returns once it waits. */
static struct cm_thread *
rpc_waiter_start(struct rpc_waiter *w)
{
	struct cm_thread *t = cm_thread_create(rpc_waiter_thread, w);
	int polls;

	for (polls = 0; polls < 2000 && cm_threads_waiting(&t, 1) == 0;
	    polls++)
		swtch();
	cm_check_eq("waiter waiting", cm_threads_waiting(&t, 1), 1);
	return t;
}

/*
 * FP3: a receiver left waiting on a port whose receive right went away
 * in a message.  The waiter gets MACH_RCV_PORT_DIED (GNU Mach's
 * ipc_port_clear_receiver); a request to the port then finds nobody waiting
 * and is queued with the port in transit, to be received where the
 * right lands.
 */
static void
rpc_phase_moved(void)
{
	struct {
		mach_msg_header_t		head;
		mach_msg_type_t			type;
		mach_port_name_inlined_t	port;
	} carry;
	struct rpc_waiter w = { rpc_served_port(), 0 };
	mach_port_t holder = rpc_port(), reply_port = rpc_port(), got;
	struct cm_thread *t;
	struct rpc_msg m;
	long fast;

	t = rpc_waiter_start(&w);
	memset(&carry, 0, sizeof(carry));
	carry.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	carry.head.msgh_size = sizeof(carry);
	carry.head.msgh_remote_port = holder;
	carry.type.msgt_name = MACH_MSG_TYPE_MOVE_RECEIVE;
	carry.type.msgt_size = 64;
	carry.type.msgt_number = 1;
	carry.type.msgt_inline = TRUE;
	carry.port.name = w.port;
	cm_check_kr("send the receive right away", mach_msg(&carry.head,
	    MACH_SEND_MSG, sizeof(carry), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL));
	cm_thread_join(t);
	cm_print_code("rpc_fast.moved.waiter", w.mr);
	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	rpc_request_init(&m, w.port, reply_port, RPC_ID, 5);
	cm_check_kr("request to the port in transit", mach_msg(&m.head,
	    MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	rpc_print_fast("moved", fast);
	cm_check_kr("the receive right arrives", mach_msg(&carry.head,
	    MACH_RCV_MSG, 0, sizeof(carry), holder, 0, MACH_PORT_NULL));
	got = carry.port.name;
	cm_check_kr("the queued request", mach_msg(&m.head, MACH_RCV_MSG, 0,
	    sizeof(m), got, 0, MACH_PORT_NULL));
	printf("rpc_fast.moved.request_value=%d\n", m.value);
	cm_check_kr("release the reply right", mach_port_deallocate(me,
	    m.head.msgh_remote_port));
	rpc_port_destroy(got);
	rpc_port_destroy(holder);
	rpc_port_destroy(reply_port);

	/* The same when the port joins a set: it is received through it. */
	w.port = rpc_port();
	t = rpc_waiter_start(&w);
	cm_check_kr("allocate set", mach_port_allocate(me,
	    MACH_PORT_RIGHT_PORT_SET, &holder));
	cm_check_kr("port into the set", mach_port_move_member(me, w.port,
	    holder));
	cm_thread_join(t);
	cm_print_code("rpc_fast.moved.set_waiter", w.mr);
	rpc_port_destroy(holder);
	rpc_port_destroy(w.port);
}

/* FP2: a kernel object's port. */
static void
rpc_phase_kernel(void)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
	long fast = cm_counter(TEST_COUNTER_MSG_FAST);

	cm_check_kr("task_info", task_info(me, TASK_BASIC_INFO,
	    (task_info_t)&info, &count));
	rpc_print_fast("kernel", fast);
}

int
main(int argc, char **argv, char **envp)
{
	long ports, kmsgs;
	int polls;

	(void)envp;
	cm_test_begin(argc, argv, "rpc_fast");
	me = mach_task_self();
	(void)mig_get_reply_port();	/* this thread's, kept to the end */
	ports = cm_counter(TEST_COUNTER_PORTS);
	kmsgs = cm_counter(TEST_COUNTER_KMSGS);
	rpc_phases_rounds();
	rpc_phase_queued();
	rpc_phase_in_set();
	rpc_phase_idle();
	rpc_phase_small();
	rpc_phase_dead();
	rpc_phase_bad();
	rpc_phase_kernel();
	rpc_phase_sizes();
	rpc_phase_moved();
	/* The threads' own ports go when the reaper has run. */
	for (polls = 0; polls < 100 && cm_counter(TEST_COUNTER_PORTS) != ports;
	    polls++)
		rpc_sleep_ms(10);
	printf("rpc_fast.ports_left=%ld\n", cm_counter(TEST_COUNTER_PORTS) -
	    ports);
	printf("rpc_fast.kmsgs_left=%ld\n", cm_counter(TEST_COUNTER_KMSGS) -
	    kmsgs);
	cm_test_end();
}

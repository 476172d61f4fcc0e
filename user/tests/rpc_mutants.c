/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/rpc_mutants.c: the RPC fast path against mutated requests,
 * differentially.
 *
 * Usage: rpc_mutants HOST DEVICE [COUNT [SEED]].  Each of COUNT requests
 * starts as MIG's (COPY_SEND to the server's port P, MAKE_SEND_ONCE of
 * the reply port R, 40 bytes) and gets random header bits, destination,
 * reply name and size from small sets of good and bad values (a dead
 * name, a name that does not exist, R as destination, sizes that are
 * short, misaligned or near 2^31).  Each mutant is sent twice with a
 * combined send and receive on R: once with exactly MACH_SEND_MSG |
 * MACH_RCV_MSG, which the fast path may take, and once with
 * MACH_RCV_TIMEOUT added, which it never takes (FP1); the server answers
 * the same way (mutants_extra), so both directions are compared.  The two results,
 * what the server received and what came back on R must be the same,
 * field by field; differences are counted (mutants.differences).
 *
 * The fast path's messages are predicted, not just counted: the first
 * send of a mutant that kept MIG's request exactly is fast, and so is
 * the first half's answer when the server sends it with the send-once
 * right the request brought (the client then waits on R with nothing
 * queued).  The test asserts mutants.fast == mutants.predicted.
 *
 * The server thread answers everything on P except send-once
 * notifications: with MOVE_SEND_ONCE on the request's send-once right
 * (which can only name R: no mutant makes one for P), else with a plain
 * message to R, so that the client's receive always ends.  R is drained
 * after every call.  Ports and messages in the kernel are back at their
 * starting counts at the end.
 */
#include <cmtest.h>
#include <cthreads.h>

#define MUTANTS_COUNT		2000
#define MUTANTS_SEED		0x5eed0fa5ULL
#define MUTANTS_ID		7000
#define MUTANTS_QUIT_ID		7999
#define MUTANTS_TIMEOUT_MS	100000	/* only to keep the fast path out */
#define MUTANTS_BUFFER		256
#define MUTANTS_INVALID_NAME	0x7fff0001u
#define NOTIFY_SEND_ONCE_ID	0107	/* MACH_NOTIFY_SEND_ONCE */

union mutants_buffer {
	mach_msg_header_t	head;
	unsigned char		bytes[MUTANTS_BUFFER];
};

/* What one side saw of a message. */
struct mutants_seen {
	mach_msg_return_t	mr;
	mach_msg_bits_t		bits;
	mach_msg_size_t		size;
	mach_msg_id_t		id;
	long			remote_type;
	int			count;		/* messages the server took */
};

static mach_port_t me, port_p, port_r, dead_name;
/* MACH_RCV_TIMEOUT while the general half of a pair runs, else 0. */
static volatile mach_msg_option_t mutants_extra;
static struct mutants_seen server_seen;
static struct cm_random rnd;

static void
mutants_note(struct mutants_seen *seen, const mach_msg_header_t *h)
{
	seen->bits = h->msgh_bits;
	seen->size = h->msgh_size;
	seen->id = h->msgh_id;
	seen->remote_type = MACH_PORT_VALID(h->msgh_remote_port) ?
	    cm_port_type(h->msgh_remote_port) : 0;
}

/* The server's answer to what it took in b (consumed). */
static mach_msg_size_t
mutants_answer(union mutants_buffer *b)
{
	mach_msg_header_t *h = &b->head;
	mach_port_t remote = h->msgh_remote_port;
	long type = MACH_PORT_VALID(remote) ? cm_port_type(remote) : 0;
	mach_msg_id_t id = h->msgh_id + 100;

	/* Whatever else the message holds goes; its remote right is ours. */
	h->msgh_remote_port = MACH_PORT_NULL;
	h->msgh_bits &= ~MACH_MSGH_BITS_REMOTE_MASK;
	mach_msg_destroy(h);
	memset(h, 0, sizeof(*h));
	if (type == MACH_PORT_TYPE_SEND_ONCE) {
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		h->msgh_remote_port = remote;
	} else {
		if (MACH_PORT_VALID(remote))
			(void)mach_port_deallocate(me, remote);
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		h->msgh_remote_port = port_r;
	}
	h->msgh_size = sizeof(*h);
	h->msgh_id = id;
	return sizeof(*h);
}

static void *
mutants_server(void *arg)
{
	static union mutants_buffer b;
	mach_msg_option_t option = MACH_RCV_MSG;
	mach_msg_size_t send_size = 0;
	mach_msg_return_t mr;

	(void)arg;
	for (;;) {
		mr = mach_msg(&b.head, option, send_size, sizeof(b), port_p,
		    (option & MACH_RCV_TIMEOUT) ? MUTANTS_TIMEOUT_MS : 0,
		    MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			cm_check_code("server receive", mr, MACH_MSG_SUCCESS);
			return NULL;
		}
		if (b.head.msgh_id == MUTANTS_QUIT_ID)
			return NULL;
		option = MACH_RCV_MSG;
		send_size = 0;
		if (b.head.msgh_id == NOTIFY_SEND_ONCE_ID)
			continue;	/* a destroyed reply right: no answer */
		server_seen.count++;
		mutants_note(&server_seen, &b.head);
		send_size = mutants_answer(&b);
		option = MACH_SEND_MSG | MACH_RCV_MSG | mutants_extra;
	}
}

/* Receives and destroys whatever waits on R. */
static void
mutants_drain(void)
{
	union mutants_buffer b;

	while (mach_msg(&b.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(b), port_r, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		mach_msg_destroy(&b.head);
}

static uint64_t
mutants_pick(uint64_t bound)
{
	return cm_random_below(&rnd, bound);
}

/* A mutant of MIG's request; *exact: it is still MIG's request. */
static void
mutants_build(union mutants_buffer *b, mach_msg_size_t *size, int *exact)
{
	static const mach_msg_type_name_t remote_types[] = {
		MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND,
		MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0,
		31,	/* never MOVE_SEND: P's one send uref would go */
	};
	static const mach_msg_type_name_t local_types[] = {
		MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND,
		MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 31,
	};
	static const mach_msg_size_t sizes[] = {
		40, 32, 36, 0, 24, 48, 0x7ffffff8u,
	};
	mach_msg_type_name_t remote_type = MACH_MSG_TYPE_COPY_SEND;
	mach_msg_type_name_t local_type = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	mach_port_t names[] = { port_p, port_r, dead_name,
	    MUTANTS_INVALID_NAME, MACH_PORT_NULL };
	mach_port_t remote = port_p, local = port_r;
	mach_msg_bits_t complex = 0;

	*size = 40;
	if (mutants_pick(2))
		remote_type = remote_types[mutants_pick(6)];
	if (mutants_pick(2))
		local_type = local_types[mutants_pick(6)];
	if (mutants_pick(3) == 0)
		remote = names[mutants_pick(5)];
	/* Never P as the reply port: the server would answer itself. */
	if (mutants_pick(3) == 0)
		local = names[1 + mutants_pick(4)];
	if (mutants_pick(4) == 0)
		*size = sizes[mutants_pick(7)];
	if (mutants_pick(8) == 0)
		complex = MACH_MSGH_BITS_COMPLEX;
	memset(b, 0, sizeof(*b));
	b->head.msgh_bits = complex | MACH_MSGH_BITS(remote_type, local_type);
	b->head.msgh_size = 40;
	b->head.msgh_remote_port = remote;
	b->head.msgh_local_port = local;
	b->head.msgh_id = MUTANTS_ID;
	cm_int32_type((mach_msg_type_t *)(b->bytes + sizeof(b->head)));
	*exact = !complex && remote_type == MACH_MSG_TYPE_COPY_SEND &&
	    local_type == MACH_MSG_TYPE_MAKE_SEND_ONCE && remote == port_p &&
	    local == port_r && *size >= sizeof(mach_msg_header_t) &&
	    *size <= MUTANTS_BUFFER && *size % 8 == 0;
}

/* One send of a mutant; what came back is in *client. */
static void
mutants_send(const union mutants_buffer *mutant, mach_msg_size_t size,
    mach_msg_option_t extra, struct mutants_seen *client,
    struct mutants_seen *server)
{
	union mutants_buffer b = *mutant;
	int before = server_seen.count;

	memset(client, 0, sizeof(*client));
	mutants_extra = extra;
	client->mr = mach_msg(&b.head, MACH_SEND_MSG | MACH_RCV_MSG | extra,
	    size, sizeof(b), port_r, extra ? MUTANTS_TIMEOUT_MS : 0,
	    MACH_PORT_NULL);
	if (client->mr == MACH_MSG_SUCCESS) {
		mutants_note(client, &b.head);
		mach_msg_destroy(&b.head);
	}
	mutants_drain();
	*server = server_seen;
	server->count = server_seen.count - before;
}

static int
mutants_differ(const struct mutants_seen *a, const struct mutants_seen *b)
{
	return a->mr != b->mr || a->bits != b->bits || a->size != b->size ||
	    a->id != b->id || a->remote_type != b->remote_type ||
	    a->count != b->count;
}

int
main(int argc, char **argv, char **envp)
{
	long count = argc > 3 ? cm_atol(argv[3]) : MUTANTS_COUNT;
	uint64_t seed = argc > 4 ? (uint64_t)cm_atol(argv[4]) : MUTANTS_SEED;
	struct mutants_seen client[2], server[2];
	long i, differences = 0, predicted = 0, delivered = 0, ports, kmsgs;
	long fast;
	union mutants_buffer mutant;
	mach_msg_header_t quit;
	mach_msg_size_t size;
	struct cm_thread *t;
	int exact, polls;

	(void)envp;
	cm_test_begin(argc, argv, "rpc_mutants");
	me = mach_task_self();
	(void)mig_get_reply_port();	/* this thread's, kept to the end */
	ports = cm_counter(TEST_COUNTER_PORTS);
	kmsgs = cm_counter(TEST_COUNTER_KMSGS);
	cm_random_seed(&rnd, seed);
	printf("mutants.count=%ld\nmutants.seed=0x%lx\n", count,
	    (unsigned long)seed);
	cm_check_kr("allocate P", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &port_p));
	cm_check_kr("send right to P", mach_port_insert_right(me, port_p,
	    port_p, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("allocate R", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &port_r));
	cm_check_kr("allocate a dead name", mach_port_allocate(me,
	    MACH_PORT_RIGHT_DEAD_NAME, &dead_name));
	t = cm_thread_create(mutants_server, NULL);
	for (polls = 0; polls < 2000 && cm_threads_waiting(&t, 1) == 0;
	    polls++)
		swtch();
	cm_check_eq("server waiting", cm_threads_waiting(&t, 1), 1);

	fast = cm_counter(TEST_COUNTER_MSG_FAST);
	for (i = 0; i < count; i++) {
		mutants_build(&mutant, &size, &exact);
		mutants_send(&mutant, size, 0, &client[0], &server[0]);
		mutants_send(&mutant, size, MACH_RCV_TIMEOUT, &client[1],
		    &server[1]);
		differences += mutants_differ(&client[0], &client[1]);
		differences += mutants_differ(&server[0], &server[1]);
		predicted += exact;
		/* An answer with the request's send-once right: fast. */
		if (server[0].count && server[0].remote_type ==
		    MACH_PORT_TYPE_SEND_ONCE)
			predicted++;
		delivered += server[0].count;
	}
	fast = cm_counter(TEST_COUNTER_MSG_FAST) - fast;
	printf("mutants.delivered=%ld\n", delivered);
	printf("mutants.differences=%ld\n", differences);
	printf("mutants.fast=%ld\n", fast);
	printf("mutants.predicted=%ld\n", predicted);

	memset(&quit, 0, sizeof(quit));
	quit.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	quit.msgh_size = sizeof(quit);
	quit.msgh_remote_port = port_p;
	quit.msgh_id = MUTANTS_QUIT_ID;
	cm_check_kr("send quit", mach_msg(&quit, MACH_SEND_MSG, sizeof(quit),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	cm_thread_join(t);
	cm_check_kr("destroy P", mach_port_destroy(me, port_p));
	cm_check_kr("destroy R", mach_port_destroy(me, port_r));
	cm_check_kr("dead name", mach_port_deallocate(me, dead_name));
	for (polls = 0; polls < 100 && cm_counter(TEST_COUNTER_PORTS) != ports;
	    polls++)
		swtch();
	printf("mutants.ports_left=%ld\n", cm_counter(TEST_COUNTER_PORTS) -
	    ports);
	printf("mutants.kmsgs_left=%ld\n", cm_counter(TEST_COUNTER_KMSGS) -
	    kmsgs);
	cm_test_end();
}

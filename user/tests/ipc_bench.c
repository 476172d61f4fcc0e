/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/ipc_bench.c: what Mach IPC costs, in guest instructions
 * (issue 4's benchmark).  bench/run_ipc.py boots it under
 * `-icount shift=0,sleep=off`, where rdtsc counts executed guest
 * instructions exactly; design/11-benchmarks.md explains the figures.
 *
 * One task, two threads, as in the GNU Mach figures the issue quotes:
 *
 *   client (the main thread)            server (a cthread)
 *   mach_msg(SEND|RCV) request  ----->  receives it, handles it,
 *     to the server port, reply port    mach_msg(SEND|RCV): the reply to
 *     from mach_reply_port(),           the send-once right, then waits
 *     waits on the reply port   <-----  for the next request
 *
 * Only traps are needed for the messages (mach_reply_port, mach_msg);
 * the send right to the server port comes from a message to ourselves
 * (ipc_bench_make_send), so the program runs on GNU Mach as it is.
 *
 * Cases.  Every request carries the payload; every reply is a bare
 * header, so a case minus null_rpc is what its payload costs.
 *
 *   null_rpc          header only
 *   inline_1k         one 1024-byte inline datum
 *   ool_<size>_moved  <size> out of line with deallocate, from a region
 *                     vm_allocate'd (page aligned) and written just
 *                     before the call: the kernel may move its pages
 *   ool_<size>_copied the same without deallocate, from one region
 *                     written once: the kernel shares it copy-on-write
 *                     (needs_copy) and, as it is never written again,
 *                     copies nothing
 *
 * For out-of-line requests the server reads the first word of every
 * page it received (so a lazy mapping pays its faults here) and
 * vm_deallocates the region before it replies: a transfer is over when
 * the receiver has used the memory and given it back.
 *
 * Measure: each call is timed alone, rdtsc just before mach_msg() and
 * just after it returns, so the client's own preparation (allocating
 * and writing the moved region) is outside the window; the server's
 * work is inside it.  The cost of the empty window (probe) is measured
 * and subtracted.  Each case first runs warm-up rounds, not timed (the
 * first calls fill the kernel's caches, make page tables and so on).
 * A figure is the mean over the timed rounds, rounded down; _min and
 * _max show how far single rounds stray (a clock interrupt every 10 ms
 * of guest time, i.e. every 10^7 instructions, lands in some).
 *
 * Extra figures: null_rpc_send_receive_self and
 * inline_1k_send_receive_self, one thread sending the request to a port
 * it receives from, in one mach_msg: the message path without a thread
 * switch (and with no reply port); and per out-of-line case the part of
 * the round trip the server spent in vm_deallocate (_server_deallocate).
 *
 * Output: bench.<case>=N, bench.<case>_min/_max, bench.<case>_rounds,
 * bench.<case>_warmup_rounds, bench.<ool case>_per_page,
 * bench.probe=N, then "ipc_bench: all checks passed" (cmtest.h).
 */
#include <cmtest.h>
#include <cthreads.h>

#define IPC_BENCH_PAGE_BYTES	4096UL
#define IPC_BENCH_INLINE_BYTES	1024

/* Message ids: requests by kind; replies are id + 100 (MIG's rule). */
#define IPC_BENCH_ID_NULL	6000
#define IPC_BENCH_ID_INLINE	6001
#define IPC_BENCH_ID_OOL	6002
#define IPC_BENCH_ID_MAKE_SEND	6003
#define IPC_BENCH_ID_QUIT	6099

/* Rounds of the probe's own measurement. */
#define IPC_BENCH_PROBE_ROUNDS	100

struct ipc_bench_inline_request {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	char			data[IPC_BENCH_INLINE_BYTES];
};

struct ipc_bench_ool_request {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

/* One buffer holds any request or reply, with room to spare. */
union ipc_bench_message {
	mach_msg_header_t		head;
	struct ipc_bench_inline_request	inline_request;
	struct ipc_bench_ool_request	ool_request;
	char				space[2 * IPC_BENCH_INLINE_BYTES];
};

enum ipc_bench_kind {
	IPC_BENCH_NULL,
	IPC_BENCH_INLINE,
	IPC_BENCH_OOL_MOVED,
	IPC_BENCH_OOL_COPIED,
};

struct ipc_bench_case {
	const char		*name;		/* bench.<name>= */
	enum ipc_bench_kind	kind;
	vm_size_t		bytes;		/* out-of-line payload */
	int			warmup_rounds;
	int			rounds;		/* timed */
};

/*
 * Rounds: enough that the mean is steady, few enough that the whole
 * program stays under a second of guest time (at most ~10^9
 * instructions; copying 1 MiB byte by byte is the long one).
 */
static const struct ipc_bench_case ipc_bench_cases[] = {
	{ "null_rpc",		IPC_BENCH_NULL,		0,		100, 1000 },
	{ "inline_1k",		IPC_BENCH_INLINE,	0,		100, 1000 },
	{ "ool_64k_moved",	IPC_BENCH_OOL_MOVED,	64 * 1024,	10, 100 },
	{ "ool_64k_copied",	IPC_BENCH_OOL_COPIED,	64 * 1024,	10, 100 },
	{ "ool_1m_moved",	IPC_BENCH_OOL_MOVED,	1024 * 1024,	3, 20 },
	{ "ool_1m_copied",	IPC_BENCH_OOL_COPIED,	1024 * 1024,	3, 20 },
};

#define IPC_BENCH_CASES \
	(sizeof(ipc_bench_cases) / sizeof(ipc_bench_cases[0]))

static mach_port_t me;
static mach_port_t server_port;		/* receive and send right */

/*
 * Shared with the server thread.  The client sets server_timing before
 * a timed run; the server adds to the totals before it replies, so the
 * client reads them after its last reply without a lock.
 */
static volatile int server_timing;
static volatile uint64_t server_deallocate_instructions;
static volatile int server_bad_pages;	/* first word not as written */
static volatile int server_errors;

static inline uint64_t
ipc_bench_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* The word the client writes at the start of page `page` of a region. */
static inline uint32_t
ipc_bench_page_word(vm_size_t page, vm_size_t bytes)
{
	return (uint32_t)(page * 2654435761u) ^ (uint32_t)bytes;
}

/* Cost of an empty rdtsc window, subtracted from every figure. */
static uint64_t
ipc_bench_probe(void)
{
	uint64_t t0, t1, least = ~0ULL;
	int i;

	for (i = 0; i < IPC_BENCH_PROBE_ROUNDS; i++) {
		t0 = ipc_bench_rdtsc();
		t1 = ipc_bench_rdtsc();
		if (t1 - t0 < least)
			least = t1 - t0;
	}
	return least;
}

/*
 * ipc_bench_make_send: gives us a send right to `port`, whose receive
 * right we hold, with traps only: a message to the port carrying a
 * made send right as its reply port arrives with that right.
 */
static mach_msg_return_t
ipc_bench_make_send(mach_port_t port)
{
	mach_msg_header_t h;
	mach_msg_return_t mr;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_TYPE_MAKE_SEND);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = port;
	h.msgh_local_port = port;
	h.msgh_id = IPC_BENCH_ID_MAKE_SEND;
	mr = mach_msg(&h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(h), sizeof(h),
	    port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && h.msgh_remote_port != port)
		mr = MACH_RCV_INVALID_NAME;	/* the right came under another name */
	return mr;
}

/* Server: checks and gives back an out-of-line region it received. */
static void
ipc_bench_server_ool(struct ipc_bench_ool_request *request)
{
	vm_size_t bytes = request->type.msgtl_number, page;
	volatile uint32_t *word;
	uint64_t t0, t1;
	kern_return_t kr;

	if (request->data == 0 || (request->data & (IPC_BENCH_PAGE_BYTES - 1))) {
		server_errors++;
		return;
	}
	for (page = 0; page < bytes / IPC_BENCH_PAGE_BYTES; page++) {
		word = (volatile uint32_t *)(request->data +
		    page * IPC_BENCH_PAGE_BYTES);
		if (*word != ipc_bench_page_word(page, bytes))
			server_bad_pages++;
	}
	t0 = ipc_bench_rdtsc();
	kr = vm_deallocate(me, request->data, bytes);
	t1 = ipc_bench_rdtsc();
	if (kr != KERN_SUCCESS)
		server_errors++;
	if (server_timing)
		server_deallocate_instructions += t1 - t0;
}

/*
 * The server thread: receive a request; then, like mach_msg_server,
 * send the reply and wait for the next request in one mach_msg.  The
 * reply is written over the request (one buffer).
 */
static void *
ipc_bench_server(void *arg)
{
	union ipc_bench_message m;
	mach_msg_header_t *h = &m.head;
	mach_msg_option_t option = MACH_RCV_MSG;
	mach_msg_size_t send_size = 0;
	mach_msg_return_t mr;
	mach_port_t reply;
	mach_msg_id_t id;

	(void)arg;
	for (;;) {
		mr = mach_msg(h, option, send_size, sizeof(m), server_port,
		    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			printf("ipc_bench: server: mach_msg: %s\n",
			    cm_error_name(mr));
			server_errors++;
			return NULL;
		}
		id = h->msgh_id;
		reply = h->msgh_remote_port;
		if (id == IPC_BENCH_ID_OOL)
			ipc_bench_server_ool(&m.ool_request);
		else if (id != IPC_BENCH_ID_NULL && id != IPC_BENCH_ID_INLINE &&
		    id != IPC_BENCH_ID_QUIT)
			server_errors++;
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		h->msgh_size = sizeof(*h);
		h->msgh_remote_port = reply;
		h->msgh_local_port = MACH_PORT_NULL;
		h->msgh_id = id + 100;
		if (id == IPC_BENCH_ID_QUIT) {
			mr = mach_msg(h, MACH_SEND_MSG, sizeof(*h), 0,
			    MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
			    MACH_PORT_NULL);
			if (mr != MACH_MSG_SUCCESS)
				server_errors++;
			return NULL;
		}
		option = MACH_SEND_MSG | MACH_RCV_MSG;
		send_size = sizeof(*h);
	}
}

/* Client: writes the request of case c into m (header last). */
static void
ipc_bench_request(const struct ipc_bench_case *c, union ipc_bench_message *m,
    mach_port_t reply_port, vm_address_t region, mach_msg_size_t *size)
{
	mach_msg_header_t *h = &m->head;

	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = server_port;
	h->msgh_local_port = reply_port;
	h->msgh_seqno = 0;
	switch (c->kind) {
	case IPC_BENCH_NULL:
		h->msgh_id = IPC_BENCH_ID_NULL;
		*size = sizeof(*h);
		break;
	case IPC_BENCH_INLINE:
		h->msgh_id = IPC_BENCH_ID_INLINE;
		*size = sizeof(m->inline_request);
		/* The type only: the data may be whatever is there. */
		memset(&m->inline_request.type, 0,
		    sizeof(m->inline_request.type));
		m->inline_request.type.msgt_name = MACH_MSG_TYPE_BYTE;
		m->inline_request.type.msgt_size = 8;
		m->inline_request.type.msgt_number = IPC_BENCH_INLINE_BYTES;
		m->inline_request.type.msgt_inline = TRUE;
		break;
	default:
		h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		h->msgh_id = IPC_BENCH_ID_OOL;
		*size = sizeof(m->ool_request);
		memset(&m->ool_request.type, 0, sizeof(m->ool_request.type));
		m->ool_request.type.msgtl_name = MACH_MSG_TYPE_BYTE;
		m->ool_request.type.msgtl_size = 8;
		m->ool_request.type.msgtl_number = c->bytes;
		m->ool_request.type.msgtl_inline = FALSE;
		m->ool_request.type.msgtl_longform = TRUE;
		m->ool_request.type.msgtl_deallocate =
		    c->kind == IPC_BENCH_OOL_MOVED;
		m->ool_request.data = region;
		break;
	}
	h->msgh_size = *size;
}

/* Client: a region of c->bytes with every page's first word written. */
static vm_address_t
ipc_bench_region(const struct ipc_bench_case *c)
{
	vm_address_t a = 0;
	vm_size_t page;

	if (vm_allocate(me, &a, c->bytes, TRUE) != KERN_SUCCESS)
		return 0;
	for (page = 0; page < c->bytes / IPC_BENCH_PAGE_BYTES; page++)
		*(volatile uint32_t *)(a + page * IPC_BENCH_PAGE_BYTES) =
		    ipc_bench_page_word(page, c->bytes);
	return a;
}

struct ipc_bench_result {
	uint64_t	total;		/* instructions, probe included */
	uint64_t	least, most;	/* single rounds, probe subtracted */
	int		failures;
};

/* Runs `rounds` calls of case c; times them if `timed`. */
static void
ipc_bench_run(const struct ipc_bench_case *c, int rounds, int timed,
    mach_port_t reply_port, uint64_t probe, struct ipc_bench_result *r)
{
	union ipc_bench_message m;
	vm_address_t copied_region = 0, region = 0;
	mach_msg_size_t size;
	mach_msg_return_t mr;
	mach_msg_id_t want;
	uint64_t t0, t1, d;
	int i;

	memset(r, 0, sizeof(*r));
	r->least = ~0ULL;
	memset(&m, 0, sizeof(m));
	if (c->kind == IPC_BENCH_OOL_COPIED) {
		copied_region = ipc_bench_region(c);
		if (copied_region == 0) {
			r->failures = rounds;
			return;
		}
	}
	server_timing = timed;
	for (i = 0; i < rounds; i++) {
		region = c->kind == IPC_BENCH_OOL_MOVED ?
		    ipc_bench_region(c) : copied_region;
		if (c->bytes != 0 && region == 0) {
			r->failures++;
			continue;
		}
		ipc_bench_request(c, &m, reply_port, region, &size);
		want = m.head.msgh_id + 100;
		t0 = ipc_bench_rdtsc();
		mr = mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG, size,
		    sizeof(m), reply_port, MACH_MSG_TIMEOUT_NONE,
		    MACH_PORT_NULL);
		t1 = ipc_bench_rdtsc();
		if (mr != MACH_MSG_SUCCESS || m.head.msgh_id != want) {
			if (r->failures++ == 0)
				printf("ipc_bench: %s: round %d: %s id %d\n",
				    c->name, i, cm_error_name(mr),
				    m.head.msgh_id);
			continue;
		}
		d = t1 - t0 - probe;
		r->total += t1 - t0;
		if (d < r->least)
			r->least = d;
		if (d > r->most)
			r->most = d;
	}
	server_timing = 0;
	if (copied_region != 0)
		(void)vm_deallocate(me, copied_region, c->bytes);
}

static void
ipc_bench_case_run(const struct ipc_bench_case *c, mach_port_t reply_port,
    uint64_t probe)
{
	struct ipc_bench_result warm, r;
	uint64_t mean, deallocate_mean;
	char what[80];

	ipc_bench_run(c, c->warmup_rounds, 0, reply_port, probe, &warm);
	server_deallocate_instructions = 0;
	ipc_bench_run(c, c->rounds, 1, reply_port, probe, &r);
	snprintf(what, sizeof(what), "%s: failed rounds", c->name);
	cm_check_eq(what, warm.failures + r.failures, 0);
	if (r.failures == c->rounds)
		return;
	mean = r.total / (uint64_t)(c->rounds - r.failures) - probe;
	printf("bench.%s=%lu\n", c->name, (unsigned long)mean);
	printf("bench.%s_min=%lu\n", c->name, (unsigned long)r.least);
	printf("bench.%s_max=%lu\n", c->name, (unsigned long)r.most);
	printf("bench.%s_rounds=%d\n", c->name, c->rounds - r.failures);
	printf("bench.%s_warmup_rounds=%d\n", c->name, c->warmup_rounds);
	if (c->bytes == 0)
		return;
	printf("bench.%s_per_page=%lu\n", c->name,
	    (unsigned long)(mean / (c->bytes / IPC_BENCH_PAGE_BYTES)));
	deallocate_mean = server_deallocate_instructions /
	    (uint64_t)(c->rounds - r.failures);
	printf("bench.%s_server_deallocate=%lu\n", c->name,
	    (unsigned long)(deallocate_mean > probe ?
	    deallocate_mean - probe : 0));
}

/*
 * One thread sends the request of case c (null or inline) to a port it
 * receives from, in one mach_msg: no thread switch.  Prints
 * bench.<c->name>_send_receive_self.
 */
static void
ipc_bench_self(const struct ipc_bench_case *c, uint64_t probe)
{
	union ipc_bench_message m;
	mach_msg_size_t size;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	uint64_t t0, t1, total = 0;
	char what[80];
	int i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < c->warmup_rounds + c->rounds &&
	    mr == MACH_MSG_SUCCESS; i++) {
		ipc_bench_request(c, &m, MACH_PORT_NULL, 0, &size);
		m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		t0 = ipc_bench_rdtsc();
		mr = mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG, size,
		    sizeof(m), server_port, MACH_MSG_TIMEOUT_NONE,
		    MACH_PORT_NULL);
		t1 = ipc_bench_rdtsc();
		if (i >= c->warmup_rounds)
			total += t1 - t0;
	}
	snprintf(what, sizeof(what), "%s: send and receive on our own port",
	    c->name);
	if (!cm_check_kr(what, mr))
		return;
	printf("bench.%s_send_receive_self=%lu\n", c->name,
	    (unsigned long)(total / (uint64_t)c->rounds - probe));
	printf("bench.%s_send_receive_self_rounds=%d\n", c->name, c->rounds);
}

static void
ipc_bench_quit(mach_port_t reply_port)
{
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = server_port;
	h.msgh_local_port = reply_port;
	h.msgh_id = IPC_BENCH_ID_QUIT;
	cm_check_kr("quit", mach_msg(&h, MACH_SEND_MSG | MACH_RCV_MSG,
	    sizeof(h), sizeof(h), reply_port, MACH_MSG_TIMEOUT_NONE,
	    MACH_PORT_NULL));
}

int
main(int argc, char **argv, char **envp)
{
	struct cm_thread *server;
	mach_port_t reply_port;
	uint64_t probe;
	unsigned int i;

	(void)envp;
	cm_test_begin(argc, argv, "ipc_bench");
	me = mach_task_self();
	server_port = mach_reply_port();
	reply_port = mach_reply_port();
	if (!cm_check(MACH_PORT_VALID(server_port) &&
	    MACH_PORT_VALID(reply_port), "mach_reply_port gives ports"))
		cm_test_end();
	if (!cm_check_kr("send right to the server port",
	    ipc_bench_make_send(server_port)))
		cm_test_end();
	probe = ipc_bench_probe();
	printf("bench.probe=%lu\n", (unsigned long)probe);
	ipc_bench_self(&ipc_bench_cases[0], probe);	/* null_rpc */
	ipc_bench_self(&ipc_bench_cases[1], probe);	/* inline_1k */

	server = cm_thread_create(ipc_bench_server, NULL);
	if (!cm_check(server != NULL, "server thread"))
		cm_test_end();
	for (i = 0; i < IPC_BENCH_CASES; i++)
		ipc_bench_case_run(&ipc_bench_cases[i], reply_port, probe);
	ipc_bench_quit(reply_port);
	cm_thread_join(server);
	cm_check_eq("server errors", server_errors, 0);
	cm_check_eq("out-of-line pages with the wrong first word",
	    server_bad_pages, 0);
	printf("bench.cases=%u\n", (unsigned int)IPC_BENCH_CASES);
	cm_test_end();
}

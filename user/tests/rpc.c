/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/rpc.c: request/reply round trips, in one task and between
 * two tasks.
 *
 * Protocol: a request (id RPC_REQUEST_ID) carries one integer; the reply
 * (id + 100, mig_reply_header_t layout) carries RetCode KERN_SUCCESS and
 * the integer plus one.  RPC_QUIT_ID asks the server to stop.
 *
 *   rpc HOST DEVICE threads      a server thread (mach_msg_server) and
 *                                RPC_CLIENTS client threads, each doing
 *                                RPC_CALLS combined send/receive calls on
 *                                its own reply port.
 *   rpc HOST DEVICE serve        puts its port in its TASK_BOOTSTRAP_PORT
 *                                and serves until told to quit, then ends
 *                                its task (task_terminate).
 *   rpc HOST DEVICE call TASK    TASK is the server's task port (the boot
 *                                script's ${name} of the serve line's
 *                                $(name=task-create)); finds the server
 *                                port by task_get_special_port, calls it
 *                                RPC_CALLS times, asks for a dead-name
 *                                notification, tells it to quit and waits
 *                                for the notification: its port died with
 *                                its task.
 */
#include <cmtest.h>
#include <cthreads.h>

#define RPC_REQUEST_ID	5000
#define RPC_QUIT_ID	5999
#define RPC_CLIENTS	4
#define RPC_CALLS	50
#define RPC_FIND_POLLS	100000

struct rpc_request {
	mach_msg_header_t	head;
	mach_msg_type_t		value_type;
	int32_t			value;
	int32_t			pad;
};

struct rpc_reply {
	mig_reply_header_t	hdr;
	mach_msg_type_t		value_type;
	int32_t			value;
	int32_t			pad;
};

static mach_port_t me;
static volatile int rpc_quit;
static volatile int rpc_client_failures;

/* The server's demux: answers RPC_REQUEST_ID, notes RPC_QUIT_ID. */
static boolean_t
rpc_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	struct rpc_request *request = (struct rpc_request *)in;
	struct rpc_reply *reply = (struct rpc_reply *)out;

	mig_reply_setup(in, out);
	cm_int32_type(&reply->hdr.RetCodeType);
	if (in->msgh_id == RPC_QUIT_ID) {
		rpc_quit = 1;
		reply->hdr.RetCode = MIG_NO_REPLY;
		return TRUE;
	}
	if (in->msgh_id != RPC_REQUEST_ID ||
	    in->msgh_size != sizeof(*request)) {
		reply->hdr.RetCode = MIG_BAD_ID;
		return FALSE;
	}
	reply->hdr.RetCode = KERN_SUCCESS;
	cm_int32_type(&reply->value_type);
	reply->value = request->value + 1;
	out->msgh_size = sizeof(*reply);
	return TRUE;
}

/* One call; returns the answer, or -1 on any error. */
static int32_t
rpc_call(mach_port_t server, int32_t value)
{
	union {
		struct rpc_request	request;
		struct rpc_reply	reply;
	} m;
	mach_port_t reply_port = mig_get_reply_port();
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	m.request.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.request.head.msgh_size = sizeof(m.request);
	m.request.head.msgh_remote_port = server;
	m.request.head.msgh_local_port = reply_port;
	m.request.head.msgh_id = RPC_REQUEST_ID;
	cm_int32_type(&m.request.value_type);
	m.request.value = value;
	mr = mach_msg(&m.request.head, MACH_SEND_MSG | MACH_RCV_MSG,
	    sizeof(m.request), sizeof(m), reply_port, MACH_MSG_TIMEOUT_NONE,
	    MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(reply_port);
		return -1;
	}
	if (m.reply.hdr.Head.msgh_id != RPC_REQUEST_ID + 100 ||
	    m.reply.hdr.RetCode != KERN_SUCCESS)
		return -1;
	return m.reply.value;
}

static void
rpc_send_quit(mach_port_t server)
{
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = server;
	h.msgh_id = RPC_QUIT_ID;
	cm_check_kr("send quit", mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
}

static void
rpc_serve_until_quit(mach_port_t p)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	while (!rpc_quit && mr == MACH_MSG_SUCCESS)
		mr = mach_msg_server_once(rpc_demux, 256, p);
	cm_check_kr("server loop", mr);
}

static void *
rpc_server_thread(void *arg)
{
	rpc_serve_until_quit((mach_port_t)(uintptr_t)arg);
	return NULL;
}

static void *
rpc_client_thread(void *arg)
{
	mach_port_t server = (mach_port_t)(uintptr_t)arg;
	int i;

	for (i = 0; i < RPC_CALLS; i++) {
		int32_t value = 1000 + 3 * i;

		if (rpc_call(server, value) != value + 1)
			__atomic_add_fetch(&rpc_client_failures, 1,
			    __ATOMIC_RELAXED);
	}
	return NULL;
}

static void
rpc_threads(void)
{
	mach_port_t p = cm_port_with_send();
	struct cm_thread *server, *clients[RPC_CLIENTS];
	int i, started = 0;

	server = cm_thread_create(rpc_server_thread, (void *)(uintptr_t)p);
	cm_check(server != NULL, "server thread");
	for (i = 0; i < RPC_CLIENTS; i++) {
		clients[i] = cm_thread_create(rpc_client_thread,
		    (void *)(uintptr_t)p);
		started += clients[i] != NULL;
	}
	cm_check_eq("client threads", started, RPC_CLIENTS);
	for (i = 0; i < RPC_CLIENTS; i++) {
		if (clients[i] != NULL)
			cm_thread_join(clients[i]);
	}
	cm_check_eq("wrong answers", rpc_client_failures, 0);
	printf("rpc.calls=%d\n", started * RPC_CALLS);
	printf("rpc.wrong_answers=%d\n", rpc_client_failures);
	cm_check_eq("main thread call", rpc_call(p, 41), 42);
	rpc_send_quit(p);
	if (server != NULL)
		cm_thread_join(server);
	(void)mach_port_destroy(me, p);
}

static void
rpc_serve(void)
{
	mach_port_t p = cm_port_with_send();

	cm_check_kr("publish port", task_set_special_port(me,
	    TASK_BOOTSTRAP_PORT, p));
	printf("rpc.server_ready=1\n");
	rpc_serve_until_quit(p);
	printf("rpc.server_quit=1\n");
	(void)task_terminate(me);
	cm_exit(cm_test_failures == 0 ? 0 : 1);
}

static void
rpc_call_other_task(mach_port_t server_task)
{
	mach_port_t server = MACH_PORT_NULL, np = MACH_PORT_NULL, previous;
	mach_dead_name_notification_t note;
	int i, polls, wrong = 0;

	for (polls = 0; polls < RPC_FIND_POLLS; polls++) {
		if (task_get_special_port(server_task, TASK_BOOTSTRAP_PORT,
		    &server) == KERN_SUCCESS && MACH_PORT_VALID(server))
			break;
		swtch();
	}
	if (!cm_check(MACH_PORT_VALID(server), "found the server's port"))
		return;
	printf("rpc.find_polls=%d\n", polls);
	for (i = 0; i < RPC_CALLS; i++)
		wrong += rpc_call(server, 7 * i) != 7 * i + 1;
	cm_check_eq("wrong answers from the other task", wrong, 0);
	printf("rpc.task_calls=%d\n", RPC_CALLS);
	printf("rpc.task_wrong_answers=%d\n", wrong);
	cm_check_kr("notify port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &np));
	cm_check_kr("request dead-name", mach_port_request_notification(me,
	    server, MACH_NOTIFY_DEAD_NAME, 0, np,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous));
	rpc_send_quit(server);
	memset(&note, 0, sizeof(note));
	cm_check_kr("dead-name notification arrives", mach_msg(&note.not_header,
	    MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(note), np, 10000,
	    MACH_PORT_NULL));
	cm_check_eq("notification id", note.not_header.msgh_id,
	    MACH_NOTIFY_DEAD_NAME);
	cm_check_eq("notification names the server port", note.not_port,
	    server);
	printf("rpc.server_died_notified=%d\n", note.not_header.msgh_id ==
	    MACH_NOTIFY_DEAD_NAME && note.not_port == server);
}

int
main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 3 ? argv[3] : "threads";

	(void)envp;
	cm_test_begin(argc, argv, "rpc");
	me = mach_task_self();
	if (strcmp(mode, "serve") == 0)
		rpc_serve();
	else if (strcmp(mode, "call") == 0 && argc > 4)
		rpc_call_other_task((mach_port_t)cm_atol(argv[4]));
	else
		rpc_threads();
	cm_test_end();
}

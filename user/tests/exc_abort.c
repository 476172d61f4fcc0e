/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/exc_abort.c: an exception wait ended by thread_abort, and
 * the reply that comes after it.
 *
 * A second thread, with this program's port as its exception port (the
 * task's too), executes int3, sets `stage` to 1, executes int3 again and
 * sets `stage` to 2.  The main thread receives the first request, keeps
 * its reply right, waits until the thread is blocked, and aborts it.  As
 * in GNU Mach (thread_abort destroys the thread's reply port), the
 * exception is given up and the thread returns to user mode: after the
 * int3, so it reaches the second one.  Then the late reply to the first
 * request (KERN_SUCCESS) is sent: its port died with the abort, so it
 * fails with MACH_SEND_INVALID_DEST and cannot answer the second
 * request.  The second request is answered KERN_SUCCESS and the thread
 * ends.  Before, the abort moved the first exception on to the task's
 * port (a second request for the same int3, stage 0), and the late reply
 * was taken as that one's answer.
 *
 * Prints exc_abort.first=<exception>,<stage>, exc_abort.abort=<code>,
 * exc_abort.second=<exception>,<stage>, exc_abort.late_reply=<code>,
 * exc_abort.reply=<code>, exc_abort.stage=<final stage>,
 * exc_abort.names_delta=<our names after, minus before>.
 */
#include <cmtest.h>
#include <cthreads.h>
#include <mach/exception.h>

#define EXC_ABORT_REPLY_ID	2500	/* exception_raise's reply */
#define EXC_ABORT_TIMEOUT_MS	5000

/* exception_raise's request on x86_64 (exc.defs). */
struct exc_abort_request {
	mach_msg_header_t		head;
	mach_msg_type_t			thread_type;
	mach_port_name_inlined_t	thread;
	mach_msg_type_t			task_type;
	mach_port_name_inlined_t	task;
	mach_msg_type_t			exception_type;
	integer_t			exception;
	char				exception_pad[4];
	mach_msg_type_t			code_type;
	integer_t			code;
	char				code_pad[4];
	mach_msg_type_t			subcode_type;
	int64_t				subcode;
};

static mach_port_t me, exc_port;
static volatile int stage;

static void *
exc_abort_thread(void *arg)
{
	(void)arg;
	__asm__ volatile("int3");
	stage = 1;
	__asm__ volatile("int3");
	stage = 2;
	return NULL;
}

/* Receives one request; drops the thread and task rights it carried. */
static mach_msg_return_t
exc_abort_receive(struct exc_abort_request *rq)
{
	mach_msg_return_t mr;

	mr = mach_msg(&rq->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(*rq), exc_port, EXC_ABORT_TIMEOUT_MS, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	(void)mach_port_deallocate(me, rq->thread.name);
	(void)mach_port_deallocate(me, rq->task.name);
	return mr;
}

static mach_msg_return_t
exc_abort_reply(mach_port_t reply, kern_return_t code)
{
	mig_reply_header_t r;

	memset(&r, 0, sizeof(r));
	r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	r.Head.msgh_size = sizeof(r);
	r.Head.msgh_remote_port = reply;
	r.Head.msgh_id = EXC_ABORT_REPLY_ID;
	cm_int32_type(&r.RetCodeType);
	r.RetCode = code;
	return mach_msg(&r.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(r),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* Waits until thread t is blocked in the kernel. */
static void
exc_abort_wait_blocked(struct cm_thread *t)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count;
	int polls;

	info.run_state = 0;
	for (polls = 0; polls < 100000; polls++) {
		count = THREAD_BASIC_INFO_COUNT;
		if (thread_info(t->kernel_thread, THREAD_BASIC_INFO,
		    (thread_info_t)&info, &count) == KERN_SUCCESS &&
		    info.run_state == TH_STATE_WAITING)
			break;
		swtch();
	}
	cm_check_eq("thread blocked", info.run_state, TH_STATE_WAITING);
}

int
main(int argc, char **argv, char **envp)
{
	struct exc_abort_request first, second;
	mach_port_t task_port_before = MACH_PORT_NULL;
	struct cm_thread *t;
	long names;

	(void)envp;
	cm_test_begin(argc, argv, "exc_abort");
	me = mach_task_self();
	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &exc_port));
	cm_check_kr("insert", mach_port_insert_right(me, exc_port, exc_port,
	    MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("get task port", task_get_special_port(me,
	    TASK_EXCEPTION_PORT, &task_port_before));
	cm_check_kr("set task port", task_set_special_port(me,
	    TASK_EXCEPTION_PORT, exc_port));
	names = cm_port_name_count();
	t = cm_thread_create(exc_abort_thread, NULL);
	cm_check_kr("set thread port", thread_set_special_port(
	    t->kernel_thread, THREAD_EXCEPTION_PORT, exc_port));

	cm_check_kr("first request", exc_abort_receive(&first));
	printf("exc_abort.first=%d,%d\n", first.exception, stage);
	exc_abort_wait_blocked(t);
	cm_print_code("exc_abort.abort", thread_abort(t->kernel_thread));
	cm_check_kr("second request", exc_abort_receive(&second));
	printf("exc_abort.second=%d,%d\n", second.exception, stage);
	cm_print_code("exc_abort.late_reply", exc_abort_reply(
	    first.head.msgh_remote_port, KERN_SUCCESS));
	cm_print_code("exc_abort.reply", exc_abort_reply(
	    second.head.msgh_remote_port, KERN_SUCCESS));
	cm_thread_join(t);
	printf("exc_abort.stage=%d\n", stage);
	/* The late reply's send-once right is a dead name now, or gone. */
	(void)mach_port_deallocate(me, first.head.msgh_remote_port);
	printf("exc_abort.names_delta=%ld\n", cm_port_name_count() - names);
	(void)task_set_special_port(me, TASK_EXCEPTION_PORT,
	    task_port_before);
	cm_test_end();
}

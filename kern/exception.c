/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/exception.c: user exceptions as exception_raise messages.
 *
 * The kernel is the client of exc.defs here: it builds the request
 * (msgh_id 2400: thread and task send rights, exception, code, subcode)
 * to the thread's exception port, or the task's, with a send-once right
 * to the thread's kernel reply port, then waits for the reply with a
 * continuation, holding no stack while the handler runs.  The reply's
 * RetCode decides: KERN_SUCCESS resumes the thread where it faulted (the
 * handler fixed the cause or changed the registers); anything else, a
 * dead handler (MACH_NOTIFY_SEND_ONCE arrives instead), or no port at all
 * moves on to the task's port and then to ending the task with the
 * console line of x86_64/trap.c.  A kernel object's port as exception
 * port serves the request at once (MIG_BAD_ID, as in GNU Mach); that
 * reply, or the send-once notification of a request destroyed at
 * delivery, is queued before the thread would wait, so the reply port's
 * queue is looked at first.  A wait that ends without an answer
 * (thread_abort) gives the exception up: the thread returns to user
 * mode and its reply port is destroyed, so that a late reply cannot
 * answer its next exception (EX1, exception_abandon).
 *
 * State across the block: thread->saved.exception (what was raised and
 * which port is being tried) and thread->ith (the wait).
 *
 * Locking: ipc_lock around message and port work; never across a block.
 */
#include <stddef.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/exception.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/exception.h>
#include <mach/notify.h>
#include <mach/mig_errors.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>

#define EXC_RAISE_ID		2400
#define EXC_RAISE_REPLY_ID	2500

/* The request as exc.defs lays it out on x86_64 (112 bytes). */
struct exception_raise_request {
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
_Static_assert(sizeof(struct exception_raise_request) == 112, "exc.defs");

uint64_t exceptions_raised;

static void exception_raise_continue(void) __attribute__((noreturn));
static void exception_reply_finish(thread_t self, ipc_kmsg_t kmsg)
    __attribute__((noreturn));

static inline mach_msg_type_t
exception_type(mach_msg_type_name_t name, unsigned int size_bits)
{
	return (mach_msg_type_t){
		.msgt_name = name, .msgt_size = size_bits, .msgt_number = 1,
		.msgt_inline = 1,
	};
}

/*
 * The thread's kernel reply port, made on first use and again after an
 * abandoned exception (EX1, exception_abandon).  Locks: ipc_lock.
 */
static ipc_port_t
exception_reply_port(thread_t self)
{
	if (self->ith.reply == IP_NULL)
		self->ith.reply = ipc_port_alloc(ipc_space_reply,
		    MACH_PORT_NAME_NULL);
	return self->ith.reply;
}

/*
 * exception_send: sends the request to port (a send right the caller
 * gives up).  Returns false without memory.  Locks: ipc_lock held.
 */
static bool
exception_send(thread_t self, ipc_port_t port)
{
	struct exception_raise_request *rq;
	ipc_port_t reply = exception_reply_port(self);
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(sizeof(*rq));

	if (kmsg == IKM_NULL || reply == IP_NULL) {
		if (kmsg != IKM_NULL)
			ipc_kmsg_free(kmsg);
		ipc_port_release_send(port);
		return false;
	}
	rq = (struct exception_raise_request *)&kmsg->ikm_header;
	memset(rq, 0, sizeof(*rq));
	rq->head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
	    MACH_MSG_TYPE_PORT_SEND_ONCE);
	rq->head.msgh_size = sizeof(*rq);
	rq->head.msgh_remote_port = (mach_port_t)port;
	rq->head.msgh_local_port = (mach_port_t)ipc_port_make_send_once(reply);
	rq->head.msgh_id = EXC_RAISE_ID;
	rq->thread_type = exception_type(MACH_MSG_TYPE_PORT_SEND, 64);
	rq->thread.kernel_port = (mach_port_t)ipc_port_make_send(
	    self->ith.self);
	rq->task_type = exception_type(MACH_MSG_TYPE_PORT_SEND, 64);
	rq->task.kernel_port = (mach_port_t)ipc_port_copy_send(
	    self->task->itk_sself);
	rq->exception_type = exception_type(MACH_MSG_TYPE_INTEGER_32, 32);
	rq->exception = self->saved.exception.exception;
	rq->code_type = exception_type(MACH_MSG_TYPE_INTEGER_32, 32);
	rq->code = self->saved.exception.code;
	rq->subcode_type = exception_type(MACH_MSG_TYPE_INTEGER_64, 64);
	rq->subcode = self->saved.exception.subcode;
	exceptions_raised++;
	if (port->ip_active && port->ip_receiver == ipc_space_kernel) {
		/*
		 * A kernel object's port (task_set_special_port(task,
		 * TASK_EXCEPTION_PORT, task) is legal): served at once, as
		 * any message to it; no kernel object serves exc.defs, so
		 * the reply is MIG_BAD_ID, as in GNU Mach.
		 */
		ipc_lock_release();
		kmsg = ipc_kobject_server(kmsg);
		ipc_lock_take();
		if (kmsg == IKM_NULL)
			return true;
	}
	ipc_mqueue_deliver(kmsg);
	return true;
}

/*
 * exception_try_next: send to the next port in line (thread, then
 * task) and block; or end the task when none is left.  Never returns.
 */
static void __attribute__((noreturn))
exception_try_next(thread_t self)
{
	ipc_port_t port = IP_NULL;
	ipc_kmsg_t kmsg;
	uint32_t seqno;

	ipc_lock_take();
	while (port == IP_NULL && self->saved.exception.level < 2) {
		if (self->saved.exception.level++ == 0)
			port = ipc_port_copy_send(self->ith.exception);
		else
			port = ipc_port_copy_send(self->task->itk_exception);
		if (port == IP_DEAD)
			port = IP_NULL;
		if (port != IP_NULL && !exception_send(self, port))
			port = IP_NULL;
	}
	if (port == IP_NULL) {
		ipc_lock_release();
		task_end(self->task, 0, true, self->saved.exception.why);
		thread_exception_return();
	}
	/*
	 * The answer may be queued already: a kernel object's reply, or
	 * the send-once notification of a request destroyed at delivery
	 * (a dead port).  Nothing would look at the queue again after
	 * the wait below, so it is taken now.
	 */
	kmsg = ipc_mqueue_take(self->ith.reply, false, &seqno);
	if (kmsg != IKM_NULL)
		exception_reply_finish(self, kmsg);
	ipc_mqueue_wait(self->ith.reply, false);
	assert_wait((event_t)&self->ith, true);
	ipc_lock_release();
	thread_block(exception_raise_continue);
	panic("exception_try_next: thread_block returned");
}

void
exception_raise_current(int exception, int code, int64_t subcode,
    const char *why)
{
	thread_t self = current_thread();

	self->saved.exception.exception = exception;
	self->saved.exception.code = code;
	self->saved.exception.subcode = subcode;
	self->saved.exception.level = 0;
	strlcpy(self->saved.exception.why, why,
	    sizeof(self->saved.exception.why));
	exception_try_next(self);
}

/* The handler's answer: its RetCode, or KERN_FAILURE if it died. */
static kern_return_t
exception_reply_code(ipc_kmsg_t kmsg)
{
	mig_reply_header_t *r = (mig_reply_header_t *)&kmsg->ikm_header;

	if (r->Head.msgh_id != EXC_RAISE_REPLY_ID ||
	    r->Head.msgh_size < sizeof(*r) ||
	    (r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return KERN_FAILURE;
	return r->RetCode;
}

/*
 * exception_reply_finish: acts on the answer kmsg, taken from the reply
 * port: KERN_SUCCESS resumes the thread, anything else tries the next
 * port.  Never returns.
 * Locks: ipc_lock held on entry, released.
 */
static void __attribute__((noreturn))
exception_reply_finish(thread_t self, ipc_kmsg_t kmsg)
{
	kern_return_t kr = exception_reply_code(kmsg);

	ipc_kmsg_destroy(kmsg);
	ipc_lock_release();
	if (kr == KERN_SUCCESS)
		thread_exception_return();	/* retry, or as the handler set */
	if (self->halt_requested)
		thread_exception_return();	/* it halts on the way out */
	exception_try_next(self);
}

/*
 * exception_abandon: the wait for an answer ended without one
 * (thread_abort, or the thread's end): the exception is given up and
 * the thread goes back to user mode, where it faults again unless the
 * aborter changed its state (GNU Mach: thread_abort destroys the
 * thread's reply port in mach_msg_abort_rpc, the wait ends with
 * MACH_RCV_PORT_DIED, and exception_raise_continue_slow returns).
 * EX1: the reply port dies with the request it answers, so a reply
 * sent later finds a dead port (its sender gets MACH_SEND_INVALID_DEST)
 * and can never be taken as the answer to a later exception: the
 * next one gets a fresh port (exception_reply_port), whose queue
 * exception_try_next reads before it waits.  Never returns.
 * Locks: ipc_lock held on entry, released.
 */
static void __attribute__((noreturn))
exception_abandon(thread_t self)
{
	ipc_port_t reply = self->ith.reply;

	self->ith.reply = IP_NULL;
	if (reply != IP_NULL)
		ipc_port_destroy(reply);
	ipc_lock_release();
	thread_exception_return();
}

static void
exception_raise_continue(void)
{
	thread_t self = current_thread();
	ipc_kmsg_t kmsg;

	ipc_lock_take();
	ipc_mqueue_unwait(self);
	if (self->ith.object != NULL) {
		ipc_port_release((ipc_port_t)self->ith.object);
		self->ith.object = NULL;
	}
	kmsg = self->ith.kmsg;
	self->ith.kmsg = IKM_NULL;
	if (kmsg == IKM_NULL)
		exception_abandon(self);
	exception_reply_finish(self, kmsg);
}

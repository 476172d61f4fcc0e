/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_msg.c: the mach_msg_trap (-25): send, receive, or both.
 *
 *   send:    ipc_kmsg_get (size checks) -> ipc_kmsg_copyin (rights and
 *            memory into kernel form) -> a kernel object's port runs its
 *            routine at once (ipc_kobject_server) and its reply is
 *            delivered; any other port gets the message queued or handed
 *            to a waiting receiver (ipc_mqueue_send).
 *   receive: take a queued message, or queue the thread as a receiver
 *            and thread_block(mach_msg_receive_continue): no stack is
 *            held while it waits.  The continuation finds the message a
 *            sender handed over (ith.kmsg), or the reason it woke
 *            (timeout, abort, the port's death), and finishes the call.
 *
 *   both:    a combined send and receive first tries the RPC fast path
 *            (ipc/mach_msg_fast.c), which takes the message only when a
 *            receiver waits and the header is a plain request or reply;
 *            its receiver resumes here too (mach_msg_receive_continue,
 *            ith.copied_out), with only the copy to its buffer left.
 *
 * Arguments, GNU Mach's x86_64 convention: msg %rdi, option %rsi,
 * send_size %rdx, rcv_size %r10, rcv_name %r8, timeout %r9; the seventh,
 * notify, is on the user stack above the return address and is read
 * only for MACH_SEND_NOTIFY (which this kernel treats as a plain send).
 *
 * What survives the block (the continuation's state): the trap's
 * arguments in thread->saved.receive, the wait in thread->ith.
 *
 * Locking: ipc_lock around queue and space work; never across a block.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <vm/vm_map.h>
#include <x86_64/copyio.h>

uint64_t mach_msg_sends;	/* messages accepted by a send */
uint64_t mach_msg_receives;	/* messages received */

/*
 * mach_msg_pseudo_receive: a send that failed after copyin gives the
 * message back to the sender, rights and memory copied out into its
 * own space, written over its buffer (GNU Mach's pseudo-receive).
 */
static void
mach_msg_pseudo_receive(ipc_kmsg_t kmsg, task_t task, uint64_t msg_addr)
{
	(void)ipc_kmsg_copyout(kmsg, task->itk_space, task->map, true);
	ipc_lock_release();
	(void)ipc_kmsg_put(task->map, msg_addr, kmsg);
	ipc_lock_take();
}

/*
 * mach_msg_send: the send half of the trap, for a message ipc_kmsg_get()
 * has read.  With woken != NULL (a
 * receive follows), a successful send returns with ipc_lock held and
 * *woken set to the receiver the message was handed to, whose wait the
 * caller must end (ipc_mqueue_send), or NULL.
 * Locks: none on entry; none on return, but see woken.
 */
static mach_msg_return_t
mach_msg_send(ipc_kmsg_t kmsg, uint64_t msg_addr, mach_msg_option_t option,
    mach_msg_timeout_t timeout, struct thread **woken)
{
	task_t task = current_thread()->task;
	ipc_kmsg_t reply;
	mach_msg_return_t mr;
	bool destroyed;

	ipc_lock_take();
	mr = ipc_kmsg_copyin(kmsg, task->itk_space, task->map, &destroyed);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_lock_release();
		if (!destroyed)
			ipc_kmsg_free(kmsg);
		return mr;
	}
	mach_msg_sends++;
	/*
	 * A circular message (P6) is never for a kernel object's port:
	 * every chain ends there.  ipc_mqueue_send destroys it once the
	 * queue has room.
	 */
	if (ipc_kmsg_dest(kmsg)->ip_receiver == ipc_space_kernel &&
	    ipc_kmsg_dest(kmsg)->ip_active) {
		assert(!ipc_kmsg_circular(kmsg));
		ipc_lock_release();
		reply = ipc_kobject_server(kmsg);
		if (reply != IKM_NULL || woken != NULL)
			ipc_lock_take();
		if (reply != IKM_NULL && ipc_kmsg_circular(reply))
			ipc_kmsg_destroy(reply);	/* P6 */
		else if (reply != IKM_NULL)
			ipc_mqueue_deliver(reply);
		if (woken != NULL)
			*woken = NULL;
		else if (reply != IKM_NULL)
			ipc_lock_release();
		return MACH_MSG_SUCCESS;
	}
	if (woken != NULL)
		*woken = NULL;
	mr = ipc_mqueue_send(kmsg, option, timeout, woken);
	if (mr != MACH_MSG_SUCCESS)
		mach_msg_pseudo_receive(kmsg, task, msg_addr);
	if (mr != MACH_MSG_SUCCESS || woken == NULL)
		ipc_lock_release();
	return mr;
}

/*
 * mach_msg_receive_finish: give the received message to the user.
 * Locks: ipc_lock held on entry, released on return.
 */
static mach_msg_return_t
mach_msg_receive_finish(ipc_kmsg_t kmsg, uint32_t seqno)
{
	struct thread *self = current_thread();
	task_t task = self->task;
	uint64_t msg_addr = self->saved.receive.msg_addr;
	mach_msg_size_t size = kmsg->ikm_header.msgh_size;
	mach_msg_return_t mr;

	if (size > self->saved.receive.rcv_size) {
		if (self->saved.receive.option & MACH_RCV_LARGE) {
			/* Stays queued; the user learns the size. */
			ipc_mqueue_requeue_head(kmsg);
			ipc_lock_release();
			(void)copyout(task->map, &size, msg_addr +
			    offsetof(mach_msg_header_t, msgh_size),
			    sizeof(size));
			return MACH_RCV_TOO_LARGE;
		}
		/*
		 * Lost, but the receiver learns what it lost: the header,
		 * in its names (GNU Mach's mach_msg_receive).  An
		 * unwritable buffer changes nothing: the message is gone.
		 */
		kmsg->ikm_header.msgh_seqno = seqno;
		ipc_kmsg_copyout_dest(kmsg, task->itk_space);
		ipc_lock_release();
		(void)ipc_kmsg_put_size(task->map, msg_addr, kmsg,
		    sizeof(mach_msg_header_t));
		return MACH_RCV_TOO_LARGE;
	}
	kmsg->ikm_header.msgh_seqno = seqno;
	mr = ipc_kmsg_copyout(kmsg, task->itk_space, task->map, false);
	mach_msg_receives++;
	ipc_lock_release();
	/* A header error delivers the header only (GNU Mach). */
	if ((mr & ~MACH_MSG_MASK) == MACH_RCV_HEADER_ERROR)
		size = sizeof(mach_msg_header_t);
	if (ipc_kmsg_put_size(task->map, msg_addr, kmsg, size) !=
	    MACH_MSG_SUCCESS)
		return MACH_RCV_INVALID_DATA;
	return mr;
}

mach_msg_return_t
mach_msg_receive_object(ipc_space_t space, mach_port_name_t name,
    void **object, bool *is_pset)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);

	if (entry == IE_NULL)
		return MACH_RCV_INVALID_NAME;
	if (entry->ie_type & MACH_PORT_TYPE_RECEIVE) {
		/* A member of a set is received through the set only. */
		if (((ipc_port_t)entry->ie_object)->ip_pset != IPS_NULL)
			return MACH_RCV_IN_SET;
		*object = entry->ie_object;
		*is_pset = false;
		return MACH_MSG_SUCCESS;
	}
	if (entry->ie_type & MACH_PORT_TYPE_PORT_SET) {
		*object = entry->ie_object;
		*is_pset = true;
		return MACH_MSG_SUCCESS;
	}
	return MACH_RCV_INVALID_NAME;
}

/* Ends the trap: %rax = mr, back to user mode. */
static void __attribute__((noreturn))
mach_msg_trap_return(mach_msg_return_t mr)
{
	current_thread()->pcb->iss.rax = (uint32_t)mr;
	thread_exception_return();
}

/*
 * mach_msg_receive: take a message, or wait for one without a stack.
 * peer, if not NULL, is a receiver the send half handed a message to
 * and did not wake: its wait ends here, and if this thread must wait,
 * the CPU goes straight to it (thread_block_handoff).
 * Locks: ipc_lock held on entry; none on return.
 * Returns only if no wait was needed; otherwise the thread resumes in
 * mach_msg_receive_continue().
 */
static mach_msg_return_t
mach_msg_receive(mach_msg_timeout_t timeout, struct thread *peer)
{
	struct thread *self = current_thread();
	mach_msg_option_t option = self->saved.receive.option;
	mach_msg_return_t mr;
	ipc_kmsg_t kmsg = IKM_NULL;
	uint32_t seqno = 0;
	void *object;
	bool is_pset;

	mr = mach_msg_receive_object(self->task->itk_space,
	    self->saved.receive.rcv_name, &object, &is_pset);
	if (mr == MACH_MSG_SUCCESS) {
		kmsg = ipc_mqueue_take(object, is_pset, &seqno);
		if (kmsg == IKM_NULL && (option & MACH_RCV_TIMEOUT) &&
		    timeout == 0)
			mr = MACH_RCV_TIMED_OUT;
		else if (kmsg == IKM_NULL) {
			ipc_mqueue_wait(object, is_pset);
			thread_block_handoff((event_t)&self->ith,
			    (option & MACH_RCV_TIMEOUT) ?
			    ipc_mqueue_ms_to_ticks(timeout) : 0,
			    &ipc_lock, mach_msg_receive_continue, peer);
		}
	}
	if (peer != NULL)
		clear_wait(peer, THREAD_AWAKENED, false);
	if (mr == MACH_MSG_SUCCESS)
		return mach_msg_receive_finish(kmsg, seqno);
	ipc_lock_release();
	return mr;
}

/*
 * mach_msg_receive_put: the end of a receive the RPC fast path did for
 * this thread (ith.copied_out): the message, already in this space's
 * names, goes to the user's buffer.  Locks: none.
 */
static void __attribute__((noreturn))
mach_msg_receive_put(void)
{
	struct thread *self = current_thread();
	ipc_kmsg_t kmsg = self->ith.kmsg;

	self->ith.kmsg = IKM_NULL;
	self->ith.copied_out = false;
	if (ipc_kmsg_put(self->task->map, self->saved.receive.msg_addr,
	    kmsg) != MACH_MSG_SUCCESS)
		mach_msg_trap_return(MACH_RCV_INVALID_DATA);
	mach_msg_trap_return(MACH_MSG_SUCCESS);
}

void
mach_msg_receive_continue(void)
{
	struct thread *self = current_thread();
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr;

	/*
	 * ith.copied_out is set, with the message, by the sender that took
	 * this thread off its queue, before the wakeup: read without
	 * ipc_lock it can only be stale when false (a timeout or an abort
	 * racing a sender), and is then read again under the lock.
	 */
	if (self->ith.copied_out)
		mach_msg_receive_put();
	ipc_lock_take();
	ipc_mqueue_unwait(self);
	if (self->ith.copied_out) {
		ipc_lock_release();
		mach_msg_receive_put();
	}
	kmsg = self->ith.kmsg;
	self->ith.kmsg = IKM_NULL;
	if (kmsg != IKM_NULL)
		mach_msg_trap_return(mach_msg_receive_finish(kmsg,
		    self->ith.seqno));
	if (self->ith.state != MACH_RCV_IN_PROGRESS)
		mr = self->ith.state;		/* the port or set died */
	else if (self->wait_result == THREAD_TIMED_OUT)
		mr = MACH_RCV_TIMED_OUT;
	else if (self->wait_result == THREAD_INTERRUPTED)
		mr = MACH_RCV_INTERRUPTED;
	else
		mr = MACH_RCV_INTERRUPTED;	/* woken for no message */
	ipc_lock_release();
	mach_msg_trap_return(mr);
}

uint64_t
mach_msg_trap_kernel(struct x86_64_saved_state *iss)
{
	struct thread *self = current_thread();
	uint64_t msg_addr = iss->rdi;
	mach_msg_option_t option = (mach_msg_option_t)iss->rsi;
	mach_msg_size_t send_size = (mach_msg_size_t)iss->rdx;
	mach_msg_size_t rcv_size = (mach_msg_size_t)iss->r10;
	mach_port_name_t rcv_name = (mach_port_name_t)iss->r8;
	mach_msg_timeout_t timeout = (mach_msg_timeout_t)iss->r9;
	struct thread *peer = NULL;
	ipc_kmsg_t kmsg;
	mach_msg_return_t mr;

	if (option & MACH_RCV_MSG) {
		self->saved.receive.msg_addr = msg_addr;
		self->saved.receive.option = option;
		self->saved.receive.rcv_size = rcv_size;
		self->saved.receive.rcv_name = rcv_name;
	}
	if (option & MACH_SEND_MSG) {
		mr = ipc_kmsg_get(self->task->map, msg_addr, send_size, &kmsg);
		if (mr != MACH_MSG_SUCCESS)
			return (uint32_t)mr;
		/*
		 * Returns only if the message is not for it.  The
		 * *_INTERRUPT options are the user library's (GNU Mach's
		 * message.h: "libmach implements"), not the kernel's.
		 */
		if ((option & ~(MACH_SEND_INTERRUPT | MACH_RCV_INTERRUPT)) ==
		    (MACH_SEND_MSG | MACH_RCV_MSG))
			mach_msg_fast_rpc(kmsg);
		mr = mach_msg_send(kmsg, msg_addr, option, timeout,
		    (option & MACH_RCV_MSG) ? &peer : NULL);
		if (mr != MACH_MSG_SUCCESS)
			return (uint32_t)mr;
	}
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (!(option & MACH_SEND_MSG))
		ipc_lock_take();
	return (uint32_t)mach_msg_receive(timeout, peer);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_msg_fast.c: the RPC fast path of mach_msg_trap.
 *
 * A client's request and a server's reply are each one combined send
 * and receive (MACH_SEND_MSG | MACH_RCV_MSG), and when the peer already
 * waits, the whole message, both halves of the trap and the switch can
 * be done in one ipc_lock hold.  This file recognises the two header
 * shapes MIG's stubs send and does that, with the rights taken from the
 * entries in hand and given to the receiver's space on the sender's side
 * of the switch:
 *
 *   request: MACH_MSGH_BITS(COPY_SEND, MAKE_SEND_ONCE): a send right to
 *            the server's port, a send-once right made from the
 *            sender's receive right (its reply port)
 *   reply:   MACH_MSGH_BITS(MOVE_SEND_ONCE, 0): the send-once right the
 *            request brought, no reply port
 *
 * Everything is checked before anything changes; a message that misses
 * one condition goes the general way (ipc/mach_msg.c) untouched:
 *
 *   FP1. The options are MACH_SEND_MSG | MACH_RCV_MSG and nothing else
 *       the kernel acts on (no timeout, no notify, no MACH_RCV_LARGE;
 *       the user library's *_INTERRUPT may be there), the message has no
 *       body descriptors (not complex) and its bits are one of the
 *       shapes above.
 *   FP2. The destination name has the right (a send right, or a
 *       send-once right with no dead-name request) to an active port
 *       that is not a kernel object's; a request's reply name is a
 *       receive right.  Dead rights are left for the general path,
 *       which turns them into dead names.
 *   FP3. A receiver waits on the destination port or its set, blocked in
 *       mach_msg_receive_continue (so without a stack), in the space
 *       that holds the port's receive right, and its buffer takes the
 *       message.
 *   FP4. The sender's receive name is a receive right or a port set with
 *       nothing queued: the sender will wait, the stack goes to the
 *       receiver.
 *   FP5. For a request, the receiver's space has a free entry for the
 *       send-once right (taken before the commit: nothing can fail
 *       after it).
 *
 * The commit: the rights move (a copied send right is consumed by its
 * delivery, so the port's send count never moves; a moved send-once
 * right leaves the sender's space and is consumed the same way; a made
 * one is entered in the receiver's space), the header is rewritten in
 * the receiver's names, exactly as ipc_kmsg_copyout would, with the
 * port's next seqno; the receiver is taken off its queue with the
 * message (ith.kmsg, ith.copied_out) and the sender queued on its own
 * receive; thread_block_handoff() gives the CPU and the stack to the
 * receiver, whose continuation only writes the message to its buffer
 * (mach_msg_receive_continue).  Names, seqnos, rights, notifications
 * and counters are those the general path would give: a program cannot
 * tell which path carried its message, except by TEST_COUNTER_MSG_FAST.
 *
 * Learned from GNU Mach's ipc/mach_msg.c, mach_msg_trap()'s optimized
 * path (design/11-benchmarks.md, design/12-ipc.md).
 *
 * Locking: ipc_lock from the first lookup to the handoff, which
 * releases it; sched_lock nests inside (thread_block_handoff).
 */
#include <kern/thread.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>

uint64_t mach_msg_fast_rpcs;

#define MACH_MSG_FAST_REQUEST \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_FAST_REPLY \
	MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0)

/* The destination's entry and port if FP2 holds for it, else NULL. */
static ipc_port_t
mach_msg_fast_dest(ipc_space_t space, mach_port_name_t name,
    bool request, ipc_entry_t *entryp)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);
	ipc_port_t port;

	if (entry == IE_NULL)
		return IP_NULL;
	if (request ? !(entry->ie_type & MACH_PORT_TYPE_SEND) :
	    entry->ie_type != MACH_PORT_TYPE_SEND_ONCE ||
	    entry->ie_dnrequest != IP_NULL)
		return IP_NULL;
	port = (ipc_port_t)entry->ie_object;
	if (!port->ip_active || port->ip_receiver == ipc_space_kernel)
		return IP_NULL;
	*entryp = entry;
	return port;
}

/* The receiver FP3 asks for, or NULL. */
static struct thread *
mach_msg_fast_receiver(ipc_port_t dest, mach_msg_size_t size)
{
	struct thread *receiver = ipc_mqueue_receiver(dest);

	if (receiver == NULL ||
	    receiver->swap_func != mach_msg_receive_continue ||
	    receiver->task->itk_space != dest->ip_receiver ||
	    receiver->saved.receive.rcv_size < size)
		return NULL;
	return receiver;
}

void
mach_msg_fast_rpc(ipc_kmsg_t kmsg)
{
	struct thread *self = current_thread();
	ipc_space_t space = self->task->itk_space;
	mach_msg_header_t *h = &kmsg->ikm_header;
	bool request = h->msgh_bits == MACH_MSG_FAST_REQUEST;
	mach_port_name_t reply_name = (mach_port_name_t)h->msgh_local_port;
	ipc_entry_t dest_entry, reply_entry = IE_NULL, sonce_entry = IE_NULL;
	ipc_port_t dest, reply = IP_NULL;
	struct thread *receiver;
	ipc_space_t rspace;
	void *object;
	bool is_pset;

	/* FP1; the options were checked by the caller. */
	if (!request && (h->msgh_bits != MACH_MSG_FAST_REPLY ||
	    reply_name != MACH_PORT_NAME_NULL))
		return;
	ipc_lock_take();
	dest = mach_msg_fast_dest(space, (mach_port_name_t)h->msgh_remote_port,
	    request, &dest_entry);
	if (dest == IP_NULL)
		goto general;
	if (request) {
		reply_entry = ipc_entry_lookup(space, reply_name);
		if (reply_entry == IE_NULL ||
		    !(reply_entry->ie_type & MACH_PORT_TYPE_RECEIVE))
			goto general;
		reply = (ipc_port_t)reply_entry->ie_object;
	}
	receiver = mach_msg_fast_receiver(dest, h->msgh_size);
	if (receiver == NULL)
		goto general;
	if (request && self->saved.receive.rcv_name == reply_name) {
		/* MIG's client: it receives on the reply port just checked. */
		if (reply->ip_pset != IPS_NULL)
			goto general;		/* MACH_RCV_IN_SET */
		object = reply;
		is_pset = false;
	} else if (mach_msg_receive_object(space,
	    self->saved.receive.rcv_name, &object, &is_pset) !=
	    MACH_MSG_SUCCESS)
		goto general;
	if (!ipc_mqueue_empty(object, is_pset))
		goto general;
	rspace = dest->ip_receiver;
	if (request && (sonce_entry = ipc_entry_alloc(rspace)) == IE_NULL)
		goto general;

	/* The commit: nothing below fails. */
	mach_msg_sends++;
	mach_msg_receives++;
	mach_msg_fast_rpcs++;
	h->msgh_local_port = dest->ip_receiver_name;
	if (request) {
		ipc_right_sonce_enter(sonce_entry, ipc_port_make_send_once(reply));
		h->msgh_remote_port = sonce_entry->ie_name;
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
		    MACH_MSG_TYPE_PORT_SEND);
	} else {
		/* Moved in, consumed by the delivery. */
		ipc_right_copyin_entry(space, dest_entry,
		    MACH_MSG_TYPE_MOVE_SEND_ONCE, &dest);
		ipc_port_release_sonce(dest);
		h->msgh_remote_port = MACH_PORT_NAME_NULL;
		h->msgh_bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	}
	ipc_mqueue_handoff(receiver, dest, kmsg, &receiver);
	h->msgh_seqno = receiver->ith.seqno;
	receiver->ith.copied_out = true;
	ipc_mqueue_wait(object, is_pset);
	thread_block_handoff((event_t)&self->ith, 0, &ipc_lock,
	    mach_msg_receive_continue, receiver);
	/* Not reached. */

general:
	ipc_lock_release();
}

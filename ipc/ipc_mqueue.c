/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_mqueue.c: message queues (ipc/ipc_mqueue.h).
 *
 * Wait events: a receiver waits on its own thread's ith (woken by the
 * sender that hands it a message, by the port's death, a timeout or an
 * abort); a sender waiting for room waits on port->ip_blocked_event.
 * Locking: ipc_lock; sched_lock nests inside it (assert_wait, wakeups).
 */
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>

void
ipc_mqueue_handoff(struct thread *receiver, ipc_port_t port, ipc_kmsg_t kmsg,
    struct thread **woken)
{
	queue_remove(&receiver->ith.waitq_links);
	receiver->ith.mqueue = NULL;
	receiver->ith.kmsg = kmsg;
	receiver->ith.seqno = port->ip_seqno++;
	receiver->ith.state = MACH_MSG_SUCCESS;
	if (woken != NULL)
		*woken = receiver;
	else
		clear_wait(receiver, THREAD_AWAKENED, false);
}

static struct thread *
ipc_mqueue_first_receiver(struct ipc_mqueue *mqueue)
{
	if (queue_empty(&mqueue->imq_receivers))
		return NULL;
	return queue_containing(mqueue->imq_receivers.next, struct thread,
	    ith.waitq_links);
}

struct thread *
ipc_mqueue_receiver(ipc_port_t port)
{
	struct thread *receiver;

	receiver = ipc_mqueue_first_receiver(&port->ip_mqueue);
	if (receiver == NULL && port->ip_pset != IPS_NULL)
		receiver = ipc_mqueue_first_receiver(
		    &port->ip_pset->ips_mqueue);
	return receiver;
}

static void
ipc_mqueue_deliver_to(ipc_kmsg_t kmsg, struct thread **woken)
{
	ipc_port_t port = ipc_kmsg_dest(kmsg);
	struct thread *receiver;

	ipc_lock_assert_held();
	if (!port->ip_active || port->ip_receiver == ipc_space_kernel) {
		/* Dead, or a kernel object that takes no such message. */
		ipc_kmsg_destroy(kmsg);
		return;
	}
	receiver = ipc_mqueue_receiver(port);
	if (receiver != NULL) {
		ipc_mqueue_handoff(receiver, port, kmsg, woken);
		return;
	}
	queue_enter(&port->ip_mqueue.imq_messages, &kmsg->ikm_link);
	port->ip_msgcount++;
}

void
ipc_mqueue_deliver(ipc_kmsg_t kmsg)
{
	ipc_mqueue_deliver_to(kmsg, NULL);
}

static bool
ipc_mqueue_has_room(ipc_port_t port, ipc_kmsg_t kmsg)
{
	if (port->ip_msgcount < port->ip_qlimit)
		return true;
	/* A send-once right always gets its one message through. */
	if (MACH_MSGH_BITS_REMOTE(kmsg->ikm_header.msgh_bits) ==
	    MACH_MSG_TYPE_PORT_SEND_ONCE)
		return true;
	return !queue_empty(&port->ip_mqueue.imq_receivers);
}

mach_msg_return_t
ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
    mach_msg_timeout_t timeout_ms, struct thread **woken)
{
	ipc_port_t port = ipc_kmsg_dest(kmsg);
	struct thread *self = current_thread();

	ipc_lock_assert_held();
	while (port->ip_active && !ipc_mqueue_has_room(port, kmsg)) {
		if ((option & MACH_SEND_TIMEOUT) && timeout_ms == 0)
			return MACH_SEND_TIMED_OUT;
		assert_wait((event_t)&port->ip_blocked_event, true);
		if (option & MACH_SEND_TIMEOUT)
			thread_set_timeout(ipc_mqueue_ms_to_ticks(timeout_ms));
		ipc_port_reference(port);
		ipc_lock_release();
		thread_block(CONTINUATION_NULL);
		ipc_lock_take();
		ipc_port_release(port);
		if (self->wait_result == THREAD_TIMED_OUT)
			return MACH_SEND_TIMED_OUT;
		if (self->wait_result == THREAD_INTERRUPTED)
			return MACH_SEND_INTERRUPTED;
	}
	if (ipc_kmsg_circular(kmsg)) {
		/*
		 * P6: it would keep itself alive with nobody able to reach
		 * it, so it is destroyed as if sent, but only once the
		 * queue has room: a full queue answers MACH_SEND_TIMED_OUT
		 * and gives the rights back, as for any message (GNU
		 * Mach's ipc_mqueue_send).
		 */
		ipc_kmsg_destroy(kmsg);
		return MACH_MSG_SUCCESS;
	}
	ipc_mqueue_deliver_to(kmsg, woken);
	return MACH_MSG_SUCCESS;
}

bool
ipc_mqueue_empty(void *object, bool is_pset)
{
	ipc_lock_assert_held();
	if (is_pset)
		return ipc_pset_first_ready((ipc_pset_t)object) == IP_NULL;
	return queue_empty(&((ipc_port_t)object)->ip_mqueue.imq_messages);
}

ipc_kmsg_t
ipc_mqueue_take(void *object, bool is_pset, uint32_t *seqno)
{
	ipc_port_t port = object;
	ipc_kmsg_t kmsg;

	ipc_lock_assert_held();
	if (is_pset) {
		port = ipc_pset_first_ready((ipc_pset_t)object);
		if (port == IP_NULL)
			return IKM_NULL;
	}
	if (queue_empty(&port->ip_mqueue.imq_messages))
		return IKM_NULL;
	kmsg = queue_containing(queue_dequeue_head(
	    &port->ip_mqueue.imq_messages), struct ipc_kmsg, ikm_link);
	port->ip_msgcount--;
	*seqno = port->ip_seqno++;
	thread_wakeup_one((event_t)&port->ip_blocked_event);
	return kmsg;
}

void
ipc_mqueue_wait(void *object, bool is_pset)
{
	struct thread *self = current_thread();
	struct ipc_mqueue *mqueue = is_pset ?
	    &((ipc_pset_t)object)->ips_mqueue : &((ipc_port_t)object)->ip_mqueue;

	ipc_lock_assert_held();
	/*
	 * No reference on object: a port or set never goes away with
	 * receivers queued (ipc_mqueue_port_died, ipc_pset_destroy: both
	 * unqueue all, under ipc_lock), and once unqueued the thread does
	 * not touch it again (ith.mqueue is NULL).
	 */
	self->ith.mqueue = mqueue;
	self->ith.object = NULL;
	self->ith.object_is_pset = is_pset;
	self->ith.kmsg = IKM_NULL;
	self->ith.copied_out = false;
	self->ith.state = MACH_RCV_IN_PROGRESS;
	queue_enter(&mqueue->imq_receivers, &self->ith.waitq_links);
}

void
ipc_mqueue_unwait(struct thread *thread)
{
	ipc_lock_assert_held();
	if (thread->ith.mqueue != NULL) {
		queue_remove(&thread->ith.waitq_links);
		thread->ith.mqueue = NULL;
	}
}

void
ipc_mqueue_requeue_head(ipc_kmsg_t kmsg)
{
	ipc_port_t port = ipc_kmsg_dest(kmsg);
	struct thread *receiver;

	ipc_lock_assert_held();
	if (!port->ip_active) {
		ipc_kmsg_destroy(kmsg);
		return;
	}
	port->ip_seqno--;		/* the message keeps its number */
	/*
	 * Q1 (design/12-ipc.md): a message is queued only while nobody
	 * waits for it.  This one was handed to a receiver whose buffer
	 * was too small, and others may have queued themselves on the
	 * port or its set since: the first gets it now, as a sender
	 * would have given it.
	 */
	receiver = ipc_mqueue_receiver(port);
	if (receiver != NULL) {
		ipc_mqueue_handoff(receiver, port, kmsg, NULL);
		return;
	}
	queue_enter_first(&port->ip_mqueue.imq_messages, &kmsg->ikm_link);
	port->ip_msgcount++;
}

void
ipc_mqueue_wake_all(struct ipc_mqueue *mqueue, mach_msg_return_t state)
{
	struct thread *thread;

	while ((thread = ipc_mqueue_first_receiver(mqueue)) != NULL) {
		queue_remove(&thread->ith.waitq_links);
		thread->ith.mqueue = NULL;
		thread->ith.state = state;
		clear_wait(thread, THREAD_AWAKENED, false);
	}
}

/* Receivers on a set may now find messages a new member brought. */
void
ipc_mqueue_pset_changed(ipc_pset_t pset)
{
	struct thread *receiver;
	ipc_port_t port;
	ipc_kmsg_t kmsg;
	uint32_t seqno;

	while ((receiver = ipc_mqueue_first_receiver(&pset->ips_mqueue)) !=
	    NULL && (port = ipc_pset_first_ready(pset)) != IP_NULL) {
		kmsg = ipc_mqueue_take(port, false, &seqno);
		ipc_mqueue_handoff(receiver, port, kmsg, NULL);
		receiver->ith.seqno = seqno;
		port->ip_seqno--;
	}
}

void
ipc_mqueue_port_died(ipc_port_t port)
{
	queue_chain_t *e;

	ipc_lock_assert_held();
	while ((e = queue_dequeue_head(&port->ip_mqueue.imq_messages)) !=
	    NULL) {
		port->ip_msgcount--;
		ipc_kmsg_destroy(queue_containing(e, struct ipc_kmsg,
		    ikm_link));
	}
	ipc_mqueue_wake_all(&port->ip_mqueue, MACH_RCV_PORT_DIED);
	thread_wakeup((event_t)&port->ip_blocked_event);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_mqueue.h: putting messages on ports and taking them off.
 *
 * Delivery hands a message straight to a waiting receiver when there is
 * one (the receiver's ith.kmsg), else queues it.  A receiver that finds
 * nothing queues itself on the port's or set's receivers and blocks with
 * a continuation (ipc/mach_msg.c): it holds no kernel stack while it
 * waits.  Locking: ipc_lock held for all.
 */
#ifndef _IPC_IPC_MQUEUE_H_
#define _IPC_IPC_MQUEUE_H_

#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>

/*
 * Sends a kernel-form message to its destination, waiting for room if
 * the queue is full (with a stack: senders are rare waiters).  May drop
 * and retake ipc_lock.  MACH_MSG_SUCCESS (the message is gone:
 * delivered, or destroyed if it is circular, P6 in ipc/ipc_port.h),
 * MACH_SEND_TIMED_OUT or MACH_SEND_INTERRUPTED (the message is still
 * the caller's).  With woken != NULL, a receiver the message is handed
 * to is not woken but returned in *woken (left alone otherwise): the
 * caller must end its wait, clear_wait() or thread_block_handoff(),
 * before it releases ipc_lock.
 */
mach_msg_return_t ipc_mqueue_send(ipc_kmsg_t kmsg, mach_msg_option_t option,
		    mach_msg_timeout_t timeout_ms, struct thread **woken);
/* The receiver a message to port would be handed to now, or NULL. */
struct thread	*ipc_mqueue_receiver(ipc_port_t port);
/*
 * Gives kmsg, sent to port, to receiver (waiting on port or its set):
 * takes it off its queue with the message and the port's next seqno,
 * and wakes it, or, with woken != NULL, leaves the wakeup to the caller
 * (*woken = receiver).
 */
void		ipc_mqueue_handoff(struct thread *receiver, ipc_port_t port,
		    ipc_kmsg_t kmsg, struct thread **woken);
/* Delivers without limits (kernel replies, notifications). */
void		ipc_mqueue_deliver(ipc_kmsg_t kmsg);
/* The next message of a port or set for `thread`, or IKM_NULL. */
ipc_kmsg_t	ipc_mqueue_take(void *object, bool is_pset, uint32_t *seqno);
/* Has a port or set no message queued? */
bool		ipc_mqueue_empty(void *object, bool is_pset);
/* Queues the current thread as a receiver on object. */
void		ipc_mqueue_wait(void *object, bool is_pset);
/* Takes the current thread off the receivers it is queued on. */
void		ipc_mqueue_unwait(struct thread *thread);
/*
 * Gives back a message a receiver could not take (MACH_RCV_LARGE): to
 * the first receiver waiting on its port or set, else to the head of
 * its port's queue, with its sequence number.
 */
void		ipc_mqueue_requeue_head(ipc_kmsg_t kmsg);
void		ipc_mqueue_port_died(ipc_port_t port);
void		ipc_mqueue_wake_all(struct ipc_mqueue *mqueue,
		    mach_msg_return_t state);
void		ipc_mqueue_pset_changed(ipc_pset_t pset);

static inline uint64_t
ipc_mqueue_ms_to_ticks(mach_msg_timeout_t ms)
{
	/* CLOCK_HZ is 100: one tick is 10 ms; round up, at least one. */
	return ((uint64_t)ms + 9) / 10 + 1;
}

#endif /* _IPC_IPC_MQUEUE_H_ */

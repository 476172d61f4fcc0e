/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_notify.c: the kernel's notifications (notify.defs), built in
 * kernel form and delivered without queue limits.  Each is sent through
 * a send-once right, which the message consumes.  A notification the
 * kernel cannot allocate is lost and counted (ipc_notify_lost); its
 * send-once right is released.  Locking: ipc_lock held.
 */
#include <stddef.h>
#include <kern/debug.h>
#include <kern/string.h>
#include <mach/notify.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>

uint64_t ipc_notify_lost;	/* notifications dropped for want of memory */

/* A notification message of size bytes to notify; NULL if none. */
static ipc_kmsg_t
ipc_notify_alloc(ipc_port_t notify, mach_msg_id_t id, vm_size_t size)
{
	ipc_kmsg_t kmsg = ipc_kmsg_alloc(size);
	mach_msg_header_t *h;

	if (kmsg == IKM_NULL) {
		ipc_notify_lost++;
		ipc_port_release_sonce(notify);
		return IKM_NULL;
	}
	h = &kmsg->ikm_header;
	memset(h, 0, size);		/* no kernel bytes reach the receiver */
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	h->msgh_size = size;
	h->msgh_remote_port = (mach_port_t)notify;
	h->msgh_local_port = 0;
	h->msgh_seqno = 0;
	h->msgh_id = id;
	return kmsg;
}

/* A notification carrying one port name. */
static void
ipc_notify_name(ipc_port_t notify, mach_msg_id_t id, mach_port_name_t name)
{
	mach_dead_name_notification_t *n;
	ipc_kmsg_t kmsg;

	kmsg = ipc_notify_alloc(notify, id, mach_msg_kernel_align(
	    sizeof(mach_dead_name_notification_t)));
	if (kmsg == IKM_NULL)
		return;
	n = (mach_dead_name_notification_t *)&kmsg->ikm_header;
	n->not_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_PORT_NAME, .msgt_size = 32,
		.msgt_number = 1, .msgt_inline = 1,
	};
	n->not_port = name;
	ipc_mqueue_deliver(kmsg);
}

void
ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name)
{
	ipc_notify_name(notify, MACH_NOTIFY_PORT_DELETED, name);
}

void
ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name)
{
	ipc_notify_name(notify, MACH_NOTIFY_DEAD_NAME, name);
}

void
ipc_notify_no_senders(ipc_port_t notify, uint32_t mscount)
{
	mach_no_senders_notification_t *n;
	ipc_kmsg_t kmsg;

	kmsg = ipc_notify_alloc(notify, MACH_NOTIFY_NO_SENDERS,
	    mach_msg_kernel_align(sizeof(mach_no_senders_notification_t)));
	if (kmsg == IKM_NULL)
		return;
	n = (mach_no_senders_notification_t *)&kmsg->ikm_header;
	n->not_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_32, .msgt_size = 32,
		.msgt_number = 1, .msgt_inline = 1,
	};
	n->not_count = mscount;
	ipc_mqueue_deliver(kmsg);
}

void
ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port)
{
	mach_port_destroyed_notification_t *n;
	ipc_kmsg_t kmsg;

	kmsg = ipc_notify_alloc(notify, MACH_NOTIFY_PORT_DESTROYED,
	    mach_msg_kernel_align(sizeof(mach_port_destroyed_notification_t)));
	if (kmsg == IKM_NULL) {
		/* Nobody can take the right back: the port dies. */
		ipc_port_destroy(port);
		return;
	}
	n = (mach_port_destroyed_notification_t *)&kmsg->ikm_header;
	n->not_header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	n->not_type = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_PORT_RECEIVE, .msgt_size = 64,
		.msgt_number = 1, .msgt_inline = 1,
	};
	n->not_port = (mach_port_t)port;	/* the receive right moves */
	ipc_mqueue_deliver(kmsg);
}

void
ipc_notify_send_once(ipc_port_t port)
{
	ipc_kmsg_t kmsg;

	if (!port->ip_active || port->ip_receiver == ipc_space_kernel) {
		/* Nobody to tell: the right just goes. */
		ipc_port_release_sonce(port);
		return;
	}
	kmsg = ipc_notify_alloc(port, MACH_NOTIFY_SEND_ONCE,
	    sizeof(mach_msg_header_t));
	if (kmsg == IKM_NULL)
		return;
	ipc_mqueue_deliver(kmsg);
}

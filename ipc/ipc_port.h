/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_port.h: ports and message queues.
 *
 * A port is a queue of messages plus the bookkeeping of the rights that
 * name it.  It lives while it has references (ip_references): one for
 * the receive right wherever it is, one per send and send-once right
 * (in spaces or in messages), one per queued message naming it as
 * destination, and transient ones taken by kernel code.  Invariants:
 *
 *   P1. ip_active <=> the receive right exists (held in ip_receiver, or
 *       in transit in a message when ip_receiver == IS_NULL).
 *   P2. ip_srights = number of send rights anywhere (a space's entry
 *       counts once, E4); ip_sorights likewise for send-once rights.
 *   P3. When ip_srights falls to 0 on an active port with a no-senders
 *       request, the request is sent (with ip_mscount) and cleared.
 *   P4. A dead port (ip_active false) has no messages and no receivers;
 *       every right still naming it turns into a dead name when next
 *       looked up (ipc_right_check).
 *   P5. A kernel object's port is received in ipc_space_kernel and has
 *       ip_kotype != IKOT_NONE; messages to it are served at once by
 *       ipc_kobject_server(), never queued.
 *   P6. A receive right in a message is "in transit": ip_receiver ==
 *       IS_NULL and ip_destination names the message's destination
 *       (unless that is a kernel object's port), holding a reference,
 *       set by ipc_port_check_circularity_locked when the right enters
 *       the message and cleared when it leaves (copied out, or
 *       destroyed).  Following ip_destination from any
 *       port never comes back to it: a message that would close a
 *       circle is marked MACH_MSGH_BITS_CIRCULAR and destroyed instead
 *       of queued (GNU Mach), so no port lives only through itself.
 *
 * The message queue (struct ipc_mqueue) is shared with port sets: a
 * set's queue has receivers but no messages (those stay on the member
 * ports).  Senders that find the queue full wait on ip_blocked_event.
 *
 * Locking: ipc_lock.
 */
#ifndef _IPC_IPC_PORT_H_
#define _IPC_IPC_PORT_H_

#include <ipc/ipc_types.h>
#include <kern/queue.h>

struct ipc_mqueue {
	queue_head_t	imq_messages;	/* struct ipc_kmsg, FIFO */
	queue_head_t	imq_receivers;	/* threads, by ith.waitq_links */
};

/* Kernel object types (ip_kotype). */
#define IKOT_NONE		0
#define IKOT_TASK		1
#define IKOT_THREAD		2
#define IKOT_HOST		3
#define IKOT_HOST_PRIV		4
#define IKOT_DEVICE		5
#define IKOT_MASTER_DEVICE	6
#define IKOT_PSET		7
#define IKOT_PSET_NAME		8
#define IKOT_PAGER		9	/* a vm_object's control port */
#define IKOT_PAGING_NAME	10	/* a vm_object's name port */
#define IKOT_COUNT		11

struct ipc_dnrequest {
	queue_chain_t		dn_links;
	ipc_space_t		dn_space;
	mach_port_name_t	dn_name;
	ipc_port_t		dn_notify;	/* send-once right */
};

struct ipc_port {
	uint32_t		ip_references;
	bool			ip_active;
	ipc_space_t		ip_receiver;	/* IS_NULL: in transit / dead */
	mach_port_name_t	ip_receiver_name;
	ipc_port_t		ip_destination;	/* in transit: P6 (a ref) */
	ipc_pset_t		ip_pset;	/* member of, or IPS_NULL */
	queue_chain_t		ip_pset_links;
	unsigned int		ip_kotype;	/* IKOT_* */
	void			*ip_kobject;
	uint32_t		ip_srights;
	uint32_t		ip_sorights;
	uint32_t		ip_mscount;	/* make-send count */
	uint32_t		ip_seqno;
	uint32_t		ip_msgcount;
	uint32_t		ip_qlimit;
	struct ipc_mqueue	ip_mqueue;
	int			ip_blocked_event; /* full-queue senders wait */
	ipc_port_t		ip_nsrequest;	/* no-senders: send-once */
	ipc_port_t		ip_pdrequest;	/* port-destroyed: send-once */
	queue_head_t		ip_dnrequests;	/* struct ipc_dnrequest */
	uint64_t		ip_id;
	queue_chain_t		ip_all_ports;	/* ipc_port_all, for GDB */
	/* A pager's memory object: its death ends the object's waits. */
	bool			ip_pager;
};

extern queue_head_t ipc_port_all;
extern uint64_t ipc_ports_live;

void		ipc_port_bootstrap(void);

/* Locks: ipc_lock held for all below unless said otherwise. */

/* A new active port received in space under name (entry made by caller). */
ipc_port_t	ipc_port_alloc(ipc_space_t space, mach_port_name_t name);
/* A kernel object's port (received in ipc_space_kernel).  Locks: none. */
ipc_port_t	ipc_port_alloc_kernel(unsigned int kotype, void *kobject);
void		ipc_port_reference(ipc_port_t port);
void		ipc_port_release(ipc_port_t port);
/* Rights as references: each adjusts ip_srights/ip_sorights and refs. */
ipc_port_t	ipc_port_make_send(ipc_port_t port);
ipc_port_t	ipc_port_copy_send(ipc_port_t port);
ipc_port_t	ipc_port_make_send_once(ipc_port_t port);
void		ipc_port_release_send(ipc_port_t port);
void		ipc_port_release_sonce(ipc_port_t port);
/* Destroys a receive right (its holder already forgot it). */
void		ipc_port_destroy(ipc_port_t port);
/*
 * A kernel object's port goes with the object: it converts to nothing
 * from now on, and its receive right (the kernel's) is destroyed.
 */
void		ipc_port_dealloc_kernel(ipc_port_t port);
void		ipc_port_set_qlimit(ipc_port_t port, uint32_t qlimit);
/* Records space's dead-name request for name; false without memory. */
bool		ipc_port_dnrequest_add(ipc_port_t port, ipc_space_t space,
		    mach_port_name_t name, ipc_port_t notify);
/* Cancels space's dead-name request for name on port; returns notify. */
ipc_port_t	ipc_port_dnrequest_cancel(ipc_port_t port, ipc_space_t space,
		    mach_port_name_t name);
/*
 * ipc_port_check_circularity_locked: port's receive right (in limbo:
 * taken from its space, ip_destination null) goes into a message for
 * dest.  Returns true if that would close a circle (dest is port, or
 * following dest's ip_destination comes to port): the caller marks the
 * message MACH_MSGH_BITS_CIRCULAR.  Otherwise port is in transit to
 * dest from now on (P6: ip_destination = dest, a reference).
 */
bool		ipc_port_check_circularity_locked(ipc_port_t port,
		    ipc_port_t dest);
/* Port's receive right leaves its message: ip_destination goes (P6). */
void		ipc_port_clear_destination(ipc_port_t port);
/* Locks: none; takes ipc_lock. */
void		ipc_port_release_send_unlocked(ipc_port_t port);
void		ipc_port_release_unlocked(ipc_port_t port);
ipc_port_t	ipc_port_make_send_unlocked(ipc_port_t port);
ipc_port_t	ipc_port_copy_send_unlocked(ipc_port_t port);

#endif /* _IPC_IPC_PORT_H_ */

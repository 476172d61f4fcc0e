/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_port.c: port lifetime and right counting (invariants P1-P5 in
 * ipc/ipc_port.h).  Locking: ipc_lock, except the *_unlocked helpers,
 * which take it.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>
#include <kern/mig/mig_kernel.h>
#include <vm/memory_object.h>

simple_lock_data_t ipc_lock = SIMPLE_LOCK_INITIALIZER("ipc_lock");
queue_head_t ipc_port_all = { &ipc_port_all, &ipc_port_all };
uint64_t ipc_ports_live;

static struct kmem_cache ipc_port_cache;
static struct kmem_cache ipc_dnrequest_cache;
static uint64_t ipc_port_next_id = 1;

void
ipc_lock_assert_failed(void)
{
	panic("ipc_lock not held");
}

void
ipc_port_bootstrap(void)
{
	kmem_cache_init(&ipc_port_cache, "ipc_port", sizeof(struct ipc_port),
	    0, NULL, 0);
	kmem_cache_init(&ipc_dnrequest_cache, "ipc_dnrequest",
	    sizeof(struct ipc_dnrequest), 0, NULL, 0);
}

static ipc_port_t
ipc_port_create(void)
{
	ipc_port_t port = kmem_cache_alloc(&ipc_port_cache);

	if (port == IP_NULL)
		return IP_NULL;
	memset(port, 0, sizeof(*port));
	port->ip_references = 1;		/* the receive right */
	port->ip_active = true;
	port->ip_qlimit = MACH_PORT_QLIMIT_DEFAULT;
	queue_init(&port->ip_mqueue.imq_messages);
	queue_init(&port->ip_mqueue.imq_receivers);
	queue_init(&port->ip_dnrequests);
	port->ip_id = ipc_port_next_id++;
	queue_enter(&ipc_port_all, &port->ip_all_ports);
	ipc_ports_live++;
	return port;
}

ipc_port_t
ipc_port_alloc(ipc_space_t space, mach_port_name_t name)
{
	ipc_port_t port;

	ipc_lock_assert_held();
	port = ipc_port_create();
	if (port == IP_NULL)
		return IP_NULL;
	port->ip_receiver = space;
	port->ip_receiver_name = name;
	return port;
}

ipc_port_t
ipc_port_alloc_kernel(unsigned int kotype, void *kobject)
{
	ipc_port_t port;

	ipc_lock_take();
	port = ipc_port_create();
	if (port != IP_NULL) {
		port->ip_receiver = ipc_space_kernel;
		port->ip_kotype = kotype;
		port->ip_kobject = kobject;
	}
	ipc_lock_release();
	return port;
}

void
ipc_port_reference(ipc_port_t port)
{
	ipc_lock_assert_held();
	assert(port->ip_references > 0);
	port->ip_references++;
}

void
ipc_port_release(ipc_port_t port)
{
	ipc_lock_assert_held();
	assert(port->ip_references > 0);
	if (--port->ip_references > 0)
		return;
	assert(!port->ip_active && port->ip_srights == 0 &&
	    port->ip_sorights == 0);
	assert(queue_empty(&port->ip_mqueue.imq_messages));
	queue_remove(&port->ip_all_ports);
	ipc_ports_live--;
	kmem_cache_free(&ipc_port_cache, port);
}

ipc_port_t
ipc_port_make_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ipc_lock_assert_held();
	port->ip_references++;
	port->ip_srights++;
	port->ip_mscount++;
	return port;
}

ipc_port_t
ipc_port_copy_send(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ipc_lock_assert_held();
	if (!port->ip_active)
		return IP_DEAD;
	port->ip_references++;
	port->ip_srights++;
	return port;
}

ipc_port_t
ipc_port_make_send_once(ipc_port_t port)
{
	if (!IP_VALID(port))
		return port;
	ipc_lock_assert_held();
	port->ip_references++;
	port->ip_sorights++;
	return port;
}

void
ipc_port_release_send(ipc_port_t port)
{
	ipc_port_t notify;

	if (!IP_VALID(port))
		return;
	ipc_lock_assert_held();
	assert(port->ip_srights > 0);
	port->ip_srights--;
	if (port->ip_srights == 0 && port->ip_active &&
	    port->ip_nsrequest != IP_NULL) {
		notify = port->ip_nsrequest;
		port->ip_nsrequest = IP_NULL;
		ipc_notify_no_senders(notify, port->ip_mscount);
	}
	ipc_port_release(port);
}

void
ipc_port_release_sonce(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ipc_lock_assert_held();
	assert(port->ip_sorights > 0);
	port->ip_sorights--;
	ipc_port_release(port);
}

void
ipc_port_set_qlimit(ipc_port_t port, uint32_t qlimit)
{
	ipc_lock_assert_held();
	port->ip_qlimit = qlimit;
	thread_wakeup((event_t)&port->ip_blocked_event);
}

ipc_port_t
ipc_port_dnrequest_cancel(ipc_port_t port, ipc_space_t space,
    mach_port_name_t name)
{
	queue_chain_t *e;

	ipc_lock_assert_held();
	for (e = port->ip_dnrequests.next; e != &port->ip_dnrequests;
	    e = e->next) {
		struct ipc_dnrequest *dn = queue_containing(e,
		    struct ipc_dnrequest, dn_links);
		ipc_port_t notify;

		if (dn->dn_space != space || dn->dn_name != name)
			continue;
		notify = dn->dn_notify;
		queue_remove(&dn->dn_links);
		kmem_cache_free(&ipc_dnrequest_cache, dn);
		return notify;
	}
	return IP_NULL;
}

/* Records a dead-name request; false without memory. */
bool
ipc_port_dnrequest_add(ipc_port_t port, ipc_space_t space,
    mach_port_name_t name, ipc_port_t notify)
{
	struct ipc_dnrequest *dn = kmem_cache_alloc(&ipc_dnrequest_cache);

	ipc_lock_assert_held();
	if (dn == NULL)
		return false;
	dn->dn_space = space;
	dn->dn_name = name;
	dn->dn_notify = notify;
	queue_enter(&port->ip_dnrequests, &dn->dn_links);
	return true;
}

/*
 * ipc_port_destroy: the receive right is destroyed.  With a port-
 * destroyed request the right goes back to the requester instead;
 * otherwise the port dies: its messages are destroyed, its receivers
 * and blocked senders woken, and dead-name requests answered.
 * Locks: ipc_lock held.  Consumes the receive right's reference.
 */
void
ipc_port_destroy(ipc_port_t port)
{
	queue_chain_t *e;
	ipc_port_t notify;

	ipc_lock_assert_held();
	assert(port->ip_active);
	ipc_port_clear_destination(port);	/* P6: out of its message */
	port->ip_receiver = IS_NULL;
	port->ip_receiver_name = MACH_PORT_NAME_NULL;
	if (port->ip_pset != IPS_NULL)
		ipc_pset_remove(port->ip_pset, port);
	if (port->ip_pdrequest != IP_NULL) {
		notify = port->ip_pdrequest;
		port->ip_pdrequest = IP_NULL;
		/*
		 * The right travels in a notification to notify: not if
		 * that closes a circle (notify is the port, or in transit
		 * inside it), as in GNU Mach; then the port dies here.
		 */
		if (!ipc_port_check_circularity_locked(port, notify)) {
			ipc_notify_port_destroyed(notify, port);
			return;
		}
		ipc_port_release_sonce(notify);
	}
	port->ip_active = false;
	ipc_mqueue_port_died(port);
	if (port->ip_pager)
		vm_object_pager_died(port);	/* waiting faults fail */
	if (port->ip_nsrequest != IP_NULL) {
		notify = port->ip_nsrequest;
		port->ip_nsrequest = IP_NULL;
		ipc_notify_send_once(notify);
	}
	while ((e = queue_dequeue_head(&port->ip_dnrequests)) != NULL) {
		struct ipc_dnrequest *dn = queue_containing(e,
		    struct ipc_dnrequest, dn_links);

		ipc_notify_dead_name(dn->dn_notify, dn->dn_name);
		kmem_cache_free(&ipc_dnrequest_cache, dn);
	}
	ipc_port_release(port);
}

/*
 * Whether port is in transit (P6): received by no space, in a message
 * whose destination it names.
 */
static bool
ipc_port_in_transit(ipc_port_t port)
{
	return port->ip_active && port->ip_receiver == IS_NULL &&
	    port->ip_destination != IP_NULL;
}

/*
 * ipc_port_check_circularity_locked: see ipc/ipc_port.h.  With one IPC
 * lock the walk from dest along ip_destination needs none of GNU Mach's
 * chain locking: nothing changes under it.
 * Locks: ipc_lock held.  Takes a reference on dest when it returns
 * false.
 */
bool
ipc_port_check_circularity_locked(ipc_port_t port, ipc_port_t dest)
{
	ipc_port_t base;

	ipc_lock_assert_held();
	assert(port->ip_active && port->ip_receiver == IS_NULL &&
	    port->ip_destination == IP_NULL);
	if (port == dest)
		return true;
	/*
	 * A kernel object's port is never in transit: a chain would end
	 * at it, so a right sent to it stays in limbo and the routine that
	 * takes it owes no reference.
	 */
	if (!IP_VALID(dest) || dest->ip_receiver == ipc_space_kernel)
		return false;
	for (base = dest; ipc_port_in_transit(base);
	    base = base->ip_destination)
		;
	/* port is in limbo: a chain through it would end at it. */
	if (base == port)
		return true;
	ipc_port_reference(dest);
	port->ip_destination = dest;
	return false;
}

/*
 * ipc_port_check_circularity: the same for MIG's kernel server stubs
 * (mach_port_extract_right's reply), which hold no lock.
 * Locks: none; takes ipc_lock.
 */
bool
ipc_port_check_circularity(ipc_port_t port, ipc_port_t dest)
{
	bool circular;

	ipc_lock_take();
	circular = ipc_port_check_circularity_locked(port, dest);
	ipc_lock_release();
	return circular;
}

void
ipc_port_clear_destination(ipc_port_t port)
{
	ipc_port_t dest = port->ip_destination;

	ipc_lock_assert_held();
	if (dest == IP_NULL)
		return;
	port->ip_destination = IP_NULL;
	ipc_port_release(dest);
}

void
ipc_port_dealloc_kernel(ipc_port_t port)
{
	if (port == IP_NULL)
		return;
	ipc_lock_assert_held();
	port->ip_kobject = NULL;
	port->ip_kotype = IKOT_NONE;
	if (port->ip_active)
		ipc_port_destroy(port);
	else
		ipc_port_release(port);
}

void
ipc_port_release_send_unlocked(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ipc_lock_take();
	ipc_port_release_send(port);
	ipc_lock_release();
}

void
ipc_port_release_unlocked(ipc_port_t port)
{
	if (!IP_VALID(port))
		return;
	ipc_lock_take();
	ipc_port_release(port);
	ipc_lock_release();
}

ipc_port_t
ipc_port_copy_send_unlocked(ipc_port_t port)
{
	ipc_lock_take();
	port = ipc_port_copy_send(port);
	ipc_lock_release();
	return port;
}

ipc_port_t
ipc_port_make_send_unlocked(ipc_port_t port)
{
	ipc_lock_take();
	port = ipc_port_make_send(port);
	ipc_lock_release();
	return port;
}

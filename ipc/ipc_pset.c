/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_pset.c: port sets (ipc/ipc_pset.h).  Locking: ipc_lock.
 */
#include <kern/assert.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_pset.h>

static struct kmem_cache ipc_pset_cache;
uint64_t ipc_psets_live;

void
ipc_pset_bootstrap(void)
{
	kmem_cache_init(&ipc_pset_cache, "ipc_pset", sizeof(struct ipc_pset),
	    0, NULL, 0);
}

ipc_pset_t
ipc_pset_alloc(ipc_space_t space, mach_port_name_t name)
{
	ipc_pset_t pset = kmem_cache_alloc(&ipc_pset_cache);

	ipc_lock_assert_held();
	if (pset == IPS_NULL)
		return IPS_NULL;
	memset(pset, 0, sizeof(*pset));
	pset->ips_active = true;
	pset->ips_space = space;
	pset->ips_name = name;
	pset->ips_references = 1;
	queue_init(&pset->ips_members);
	queue_init(&pset->ips_mqueue.imq_messages);
	queue_init(&pset->ips_mqueue.imq_receivers);
	ipc_psets_live++;
	return pset;
}

void
ipc_pset_add(ipc_pset_t pset, ipc_port_t port)
{
	ipc_lock_assert_held();
	assert(port->ip_pset == IPS_NULL);
	/*
	 * Who waited on the port alone must now receive through the set
	 * (GNU Mach: ipc_pset_add).
	 */
	ipc_mqueue_wake_all(&port->ip_mqueue, MACH_RCV_PORT_CHANGED);
	port->ip_pset = pset;
	queue_enter(&pset->ips_members, &port->ip_pset_links);
	/* Receivers already waiting on the set may take queued messages. */
	ipc_mqueue_pset_changed(pset);
}

void
ipc_pset_remove(ipc_pset_t pset, ipc_port_t port)
{
	ipc_lock_assert_held();
	assert(port->ip_pset == pset);
	queue_remove(&port->ip_pset_links);
	port->ip_pset = IPS_NULL;
}

ipc_port_t
ipc_pset_first_ready(ipc_pset_t pset)
{
	queue_chain_t *e;

	for (e = pset->ips_members.next; e != &pset->ips_members;
	    e = e->next) {
		ipc_port_t port = queue_containing(e, struct ipc_port,
		    ip_pset_links);

		if (!queue_empty(&port->ip_mqueue.imq_messages))
			return port;
	}
	return IP_NULL;
}

void
ipc_pset_reference(ipc_pset_t pset)
{
	pset->ips_references++;
}

void
ipc_pset_release(ipc_pset_t pset)
{
	assert(pset->ips_references > 0);
	if (--pset->ips_references > 0)
		return;
	assert(!pset->ips_active && queue_empty(&pset->ips_members));
	ipc_psets_live--;
	kmem_cache_free(&ipc_pset_cache, pset);
}

void
ipc_pset_destroy(ipc_pset_t pset)
{
	queue_chain_t *e;

	ipc_lock_assert_held();
	pset->ips_active = false;
	while ((e = queue_dequeue_head(&pset->ips_members)) != NULL) {
		ipc_port_t port = queue_containing(e, struct ipc_port,
		    ip_pset_links);

		port->ip_pset = IPS_NULL;
	}
	ipc_mqueue_wake_all(&pset->ips_mqueue, MACH_RCV_PORT_DIED);
	ipc_pset_release(pset);
}

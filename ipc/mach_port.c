/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_port.c: the mach_port.defs routines, kernel side: what a task
 * may do to the names in a space (its own, or another task's through its
 * task port).  Each checks its arguments and answers GNU Mach's codes:
 * KERN_INVALID_TASK (no space), KERN_INVALID_NAME (no such name),
 * KERN_INVALID_RIGHT (the name does not denote that right),
 * KERN_INVALID_VALUE (a bad argument), KERN_NAME_EXISTS,
 * KERN_NO_SPACE (the space is full), KERN_RESOURCE_SHORTAGE.
 *
 * The MIG server stubs (built from mach_port.defs) call these with the
 * space converted from the task port; the fast traps (syscall_sw.c) call
 * them with the caller's own space.
 *
 * Locking: each routine takes ipc_lock for its whole work.
 */
#include <stddef.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/string.h>
#include <mach/kern_return.h>
#include <mach/notify.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_port.h>
#include <vm/vm_map.h>

/* The entry for name after the dead-port check, or IE_NULL. */
static ipc_entry_t
mach_port_lookup(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);

	if (entry != IE_NULL)
		ipc_right_check(space, entry);
	return entry;
}

static kern_return_t
mach_port_space_check(ipc_space_t space)
{
	if (space == IS_NULL || !space->is_active)
		return KERN_INVALID_TASK;
	return KERN_SUCCESS;
}

/* Makes a right of kind `right` under the entry's name. */
static kern_return_t
mach_port_allocate_entry(ipc_space_t space, ipc_entry_t entry,
    mach_port_right_t right)
{
	switch (right) {
	case MACH_PORT_RIGHT_RECEIVE: {
		ipc_port_t port = ipc_port_alloc(space, entry->ie_name);

		if (port == IP_NULL)
			return KERN_RESOURCE_SHORTAGE;
		entry->ie_type = MACH_PORT_TYPE_RECEIVE;
		entry->ie_object = port;
		ipc_entry_hash(space, entry);
		return KERN_SUCCESS;
	}
	case MACH_PORT_RIGHT_PORT_SET: {
		ipc_pset_t pset = ipc_pset_alloc(space, entry->ie_name);

		if (pset == IPS_NULL)
			return KERN_RESOURCE_SHORTAGE;
		entry->ie_type = MACH_PORT_TYPE_PORT_SET;
		entry->ie_object = pset;
		return KERN_SUCCESS;
	}
	case MACH_PORT_RIGHT_DEAD_NAME:
		entry->ie_type = MACH_PORT_TYPE_DEAD_NAME;
		entry->ie_urefs = 1;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_VALUE;
	}
}

static bool
mach_port_right_allocatable(mach_port_right_t right)
{
	return right == MACH_PORT_RIGHT_RECEIVE ||
	    right == MACH_PORT_RIGHT_PORT_SET ||
	    right == MACH_PORT_RIGHT_DEAD_NAME;
}

kern_return_t
mach_port_allocate(ipc_space_t space, mach_port_right_t right,
    mach_port_name_t *namep)
{
	kern_return_t kr;
	ipc_entry_t entry;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (!mach_port_right_allocatable(right))
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	entry = ipc_entry_alloc(space);
	if (entry == IE_NULL) {
		ipc_lock_release();
		return KERN_NO_SPACE;
	}
	kr = mach_port_allocate_entry(space, entry, right);
	if (kr != KERN_SUCCESS)
		ipc_entry_dealloc(space, entry);
	else
		*namep = entry->ie_name;
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_allocate_name(ipc_space_t space, mach_port_right_t right,
    mach_port_name_t name)
{
	kern_return_t kr;
	ipc_entry_t entry;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (!mach_port_right_allocatable(right))
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_NAME_VALID(name))
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	if (ipc_entry_lookup(space, name) != IE_NULL) {
		ipc_lock_release();
		return KERN_NAME_EXISTS;
	}
	entry = ipc_entry_alloc_name(space, name);
	if (entry == IE_NULL) {
		ipc_lock_release();
		return KERN_NO_SPACE;
	}
	kr = mach_port_allocate_entry(space, entry, right);
	if (kr != KERN_SUCCESS)
		ipc_entry_dealloc(space, entry);
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_destroy(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	if (entry == IE_NULL) {
		ipc_lock_release();
		return KERN_INVALID_NAME;
	}
	ipc_right_destroy_entry(space, entry);
	ipc_lock_release();
	return KERN_SUCCESS;
}

kern_return_t
mach_port_deallocate(ipc_space_t space, mach_port_name_t name)
{
	ipc_entry_t entry;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	kr = entry == IE_NULL ? KERN_INVALID_NAME :
	    ipc_right_dealloc(space, entry);
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_type(ipc_space_t space, mach_port_name_t name,
    mach_port_type_t *typep)
{
	ipc_entry_t entry;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	if (entry == IE_NULL) {
		ipc_lock_release();
		return KERN_INVALID_NAME;
	}
	*typep = entry->ie_type;
	ipc_lock_release();
	return KERN_SUCCESS;
}

kern_return_t
mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, mach_port_urefs_t *refsp)
{
	ipc_entry_t entry;
	mach_port_type_t type;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	if (entry == IE_NULL) {
		ipc_lock_release();
		return KERN_INVALID_NAME;
	}
	type = entry->ie_type;
	if (!(type & MACH_PORT_TYPE(right)))
		*refsp = 0;
	else if (right == MACH_PORT_RIGHT_SEND ||
	    right == MACH_PORT_RIGHT_DEAD_NAME)
		*refsp = entry->ie_urefs;
	else
		*refsp = 1;
	ipc_lock_release();
	return KERN_SUCCESS;
}

kern_return_t
mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
    mach_port_right_t right, mach_port_delta_t delta)
{
	ipc_entry_t entry;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	kr = entry == IE_NULL ? KERN_INVALID_NAME :
	    ipc_right_delta(space, entry, right, delta);
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_rename(ipc_space_t space, mach_port_name_t old_name,
    mach_port_name_t new_name)
{
	ipc_entry_t old, new;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_NAME_VALID(new_name))
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	old = mach_port_lookup(space, old_name);
	if (old == IE_NULL) {
		ipc_lock_release();
		return KERN_INVALID_NAME;
	}
	if (ipc_entry_lookup(space, new_name) != IE_NULL) {
		ipc_lock_release();
		return KERN_NAME_EXISTS;
	}
	new = ipc_entry_alloc_name(space, new_name);
	if (new == IE_NULL) {
		ipc_lock_release();
		return KERN_NO_SPACE;
	}
	/* Move every field but the name and the chains. */
	if (old->ie_type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE))
		ipc_entry_unhash(space, old);
	new->ie_type = old->ie_type;
	new->ie_urefs = old->ie_urefs;
	new->ie_object = old->ie_object;
	new->ie_dnrequest = old->ie_dnrequest;
	if (new->ie_type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE))
		ipc_entry_hash(space, new);
	if (new->ie_type & MACH_PORT_TYPE_RECEIVE)
		((ipc_port_t)new->ie_object)->ip_receiver_name = new_name;
	if (new->ie_type & MACH_PORT_TYPE_PORT_SET)
		((ipc_pset_t)new->ie_object)->ips_name = new_name;
	if (new->ie_dnrequest != IP_NULL) {
		ipc_port_t port = new->ie_object;
		ipc_port_t notify = ipc_port_dnrequest_cancel(port, space,
		    old_name);

		if (notify != IP_NULL)
			(void)ipc_port_dnrequest_add(port, space, new_name,
			    notify);
	}
	old->ie_type = MACH_PORT_TYPE_NONE;
	old->ie_dnrequest = IP_NULL;
	old->ie_object = NULL;
	ipc_entry_dealloc(space, old);
	ipc_lock_release();
	return KERN_SUCCESS;
}

/* Collects names and types for mach_port_names. */
struct mach_port_names_walk {
	mach_port_name_t	*names;
	mach_port_type_t	*types;
	uint32_t		count;
	uint32_t		max;
};

static void
mach_port_names_collect(ipc_entry_t entry, void *arg)
{
	struct mach_port_names_walk *w = arg;

	if (w->count >= w->max)
		return;
	w->names[w->count] = entry->ie_name;
	w->types[w->count] = entry->ie_type;
	w->count++;
}

kern_return_t
mach_port_names(ipc_space_t space, mach_port_name_t **names,
    mach_msg_type_number_t *names_count, mach_port_type_t **types,
    mach_msg_type_number_t *types_count)
{
	struct mach_port_names_walk w;
	vm_map_copy_t names_copy, types_copy;
	vm_size_t bytes;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	/* Dead ports' entries first become dead names, as users see them. */
	w.max = space->is_entries;
	bytes = (vm_size_t)(w.max > 0 ? w.max : 1) * sizeof(uint32_t);
	w.names = kalloc(bytes);
	w.types = kalloc(bytes);
	if (w.names == NULL || w.types == NULL) {
		ipc_lock_release();
		if (w.names != NULL)
			kfree(w.names, bytes);
		if (w.types != NULL)
			kfree(w.types, bytes);
		return KERN_RESOURCE_SHORTAGE;
	}
	w.count = 0;
	ipc_space_foreach(space, mach_port_names_collect, &w);
	for (uint32_t i = 0; i < w.count; i++) {
		ipc_entry_t entry = mach_port_lookup(space, w.names[i]);

		w.types[i] = entry->ie_type;
	}
	ipc_lock_release();
	kr = vm_map_copyin_kernel_buffer(w.names, w.count * sizeof(uint32_t),
	    &names_copy);
	if (kr == KERN_SUCCESS) {
		kr = vm_map_copyin_kernel_buffer(w.types,
		    w.count * sizeof(uint32_t), &types_copy);
		if (kr != KERN_SUCCESS)
			vm_map_copy_discard(names_copy);
	}
	kfree(w.names, bytes);
	kfree(w.types, bytes);
	if (kr != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	*names = (mach_port_name_t *)names_copy;
	*types = (mach_port_type_t *)types_copy;
	*names_count = *types_count = w.count;
	return KERN_SUCCESS;
}

/* The receive right's port under name, or an error. */
static kern_return_t
mach_port_lookup_receive(ipc_space_t space, mach_port_name_t name,
    ipc_port_t *portp)
{
	ipc_entry_t entry = mach_port_lookup(space, name);

	if (entry == IE_NULL)
		return KERN_INVALID_NAME;
	if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	*portp = entry->ie_object;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_set_qlimit(ipc_space_t space, mach_port_name_t name,
    mach_port_msgcount_t qlimit)
{
	ipc_port_t port;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	kr = mach_port_lookup_receive(space, name, &port);
	if (kr == KERN_SUCCESS)
		ipc_port_set_qlimit(port, qlimit);
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_set_mscount(ipc_space_t space, mach_port_name_t name,
    mach_port_mscount_t mscount)
{
	ipc_port_t port;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	kr = mach_port_lookup_receive(space, name, &port);
	if (kr == KERN_SUCCESS)
		port->ip_mscount = mscount;
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_set_seqno(ipc_space_t space, mach_port_name_t name,
    mach_port_seqno_t seqno)
{
	ipc_port_t port;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	kr = mach_port_lookup_receive(space, name, &port);
	if (kr == KERN_SUCCESS)
		port->ip_seqno = seqno;
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_get_receive_status(ipc_space_t space, mach_port_name_t name,
    mach_port_status_t *status)
{
	ipc_port_t port;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	kr = mach_port_lookup_receive(space, name, &port);
	if (kr == KERN_SUCCESS) {
		memset(status, 0, sizeof(*status));
		status->mps_pset = port->ip_pset != IPS_NULL ?
		    port->ip_pset->ips_name : MACH_PORT_NAME_NULL;
		status->mps_seqno = port->ip_seqno;
		status->mps_mscount = port->ip_mscount;
		status->mps_qlimit = port->ip_qlimit;
		status->mps_msgcount = port->ip_msgcount;
		status->mps_sorights = port->ip_sorights;
		status->mps_srights = port->ip_srights > 0;
		status->mps_pdrequest = port->ip_pdrequest != IP_NULL;
		status->mps_nsrequest = port->ip_nsrequest != IP_NULL;
	}
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_get_set_status(ipc_space_t space, mach_port_name_t name,
    mach_port_name_t **members, mach_msg_type_number_t *count)
{
	ipc_entry_t entry;
	ipc_pset_t pset;
	mach_port_name_t *names;
	uint32_t n = 0, max = 0;
	vm_map_copy_t copy;
	queue_chain_t *e;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	entry = mach_port_lookup(space, name);
	if (entry == IE_NULL || !(entry->ie_type & MACH_PORT_TYPE_PORT_SET)) {
		ipc_lock_release();
		return entry == IE_NULL ? KERN_INVALID_NAME :
		    KERN_INVALID_RIGHT;
	}
	pset = entry->ie_object;
	for (e = pset->ips_members.next; e != &pset->ips_members; e = e->next)
		max++;
	names = kalloc((max > 0 ? max : 1) * sizeof(*names));
	if (names == NULL) {
		ipc_lock_release();
		return KERN_RESOURCE_SHORTAGE;
	}
	for (e = pset->ips_members.next; e != &pset->ips_members; e = e->next)
		names[n++] = queue_containing(e, struct ipc_port,
		    ip_pset_links)->ip_receiver_name;
	ipc_lock_release();
	kr = vm_map_copyin_kernel_buffer(names, n * sizeof(*names), &copy);
	kfree(names, (max > 0 ? max : 1) * sizeof(*names));
	if (kr != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	*members = (mach_port_name_t *)copy;
	*count = n;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_move_member(ipc_space_t space, mach_port_name_t member,
    mach_port_name_t after)
{
	ipc_entry_t set_entry = IE_NULL;
	ipc_port_t port;
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	ipc_lock_take();
	kr = mach_port_lookup_receive(space, member, &port);
	if (kr == KERN_SUCCESS && after != MACH_PORT_NAME_NULL) {
		set_entry = mach_port_lookup(space, after);
		if (set_entry == IE_NULL)
			kr = KERN_INVALID_NAME;
		else if (!(set_entry->ie_type & MACH_PORT_TYPE_PORT_SET))
			kr = KERN_INVALID_RIGHT;
	}
	if (kr == KERN_SUCCESS) {
		if (port->ip_pset != IPS_NULL)
			ipc_pset_remove(port->ip_pset, port);
		if (set_entry != IE_NULL)
			ipc_pset_add((ipc_pset_t)set_entry->ie_object, port);
	}
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_insert_right(ipc_space_t space, mach_port_name_t name,
    ipc_port_t port, mach_msg_type_name_t type)
{
	kern_return_t kr;

	/*
	 * On any error the right stays in the request message, which
	 * ipc_kobject_server() then destroys: nothing leaks, nothing is
	 * released twice.  The same holds for every routine here.
	 */
	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_NAME_VALID(name) ||
	    (type != MACH_MSG_TYPE_PORT_SEND &&
	    type != MACH_MSG_TYPE_PORT_SEND_ONCE &&
	    type != MACH_MSG_TYPE_PORT_RECEIVE))
		return KERN_INVALID_VALUE;
	if (!IP_VALID(port))
		return KERN_INVALID_CAPABILITY;
	ipc_lock_take();
	kr = ipc_right_copyout_name(space, port, type, name);
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_extract_right(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t disposition, ipc_port_t *portp,
    mach_msg_type_name_t *typep)
{
	kern_return_t kr;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		return KERN_INVALID_TASK;
	if (!ipc_right_disposition_valid(disposition))
		return KERN_INVALID_VALUE;
	ipc_lock_take();
	kr = ipc_right_copyin(space, name, disposition, portp);
	ipc_lock_release();
	if (kr != KERN_SUCCESS)
		return kr == KERN_INVALID_CAPABILITY ? KERN_INVALID_RIGHT : kr;
	*typep = ipc_right_copyin_type(disposition);
	return KERN_SUCCESS;
}

/* Registers a dead-name request for the send or send-once right. */
static kern_return_t
mach_port_request_dead_name(ipc_space_t space, ipc_entry_t entry,
    ipc_port_t notify, ipc_port_t *previous)
{
	ipc_port_t port;

	if (entry->ie_type & MACH_PORT_TYPE_DEAD_NAME) {
		/* Already dead: tell at once (GNU Mach does too). */
		if (IP_VALID(notify))
			ipc_notify_dead_name(notify, entry->ie_name);
		*previous = IP_NULL;
		return KERN_SUCCESS;
	}
	if (!(entry->ie_type & (MACH_PORT_TYPE_SEND |
	    MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_RECEIVE)))
		return KERN_INVALID_RIGHT;
	port = entry->ie_object;
	*previous = IP_NULL;
	if (entry->ie_dnrequest != IP_NULL)
		*previous = ipc_port_dnrequest_cancel(port, space,
		    entry->ie_name);
	entry->ie_dnrequest = IP_NULL;
	entry->ie_type &= ~MACH_PORT_TYPE_DNREQUEST;
	if (!IP_VALID(notify))
		return KERN_SUCCESS;
	if (!ipc_port_dnrequest_add(port, space, entry->ie_name, notify))
		return KERN_RESOURCE_SHORTAGE;
	entry->ie_dnrequest = notify;
	entry->ie_type |= MACH_PORT_TYPE_DNREQUEST;
	return KERN_SUCCESS;
}

kern_return_t
mach_port_request_notification(ipc_space_t space, mach_port_name_t name,
    mach_msg_id_t id, mach_port_mscount_t sync, ipc_port_t notify,
    ipc_port_t *previous)
{
	ipc_entry_t entry;
	ipc_port_t port;
	kern_return_t kr = KERN_SUCCESS;

	if (mach_port_space_check(space) != KERN_SUCCESS)
		kr = KERN_INVALID_TASK;
	else if (id != MACH_NOTIFY_NO_SENDERS &&
	    id != MACH_NOTIFY_PORT_DESTROYED && id != MACH_NOTIFY_DEAD_NAME)
		kr = KERN_INVALID_VALUE;
	ipc_lock_take();
	entry = kr == KERN_SUCCESS ? mach_port_lookup(space, name) : IE_NULL;
	if (kr == KERN_SUCCESS && entry == IE_NULL)
		kr = KERN_INVALID_NAME;
	if (kr == KERN_SUCCESS && id == MACH_NOTIFY_DEAD_NAME) {
		kr = mach_port_request_dead_name(space, entry, notify,
		    previous);
	} else if (kr == KERN_SUCCESS) {
		if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE)) {
			kr = KERN_INVALID_RIGHT;
		} else if (id == MACH_NOTIFY_PORT_DESTROYED) {
			port = entry->ie_object;
			*previous = port->ip_pdrequest;
			port->ip_pdrequest = IP_VALID(notify) ? notify : IP_NULL;
		} else {
			port = entry->ie_object;
			*previous = port->ip_nsrequest;
			port->ip_nsrequest = IP_VALID(notify) ? notify : IP_NULL;
			/* No senders already, and the sync count is met: now. */
			if (IP_VALID(notify) && port->ip_srights == 0 &&
			    sync <= port->ip_mscount) {
				port->ip_nsrequest = IP_NULL;
				ipc_notify_no_senders(notify, port->ip_mscount);
			}
		}
	}
	ipc_lock_release();
	return kr;
}

kern_return_t
mach_port_set_protected_payload(ipc_space_t space, mach_port_name_t name,
    rpc_uintptr_t payload)
{
	static bool said;

	if (!said) {
		said = true;
		printf("mach_port_set_protected_payload: not implemented\n");
	}
	return KERN_FAILURE;
}

kern_return_t
mach_port_clear_protected_payload(ipc_space_t space, mach_port_name_t name)
{
	static bool said;

	if (!said) {
		said = true;
		printf("mach_port_clear_protected_payload: not implemented\n");
	}
	return KERN_FAILURE;
}

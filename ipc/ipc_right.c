/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_right.c: one right at a time between entries and kernel
 * references (ipc/ipc_right.h).  Every function here keeps E1-E4 of
 * ipc/ipc_space.h and P2-P4 of ipc/ipc_port.h.  Locking: ipc_lock.
 */
#include <kern/assert.h>
#include <kern/debug.h>
#include <mach/kern_return.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_right.h>

#define UREFS_MAX	0xffffu		/* GNU Mach's MACH_PORT_UREFS_MAX */

bool
ipc_right_disposition_valid(mach_msg_type_name_t disposition)
{
	return disposition >= MACH_MSG_TYPE_MOVE_RECEIVE &&
	    disposition <= MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

mach_msg_type_name_t
ipc_right_copyin_type(mach_msg_type_name_t disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return MACH_MSG_TYPE_PORT_SEND;
	}
}

/* The port an entry with port rights names. */
static inline ipc_port_t
ipc_right_port(ipc_entry_t entry)
{
	return (ipc_port_t)entry->ie_object;
}

/*
 * ipc_right_entry_assert: E1 and the object it implies: a port right or
 * a set names its object, a dead name nothing, and a send-once right
 * shares its entry with no other right.  Cheap, and run wherever an
 * entry is looked at first (ipc_right_check), so an entry whose type and
 * object disagree stops the kernel there, not at a later dereference.
 */
static inline void
ipc_right_entry_assert(const struct ipc_entry *entry)
{
	mach_port_type_t rights = entry->ie_type & MACH_PORT_TYPE_ALL_RIGHTS;

	assert(rights == MACH_PORT_TYPE_SEND ||
	    rights == MACH_PORT_TYPE_RECEIVE ||
	    rights == MACH_PORT_TYPE_SEND_RECEIVE ||
	    rights == MACH_PORT_TYPE_SEND_ONCE ||
	    rights == MACH_PORT_TYPE_PORT_SET ||
	    rights == MACH_PORT_TYPE_DEAD_NAME);
	assert((entry->ie_object == NULL) ==
	    (rights == MACH_PORT_TYPE_DEAD_NAME));
}

void
ipc_right_entry_gc(ipc_space_t space, ipc_entry_t entry)
{
	if ((entry->ie_type & MACH_PORT_TYPE_ALL_RIGHTS) != 0)
		return;
	entry->ie_type = MACH_PORT_TYPE_NONE;
	ipc_entry_dealloc(space, entry);
}

/* Drops the entry's dead-name request, answering it with port-deleted. */
static void
ipc_right_dnrequest_drop(ipc_space_t space, ipc_entry_t entry, bool deleted)
{
	ipc_port_t notify = IP_NULL;

	if (!(entry->ie_type & MACH_PORT_TYPE_DNREQUEST))
		return;
	entry->ie_type &= ~MACH_PORT_TYPE_DNREQUEST;
	if (entry->ie_dnrequest != IP_NULL) {
		ipc_port_t port = ipc_right_port(entry);

		if (port != NULL && port->ip_active)
			(void)ipc_port_dnrequest_cancel(port, space,
			    entry->ie_name);
		notify = entry->ie_dnrequest;
		entry->ie_dnrequest = IP_NULL;
	}
	if (notify == IP_NULL)
		return;
	if (deleted)
		ipc_notify_port_deleted(notify, entry->ie_name);
	else
		ipc_notify_send_once(notify);
}

bool
ipc_right_check(ipc_space_t space, ipc_entry_t entry)
{
	ipc_port_t port;

	ipc_right_entry_assert(entry);
	if (!(entry->ie_type & (MACH_PORT_TYPE_SEND |
	    MACH_PORT_TYPE_SEND_ONCE)))
		return false;
	port = ipc_right_port(entry);
	if (port->ip_active)
		return false;
	/* The port died: its rights here become a dead name (P4). */
	if (entry->ie_type & MACH_PORT_TYPE_SEND) {
		ipc_entry_unhash(space, entry);
		port->ip_srights--;
	} else {
		port->ip_sorights--;
	}
	/* The dead-name request was answered when the port died. */
	entry->ie_dnrequest = IP_NULL;
	entry->ie_type = MACH_PORT_TYPE_DEAD_NAME |
	    (entry->ie_type & MACH_PORT_TYPE_DNREQUEST);
	entry->ie_type &= ~MACH_PORT_TYPE_DNREQUEST;
	entry->ie_object = NULL;
	ipc_port_release(port);
	return true;
}

kern_return_t
ipc_right_copyin_check_entry(ipc_space_t space, ipc_entry_t entry,
    mach_msg_type_name_t disposition)
{
	mach_port_type_t type;

	if (entry == IE_NULL)
		return KERN_INVALID_NAME;
	ipc_right_check(space, entry);
	type = entry->ie_type;
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return type & MACH_PORT_TYPE_RECEIVE ? KERN_SUCCESS :
		    KERN_INVALID_RIGHT;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		if (type & MACH_PORT_TYPE_DEAD_NAME)
			return KERN_INVALID_CAPABILITY;
		return type & MACH_PORT_TYPE_SEND ? KERN_SUCCESS :
		    KERN_INVALID_RIGHT;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (type & MACH_PORT_TYPE_DEAD_NAME)
			return KERN_INVALID_CAPABILITY;
		return type & MACH_PORT_TYPE_SEND_ONCE ? KERN_SUCCESS :
		    KERN_INVALID_RIGHT;
	default:
		return KERN_INVALID_VALUE;
	}
}

kern_return_t
ipc_right_copyin_check(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t disposition)
{
	return ipc_right_copyin_check_entry(space,
	    ipc_entry_lookup(space, name), disposition);
}

/* Moves the receive right out of entry (the port goes in transit). */
static ipc_port_t
ipc_right_copyin_receive(ipc_space_t space, ipc_entry_t entry)
{
	ipc_port_t port = ipc_right_port(entry);

	if (port->ip_pset != IPS_NULL)
		ipc_pset_remove(port->ip_pset, port);
	/* Its receivers here lose it (GNU Mach: ipc_port_clear_receiver). */
	ipc_mqueue_wake_all(&port->ip_mqueue, MACH_RCV_PORT_DIED);
	port->ip_receiver = IS_NULL;
	port->ip_receiver_name = MACH_PORT_NAME_NULL;
	entry->ie_type &= ~MACH_PORT_TYPE_RECEIVE;
	if (!(entry->ie_type & MACH_PORT_TYPE_SEND)) {
		ipc_entry_unhash(space, entry);
		ipc_right_dnrequest_drop(space, entry, true);
		entry->ie_object = NULL;
		ipc_right_entry_gc(space, entry);
	}
	return port;		/* the receive right's reference moves */
}

/* Moves one send uref out of entry. */
static ipc_port_t
ipc_right_copyin_move_send(ipc_space_t space, ipc_entry_t entry)
{
	ipc_port_t port = ipc_right_port(entry);

	if (entry->ie_urefs > 1) {
		entry->ie_urefs--;
		return ipc_port_copy_send(port);
	}
	/* The entry's send right itself moves into the message. */
	entry->ie_urefs = 0;
	entry->ie_type &= ~MACH_PORT_TYPE_SEND;
	if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE)) {
		ipc_entry_unhash(space, entry);
		ipc_right_dnrequest_drop(space, entry, true);
		entry->ie_object = NULL;
		ipc_right_entry_gc(space, entry);
	}
	return port;
}

void
ipc_right_copyin_entry(ipc_space_t space, ipc_entry_t entry,
    mach_msg_type_name_t disposition, ipc_port_t *portp)
{
	ipc_port_t port = ipc_right_port(entry);

	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		*portp = ipc_right_copyin_receive(space, entry);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		*portp = ipc_port_make_send(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		*portp = ipc_port_make_send_once(port);
		break;
	case MACH_MSG_TYPE_COPY_SEND:
		*portp = ipc_port_copy_send(port);
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
		*portp = ipc_right_copyin_move_send(space, entry);
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		/* The right moves with its reference; the entry goes. */
		ipc_right_dnrequest_drop(space, entry, true);
		entry->ie_type = MACH_PORT_TYPE_NONE;
		entry->ie_urefs = 0;
		entry->ie_object = NULL;
		ipc_entry_dealloc(space, entry);
		*portp = port;
		break;
	default:
		panic("ipc_right_copyin: disposition %u passed the check",
		    disposition);
	}
}

kern_return_t
ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
    mach_msg_type_name_t disposition, ipc_port_t *portp)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);
	kern_return_t kr;

	kr = ipc_right_copyin_check_entry(space, entry, disposition);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_copyin_entry(space, entry, disposition, portp);
	return KERN_SUCCESS;
}

/*
 * ipc_right_copyout_entry: puts a right (kernel form type) into entry,
 * which is free or, for a send or receive right, the entry that already
 * names its port (E3; the callers apply the rule of which rights share a
 * name, RN1-RN3 in ipc/ipc_right.h).  A send right joining a send right
 * adds a uref; at UREFS_MAX it fails with KERN_UREFS_OVERFLOW, or with
 * `peg` (message copyout, as GNU Mach does) merges and leaves the count.
 * Returns: KERN_SUCCESS, the right consumed; KERN_UREFS_OVERFLOW, the
 * right still the caller's and the entry unchanged.
 * Locks: ipc_lock held.
 */
static kern_return_t
ipc_right_copyout_entry(ipc_space_t space, ipc_entry_t entry, ipc_port_t port,
    mach_msg_type_name_t type, bool peg)
{
	mach_port_type_t had = entry->ie_type & MACH_PORT_TYPE_ALL_RIGHTS;

	ipc_lock_assert_held();
	assert(had == MACH_PORT_TYPE_NONE ||
	    (type != MACH_MSG_TYPE_PORT_SEND_ONCE && entry->ie_object == port &&
	    (had & ~MACH_PORT_TYPE_SEND_RECEIVE) == 0));
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		ipc_right_sonce_enter(entry, port);
		return KERN_SUCCESS;
	}
	if (type == MACH_MSG_TYPE_PORT_SEND && (had & MACH_PORT_TYPE_SEND)) {
		/* The right merges into the entry's one (E4). */
		if (entry->ie_urefs >= UREFS_MAX && !peg)
			return KERN_UREFS_OVERFLOW;
		if (entry->ie_urefs < UREFS_MAX)
			entry->ie_urefs++;
		port->ip_srights--;
		ipc_port_release(port);
		return KERN_SUCCESS;
	}
	if (had == MACH_PORT_TYPE_NONE) {
		entry->ie_object = port;
		ipc_entry_hash(space, entry);
	}
	if (type == MACH_MSG_TYPE_PORT_SEND) {
		entry->ie_type |= MACH_PORT_TYPE_SEND;
		entry->ie_urefs = 1;
		return KERN_SUCCESS;
	}
	assert(type == MACH_MSG_TYPE_PORT_RECEIVE);
	assert(!(had & MACH_PORT_TYPE_RECEIVE));
	entry->ie_type |= MACH_PORT_TYPE_RECEIVE;
	port->ip_receiver = space;
	port->ip_receiver_name = entry->ie_name;
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_copyout(ipc_space_t space, ipc_port_t port,
    mach_msg_type_name_t type, mach_port_name_t *namep)
{
	ipc_entry_t entry = IE_NULL;

	if (!IP_VALID(port)) {
		*namep = port == IP_DEAD ? MACH_PORT_NAME_DEAD :
		    MACH_PORT_NAME_NULL;
		return KERN_SUCCESS;
	}
	if (type != MACH_MSG_TYPE_PORT_RECEIVE && !port->ip_active) {
		/* A right to a port that died on the way: a dead name. */
		ipc_right_release(port, type);
		*namep = MACH_PORT_NAME_DEAD;
		return KERN_SUCCESS;
	}
	if (type != MACH_MSG_TYPE_PORT_SEND_ONCE)
		entry = ipc_entry_lookup_object(space, port);	/* RN1 */
	if (entry == IE_NULL)
		entry = ipc_entry_alloc(space);
	if (entry == IE_NULL) {
		ipc_right_release(port, type);
		*namep = MACH_PORT_NAME_NULL;
		return KERN_NO_SPACE;
	}
	(void)ipc_right_copyout_entry(space, entry, port, type, true);
	*namep = entry->ie_name;
	return KERN_SUCCESS;
}

kern_return_t
ipc_right_copyout_name(ipc_space_t space, ipc_port_t port,
    mach_msg_type_name_t type, mach_port_name_t name)
{
	ipc_entry_t entry = ipc_entry_lookup(space, name);
	ipc_entry_t joined = IE_NULL;

	ipc_lock_assert_held();
	if (entry != IE_NULL)
		ipc_right_check(space, entry);
	if (type != MACH_MSG_TYPE_PORT_SEND_ONCE && port->ip_active)
		joined = ipc_entry_lookup_object(space, port);
	if (joined != IE_NULL && joined != entry)
		return KERN_RIGHT_EXISTS;			/* RN1 */
	if (joined != IE_NULL)
		return ipc_right_copyout_entry(space, entry, port, type,
		    false);
	if (entry != IE_NULL)
		return KERN_NAME_EXISTS;			/* RN2, RN3 */
	if (!port->ip_active)
		return KERN_INVALID_CAPABILITY;
	entry = ipc_entry_alloc_name(space, name);
	if (entry == IE_NULL)
		return KERN_NO_SPACE;
	return ipc_right_copyout_entry(space, entry, port, type, false);
}

void
ipc_right_release(ipc_port_t port, mach_msg_type_name_t type)
{
	if (!IP_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		/* Destroyed unused: its receiver learns (notify.defs). */
		ipc_notify_send_once(port);
		break;
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_destroy(port);
		break;
	default:
		panic("ipc_right_release: type %u", type);
	}
}

void
ipc_right_destroy_entry(ipc_space_t space, ipc_entry_t entry)
{
	mach_port_type_t type;

	ipc_right_check(space, entry);
	type = entry->ie_type;
	ipc_right_dnrequest_drop(space, entry, false);
	if (type & MACH_PORT_TYPE_PORT_SET) {
		ipc_pset_destroy((ipc_pset_t)entry->ie_object);
	} else if (type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)) {
		ipc_port_t port = ipc_right_port(entry);

		ipc_entry_unhash(space, entry);
		if (type & MACH_PORT_TYPE_SEND)
			ipc_port_release_send(port);
		if (type & MACH_PORT_TYPE_RECEIVE)
			ipc_port_destroy(port);
	} else if (type & MACH_PORT_TYPE_SEND_ONCE) {
		ipc_notify_send_once(ipc_right_port(entry));
	}
	entry->ie_type = MACH_PORT_TYPE_NONE;
	entry->ie_urefs = 0;
	entry->ie_object = NULL;
	ipc_entry_dealloc(space, entry);
}

kern_return_t
ipc_right_dealloc(ipc_space_t space, ipc_entry_t entry)
{
	mach_port_type_t type;

	ipc_right_check(space, entry);
	type = entry->ie_type;
	if (type & MACH_PORT_TYPE_DEAD_NAME) {
		if (--entry->ie_urefs == 0) {
			entry->ie_type = MACH_PORT_TYPE_NONE;
			ipc_entry_dealloc(space, entry);
		}
		return KERN_SUCCESS;
	}
	if (type & MACH_PORT_TYPE_SEND_ONCE) {
		ipc_right_destroy_entry(space, entry);
		return KERN_SUCCESS;
	}
	if (!(type & MACH_PORT_TYPE_SEND))
		return KERN_INVALID_RIGHT;
	if (--entry->ie_urefs > 0)
		return KERN_SUCCESS;
	return ipc_right_delta(space, entry, MACH_PORT_RIGHT_SEND, 0);
}

/* Removes the send right of an entry whose send urefs reached 0. */
static void
ipc_right_drop_send(ipc_space_t space, ipc_entry_t entry)
{
	ipc_port_t port = ipc_right_port(entry);

	entry->ie_type &= ~MACH_PORT_TYPE_SEND;
	entry->ie_urefs = 0;
	if (!(entry->ie_type & MACH_PORT_TYPE_RECEIVE)) {
		ipc_entry_unhash(space, entry);
		ipc_right_dnrequest_drop(space, entry, true);
		entry->ie_object = NULL;
	}
	ipc_port_release_send(port);
	ipc_right_entry_gc(space, entry);
}

kern_return_t
ipc_right_delta(ipc_space_t space, ipc_entry_t entry, mach_port_right_t right,
    int delta)
{
	mach_port_type_t type;
	int64_t urefs;

	ipc_right_check(space, entry);
	type = entry->ie_type;
	switch (right) {
	case MACH_PORT_RIGHT_SEND:
		if (!(type & MACH_PORT_TYPE_SEND))
			return KERN_INVALID_RIGHT;
		urefs = (int64_t)entry->ie_urefs + delta;
		if (urefs < 0)
			return KERN_INVALID_VALUE;
		if (urefs > UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		entry->ie_urefs = (mach_port_urefs_t)urefs;
		if (urefs == 0)
			ipc_right_drop_send(space, entry);
		return KERN_SUCCESS;
	case MACH_PORT_RIGHT_DEAD_NAME:
		if (!(type & MACH_PORT_TYPE_DEAD_NAME))
			return KERN_INVALID_RIGHT;
		urefs = (int64_t)entry->ie_urefs + delta;
		if (urefs < 0)
			return KERN_INVALID_VALUE;
		if (urefs > UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		entry->ie_urefs = (mach_port_urefs_t)urefs;
		if (urefs == 0) {
			entry->ie_type = MACH_PORT_TYPE_NONE;
			ipc_entry_dealloc(space, entry);
		}
		return KERN_SUCCESS;
	case MACH_PORT_RIGHT_RECEIVE:
	case MACH_PORT_RIGHT_PORT_SET:
	case MACH_PORT_RIGHT_SEND_ONCE: {
		mach_port_type_t want = MACH_PORT_TYPE(right);

		if (!(type & want))
			return KERN_INVALID_RIGHT;
		if (delta < -1 || delta > 0)
			return KERN_INVALID_VALUE;
		if (delta == 0)
			return KERN_SUCCESS;
		if (right == MACH_PORT_RIGHT_RECEIVE &&
		    (type & MACH_PORT_TYPE_SEND)) {
			/* Keep the send right under the name. */
			ipc_port_t port = ipc_right_port(entry);

			entry->ie_type &= ~MACH_PORT_TYPE_RECEIVE;
			port->ip_receiver = IS_NULL;
			ipc_port_destroy(port);
			ipc_right_check(space, entry);
			return KERN_SUCCESS;
		}
		ipc_right_destroy_entry(space, entry);
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_VALUE;
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_space.h: port name spaces and their entries.
 *
 * A space maps names (mach_port_name_t) to entries; an entry says which
 * rights the name denotes (ie_type, GNU Mach's MACH_PORT_TYPE_* bits),
 * how many user references it carries (ie_urefs) and the object (a port
 * or a port set; NULL for a dead name).  Invariants, kept by ipc_right.c:
 *
 *   E1. ie_type is exactly one of: SEND, RECEIVE, SEND|RECEIVE, SEND_ONCE,
 *       PORT_SET, DEAD_NAME (optionally with MACH_PORT_TYPE_DNREQUEST).
 *   E2. ie_urefs > 0 iff the entry has SEND, SEND_ONCE (then == 1) or
 *       DEAD_NAME; a RECEIVE-only or PORT_SET entry has 0.
 *   E3. A space has at most one entry with SEND or RECEIVE for a given
 *       port (send rights coalesce under the receive right's name); the
 *       reverse hash finds it.  Send-once rights are never coalesced.
 *   E4. Each entry with SEND counts once in port->ip_srights; each with
 *       SEND_ONCE counts once in port->ip_sorights.
 *
 * Names are allocated from a per-space counter, skipping names in use;
 * any name may also be chosen by the task (mach_port_allocate_name).
 *
 * Locking: ipc_lock (ipc/ipc_types.h) for everything here.
 */
#ifndef _IPC_IPC_SPACE_H_
#define _IPC_IPC_SPACE_H_

#include <ipc/ipc_types.h>

#define IPC_SPACE_HASH_BUCKETS	256
/* Bound on a space's names, so one task cannot take all kernel memory. */
#define IPC_SPACE_MAX_ENTRIES	65536

struct ipc_entry {
	mach_port_name_t	ie_name;
	mach_port_type_t	ie_type;	/* MACH_PORT_TYPE_* */
	mach_port_urefs_t	ie_urefs;
	void			*ie_object;	/* ipc_port_t / ipc_pset_t */
	ipc_port_t		ie_dnrequest;	/* dead-name notify, or NULL */
	struct ipc_entry	*ie_next_name;	/* name hash chain */
	struct ipc_entry	*ie_next_object; /* reverse hash chain */
};
typedef struct ipc_entry *ipc_entry_t;
#define IE_NULL		((ipc_entry_t)0)

struct ipc_space {
	bool			is_active;
	struct task		*is_task;	/* owner, NULL for the kernel */
	uint32_t		is_entries;	/* entries in use */
	mach_port_name_t	is_next_name;
	/* The last freed entry, kept for the next name (IE_NULL if inactive) */
	struct ipc_entry	*is_spare;
	struct ipc_entry	*is_names[IPC_SPACE_HASH_BUCKETS];
	struct ipc_entry	*is_objects[IPC_SPACE_HASH_BUCKETS];
};

/* The space kernel objects' ports are received in. */
extern ipc_space_t ipc_space_kernel;
/*
 * The space the kernel's own reply ports are received in (a thread
 * waiting for an exception reply): messages to them are queued, like
 * to any user port, not served.
 */
extern ipc_space_t ipc_space_reply;

void		ipc_space_bootstrap(void);
/* A new empty space; IS_NULL without memory. */
ipc_space_t	ipc_space_create(struct task *task);
/* Deactivates space and releases every right in it.  Locks: none. */
void		ipc_space_terminate(ipc_space_t space);
void		ipc_space_free(ipc_space_t space);

/* Locks: ipc_lock held, for all below. */
ipc_entry_t	ipc_entry_lookup(ipc_space_t space, mach_port_name_t name);
/* The entry holding send or receive for object, or IE_NULL. */
ipc_entry_t	ipc_entry_lookup_object(ipc_space_t space, void *object);
/* A new free entry under a fresh name; IE_NULL when full. */
ipc_entry_t	ipc_entry_alloc(ipc_space_t space);
/* A new entry under name; IE_NULL if name is in use or invalid. */
ipc_entry_t	ipc_entry_alloc_name(ipc_space_t space, mach_port_name_t name);
/* Makes entry denote object for reverse lookups (SEND/RECEIVE). */
void		ipc_entry_hash(ipc_space_t space, ipc_entry_t entry);
void		ipc_entry_unhash(ipc_space_t space, ipc_entry_t entry);
/* Frees an entry whose rights are gone (ie_type == 0). */
void		ipc_entry_dealloc(ipc_space_t space, ipc_entry_t entry);
/* Calls fn for every entry (fn may not free entries). */
void		ipc_space_foreach(ipc_space_t space,
		    void (*fn)(ipc_entry_t entry, void *arg), void *arg);

#endif /* _IPC_IPC_SPACE_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_right.h: moving rights between a space's entries and kernel
 * references (the copyin and copyout of one right), and the rules of
 * user references (invariants E1-E4 of ipc/ipc_space.h).
 *
 * Dispositions (GNU Mach's MACH_MSG_TYPE_*): copyin takes MOVE_RECEIVE,
 * MOVE_SEND, COPY_SEND, MAKE_SEND, MOVE_SEND_ONCE, MAKE_SEND_ONCE and
 * gives the kernel form's type (PORT_RECEIVE, PORT_SEND, PORT_SEND_ONCE);
 * copyout takes those and makes or extends an entry.
 *
 * Which rights may share a name (GNU Mach's ipc_object_copyout_name and
 * ipc_right_copyout; every path that adds a right to a space applies it
 * in ipc_right_copyout_entry: message copyout, mach_port_insert_right
 * and its trap, the kernel's own insertions):
 *
 *   RN1. A send or a receive right joins the entry that already holds a
 *       send or receive right to its port (E3).  Given a name, that
 *       entry must be the name's: else KERN_RIGHT_EXISTS.
 *   RN2. A send-once right never shares: it gets an entry of its own.
 *   RN3. Otherwise a right needs a free name: a name that holds anything
 *       else (a send-once right, even to the same port; a dead name; a
 *       set; any right to another port) gives KERN_NAME_EXISTS.
 *
 * Locking: ipc_lock held for all.
 */
#ifndef _IPC_IPC_RIGHT_H_
#define _IPC_IPC_RIGHT_H_

#include <ipc/ipc_space.h>

/*
 * A send-once right (its reference) becomes a new entry of its own: a
 * send-once right never merges with another right to its port.
 */
static inline void
ipc_right_sonce_enter(ipc_entry_t entry, ipc_port_t port)
{
	entry->ie_type = MACH_PORT_TYPE_SEND_ONCE;
	entry->ie_urefs = 1;
	entry->ie_object = port;
}

/* True if disposition is one copyin accepts. */
bool		ipc_right_disposition_valid(mach_msg_type_name_t disposition);
/* The right's type after copyin (PORT_SEND etc.). */
mach_msg_type_name_t ipc_right_copyin_type(mach_msg_type_name_t disposition);
/* Turns an entry naming a dead port into a dead name; true if it did. */
bool		ipc_right_check(ipc_space_t space, ipc_entry_t entry);
/*
 * Would copyin succeed?  KERN_SUCCESS, KERN_INVALID_NAME (no such name),
 * KERN_INVALID_RIGHT (wrong right), or KERN_INVALID_CAPABILITY (the
 * name is dead: the port is IP_DEAD after copyin).
 */
kern_return_t	ipc_right_copyin_check(ipc_space_t space,
		    mach_port_name_t name, mach_msg_type_name_t disposition);
/* The same for an entry already looked up (IE_NULL: KERN_INVALID_NAME). */
kern_return_t	ipc_right_copyin_check_entry(ipc_space_t space,
		    ipc_entry_t entry, mach_msg_type_name_t disposition);
/*
 * Takes the right out of (or copies it from) the space; *port is the
 * kernel reference, IP_DEAD for a dead name moved as a send right.
 */
kern_return_t	ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
		    mach_msg_type_name_t disposition, ipc_port_t *port);
/*
 * ipc_right_copyin for an entry ipc_right_copyin_check_entry() has just
 * accepted (under the same hold of ipc_lock): one lookup for both.
 */
void		ipc_right_copyin_entry(ipc_space_t space, ipc_entry_t entry,
		    mach_msg_type_name_t disposition, ipc_port_t *port);
/*
 * Puts the right (kernel form type) into space and gives its name;
 * consumes it either way.  MACH_MSG_SUCCESS, or MACH_RCV_HEADER_ERROR
 * style failure as KERN_NO_SPACE (the right is destroyed, name NULL).
 */
kern_return_t	ipc_right_copyout(ipc_space_t space, ipc_port_t port,
		    mach_msg_type_name_t type, mach_port_name_t *name);
/*
 * Puts the right under the given name (mach_port_insert_right), by
 * RN1-RN3.  Returns KERN_SUCCESS (the right consumed) or, with the right
 * still the caller's: KERN_RIGHT_EXISTS, KERN_NAME_EXISTS,
 * KERN_UREFS_OVERFLOW, KERN_INVALID_CAPABILITY (the port is dead),
 * KERN_NO_SPACE.
 */
kern_return_t	ipc_right_copyout_name(ipc_space_t space, ipc_port_t port,
		    mach_msg_type_name_t type, mach_port_name_t name);
/* Releases a kernel-form right of the given type. */
void		ipc_right_release(ipc_port_t port, mach_msg_type_name_t type);
/* Destroys every right the entry denotes and frees it. */
void		ipc_right_destroy_entry(ipc_space_t space, ipc_entry_t entry);
/* Drops one uref (deallocate); KERN_INVALID_RIGHT if it has none. */
kern_return_t	ipc_right_dealloc(ipc_space_t space, ipc_entry_t entry);
/* Adds delta to the urefs of right in entry (mach_port_mod_refs). */
kern_return_t	ipc_right_delta(ipc_space_t space, ipc_entry_t entry,
		    mach_port_right_t right, int delta);
/* Frees the entry if it denotes nothing any more. */
void		ipc_right_entry_gc(ipc_space_t space, ipc_entry_t entry);

#endif /* _IPC_IPC_RIGHT_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kmsg.h: messages inside the kernel.
 *
 * A message has two forms.  The user form is what mach_msg() reads and
 * writes: port names, user addresses of out-of-line data.  The kernel
 * form, made by ipc_kmsg_copyin() and undone by ipc_kmsg_copyout(),
 * holds references instead: every port field is an ipc_port_t (the
 * 2023 x86_64 ABI gives port fields 8 bytes in both forms, so the
 * message keeps its size), every out-of-line region a vm_map_copy_t,
 * every out-of-line array of port rights a kalloc'd array of ipc_port_t.
 * The header's bits are the kernel types (PORT_SEND, PORT_SEND_ONCE)
 * after copyin.
 *
 * Every value in a user message is checked before it is used; a message
 * that fails copyin has nothing left behind: what was copied in is
 * destroyed (rights released, memory discarded), as GNU Mach documents
 * for body errors; a header error changes nothing in the sender's space.
 *
 * Locking: ipc_lock held for copyin/copyout/destroy (they may drop it
 * around vm_map_copyin/copyout); none for get/put/alloc/free.
 */
#ifndef _IPC_IPC_KMSG_H_
#define _IPC_IPC_KMSG_H_

#include <ipc/ipc_types.h>
#include <kern/queue.h>
#include <mach/machine/vm_types.h>

struct vm_map;

/* Largest message mach_msg() accepts (header and inline data). */
#define IPC_KMSG_MAX_SIZE	(128 * 1024)
/* Largest out-of-line port array (elements). */
#define IPC_KMSG_MAX_OOL_PORTS	65536

struct ipc_kmsg {
	queue_chain_t		ikm_link;	/* on a port's messages */
	vm_size_t		ikm_size;	/* bytes allocated after header */
	mach_msg_header_t	ikm_header;	/* the message; body follows */
};
typedef struct ipc_kmsg *ipc_kmsg_t;
#define IKM_NULL	((ipc_kmsg_t)0)

void		ipc_kmsg_bootstrap(void);
/* Room for a message of size bytes; IKM_NULL without memory. */
ipc_kmsg_t	ipc_kmsg_alloc(vm_size_t size);
void		ipc_kmsg_free(ipc_kmsg_t kmsg);

/* Reads a message from user memory: size and alignment checks. */
mach_msg_return_t ipc_kmsg_get(struct vm_map *map, uint64_t msg_addr,
		    mach_msg_size_t size, ipc_kmsg_t *kmsgp);
/* Writes a (user-form) message to user memory and frees it. */
mach_msg_return_t ipc_kmsg_put(struct vm_map *map, uint64_t msg_addr,
		    ipc_kmsg_t kmsg);
/* The same for its first size bytes only (a header error's header). */
mach_msg_return_t ipc_kmsg_put_size(struct vm_map *map, uint64_t msg_addr,
		    ipc_kmsg_t kmsg, mach_msg_size_t size);

/*
 * Locks: ipc_lock held on entry and return, but dropped (and the thread
 * may block, with its stack) around every touch of the sender's memory
 * (out-of-line data and port arrays, their deallocation).  On failure
 * *destroyed says whether the message was destroyed (a body error, or
 * a dead destination) or is untouched and still the caller's to free
 * (a header error).  On success the message may be marked
 * MACH_MSGH_BITS_CIRCULAR (P6 in ipc/ipc_port.h): the caller destroys
 * it instead of queueing it (ipc_kmsg_circular).
 */
mach_msg_return_t ipc_kmsg_copyin(ipc_kmsg_t kmsg, ipc_space_t space,
		    struct vm_map *map, bool *destroyed);
/*
 * ipc_kmsg_transit: port, a right of type just put in kmsg, is in
 * transit to kmsg's destination if it is a receive right (P6 in
 * ipc/ipc_port.h), or kmsg is marked MACH_MSGH_BITS_CIRCULAR.
 * Locks: ipc_lock held.
 */
void		ipc_kmsg_transit(ipc_kmsg_t kmsg, ipc_port_t port,
		    mach_msg_type_name_t type);
/* pseudo: give a failed send back to its sender (GNU Mach's term). */
mach_msg_return_t ipc_kmsg_copyout(ipc_kmsg_t kmsg, ipc_space_t space,
		    struct vm_map *map, bool pseudo);
/*
 * The header of a message the receiver does not get (too large), in
 * its names; the reply right and the body are destroyed.
 */
void		ipc_kmsg_copyout_dest(ipc_kmsg_t kmsg, ipc_space_t space);
/* Releases everything a kernel-form message holds, and frees it. */
void		ipc_kmsg_destroy(ipc_kmsg_t kmsg);
/* The destination port of a kernel-form message. */
static inline ipc_port_t
ipc_kmsg_dest(ipc_kmsg_t kmsg)
{
	return (ipc_port_t)kmsg->ikm_header.msgh_remote_port;
}

/*
 * A message that carries a receive right to a port only reachable
 * through it (P6): sending it destroys it, and succeeds (GNU Mach).
 */
static inline bool
ipc_kmsg_circular(ipc_kmsg_t kmsg)
{
	return (kmsg->ikm_header.msgh_bits & MACH_MSGH_BITS_CIRCULAR) != 0;
}

/* Counters for tests and the fuzz program (ipc/ipc_kmsg.c). */
extern uint64_t ipc_kmsgs_live;

#endif /* _IPC_IPC_KMSG_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kmsg_kernel.c: messages the kernel itself sends through
 * MIG's KernelUser stubs (the memory_object.defs calls the VM makes to
 * pagers): mach_msg_send_from_kernel().
 *
 * The stub builds the message in kernel form already (ports are
 * ipc_port_t, out-of-line data is a vm_map_copy_t), but with the
 * *dispositions* a user would give (COPY_SEND, MAKE_SEND, MOVE_RECEIVE,
 * ...).  Sending turns each into the right it names, as copyin does for
 * a user message, and delivers without queue limits (the kernel never
 * waits for a pager's queue), as GNU Mach's ipc_kmsg_send_always.
 * The messages are the kernel's own: they are trusted, and a malformed
 * one is a kernel bug (panic), not an error.
 *
 * Locking: takes ipc_lock; may be called with VM locks held (no VM lock
 * is taken inside ipc_lock's region here).  Never blocks.
 */
#include <stddef.h>
#include <kern/debug.h>
#include <kern/string.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kmsg_kernel.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>

uint64_t ipc_kernel_sends;	/* messages sent by the kernel this way */

/*
 * The right a kernel disposition makes of port (taking references), and
 * its kernel type.  Locks: ipc_lock held.
 */
static ipc_port_t
ipc_kmsg_kernel_right(ipc_port_t port, mach_msg_type_name_t disposition,
    mach_msg_type_name_t *type)
{
	*type = ipc_right_copyin_type(disposition);
	if (!IP_VALID(port))
		return port;
	switch (disposition) {
	case MACH_MSG_TYPE_COPY_SEND:
		return ipc_port_copy_send(port);
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(port);
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return ipc_port_make_send_once(port);
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		/* A kernel port handed over: from now on an ordinary port. */
		port->ip_kotype = IKOT_NONE;
		port->ip_kobject = NULL;
		port->ip_receiver = IS_NULL;
		port->ip_receiver_name = MACH_PORT_NAME_NULL;
		return port;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return port;			/* the caller's right moves */
	default:
		panic("mach_msg_send_from_kernel: disposition %u",
		    disposition);
	}
}

/* Converts the body's port dispositions into rights.  Locks: ipc_lock. */
static void
ipc_kmsg_kernel_body(ipc_kmsg_t kmsg)
{
	char *base = (char *)&kmsg->ikm_header;
	vm_size_t offset = sizeof(mach_msg_header_t);
	vm_size_t end = kmsg->ikm_header.msgh_size;

	while (offset < end) {
		mach_msg_type_long_t *type =
		    (mach_msg_type_long_t *)(base + offset);
		uint64_t bytes = ((uint64_t)type->msgtl_number *
		    type->msgtl_size + 7) / 8;
		mach_msg_type_name_t kernel_type;

		offset += sizeof(mach_msg_type_t);
		if (!type->msgtl_inline) {
			/* Out-of-line data: already a vm_map_copy_t. */
			if (MACH_MSG_TYPE_PORT_ANY(type->msgtl_name))
				panic("mach_msg_send_from_kernel: OOL ports");
			offset += sizeof(uint64_t);
			continue;
		}
		if (MACH_MSG_TYPE_PORT_ANY(type->msgtl_name)) {
			ipc_port_t *ports = (ipc_port_t *)(base + offset);

			for (uint32_t i = 0; i < type->msgtl_number; i++) {
				ports[i] = ipc_kmsg_kernel_right(ports[i],
				    type->msgtl_name, &kernel_type);
				/* P6, as for a user's message. */
				ipc_kmsg_transit(kmsg, ports[i], kernel_type);
			}
			type->msgtl_name = ipc_right_copyin_type(
			    type->msgtl_name);
			/*
			 * MIG's KernelUser stubs mark moved receive rights
			 * "dealloc" (a Mach 2.5 leftover); inline data never
			 * is, and the receiver's stub checks for that.
			 */
			type->msgtl_deallocate = 0;
		}
		offset += (bytes + 7) & ~(uint64_t)7;
	}
	if (offset != end)
		panic("mach_msg_send_from_kernel: body of %lu bytes, size %lu",
		    (unsigned long)offset, (unsigned long)end);
}

mach_msg_return_t
mach_msg_send_from_kernel(mach_msg_header_t *msg, mach_msg_size_t size)
{
	mach_msg_type_name_t dest_type, reply_type;
	ipc_kmsg_t kmsg;
	ipc_port_t dest, reply;

	kmsg = ipc_kmsg_alloc(size);
	if (kmsg == IKM_NULL)
		return MACH_SEND_NO_BUFFER;
	memcpy(&kmsg->ikm_header, msg, size);
	kmsg->ikm_header.msgh_size = size;
	ipc_lock_take();
	dest = ipc_kmsg_kernel_right((ipc_port_t)msg->msgh_remote_port,
	    MACH_MSGH_BITS_REMOTE(msg->msgh_bits), &dest_type);
	reply = ipc_kmsg_kernel_right((ipc_port_t)msg->msgh_local_port,
	    MACH_MSGH_BITS_LOCAL(msg->msgh_bits), &reply_type);
	kmsg->ikm_header.msgh_remote_port = (mach_port_t)dest;
	kmsg->ikm_header.msgh_local_port = (mach_port_t)reply;
	kmsg->ikm_header.msgh_bits = (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
	    MACH_MSGH_BITS(dest_type, reply != IP_NULL ? reply_type : 0);
	if (msg->msgh_bits & MACH_MSGH_BITS_COMPLEX)
		ipc_kmsg_kernel_body(kmsg);
	ipc_kernel_sends++;
	if (!IP_VALID(dest)) {
		/* The pager's port died: the message goes nowhere. */
		kmsg->ikm_header.msgh_remote_port = 0;
		ipc_kmsg_destroy(kmsg);
		ipc_lock_release();
		return MACH_SEND_INVALID_DEST;
	}
	if (ipc_kmsg_circular(kmsg)) {
		ipc_kmsg_destroy(kmsg);		/* P6, as mach_msg does */
		ipc_lock_release();
		return MACH_MSG_SUCCESS;
	}
	ipc_mqueue_deliver(kmsg);
	ipc_lock_release();
	return MACH_MSG_SUCCESS;
}

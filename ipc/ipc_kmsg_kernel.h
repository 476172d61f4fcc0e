/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kmsg_kernel.h: sending from the kernel (MIG KernelUser stubs).
 */
#ifndef _IPC_IPC_KMSG_KERNEL_H_
#define _IPC_IPC_KMSG_KERNEL_H_

#include <stdint.h>
#include <mach/message.h>

/*
 * Sends a kernel-built message (ports as ipc_port_t with user-style
 * dispositions) without waiting.  MACH_MSG_SUCCESS, MACH_SEND_NO_BUFFER
 * or MACH_SEND_INVALID_DEST (the destination is dead: the message is
 * destroyed).  Locks: none held on entry; takes ipc_lock.
 */
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
		    mach_msg_size_t size);

extern uint64_t ipc_kernel_sends;

#endif /* _IPC_IPC_KMSG_KERNEL_H_ */

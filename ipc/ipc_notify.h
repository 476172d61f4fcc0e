/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_notify.h: the kernel's notification messages (notify.defs):
 * each consumes the send-once right `notify` it is sent through.
 * Locks: ipc_lock held.  Never blocks (queue limits do not apply).
 */
#ifndef _IPC_IPC_NOTIFY_H_
#define _IPC_IPC_NOTIFY_H_

#include <ipc/ipc_types.h>

void	ipc_notify_port_deleted(ipc_port_t notify, mach_port_name_t name);
void	ipc_notify_port_destroyed(ipc_port_t notify, ipc_port_t port);
void	ipc_notify_no_senders(ipc_port_t notify, uint32_t mscount);
/* A send-once right destroyed unused: tells its receiver. */
void	ipc_notify_send_once(ipc_port_t port);
void	ipc_notify_dead_name(ipc_port_t notify, mach_port_name_t name);

#endif /* _IPC_IPC_NOTIFY_H_ */

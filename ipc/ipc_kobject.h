/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kobject.h: kernel objects behind ports (tasks, threads, the
 * host, devices), served by MIG-generated server stubs.
 *
 * A message sent to a kernel object's port is not queued: the sending
 * thread runs ipc_kobject_server() at once, which finds the routine by
 * message id among the generated demux functions, runs it, and returns
 * the reply to send.  Routines run without ipc_lock and may block.
 */
#ifndef _IPC_IPC_KOBJECT_H_
#define _IPC_IPC_KOBJECT_H_

#include <stdbool.h>
#include <ipc/ipc_kmsg.h>

/* Largest reply a kernel routine produces. */
#define IPC_KOBJECT_REPLY_SIZE	8192

/* A MIG demux function: true if it knew the message's id. */
typedef bool (*ipc_kobject_demux_t)(mach_msg_header_t *request,
		    mach_msg_header_t *reply);

/*
 * Serves a kernel-form request sent to a kernel object; consumes it.
 * Returns the reply (kernel form) to deliver, or IKM_NULL.
 * Locks: none held on entry or exit.  May block.
 */
ipc_kmsg_t	ipc_kobject_server(ipc_kmsg_t request);

/*
 * The demux functions, NULL-terminated; defined where the generated
 * server stubs are linked (kern/ipc_kobject_table.c).
 */
extern const ipc_kobject_demux_t ipc_kobject_demux_table[];

#endif /* _IPC_IPC_KOBJECT_H_ */

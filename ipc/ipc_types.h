/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_types.h: the IPC objects and the one lock that guards them.
 *
 *   struct ipc_space   a task's port name space: names -> entries
 *   struct ipc_entry   one name: the rights it denotes and their urefs
 *   struct ipc_port    a message queue, its rights' counts, notifications
 *   struct ipc_pset    a port set: receive on several ports at once
 *   struct ipc_kmsg    a message in the kernel (kernel form: ports are
 *                      pointers, out-of-line data is a vm_map_copy)
 *
 * Locking: ipc_lock, a single simple lock, guards every field of every
 * space, entry, port, set and queued message.  It is taken without
 * raising spl (no interrupt handler touches IPC) and never held across
 * thread_block(): a thread that must wait queues itself under ipc_lock,
 * calls assert_wait(), drops ipc_lock, and blocks.  Order: ipc_lock ->
 * task lock -> sched_lock.  Splitting it into GNU Mach's per-space and
 * per-port locks (order space -> port) is the step before SMP; see
 * design/12-ipc.md.
 */
#ifndef _IPC_IPC_TYPES_H_
#define _IPC_IPC_TYPES_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/lock.h>
#include <kern/queue.h>
#include <mach/message.h>
#include <mach/port.h>

extern simple_lock_data_t ipc_lock;

static inline void
ipc_lock_take(void)
{
	simple_lock(&ipc_lock);
}

static inline void
ipc_lock_release(void)
{
	simple_unlock(&ipc_lock);
}

static inline void
ipc_lock_assert_held(void)
{
	extern void ipc_lock_assert_failed(void);

	if (!simple_lock_taken(&ipc_lock))
		ipc_lock_assert_failed();
}

struct task;
struct thread;
struct ipc_port;
struct ipc_pset;
struct ipc_space;

typedef struct ipc_port *ipc_port_t;
typedef struct ipc_pset *ipc_pset_t;
typedef struct ipc_space *ipc_space_t;

#define IP_NULL		((ipc_port_t)0)
#define IP_DEAD		((ipc_port_t)~0UL)
#define IP_VALID(port)	((port) != IP_NULL && (port) != IP_DEAD)
#define IPS_NULL	((ipc_pset_t)0)
#define IS_NULL		((ipc_space_t)0)

#endif /* _IPC_IPC_TYPES_H_ */

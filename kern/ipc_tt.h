/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_tt.h: tasks and threads as IPC objects (GNU Mach's name):
 * their kernel ports, special ports, and the conversions MIG's kernel
 * server stubs call (intran/outtran/destructor of mach_types.defs).
 *
 * A converted task or thread carries a reference the stub releases with
 * task_deallocate()/thread_deallocate(); a converted space likewise with
 * space_deallocate().  A port that names no such object converts to
 * TASK_NULL / THREAD_NULL / IS_NULL, and the routine then answers
 * KERN_INVALID_ARGUMENT (or the code MIG's stub gives).
 */
#ifndef _KERN_IPC_TT_H_
#define _KERN_IPC_TT_H_

#include <ipc/ipc_types.h>
#include <kern/task.h>
#include <kern/thread.h>

/* Creation and teardown of the IPC side.  Locks: none. */
kern_return_t	ipc_task_init(task_t task, task_t parent);
void		ipc_task_terminate(task_t task);
kern_return_t	ipc_thread_init(thread_t thread);
void		ipc_thread_terminate(thread_t thread);

/* Conversions (mach_types.defs).  Locks: none. */
task_t		convert_port_to_task(ipc_port_t port);
ipc_port_t	convert_task_to_port(task_t task);
thread_t	convert_port_to_thread(ipc_port_t port);
ipc_port_t	convert_thread_to_port(thread_t thread);
ipc_space_t	convert_port_to_space(ipc_port_t port);
struct vm_map	*convert_port_to_map(ipc_port_t port);
void		space_deallocate(ipc_space_t space);

/* The task a name in the caller's space denotes (fast traps), or NULL. */
task_t		port_name_to_task(mach_port_name_t name);
/* The same for a thread (syscall_thread_depress_abort). */
thread_t	port_name_to_thread(mach_port_name_t name);

/* Inserts a send right to port into task's space; its name, or NULL. */
mach_port_name_t ipc_task_insert_send(task_t task, ipc_port_t port);

#endif /* _KERN_IPC_TT_H_ */

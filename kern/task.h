/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/task.h: tasks: an address space and the threads that run in it.
 *
 * The address space is task->map (vm/vm_map.h: the simple anonymous VM of
 * issue 4, grown into the full VM by issue 5); task->pmap is its pmap.
 * Its IPC side (kern/ipc_tt.c): a port name space and a kernel port.
 *
 * Lifetime: ref_count counts the task's own life (dropped by
 * task_terminate), one per thread (dropped by the reaper), and one per
 * holder of a converted task_t (convert_port_to_task).  The last
 * task_deallocate() frees the space, the map and the task.
 *
 * Locking: task->lock guards threads, thread_count, active, ref_count
 * and suspend_count; the itk_* ports are guarded by ipc_lock.
 * Order: ipc_lock -> tasks_lock -> task lock -> sched_lock.
 */
#ifndef _KERN_TASK_H_
#define _KERN_TASK_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/lock.h>
#include <kern/queue.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>

struct pmap;
struct vm_map;

struct ipc_space;
struct ipc_port;

#define TASK_NAME_MAX	32

struct task {
	/* Set at creation, read-only after. */
	struct vm_map		*map;		/* the address space */
	struct pmap		*pmap;		/* map->pmap, for switching */
	uint64_t		id;
	char			name[TASK_NAME_MAX];

	/* Guarded by lock. */
	simple_lock_data_t	lock;
	queue_head_t		threads;
	int			thread_count;
	bool			active;
	uint32_t		ref_count;
	uint32_t		suspend_count;
	bool			bootstrap;	/* started from a boot module */

	/* IPC (kern/ipc_tt.c), guarded by ipc_lock. */
	struct ipc_space	*itk_space;
	struct ipc_port		*itk_self;	/* kernel port */
	struct ipc_port		*itk_sself;	/* its send right, "self" */
	struct ipc_port		*itk_exception;	/* send right, or NULL */
	struct ipc_port		*itk_bootstrap;	/* send right, or NULL */

	/* Guarded by tasks_lock. */
	queue_chain_t		all_tasks;
};

typedef struct task *task_t;
#define TASK_NULL	((task_t)0)

void	task_bootstrap(void);
/* A new task (no threads) with an empty map, or a copy of parent's. */
task_t	task_create_user(const char *name, task_t parent, bool inherit_memory);
void	task_reference(task_t task);
void	task_deallocate(task_t task);
/* Every live task, for kernel self-tests and debuggers. */
extern queue_head_t all_tasks;
/*
 * Ends task and its threads; when the caller is one of them, does not
 * return.  killed: the kernel ended it (why says how), otherwise it
 * exited by itself with status.
 */
void	task_end(task_t task, int status, bool killed, const char *why);
/* RPCs of mach.defs that the fast traps (kern/syscall_sw.c) call too. */
kern_return_t task_terminate(task_t task);
kern_return_t task_create(task_t parent, boolean_t inherit_memory,
		    task_t *child);
kern_return_t task_suspend(task_t task);
struct ipc_port;
kern_return_t task_set_special_port(task_t task, int which,
		    struct ipc_port *port);
int	task_count_live(void);
/* Suspends / resumes every thread of task (counted). */
kern_return_t task_hold(task_t task);
kern_return_t task_release(task_t task);

#endif /* _KERN_TASK_H_ */

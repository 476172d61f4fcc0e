/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/task.h: tasks: an address space and the threads that run in it.
 *
 * The address space is task->map (vm/vm_map.h: the simple anonymous VM of
 * issue 4, grown into the full VM by issue 5); task->pmap is its pmap.
 * Port names for the task are placeholders until IPC exists (issue 4):
 * see design/01-overview.md.
 *
 * Locking: task->lock guards threads, thread_count and active.
 * Order: task lock -> sched_lock.  tasks_lock (the global list) comes
 * before any task lock.
 */
#ifndef _KERN_TASK_H_
#define _KERN_TASK_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/lock.h>
#include <kern/queue.h>

struct pmap;
struct vm_map;

/*
 * Placeholder port names (issue 4 replaces them with real rights in the
 * task's IPC space, keeping these values for the first rights inserted):
 * every task sees the same names for now; mach_reply_port() hands out
 * increasing names from TASK_NAME_FIRST_REPLY.
 */
#define TASK_NAME_HOST_PRIV	1
#define TASK_NAME_DEVICE_MASTER	2
#define TASK_NAME_TASK_SELF	3
#define TASK_NAME_THREAD_SELF	4
#define TASK_NAME_HOST_SELF	5
#define TASK_NAME_FIRST_REPLY	16

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
	uint32_t		next_reply_name;
	bool			bootstrap;	/* started from a boot module */

	/* Guarded by tasks_lock. */
	queue_chain_t		all_tasks;
};

typedef struct task *task_t;
#define TASK_NULL	((task_t)0)

void	task_bootstrap(void);
task_t	task_create_user(const char *name);
/*
 * Ends task and its threads; when the caller is one of them, does not
 * return.  killed: the kernel ended it (why says how), otherwise it
 * exited by itself with status.
 */
void	task_terminate(task_t task, int status, bool killed, const char *why);
int	task_count_live(void);
/* Frees a task whose last thread has gone (called by the reaper). */
void	task_thread_gone(task_t task);

#endif /* _KERN_TASK_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/task.c: creating and ending tasks.
 *
 * A task is created empty (a fresh vm_map over a fresh pmap, no
 * threads), filled by the ELF loader (kern/elf_load.c) through the VM
 * (vm_map_enter at fixed addresses, copyout), and given threads.
 * task_terminate() marks it inactive and, when the caller is one of its
 * threads, halts the caller by thread_terminate_self() (tasks
 * have one thread until issue 4 brings thread_create).  When the reaper
 * has freed the last thread, task_thread_gone() drops the map (every
 * page and the pmap go with it) and frees the task.
 *
 * Locking: tasks_lock (the list of live tasks) -> task->lock ->
 * sched_lock.  All at splsched.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/bootstrap.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/sched_prim.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <vm/vm_map.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

static struct kmem_cache task_cache;
static simple_lock_data_t tasks_lock = SIMPLE_LOCK_INITIALIZER("tasks_lock");
static queue_head_t all_tasks;
static int tasks_live;
static uint64_t task_next_id = 1;

void
task_bootstrap(void)
{
	kmem_cache_init(&task_cache, "task", sizeof(struct task), 0, NULL, 0);
	vm_map_bootstrap();
	queue_init(&all_tasks);
}

task_t
task_create_user(const char *name)
{
	task_t task;
	pmap_t pmap;
	spl_t s;

	task = kmem_cache_alloc(&task_cache);
	if (task == TASK_NULL)
		return TASK_NULL;
	memset(task, 0, sizeof(*task));
	pmap = pmap_create();
	if (pmap == PMAP_NULL) {
		kmem_cache_free(&task_cache, task);
		return TASK_NULL;
	}
	task->map = vm_map_create(pmap, VM_MAP_USER_MIN, VM_MAX_ADDRESS);
	if (task->map == VM_MAP_NULL) {
		pmap_destroy(pmap);
		kmem_cache_free(&task_cache, task);
		return TASK_NULL;
	}
	task->pmap = pmap;
	simple_lock_init(&task->lock, "task");
	queue_init(&task->threads);
	strlcpy(task->name, name, sizeof(task->name));
	task->active = true;
	task->next_reply_name = TASK_NAME_FIRST_REPLY;
	s = simple_lock_irq(&tasks_lock);
	task->id = task_next_id++;
	queue_enter(&all_tasks, &task->all_tasks);
	tasks_live++;
	simple_unlock_irq(&tasks_lock, s);
	return task;
}

int
task_count_live(void)
{
	return tasks_live;
}

/*
 * task_terminate: end a task; when the caller is one of its threads it
 * does not return.
 */
void
task_terminate(task_t task, int status, bool killed, const char *why)
{
	thread_t self = current_thread();
	spl_t s;

	s = simple_lock_irq(&task->lock);
	if (!task->active) {
		simple_unlock_irq(&task->lock, s);
		if (self->task == task)
			thread_terminate_self();
		return;
	}
	task->active = false;
	simple_unlock_irq(&task->lock, s);
	if (killed)
		printf("task %s (%lu): terminated: %s\n", task->name,
		    (unsigned long)task->id, why);
	else
		printf("task %s (%lu): exited with status %d\n", task->name,
		    (unsigned long)task->id, status);
	s = simple_lock_irq(&tasks_lock);
	queue_remove(&task->all_tasks);
	tasks_live--;
	simple_unlock_irq(&tasks_lock, s);
	if (task->bootstrap)
		bootstrap_task_ended(status, killed);
	/* Issue 3 tasks have one thread, the caller; see design/01. */
	if (self->task == task)
		thread_terminate_self();
}

/*
 * task_thread_gone: called by the reaper after freeing one of task's
 * threads; frees the task with its last thread.
 */
void
task_thread_gone(task_t task)
{
	bool last;
	spl_t s = simple_lock_irq(&task->lock);

	last = task->thread_count == 0 && !task->active;
	simple_unlock_irq(&task->lock, s);
	if (!last)
		return;
	vm_map_deallocate(task->map);	/* frees its pages and the pmap */
	kmem_cache_free(&task_cache, task);
}

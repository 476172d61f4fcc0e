/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/task.c: creating and ending tasks.
 *
 * A task is created empty (a fresh pmap, no threads), filled by the ELF
 * loader (kern/elf_load.c) through task_memory_map_page(), and given
 * threads.  task_terminate() marks it inactive and, when the caller is
 * one of its threads, halts the caller by thread_terminate_self() (tasks
 * have one thread until issue 4 brings thread_create).  When the reaper
 * has freed the last thread, task_thread_gone() frees the address space
 * and the task.
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
#include <vm/vm_page.h>
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
	queue_init(&all_tasks);
}

task_t
task_create_user(const char *name)
{
	task_t task;
	spl_t s;

	task = kmem_cache_alloc(&task_cache);
	if (task == TASK_NULL)
		return TASK_NULL;
	memset(task, 0, sizeof(*task));
	task->pmap = pmap_create();
	if (task->pmap == PMAP_NULL) {
		kmem_cache_free(&task_cache, task);
		return TASK_NULL;
	}
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
task_memory_map_page(task_t task, uint64_t va, int prot,
    struct vm_page **page)
{
	struct vm_page *m;
	phys_addr_t pa;

	if (pmap_extract(task->pmap, va, &pa))
		return KERN_NO_SPACE;
	m = vm_page_grab();
	if (m == NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_page_zero(m);
	if (pmap_enter(task->pmap, va, vm_page_to_pa(m), prot) !=
	    KERN_SUCCESS) {
		vm_page_release(m);
		return KERN_RESOURCE_SHORTAGE;
	}
	m->listq_next = task->pages;
	task->pages = m;
	task->page_count++;
	if (page != NULL)
		*page = m;
	return KERN_SUCCESS;
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

static void
task_free_memory(task_t task)
{
	struct vm_page *m, *next;

	for (m = task->pages; m != NULL; m = next) {
		next = m->listq_next;
		m->listq_next = NULL;
		vm_page_release(m);
	}
	task->pages = NULL;
	task->page_count = 0;
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
	task_free_memory(task);
	pmap_destroy(task->pmap);
	kmem_cache_free(&task_cache, task);
}

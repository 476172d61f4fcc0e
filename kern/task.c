/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/task.c: tasks: creation, references, termination, suspension,
 * and the task routines of mach.defs (task_create, task_terminate,
 * task_suspend, task_resume, task_threads, task_info, task_set_name,
 * task_get_special_port, task_set_special_port).
 *
 * A task is created with an empty map (or a copy of its parent's, by
 * each entry's inheritance), a port name space and a kernel port.
 * task_end() ends it (task_terminate() is the RPC): it leaves the list of live tasks, its
 * kernel port and every right in its space are destroyed (so others see
 * dead names and get their notifications), and each of its threads is
 * asked to halt; the caller, if it is one of them, halts last, at its
 * return to user mode (thread_boundary_check), so that what it holds
 * for the call (a request and its reply right, the trap's task
 * reference) is given back first.  The task itself is freed by the last
 * task_deallocate().
 *
 * Locking: ipc_lock -> tasks_lock -> task->lock -> sched_lock; all at
 * splsched except ipc_lock.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/bootstrap.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/kalloc.h>
#include <kern/lock.h>
#include <kern/sched_prim.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <vm/vm_map.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

static struct kmem_cache task_cache;
static simple_lock_data_t tasks_lock = SIMPLE_LOCK_INITIALIZER("tasks_lock");
queue_head_t all_tasks;
static int tasks_live;
static uint64_t task_next_id = 1;

void
task_bootstrap(void)
{
	kmem_cache_init(&task_cache, "task", sizeof(struct task), 0, NULL, 0);
	vm_map_bootstrap();
	queue_init(&all_tasks);
}

static vm_map_t
task_map_create(task_t parent, bool inherit_memory)
{
	vm_map_t map;
	pmap_t pmap;

	if (parent != TASK_NULL && inherit_memory) {
		if (vm_map_fork(parent->map, &map) != KERN_SUCCESS)
			return VM_MAP_NULL;
		return map;
	}
	pmap = pmap_create();
	if (pmap == PMAP_NULL)
		return VM_MAP_NULL;
	map = vm_map_create(pmap, VM_MAP_USER_MIN, VM_MAX_ADDRESS);
	if (map == VM_MAP_NULL)
		pmap_destroy(pmap);
	return map;
}

task_t
task_create_user(const char *name, task_t parent, bool inherit_memory)
{
	task_t task;
	spl_t s;

	task = kmem_cache_alloc(&task_cache);
	if (task == TASK_NULL)
		return TASK_NULL;
	memset(task, 0, sizeof(*task));
	task->map = task_map_create(parent, inherit_memory);
	if (task->map == VM_MAP_NULL) {
		kmem_cache_free(&task_cache, task);
		return TASK_NULL;
	}
	task->pmap = task->map->pmap;
	simple_lock_init(&task->lock, "task");
	queue_init(&task->threads);
	strlcpy(task->name, name, sizeof(task->name));
	task->active = true;
	task->ref_count = 1;			/* the task's life */
	if (ipc_task_init(task, parent) != KERN_SUCCESS) {
		vm_map_deallocate(task->map);
		kmem_cache_free(&task_cache, task);
		return TASK_NULL;
	}
	s = simple_lock_irq(&tasks_lock);
	task->id = task_next_id++;
	queue_enter(&all_tasks, &task->all_tasks);
	tasks_live++;
	simple_unlock_irq(&tasks_lock, s);
	return task;
}

void
task_reference(task_t task)
{
	spl_t s = simple_lock_irq(&task->lock);

	assert(task->ref_count > 0);
	task->ref_count++;
	simple_unlock_irq(&task->lock, s);
}

void
task_deallocate(task_t task)
{
	uint32_t refs;
	spl_t s;

	if (task == TASK_NULL)
		return;
	s = simple_lock_irq(&task->lock);
	assert(task->ref_count > 0);
	refs = --task->ref_count;
	simple_unlock_irq(&task->lock, s);
	if (refs > 0)
		return;
	assert(!task->active && task->thread_count == 0);
	if (task->itk_space != IS_NULL)
		ipc_space_free(task->itk_space);
	vm_map_deallocate(task->map);	/* frees its pages and the pmap */
	kmem_cache_free(&task_cache, task);
}

int
task_count_live(void)
{
	return tasks_live;
}

/* Asks every thread of task but the caller to halt. */
static void
task_halt_threads(task_t task)
{
	thread_t self = current_thread();
	queue_chain_t *e;
	spl_t s = simple_lock_irq(&task->lock);

	for (e = task->threads.next; e != &task->threads; e = e->next) {
		thread_t thread = queue_containing(e, struct thread,
		    task_threads);

		if (thread != self)
			thread_halt_request(thread);
	}
	simple_unlock_irq(&task->lock, s);
}

/*
 * task_end: end a task.  killed: the kernel ends it (why says how).
 * When the caller is one of its threads it returns too, asked to halt:
 * the caller finishes its call (frees the request, sends or destroys
 * the reply, drops its references) and halts at its return to user
 * mode, as thread_terminate() of oneself does.  Ending the thread here
 * skipped all of that, and the task's last reference with it.
 */
void
task_end(task_t task, int status, bool killed, const char *why)
{
	thread_t self = current_thread();
	spl_t s;

	s = simple_lock_irq(&task->lock);
	if (!task->active) {
		simple_unlock_irq(&task->lock, s);
		if (self->task == task)
			thread_halt_request(self);
		return;
	}
	task->active = false;
	simple_unlock_irq(&task->lock, s);
	if (killed)
		printf("task %s (%lu): terminated: %s\n", task->name,
		    (unsigned long)task->id, why);
	else if (why != NULL)
		printf("task %s (%lu): terminated by %s\n", task->name,
		    (unsigned long)task->id, why);
	else
		printf("task %s (%lu): exited with status %d\n", task->name,
		    (unsigned long)task->id, status);
	s = simple_lock_irq(&tasks_lock);
	queue_remove(&task->all_tasks);
	tasks_live--;
	simple_unlock_irq(&tasks_lock, s);
	task_halt_threads(task);
	ipc_task_terminate(task);
	if (task->bootstrap)
		bootstrap_task_ended(status, killed);
	if (self->task == task)
		thread_halt_request(self);	/* at the boundary, last */
	task_deallocate(task);			/* the task's life */
}

kern_return_t
task_hold(task_t task)
{
	queue_chain_t *e;
	spl_t s = simple_lock_irq(&task->lock);

	if (!task->active) {
		simple_unlock_irq(&task->lock, s);
		return KERN_FAILURE;
	}
	task->suspend_count++;
	for (e = task->threads.next; e != &task->threads; e = e->next)
		thread_hold(queue_containing(e, struct thread, task_threads));
	simple_unlock_irq(&task->lock, s);
	return KERN_SUCCESS;
}

kern_return_t
task_release(task_t task)
{
	queue_chain_t *e;
	spl_t s = simple_lock_irq(&task->lock);

	if (!task->active || task->suspend_count == 0) {
		simple_unlock_irq(&task->lock, s);
		return task->active ? KERN_FAILURE : KERN_FAILURE;
	}
	task->suspend_count--;
	for (e = task->threads.next; e != &task->threads; e = e->next)
		thread_release(queue_containing(e, struct thread,
		    task_threads));
	simple_unlock_irq(&task->lock, s);
	return KERN_SUCCESS;
}

/* --- mach.defs task routines (MIG server side) --- */

kern_return_t
task_create(task_t parent, boolean_t inherit_memory, task_t *child)
{
	task_t task;

	if (parent == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	task = task_create_user(parent->name, parent, inherit_memory);
	if (task == TASK_NULL)
		return KERN_RESOURCE_SHORTAGE;
	/*
	 * convert_task_to_port() consumes a reference: give it one; the
	 * task's life keeps the other.
	 */
	task_reference(task);
	*child = task;
	return KERN_SUCCESS;
}

kern_return_t
task_terminate(task_t task)
{
	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	task_end(task, 0, false, "task_terminate");
	return KERN_SUCCESS;
}

kern_return_t
task_suspend(task_t task)
{
	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	return task_hold(task);
}

kern_return_t
task_resume(task_t task)
{
	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	return task_release(task);
}

kern_return_t
task_set_name(task_t task, const char *name)
{
	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	/* MIG gives a bounded, NUL-terminated kernel string. */
	strlcpy(task->name, name, sizeof(task->name));
	return KERN_SUCCESS;
}

kern_return_t
task_threads(task_t task, thread_t **threads_out,
    mach_msg_type_number_t *count)
{
	ipc_port_t *ports;
	uint32_t n = 0, max;
	queue_chain_t *e;
	spl_t s;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		max = task->thread_count;
		ports = kalloc((max > 0 ? max : 1) * sizeof(ipc_port_t));
		if (ports == NULL)
			return KERN_RESOURCE_SHORTAGE;
		ipc_lock_take();
		s = simple_lock_irq(&task->lock);
		if ((uint32_t)task->thread_count <= max)
			break;
		simple_unlock_irq(&task->lock, s);
		ipc_lock_release();
		kfree(ports, (max > 0 ? max : 1) * sizeof(ipc_port_t));
	}
	for (e = task->threads.next; e != &task->threads; e = e->next) {
		thread_t thread = queue_containing(e, struct thread,
		    task_threads);

		if (thread->ith.self != IP_NULL)
			ports[n++] = ipc_port_make_send(thread->ith.self);
	}
	simple_unlock_irq(&task->lock, s);
	ipc_lock_release();
	if (n == 0) {
		kfree(ports, (max > 0 ? max : 1) * sizeof(ipc_port_t));
		*threads_out = NULL;
		*count = 0;
		return KERN_SUCCESS;
	}
	if (n * sizeof(ipc_port_t) != (max > 0 ? max : 1) * sizeof(ipc_port_t)) {
		/* The receiver frees exactly count entries: fit the array. */
		ipc_port_t *fit = kalloc(n * sizeof(ipc_port_t));

		if (fit == NULL) {
			ipc_lock_take();
			for (uint32_t i = 0; i < n; i++)
				ipc_port_release_send(ports[i]);
			ipc_lock_release();
			kfree(ports, (max > 0 ? max : 1) * sizeof(ipc_port_t));
			return KERN_RESOURCE_SHORTAGE;
		}
		memcpy(fit, ports, n * sizeof(ipc_port_t));
		kfree(ports, (max > 0 ? max : 1) * sizeof(ipc_port_t));
		ports = fit;
	}
	*threads_out = (thread_t *)ports;
	*count = n;
	return KERN_SUCCESS;
}

kern_return_t
task_info(task_t task, int flavor, integer_t *info,
    mach_msg_type_number_t *count)
{
	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case TASK_BASIC_INFO: {
		task_basic_info_t basic = (task_basic_info_t)info;

		if (*count < TASK_BASIC_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		memset(basic, 0, sizeof(*basic));
		basic->suspend_count = task->suspend_count;
		basic->base_priority = BASEPRI_USER;
		basic->virtual_size = task->map->size;
		basic->resident_size = task->pmap->resident_pages * PAGE_SIZE;
		*count = TASK_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case TASK_THREAD_TIMES_INFO: {
		task_thread_times_info_t times =
		    (task_thread_times_info_t)info;

		if (*count < TASK_THREAD_TIMES_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		memset(times, 0, sizeof(*times));
		*count = TASK_THREAD_TIMES_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* The special-port slot of `which`, or NULL.  Locks: ipc_lock. */
static struct ipc_port **
task_special_port_slot(task_t task, int which)
{
	switch (which) {
	case TASK_EXCEPTION_PORT:
		return &task->itk_exception;
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	default:
		return NULL;
	}
}

kern_return_t
task_get_special_port(task_t task, int which, ipc_port_t *portp)
{
	struct ipc_port **slot;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_lock_take();
	if (which == TASK_KERNEL_PORT) {
		*portp = ipc_port_copy_send(task->itk_sself);
		ipc_lock_release();
		return KERN_SUCCESS;
	}
	slot = task_special_port_slot(task, which);
	if (slot == NULL) {
		ipc_lock_release();
		return KERN_INVALID_ARGUMENT;
	}
	*portp = ipc_port_copy_send(*slot);
	ipc_lock_release();
	return KERN_SUCCESS;
}

kern_return_t
task_set_special_port(task_t task, int which, ipc_port_t port)
{
	struct ipc_port **slot;
	ipc_port_t old;

	if (task == TASK_NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_lock_take();
	if (which == TASK_KERNEL_PORT) {
		old = task->itk_sself;
		task->itk_sself = port;
	} else {
		slot = task_special_port_slot(task, which);
		if (slot == NULL) {
			ipc_lock_release();
			return KERN_INVALID_ARGUMENT;
		}
		old = *slot;
		*slot = port;
	}
	ipc_port_release_send(old);
	ipc_lock_release();
	return KERN_SUCCESS;
}

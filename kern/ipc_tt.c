/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_tt.c: tasks and threads as IPC objects (kern/ipc_tt.h).
 *
 * Each task has a space and a kernel port (itk_self, IKOT_TASK) with one
 * send right kept as itk_sself, handed out by mach_task_self(); each
 * thread a kernel port (ith.self, IKOT_THREAD).  Terminating a task
 * destroys its port first (holders of send rights get dead names and
 * their dead-name notifications) and then every right in its space.
 *
 * Locking: ipc_lock to read or change ports and special ports; the task
 * lock (inside ipc_lock) for task references.
 */
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/cpu.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <vm/vm_map.h>

/* Kills a kernel object's port: it converts to nothing from now on. */
static void
ipc_kobject_port_destroy(ipc_port_t port)
{
	if (port == IP_NULL)
		return;
	ipc_lock_take();
	ipc_port_dealloc_kernel(port);
	ipc_lock_release();
}

kern_return_t
ipc_task_init(task_t task, task_t parent)
{
	task->itk_space = ipc_space_create(task);
	if (task->itk_space == IS_NULL)
		return KERN_RESOURCE_SHORTAGE;
	task->itk_self = ipc_port_alloc_kernel(IKOT_TASK, task);
	if (task->itk_self == IP_NULL) {
		ipc_space_terminate(task->itk_space);
		ipc_space_free(task->itk_space);
		task->itk_space = IS_NULL;
		return KERN_RESOURCE_SHORTAGE;
	}
	ipc_lock_take();
	task->itk_sself = ipc_port_make_send(task->itk_self);
	task->itk_exception = IP_NULL;
	task->itk_bootstrap = IP_NULL;
	if (parent != TASK_NULL) {
		task->itk_exception = ipc_port_copy_send(parent->itk_exception);
		task->itk_bootstrap = ipc_port_copy_send(parent->itk_bootstrap);
	}
	ipc_lock_release();
	return KERN_SUCCESS;
}

void
ipc_task_terminate(task_t task)
{
	ipc_port_t self = task->itk_self;

	ipc_lock_take();
	task->itk_self = IP_NULL;
	ipc_port_release_send(task->itk_sself);
	task->itk_sself = IP_NULL;
	ipc_port_release_send(task->itk_exception);
	task->itk_exception = IP_NULL;
	ipc_port_release_send(task->itk_bootstrap);
	task->itk_bootstrap = IP_NULL;
	ipc_lock_release();
	ipc_kobject_port_destroy(self);
	if (task->itk_space != IS_NULL)
		ipc_space_terminate(task->itk_space);
}

kern_return_t
ipc_thread_init(thread_t thread)
{
	thread->ith.self = ipc_port_alloc_kernel(IKOT_THREAD, thread);
	thread->ith.exception = IP_NULL;
	return thread->ith.self == IP_NULL ? KERN_RESOURCE_SHORTAGE :
	    KERN_SUCCESS;
}

void
ipc_thread_terminate(thread_t thread)
{
	ipc_port_t self = thread->ith.self;

	ipc_lock_take();
	thread->ith.self = IP_NULL;
	ipc_port_release_send(thread->ith.exception);
	thread->ith.exception = IP_NULL;
	if (thread->ith.reply != IP_NULL) {
		ipc_port_destroy(thread->ith.reply);
		thread->ith.reply = IP_NULL;
	}
	ipc_lock_release();
	ipc_kobject_port_destroy(self);
}

/* The kernel object of port if it has type kotype; under ipc_lock. */
static void *
ipc_kobject_of(ipc_port_t port, unsigned int kotype)
{
	ipc_lock_assert_held();
	if (!IP_VALID(port) || !port->ip_active || port->ip_kotype != kotype)
		return NULL;
	return port->ip_kobject;
}

task_t
convert_port_to_task(ipc_port_t port)
{
	task_t task;

	ipc_lock_take();
	task = ipc_kobject_of(port, IKOT_TASK);
	if (task != TASK_NULL)
		task_reference(task);
	ipc_lock_release();
	return task;
}

ipc_port_t
convert_task_to_port(task_t task)
{
	ipc_port_t port = IP_NULL;

	if (task == TASK_NULL)
		return IP_NULL;
	ipc_lock_take();
	if (task->itk_self != IP_NULL)
		port = ipc_port_make_send(task->itk_self);
	ipc_lock_release();
	task_deallocate(task);		/* outtran consumes the reference */
	return port;
}

thread_t
convert_port_to_thread(ipc_port_t port)
{
	thread_t thread;

	ipc_lock_take();
	thread = ipc_kobject_of(port, IKOT_THREAD);
	if (thread != THREAD_NULL)
		thread_reference(thread);
	ipc_lock_release();
	return thread;
}

ipc_port_t
convert_thread_to_port(thread_t thread)
{
	ipc_port_t port = IP_NULL;

	if (thread == THREAD_NULL)
		return IP_NULL;
	ipc_lock_take();
	if (thread->ith.self != IP_NULL)
		port = ipc_port_make_send(thread->ith.self);
	ipc_lock_release();
	thread_deallocate(thread);
	return port;
}

ipc_space_t
convert_port_to_space(ipc_port_t port)
{
	task_t task = convert_port_to_task(port);

	if (task == TASK_NULL)
		return IS_NULL;
	/* The task's reference keeps the space; space_deallocate drops it. */
	return task->itk_space;
}

void
space_deallocate(ipc_space_t space)
{
	if (space != IS_NULL && space->is_task != NULL)
		task_deallocate(space->is_task);
}

struct vm_map *
convert_port_to_map(ipc_port_t port)
{
	task_t task = convert_port_to_task(port);
	struct vm_map *map;

	if (task == TASK_NULL)
		return NULL;
	map = task->map;
	vm_map_reference(map);
	task_deallocate(task);
	return map;
}

/*
 * The kernel object of type kotype a send right named `name` in the
 * caller's space denotes, with a reference of its own; NULL if none.
 * kotype: IKOT_TASK or IKOT_THREAD.
 * Locks: takes ipc_lock.
 */
static void *
port_name_to_kobject(mach_port_name_t name, unsigned int kotype)
{
	ipc_space_t space = current_thread()->task->itk_space;
	ipc_entry_t entry;
	void *object = NULL;

	ipc_lock_take();
	entry = ipc_entry_lookup(space, name);
	if (entry != IE_NULL && (entry->ie_type & MACH_PORT_TYPE_SEND))
		object = ipc_kobject_of(entry->ie_object, kotype);
	if (object != NULL && kotype == IKOT_TASK)
		task_reference(object);
	else if (object != NULL && kotype == IKOT_THREAD)
		thread_reference(object);
	ipc_lock_release();
	return object;
}

task_t
port_name_to_task(mach_port_name_t name)
{
	return port_name_to_kobject(name, IKOT_TASK);
}

thread_t
port_name_to_thread(mach_port_name_t name)
{
	return port_name_to_kobject(name, IKOT_THREAD);
}

mach_port_name_t
ipc_task_insert_send(task_t task, ipc_port_t port)
{
	mach_port_name_t name = MACH_PORT_NAME_NULL;

	ipc_lock_take();
	port = ipc_port_make_send(port);
	if (ipc_right_copyout(task->itk_space, port, MACH_MSG_TYPE_PORT_SEND,
	    &name) != KERN_SUCCESS)
		name = MACH_PORT_NAME_NULL;
	ipc_lock_release();
	return name;
}

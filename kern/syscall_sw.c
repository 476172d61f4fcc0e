/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/syscall_sw.c: the Mach traps, by GNU Mach's numbers
 * (mach/syscall_sw.h): a table indexed by minus the trap number.
 *
 * Convention (GNU Mach x86_64): number in %rax, arguments in %rdi %rsi
 * %rdx %r10 %r8 %r9, result in %rax.  Only the low 32 bits of %rax are
 * the number, as GNU Mach reads %eax.  Arguments that are user addresses
 * are checked by copyin()/copyinstr(): a bad one is an error return.
 *
 * Every trap of GNU Mach's mach/syscall_sw.h is here except evc_wait
 * and evc_wait_clear (-17, -18: GNU Mach's event counters, used by no
 * driver here) and the device traps -39, -40 (commented out in that
 * header): those, like any unknown number, answer KERN_INVALID_ARGUMENT
 * and print one line.  A named trap without a routine would answer
 * KERN_FAILURE and print its name once.  A trap with a continuation (swtch) blocks in
 * thread_block(swtch_continue) and so holds no stack while it waits.
 *
 * Locking: none of its own; every trap runs with interrupts on and no
 * lock held.
 */
#include <stdbool.h>
#include <stddef.h>
#include <kern/cpu.h>
#include <kern/host.h>
#include <kern/ipc_tt.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/test_control.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/thread_status.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <ipc/mach_port.h>
#include <vm/vm_user.h>
#include <x86_64/copyio.h>

/* GNU Mach prints at most this much of a mach_print() string. */
#define MACH_PRINT_MAX_BYTES	1024
#define MACH_TRAP_COUNT		128

struct mach_trap {
	const char	*name;
	uint64_t	(*routine)(struct x86_64_saved_state *iss);
	bool		said;		/* "not implemented" printed once */
};

static uint64_t
mach_print_trap(struct x86_64_saved_state *iss)
{
	static char buf[MACH_PRINT_MAX_BYTES];
	thread_t self = current_thread();
	long len;

	/*
	 * The static buffer is safe: the kernel is not preempted and
	 * copyinstr() does not block.  (SMP: one buffer per CPU.)
	 */
	len = copyinstr(self->task->map, iss->rdi, buf, sizeof(buf));
	if (len == -1)
		return KERN_INVALID_ADDRESS;
	if (len == -2)
		buf[sizeof(buf) - 1] = '\0';
	printf("%s", buf);
	return KERN_SUCCESS;
}

/* Copies a send right out into the caller's space; its name, or NULL. */
static mach_port_name_t
mach_trap_copyout_send(ipc_port_t port)
{
	ipc_space_t space = current_thread()->task->itk_space;
	mach_port_name_t name = MACH_PORT_NAME_NULL;

	ipc_lock_take();
	port = ipc_port_copy_send(port);
	if (IP_VALID(port) && ipc_right_copyout(space, port,
	    MACH_MSG_TYPE_PORT_SEND, &name) != KERN_SUCCESS)
		name = MACH_PORT_NAME_NULL;
	ipc_lock_release();
	return name;
}

static uint64_t
mach_task_self_trap(struct x86_64_saved_state *iss)
{
	return mach_trap_copyout_send(current_thread()->task->itk_sself);
}

static uint64_t
mach_thread_self_trap(struct x86_64_saved_state *iss)
{
	ipc_space_t space = current_thread()->task->itk_space;
	mach_port_name_t name = MACH_PORT_NAME_NULL;
	ipc_port_t port;

	ipc_lock_take();
	port = ipc_port_make_send(current_thread()->ith.self);
	if (IP_VALID(port) && ipc_right_copyout(space, port,
	    MACH_MSG_TYPE_PORT_SEND, &name) != KERN_SUCCESS)
		name = MACH_PORT_NAME_NULL;
	ipc_lock_release();
	return name;
}

static uint64_t
mach_host_self_trap(struct x86_64_saved_state *iss)
{
	ipc_space_t space = current_thread()->task->itk_space;
	mach_port_name_t name = MACH_PORT_NAME_NULL;
	ipc_port_t port;

	ipc_lock_take();
	port = ipc_port_make_send(realhost.host_self);
	if (ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND, &name) !=
	    KERN_SUCCESS)
		name = MACH_PORT_NAME_NULL;
	ipc_lock_release();
	return name;
}

static uint64_t
mach_reply_port_trap(struct x86_64_saved_state *iss)
{
	mach_port_name_t name;

	if (mach_port_allocate(current_thread()->task->itk_space,
	    MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS)
		return MACH_PORT_NAME_NULL;
	return name;
}

static uint64_t
mach_msg_trap_entry(struct x86_64_saved_state *iss)
{
	return mach_msg_trap_kernel(iss);
}

/*
 * The fast traps (GNU Mach's syscall_* of kern/ipc_mig.c): shortcuts
 * for RPCs of mach.defs, mach_port.defs and mach_host.defs that take the
 * target by a name in the caller's space and call the same kernel
 * routine as the RPC.  As in GNU Mach, a first argument that names no
 * task (or thread) answers MACH_SEND_INTERRUPTED: the user's stub then
 * makes the RPC instead, which gives the message error the caller would
 * have had (glibc's shortcut wrappers rely on that).  Other results are
 * the routine's; results go to user memory through copyout, only on
 * success.
 */

/*
 * syscall_copyin_send: a send right for a port name argument, as the
 * RPC's message would carry it (MACH_MSG_TYPE_COPY_SEND): MACH_PORT_NULL
 * and MACH_PORT_DEAD stand for themselves, a dead name gives IP_DEAD.
 * Locks: takes ipc_lock.
 * Returns: KERN_SUCCESS with *portp (a send right, IP_NULL or IP_DEAD);
 * KERN_INVALID_NAME (not in the space); KERN_INVALID_RIGHT (no send
 * right under the name).
 */
static kern_return_t
syscall_copyin_send(mach_port_name_t name, ipc_port_t *portp)
{
	ipc_space_t space = current_thread()->task->itk_space;
	kern_return_t kr;

	if (!MACH_PORT_NAME_VALID(name)) {
		*portp = name == MACH_PORT_NAME_DEAD ? IP_DEAD : IP_NULL;
		return KERN_SUCCESS;
	}
	ipc_lock_take();
	kr = ipc_right_copyin(space, name, MACH_MSG_TYPE_COPY_SEND, portp);
	ipc_lock_release();
	if (kr == KERN_INVALID_CAPABILITY) {
		*portp = IP_DEAD;	/* a dead name copies in as dead */
		kr = KERN_SUCCESS;
	}
	return kr;
}

static ipc_space_t
mach_trap_space(uint64_t task_name, task_t *task)
{
	*task = port_name_to_task((mach_port_name_t)task_name);
	return *task != TASK_NULL ? (*task)->itk_space : IS_NULL;
}

static uint64_t
syscall_mach_port_allocate_trap(struct x86_64_saved_state *iss)
{
	task_t task;
	ipc_space_t space = mach_trap_space(iss->rdi, &task);
	mach_port_name_t name;
	kern_return_t kr;

	if (space == IS_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = mach_port_allocate(space, (mach_port_right_t)iss->rsi, &name);
	if (kr == KERN_SUCCESS && !copyout(current_thread()->task->map, &name,
	    iss->rdx, sizeof(name))) {
		(void)mach_port_destroy(space, name);
		kr = KERN_INVALID_ADDRESS;
	}
	task_deallocate(task);
	return kr;
}

static uint64_t
syscall_mach_port_allocate_name_trap(struct x86_64_saved_state *iss)
{
	task_t task;
	ipc_space_t space = mach_trap_space(iss->rdi, &task);
	kern_return_t kr;

	if (space == IS_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = mach_port_allocate_name(space, (mach_port_right_t)iss->rsi,
	    (mach_port_name_t)iss->rdx);
	task_deallocate(task);
	return kr;
}

static uint64_t
syscall_mach_port_deallocate_trap(struct x86_64_saved_state *iss)
{
	task_t task;
	ipc_space_t space = mach_trap_space(iss->rdi, &task);
	kern_return_t kr;

	if (space == IS_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = mach_port_deallocate(space, (mach_port_name_t)iss->rsi);
	task_deallocate(task);
	return kr;
}

/*
 * syscall_mach_port_insert_right(task, name, right, type): the right
 * named `right` in the caller's space, taken as `type` (a message
 * disposition), goes into task's space under `name`.
 * Returns: KERN_INVALID_VALUE (type is not a port disposition);
 * KERN_INVALID_NAME, KERN_INVALID_RIGHT (right cannot be taken as type);
 * mach_port_insert_right's results, KERN_INVALID_CAPABILITY for a null
 * or dead right among them, as GNU Mach's trap answers.
 */
static uint64_t
syscall_mach_port_insert_right_trap(struct x86_64_saved_state *iss)
{
	ipc_space_t caller = current_thread()->task->itk_space;
	mach_msg_type_name_t type = (mach_msg_type_name_t)iss->r10;
	mach_port_name_t right = (mach_port_name_t)iss->rdx;
	ipc_port_t port = IP_NULL;
	task_t task;
	ipc_space_t space = mach_trap_space(iss->rdi, &task);
	kern_return_t kr = KERN_SUCCESS;

	if (space == IS_NULL)
		return MACH_SEND_INTERRUPTED;
	if (!MACH_MSG_TYPE_PORT_ANY(type)) {
		kr = KERN_INVALID_VALUE;
		goto out;
	}
	if (MACH_PORT_NAME_VALID(right)) {
		ipc_lock_take();
		kr = ipc_right_copyin(caller, right, type, &port);
		ipc_lock_release();
	}
	if (kr != KERN_SUCCESS)
		goto out;
	kr = mach_port_insert_right(space, (mach_port_name_t)iss->rsi, port,
	    ipc_right_copyin_type(type));
	if (kr != KERN_SUCCESS && IP_VALID(port)) {
		ipc_lock_take();
		ipc_right_release(port, ipc_right_copyin_type(type));
		ipc_lock_release();
	}
out:
	task_deallocate(task);
	return kr;
}

/* Resumes a thread that yielded in swtch(): %rax = others waiting. */
static void
swtch_continue(void)
{
	thread_t self = current_thread();

	self->pcb->iss.rax = sched_runnable_threads();
	thread_exception_return();
}

static uint64_t
swtch_trap(struct x86_64_saved_state *iss)
{
	thread_block(swtch_continue);
	return 0;	/* not reached */
}

static uint64_t
thread_switch_trap(struct x86_64_saved_state *iss)
{
	/* Hints (a thread to run, a depression) are ignored: a yield. */
	current_thread()->pcb->iss.rax = KERN_SUCCESS;
	thread_block(thread_exception_return);
	return KERN_SUCCESS;	/* not reached */
}

/*
 * syscall_copyout_send: moves the send right port (the caller's) into
 * the calling task's space.
 * Locks: none held; takes ipc_lock.
 * Returns: its name, or MACH_PORT_NAME_NULL (the right is released) if
 * the space is full or port is not valid.
 */
static mach_port_name_t
syscall_copyout_send(ipc_port_t port)
{
	ipc_space_t space = current_thread()->task->itk_space;
	mach_port_name_t name = MACH_PORT_NAME_NULL;

	if (!IP_VALID(port))
		return MACH_PORT_NAME_NULL;
	ipc_lock_take();
	if (ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND, &name) !=
	    KERN_SUCCESS) {
		ipc_port_release_send(port);
		name = MACH_PORT_NAME_NULL;
	}
	ipc_lock_release();
	return name;
}

/*
 * syscall_task: the task a fast trap's first argument names.
 * Locks: none held.  Returns: the task with a reference, or TASK_NULL.
 */
static task_t
syscall_task(uint64_t name)
{
	return port_name_to_task((mach_port_name_t)name);
}

/*
 * syscall_vm_map(task, &address, size, mask, anywhere, memory_object,
 * offset, copy, cur_protection, max_protection, inheritance): eleven
 * arguments, the last five on the user stack above the return address
 * (as mach_msg_trap's seventh).  memory_object is taken as the RPC's
 * message would take it (COPY_SEND); vm_map takes its own right, so
 * the trap's is released whatever the result.
 */
static uint64_t
syscall_vm_map_trap(struct x86_64_saved_state *iss)
{
	struct vm_map *caller = current_thread()->task->map;
	uint64_t more[5];	/* offset, copy, cur, max, inheritance */
	task_t task = syscall_task(iss->rdi);
	ipc_port_t memory_object = IP_NULL;
	vm_offset_t addr;
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	if (!copyin(caller, iss->rsp + 8, more, sizeof(more)) ||
	    !copyin(caller, iss->rsi, &addr, sizeof(addr))) {
		kr = KERN_INVALID_ADDRESS;
		goto out;
	}
	kr = syscall_copyin_send((mach_port_name_t)iss->r9, &memory_object);
	if (kr != KERN_SUCCESS)
		goto out;
	kr = vm_map(task->map, &addr, iss->rdx, iss->r10, (boolean_t)iss->r8,
	    memory_object, more[0], (boolean_t)more[1], (vm_prot_t)more[2],
	    (vm_prot_t)more[3], (vm_inherit_t)more[4]);
	if (kr == KERN_SUCCESS &&
	    !copyout(caller, &addr, iss->rsi, sizeof(addr))) {
		(void)vm_deallocate(task->map, addr, iss->rdx);
		kr = KERN_INVALID_ADDRESS;
	}
	ipc_port_release_send_unlocked(memory_object);
out:
	task_deallocate(task);
	return kr;
}

static uint64_t
syscall_vm_allocate_trap(struct x86_64_saved_state *iss)
{
	task_t caller = current_thread()->task;
	task_t task = syscall_task(iss->rdi);
	vm_offset_t addr;
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	if (!copyin(caller->map, iss->rsi, &addr, sizeof(addr))) {
		task_deallocate(task);
		return KERN_INVALID_ADDRESS;
	}
	kr = vm_allocate(task->map, &addr, iss->rdx, (boolean_t)iss->r10);
	if (kr == KERN_SUCCESS &&
	    !copyout(caller->map, &addr, iss->rsi, sizeof(addr))) {
		(void)vm_deallocate(task->map, addr, iss->rdx);
		kr = KERN_INVALID_ADDRESS;
	}
	task_deallocate(task);
	return kr;
}

static uint64_t
syscall_vm_deallocate_trap(struct x86_64_saved_state *iss)
{
	task_t task = syscall_task(iss->rdi);
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = vm_deallocate(task->map, iss->rsi, iss->rdx);
	task_deallocate(task);
	return kr;
}

/*
 * syscall_task_create(parent, inherit_memory, &child): the child's name
 * (a send right to its kernel port, in the caller's space) goes to
 * *child.  The address is tried before the task is made, so a bad one
 * costs nothing; if it goes away meanwhile, the child is ended again.
 */
static uint64_t
syscall_task_create_trap(struct x86_64_saved_state *iss)
{
	struct vm_map *caller = current_thread()->task->map;
	mach_port_name_t name = MACH_PORT_NAME_NULL;
	task_t parent = syscall_task(iss->rdi), child;
	kern_return_t kr;

	if (parent == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	if (!copyout(caller, &name, iss->rdx, sizeof(name))) {
		kr = KERN_INVALID_ADDRESS;
		goto out;
	}
	kr = task_create(parent, (boolean_t)iss->rsi, &child);
	if (kr != KERN_SUCCESS)
		goto out;
	task_reference(child);		/* for a failed copyout below */
	name = syscall_copyout_send(convert_task_to_port(child));
	if (!copyout(caller, &name, iss->rdx, sizeof(name))) {
		(void)mach_port_deallocate(current_thread()->task->itk_space,
		    name);
		(void)task_terminate(child);
		kr = KERN_INVALID_ADDRESS;
	}
	task_deallocate(child);
out:
	task_deallocate(parent);
	return kr;
}

static uint64_t
syscall_task_terminate_trap(struct x86_64_saved_state *iss)
{
	task_t task = syscall_task(iss->rdi);
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = task_terminate(task);
	task_deallocate(task);
	return kr;
}

static uint64_t
syscall_task_suspend_trap(struct x86_64_saved_state *iss)
{
	task_t task = syscall_task(iss->rdi);
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = task_suspend(task);
	task_deallocate(task);
	return kr;
}

/*
 * syscall_task_set_special_port(task, which, port): port is taken as a
 * COPY_SEND; task_set_special_port keeps it on success, so it is
 * released only on failure.
 */
static uint64_t
syscall_task_set_special_port_trap(struct x86_64_saved_state *iss)
{
	task_t task = syscall_task(iss->rdi);
	ipc_port_t port;
	kern_return_t kr;

	if (task == TASK_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = syscall_copyin_send((mach_port_name_t)iss->rdx, &port);
	if (kr == KERN_SUCCESS) {
		kr = task_set_special_port(task, (int)iss->rsi, port);
		if (kr != KERN_SUCCESS)
			ipc_port_release_send_unlocked(port);
	}
	task_deallocate(task);
	return kr;
}

/*
 * syscall_thread_depress_abort(thread): ends the thread's priority
 * depression.  Locks: none held.
 * Returns: thread_depress_abort's answer; MACH_SEND_INTERRUPTED when
 * the name is no thread (GNU Mach's fast traps answer a bad name so).
 */
static uint64_t
syscall_thread_depress_abort_trap(struct x86_64_saved_state *iss)
{
	thread_t thread = port_name_to_thread((mach_port_name_t)iss->rdi);
	kern_return_t kr;

	if (thread == THREAD_NULL)
		return MACH_SEND_INTERRUPTED;
	kr = thread_depress_abort(thread);
	thread_deallocate(thread);
	return kr;
}

/*
 * thread_set_self_state(flavor, state, count): the calling thread's user
 * registers become *state and it returns straight into them.
 * Returns (only on failure): KERN_INVALID_ARGUMENT for a flavor other
 * than i386_THREAD_STATE, a short count, an unreadable state (GNU Mach
 * answers a failed copyin so too) or a state thread_set_state refuses.
 */
static uint64_t
thread_set_self_state_trap(struct x86_64_saved_state *iss)
{
	struct i386_thread_state state;
	thread_t self = current_thread();
	uint64_t count = iss->rdx;
	kern_return_t kr;

	if ((int)iss->rdi != i386_THREAD_STATE ||
	    count < i386_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	if (!copyin(self->task->map, iss->rsi, &state, sizeof(state)))
		return KERN_INVALID_ARGUMENT;
	kr = thread_set_state(self, i386_THREAD_STATE,
	    (thread_state_t)&state, i386_THREAD_STATE_COUNT);
	if (kr != KERN_SUCCESS)
		return kr;
	thread_exception_return();	/* %rax is the new state's */
}

static uint64_t
test_control_trap(struct x86_64_saved_state *iss)
{
	return test_control(iss->rdi, iss->rsi);
}

static struct mach_trap mach_trap_table[MACH_TRAP_COUNT] = {
	[25] = { "mach_msg_trap", mach_msg_trap_entry, false },
	[26] = { "mach_reply_port", mach_reply_port_trap, false },
	[27] = { "mach_thread_self", mach_thread_self_trap, false },
	[28] = { "mach_task_self", mach_task_self_trap, false },
	[29] = { "mach_host_self", mach_host_self_trap, false },
	[30] = { "mach_print", mach_print_trap, false },
	[59] = { "swtch_pri", swtch_trap, false },
	[60] = { "swtch", swtch_trap, false },
	[61] = { "thread_switch", thread_switch_trap, false },
	[64] = { "syscall_vm_map", syscall_vm_map_trap, false },
	[65] = { "syscall_vm_allocate", syscall_vm_allocate_trap, false },
	[66] = { "syscall_vm_deallocate", syscall_vm_deallocate_trap, false },
	[68] = { "syscall_task_create", syscall_task_create_trap, false },
	[69] = { "syscall_task_terminate", syscall_task_terminate_trap, false },
	[70] = { "syscall_task_suspend", syscall_task_suspend_trap, false },
	[71] = { "syscall_task_set_special_port",
		 syscall_task_set_special_port_trap, false },
	[72] = { "syscall_mach_port_allocate",
		 syscall_mach_port_allocate_trap, false },
	[73] = { "syscall_mach_port_deallocate",
		 syscall_mach_port_deallocate_trap, false },
	[74] = { "syscall_mach_port_insert_right",
		 syscall_mach_port_insert_right_trap, false },
	[75] = { "syscall_mach_port_allocate_name",
		 syscall_mach_port_allocate_name_trap, false },
	[76] = { "syscall_thread_depress_abort",
		 syscall_thread_depress_abort_trap, false },
	[77] = { "thread_set_self_state", thread_set_self_state_trap, false },
	[120] = { "clustermach_test_control", test_control_trap, false },
};

uint64_t
mach_trap_dispatch(struct x86_64_saved_state *iss)
{
	int32_t number = (int32_t)iss->rax;
	struct mach_trap *trap;

	if (number >= 0 || -(int64_t)number >= MACH_TRAP_COUNT) {
		printf("mach_trap: no trap %d (task %s)\n", number,
		    current_thread()->task->name);
		return KERN_INVALID_ARGUMENT;
	}
	trap = &mach_trap_table[-number];
	if (trap->routine != NULL)
		return trap->routine(iss);
	if (!trap->said) {
		trap->said = true;
		if (trap->name != NULL)
			printf("mach_trap: %s (%d) not implemented yet\n",
			    trap->name, number);
		else
			printf("mach_trap: no trap %d\n", number);
	}
	return trap->name != NULL ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

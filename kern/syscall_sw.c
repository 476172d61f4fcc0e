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
 * A trap that exists in GNU Mach but not here yet answers KERN_FAILURE
 * and prints its name once.  A trap with a continuation (swtch) blocks in
 * thread_block(swtch_continue) and so holds no stack while it waits.
 *
 * Locking: none of its own; every trap runs with interrupts on and no
 * lock held.
 */
#include <stdbool.h>
#include <stddef.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/test_control.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
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

static uint64_t
mach_task_self_trap(struct x86_64_saved_state *iss)
{
	return TASK_NAME_TASK_SELF;
}

static uint64_t
mach_thread_self_trap(struct x86_64_saved_state *iss)
{
	return TASK_NAME_THREAD_SELF;
}

static uint64_t
mach_host_self_trap(struct x86_64_saved_state *iss)
{
	return TASK_NAME_HOST_SELF;
}

static uint64_t
mach_reply_port_trap(struct x86_64_saved_state *iss)
{
	task_t task = current_thread()->task;
	uint64_t name;
	spl_t s = simple_lock_irq(&task->lock);

	name = task->next_reply_name++;
	simple_unlock_irq(&task->lock, s);
	return name;
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

static uint64_t
test_control_trap(struct x86_64_saved_state *iss)
{
	return test_control(iss->rdi, iss->rsi);
}

static struct mach_trap mach_trap_table[MACH_TRAP_COUNT] = {
	[25] = { "mach_msg_trap", NULL, false },
	[26] = { "mach_reply_port", mach_reply_port_trap, false },
	[27] = { "mach_thread_self", mach_thread_self_trap, false },
	[28] = { "mach_task_self", mach_task_self_trap, false },
	[29] = { "mach_host_self", mach_host_self_trap, false },
	[30] = { "mach_print", mach_print_trap, false },
	[59] = { "swtch_pri", swtch_trap, false },
	[60] = { "swtch", swtch_trap, false },
	[61] = { "thread_switch", thread_switch_trap, false },
	[64] = { "syscall_vm_map", NULL, false },
	[65] = { "syscall_vm_allocate", NULL, false },
	[66] = { "syscall_vm_deallocate", NULL, false },
	[68] = { "syscall_task_create", NULL, false },
	[69] = { "syscall_task_terminate", NULL, false },
	[70] = { "syscall_task_suspend", NULL, false },
	[71] = { "syscall_task_set_special_port", NULL, false },
	[72] = { "syscall_mach_port_allocate", NULL, false },
	[73] = { "syscall_mach_port_deallocate", NULL, false },
	[74] = { "syscall_mach_port_insert_right", NULL, false },
	[75] = { "syscall_mach_port_allocate_name", NULL, false },
	[76] = { "syscall_thread_depress_abort", NULL, false },
	[77] = { "thread_set_self_state", NULL, false },
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

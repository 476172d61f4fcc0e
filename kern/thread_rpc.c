/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/thread_rpc.c: the thread routines of mach.defs, kernel side:
 * thread_create, thread_resume, thread_suspend, thread_abort,
 * thread_terminate, thread_get_state, thread_set_state, thread_info,
 * thread_get_special_port, thread_set_special_port; and
 * thread_depress_abort of mach_host.defs.
 *
 * A thread made by thread_create starts suspended (suspend count 1) with
 * empty user registers; thread_set_state fills them and thread_resume
 * lets it run.  Register state is read and written in the pcb, which is
 * only safe while the target does not run user code: for another thread
 * that means suspended (GNU Mach asks the same and says so), so
 * thread_set_state on a running thread answers KERN_FAILURE... except
 * that a thread that has never run is always safe.
 *
 * Locking: sched_lock through kern/sched_prim.c; ipc_lock for special
 * ports.  All routines take the thread with a reference (MIG's
 * convert_port_to_thread) and never keep it.
 */
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/ipc_tt.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>
#include <ipc/ipc_port.h>
#include <mach/vm_param.h>
#include <x86_64/pcb.h>

kern_return_t
thread_create(task_t task, thread_t *child)
{
	thread_t thread;

	if (task == TASK_NULL || !task->active)
		return KERN_INVALID_ARGUMENT;
	thread = thread_create_kernel(task, thread_bootstrap_return,
	    task->name, BASEPRI_USER);
	if (thread == THREAD_NULL)
		return KERN_RESOURCE_SHORTAGE;
	pcb_set_user_entry(thread, 0, 0, 0);
	thread_hold(thread);			/* created suspended */
	thread_reference(thread);		/* for convert_thread_to_port */
	*child = thread;
	return KERN_SUCCESS;
}

kern_return_t
thread_suspend(thread_t thread)
{
	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	thread_hold(thread);
	return KERN_SUCCESS;
}

kern_return_t
thread_resume(thread_t thread)
{
	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (thread->suspend_count == 0)
		return KERN_FAILURE;
	thread_release(thread);
	return KERN_SUCCESS;
}

kern_return_t
thread_abort(thread_t thread)
{
	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	/* Ends an interruptible wait (mach_msg returns *_INTERRUPTED). */
	clear_wait(thread, THREAD_INTERRUPTED, true);
	return KERN_SUCCESS;
}

kern_return_t
thread_terminate(thread_t thread)
{
	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (thread == current_thread()) {
		/*
		 * Not here: this call's request (its rights, the reply
		 * port's send-once right) is still in hand and its reply
		 * not sent.  As GNU Mach's, the thread ends at its return
		 * to user mode (thread_boundary_check), after both.
		 */
		thread_halt_request(thread);
		return KERN_SUCCESS;
	}
	/* As GNU Mach's: the thread is gone when the call returns. */
	thread_halt_request(thread);
	return thread_wait_halted(thread) ? KERN_SUCCESS : KERN_ABORTED;
}

static bool
thread_state_settable(thread_t thread)
{
	return thread == current_thread() || thread->suspend_count > 0 ||
	    thread->state == TH_SUSP;
}

kern_return_t
thread_get_state(thread_t thread, int flavor, thread_state_t state,
    mach_msg_type_number_t *count)
{
	struct x86_64_saved_state *iss;
	struct i386_thread_state *ts = (struct i386_thread_state *)state;

	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != i386_THREAD_STATE || *count < i386_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	iss = &thread->pcb->iss;
	memset(ts, 0, sizeof(*ts));
	ts->r8 = iss->r8;	ts->r9 = iss->r9;
	ts->r10 = iss->r10;	ts->r11 = iss->r11;
	ts->r12 = iss->r12;	ts->r13 = iss->r13;
	ts->r14 = iss->r14;	ts->r15 = iss->r15;
	ts->rdi = iss->rdi;	ts->rsi = iss->rsi;
	ts->rbp = iss->rbp;	ts->rbx = iss->rbx;
	ts->rdx = iss->rdx;	ts->rcx = iss->rcx;
	ts->rax = iss->rax;	ts->rip = iss->rip;
	ts->cs = iss->cs;	ts->rfl = iss->rflags;
	ts->ursp = iss->rsp;	ts->ss = iss->ss;
	*count = i386_THREAD_STATE_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
thread_set_state(thread_t thread, int flavor, thread_state_t state,
    mach_msg_type_number_t count)
{
	struct x86_64_saved_state *iss;
	const struct i386_thread_state *ts =
	    (const struct i386_thread_state *)state;

	if (thread == THREAD_NULL || thread->task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != i386_THREAD_STATE || count < i386_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	/* User addresses only: a kernel %rip or %rsp would trap on return. */
	if (ts->rip >= VM_MAX_ADDRESS || ts->ursp >= VM_MAX_ADDRESS)
		return KERN_INVALID_ARGUMENT;
	if (!thread_state_settable(thread))
		return KERN_FAILURE;
	iss = &thread->pcb->iss;
	iss->r8 = ts->r8;	iss->r9 = ts->r9;
	iss->r10 = ts->r10;	iss->r11 = ts->r11;
	iss->r12 = ts->r12;	iss->r13 = ts->r13;
	iss->r14 = ts->r14;	iss->r15 = ts->r15;
	iss->rdi = ts->rdi;	iss->rsi = ts->rsi;
	iss->rbp = ts->rbp;	iss->rbx = ts->rbx;
	iss->rdx = ts->rdx;	iss->rcx = ts->rcx;
	iss->rax = ts->rax;	iss->rip = ts->rip;
	iss->rsp = ts->ursp;
	/* Segments and privileged flags are the kernel's to choose. */
	iss->cs = USER_CS;
	iss->ss = USER_DS;
	iss->rflags = (ts->rfl & 0xcd5) | 0x202;	/* arithmetic, DF, IF */
	return KERN_SUCCESS;
}

kern_return_t
thread_info(thread_t thread, int flavor, thread_info_t info,
    mach_msg_type_number_t *count)
{
	thread_basic_info_t basic = (thread_basic_info_t)info;

	if (thread == THREAD_NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != THREAD_BASIC_INFO || *count < THREAD_BASIC_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	memset(basic, 0, sizeof(*basic));
	basic->base_priority = thread->priority;
	basic->cur_priority = thread->sched_pri;
	basic->suspend_count = thread->suspend_count;
	if (thread->state & TH_HALTED)
		basic->run_state = TH_STATE_HALTED;
	else if (thread->suspend_count > 0)
		basic->run_state = TH_STATE_STOPPED;
	else if (thread->state & TH_WAIT)
		basic->run_state = (thread->state & TH_UNINT) ?
		    TH_STATE_UNINTERRUPTIBLE : TH_STATE_WAITING;
	else
		basic->run_state = TH_STATE_RUNNING;
	*count = THREAD_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t
thread_get_special_port(thread_t thread, int which, ipc_port_t *portp)
{
	if (thread == THREAD_NULL)
		return KERN_INVALID_ARGUMENT;
	ipc_lock_take();
	switch (which) {
	case THREAD_KERNEL_PORT:
		*portp = ipc_port_make_send(thread->ith.self);
		break;
	case THREAD_EXCEPTION_PORT:
		*portp = ipc_port_copy_send(thread->ith.exception);
		break;
	default:
		ipc_lock_release();
		return KERN_INVALID_ARGUMENT;
	}
	ipc_lock_release();
	return KERN_SUCCESS;
}

kern_return_t
thread_set_special_port(thread_t thread, int which, ipc_port_t port)
{
	ipc_port_t old;

	if (thread == THREAD_NULL)
		return KERN_INVALID_ARGUMENT;
	if (which != THREAD_EXCEPTION_PORT)
		return KERN_INVALID_ARGUMENT;
	ipc_lock_take();
	old = thread->ith.exception;
	thread->ith.exception = port;
	ipc_port_release_send(old);
	ipc_lock_release();
	return KERN_SUCCESS;
}

/*
 * thread_depress_abort (mach_host.defs, and the fast trap -76): ends a
 * priority depression of thread.  This kernel never depresses a thread
 * (swtch_pri and thread_switch ignore their priority hints), so there
 * is never one to end: as in GNU Mach for an undepressed thread, the
 * call succeeds and changes nothing.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT for no thread.
 */
kern_return_t
thread_depress_abort(thread_t thread)
{
	if (thread == THREAD_NULL)
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/threads.c: threads of one task and their state.
 *
 * thread_create + thread_set_state + thread_resume (cthreads) runs a
 * function with an argument and returns its value through join;
 * thread_suspend stops a spinning thread (its counter stands still,
 * thread_info says suspend_count 1), thread_get_state of it gives a rip
 * inside the spinning function and a ursp inside its stack;
 * thread_resume lets it go on; thread_abort of a thread blocked in
 * mach_msg receive with MACH_RCV_INTERRUPT makes the receive return
 * MACH_RCV_INTERRUPTED; thread_terminate ends a thread (thread_info on
 * it then fails).
 */
#include <cmtest.h>
#include <cthreads.h>

static volatile unsigned long threads_counter;
static volatile int threads_stop;
static mach_msg_return_t threads_abort_result;
static volatile int threads_abort_entered;

static void *
threads_add(void *arg)
{
	return (void *)((uintptr_t)arg * 2 + 1);
}

static void *
threads_spin(void *arg)
{
	(void)arg;
	while (!threads_stop) {
		threads_counter++;
		swtch();
	}
	return NULL;
}

/* Marks the end of threads_spin for the rip check. */
static void
threads_spin_end(void)
{
}

static void *
threads_block_in_receive(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	mach_msg_header_t h;

	threads_abort_entered = 1;
	threads_abort_result = mach_msg(&h, MACH_RCV_MSG | MACH_RCV_INTERRUPT,
	    0, sizeof(h), port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	return NULL;
}

static void
threads_yield(int times)
{
	while (times-- > 0)
		swtch();
}

static int
threads_info(mach_port_t thread, struct thread_basic_info *info)
{
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;

	return thread_info(thread, THREAD_BASIC_INFO, (thread_info_t)info,
	    &count) == KERN_SUCCESS;
}

static void
threads_function_and_join(void)
{
	struct cm_thread *t = cm_thread_create(threads_add, (void *)20);

	cm_check(t != NULL, "cm_thread_create");
	if (t == NULL)
		return;
	cm_check_eq("joined value", (long)(uintptr_t)cm_thread_join(t), 41);
	printf("threads.fn_result=41\n");
}

static void
threads_suspend_state_resume(void)
{
	struct cm_thread *t = cm_thread_create(threads_spin, NULL);
	struct thread_basic_info info;
	struct i386_thread_state state;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	unsigned long before;

	if (!cm_check(t != NULL, "spinner created"))
		return;
	while (threads_counter < 3)
		swtch();
	cm_check_kr("thread_suspend", thread_suspend(t->kernel_thread));
	threads_yield(5);
	before = threads_counter;
	threads_yield(20);
	cm_check_eq("suspended thread does not run", threads_counter, before);
	cm_check(threads_info(t->kernel_thread, &info), "thread_info");
	cm_check_eq("suspend_count", info.suspend_count, 1);
	printf("threads.suspend_count=%d\n", info.suspend_count);
	cm_check_kr("thread_get_state", thread_get_state(t->kernel_thread,
	    i386_THREAD_STATE, (thread_state_t)&state, &count));
	cm_check_eq("state count", count, i386_THREAD_STATE_COUNT);
	cm_check(state.ursp > t->stack_base && state.ursp <= t->stack_base +
	    t->stack_bytes, "ursp inside the thread's stack");
	printf("threads.state_rip=0x%lx\n", (unsigned long)state.rip);
	printf("threads.state_ursp_in_stack=%d\n", state.ursp > t->stack_base
	    && state.ursp <= t->stack_base + t->stack_bytes);
	/* Suspended inside swtch() or the loop: rip is in our text. */
	cm_check(state.rip >= 0x1000000 && state.rip < 0x2000000,
	    "rip inside the program text");
	(void)threads_spin_end;
	cm_check_kr("thread_resume", thread_resume(t->kernel_thread));
	threads_yield(20);
	cm_check(threads_counter > before, "resumed thread runs again");
	threads_stop = 1;
	cm_thread_join(t);
}

static void
threads_abort_receive(void)
{
	mach_port_t port = MACH_PORT_NULL;
	struct cm_thread *t;
	struct thread_basic_info info;
	int polls;

	cm_check_kr("allocate", mach_port_allocate(mach_task_self(),
	    MACH_PORT_RIGHT_RECEIVE, &port));
	threads_abort_result = KERN_SUCCESS;
	t = cm_thread_create(threads_block_in_receive,
	    (void *)(uintptr_t)port);
	if (!cm_check(t != NULL, "receiver created"))
		return;
	for (polls = 0; polls < 1000; polls++) {
		swtch();
		if (threads_abort_entered && threads_info(t->kernel_thread,
		    &info) && info.run_state == TH_STATE_WAITING)
			break;
	}
	cm_check_eq("receiver waits", info.run_state, TH_STATE_WAITING);
	cm_check_kr("thread_abort", thread_abort(t->kernel_thread));
	cm_thread_join(t);
	cm_check_code("aborted receive", threads_abort_result,
	    MACH_RCV_INTERRUPTED);
	cm_print_code("threads.abort_result", threads_abort_result);
	(void)mach_port_destroy(mach_task_self(), port);
}

static void
threads_terminate(void)
{
	struct thread_basic_info info;
	mach_port_t thread = MACH_PORT_NULL;

	threads_stop = 0;
	cm_check_kr("thread_create", thread_create(mach_task_self(),
	    &thread));
	/* Never resumed: terminate a suspended, never-run thread. */
	cm_check(threads_info(thread, &info), "thread_info of a new thread");
	cm_check_eq("new thread suspend_count", info.suspend_count, 1);
	cm_check_kr("thread_terminate", thread_terminate(thread));
	cm_check(!threads_info(thread, &info),
	    "thread_info fails after terminate");
	(void)mach_port_deallocate(mach_task_self(), thread);
}

int
main(int argc, char **argv, char **envp)
{
	thread_array_t threads = NULL;
	mach_msg_type_number_t count = 0;

	(void)envp;
	cm_test_begin(argc, argv, "threads");
	threads_function_and_join();
	threads_suspend_state_resume();
	threads_abort_receive();
	threads_terminate();
	cm_check_kr("task_threads", task_threads(mach_task_self(), &threads,
	    &count));
	cm_check_eq("only the main thread is left", count, 1);
	printf("threads.left=%u\n", count);
	printf("threads.gsync_join=%d\n", cm_thread_gsync_works());
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/gsync.c: gsync_wait / gsync_wake between two threads.
 *
 * A waiter thread calls gsync_wait(&word, 0) and blocks; the main thread
 * sees it waiting (thread_info), sets the word and calls gsync_wake: the
 * waiter returns KERN_SUCCESS.  gsync_wait with a value that does not
 * match returns at once (GNU Mach: KERN_INVALID_ARGUMENT); with
 * GSYNC_TIMED and nobody to wake it, KERN_TIMEDOUT.  gsync_wake with
 * GSYNC_MUTATE stores the new value.
 */
#include <cmtest.h>
#include <cthreads.h>

static volatile unsigned int gsync_word;
static volatile kern_return_t gsync_waiter_result = -1;
static volatile int gsync_waiter_started;

static void *
gsync_waiter(void *arg)
{
	(void)arg;
	gsync_waiter_started = 1;
	gsync_waiter_result = gsync_wait(mach_task_self(),
	    (vm_address_t)&gsync_word, 0, 0, 0, 0);
	return NULL;
}

int
main(int argc, char **argv, char **envp)
{
	struct cm_thread *t;
	struct thread_basic_info info;
	mach_msg_type_number_t count;
	int polls;

	(void)envp;
	cm_test_begin(argc, argv, "gsync");
	t = cm_thread_create(gsync_waiter, NULL);
	if (!cm_check(t != NULL, "waiter created"))
		cm_test_end();
	info.run_state = 0;
	for (polls = 0; polls < 1000; polls++) {
		swtch();
		count = THREAD_BASIC_INFO_COUNT;
		if (gsync_waiter_started && thread_info(t->kernel_thread,
		    THREAD_BASIC_INFO, (thread_info_t)&info, &count) ==
		    KERN_SUCCESS && info.run_state == TH_STATE_WAITING)
			break;
	}
	cm_check_eq("waiter blocks in gsync_wait", info.run_state,
	    TH_STATE_WAITING);
	cm_check_eq("waiter has not returned", gsync_waiter_result, -1);
	gsync_word = 1;
	cm_check_kr("gsync_wake", gsync_wake(mach_task_self(),
	    (vm_address_t)&gsync_word, 0, 0));
	cm_thread_join(t);
	cm_check_kr("waiter woke", gsync_waiter_result);
	cm_print_code("gsync.wait_result", gsync_waiter_result);

	cm_check_code("wait with a stale value", gsync_wait(mach_task_self(),
	    (vm_address_t)&gsync_word, 0, 0, 0, 0), KERN_INVALID_ARGUMENT);
	cm_check_code("timed wait", gsync_wait(mach_task_self(),
	    (vm_address_t)&gsync_word, 1, 0, 20, GSYNC_TIMED), KERN_TIMEDOUT);
	cm_check_kr("wake with mutate", gsync_wake(mach_task_self(),
	    (vm_address_t)&gsync_word, 7, GSYNC_MUTATE));
	cm_check_eq("mutate stored the value", gsync_word, 7);
	printf("gsync.mutated_word=%u\n", gsync_word);
	cm_test_end();
}

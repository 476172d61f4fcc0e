/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/survivor.c: outlives the other tasks, then ends the machine.
 *
 * Started next to tasks that die (badptr) or finish (hello), it polls
 * the number of live user tasks, yielding with swtch() between polls,
 * until it is alone; then the machine ends with success.  A task that
 * never goes away (the count stays above 1) ends the run with failure
 * after SURVIVOR_MAX_POLLS polls.  When alone it prints the scheduler
 * counters, so a test can see what the others cost (preemptions).
 */
#include <clustermach/test_control.h>
#include <cmuser.h>

/* Bound on polls; each yields, so this is many scheduler rounds. */
#define SURVIVOR_MAX_POLLS	100000

int
main(int argc, char **argv, char **envp)
{
	int polls, count;

	(void)argc;
	(void)argv;
	(void)envp;
	printf("survivor: tasks_at_start=%d\n", cm_task_count());
	for (polls = 0; polls < SURVIVOR_MAX_POLLS; polls++) {
		count = cm_task_count();
		if (count == 1) {
			printf("survivor: polls=%d\n", polls);
			printf("survivor: alone=1\n");
			printf("counter.preemptions=%ld\n",
			    cm_counter(TEST_COUNTER_PREEMPTIONS));
			printf("counter.timer_ticks=%ld\n",
			    cm_counter(TEST_COUNTER_TIMER_TICKS));
			printf("counter.stacks_in_use=%ld\n",
			    cm_counter(TEST_COUNTER_STACKS_IN_USE));
			cm_machine_exit(1);
		}
		swtch();
	}
	printf("survivor: tasks_left=%d\n", cm_task_count());
	printf("survivor: timeout\n");
	cm_machine_exit(0);
}

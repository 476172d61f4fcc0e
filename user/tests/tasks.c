/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/tasks.c: task RPCs on this task and on a child.
 *
 * task_info (TASK_BASIC_INFO of self), task_set_name, task_threads (one
 * thread: us), task_get/set_special_port (TASK_BOOTSTRAP_PORT round
 * trip), task_create of an empty child (no threads), its
 * task_suspend/resume (suspend_count 1 then 0), task_terminate of the
 * child (its port dies: task_info on it fails).
 */
#include <cmtest.h>

int
main(int argc, char **argv, char **envp)
{
	mach_port_t me, child = MACH_PORT_NULL, p = MACH_PORT_NULL,
	    got = MACH_PORT_NULL, old_bootstrap = MACH_PORT_NULL;
	struct task_basic_info info;
	mach_msg_type_number_t count;
	thread_array_t threads = NULL;
	mach_msg_type_number_t thread_count = 0;
	kern_return_t kr;

	(void)envp;
	cm_test_begin(argc, argv, "tasks");
	me = mach_task_self();

	count = TASK_BASIC_INFO_COUNT;
	kr = task_info(me, TASK_BASIC_INFO, (task_info_t)&info, &count);
	cm_check_kr("task_info self", kr);
	cm_check_eq("task_info count", count, TASK_BASIC_INFO_COUNT);
	cm_check_eq("self suspend_count", info.suspend_count, 0);
	cm_check(info.virtual_size > 0, "self virtual_size > 0");
	printf("tasks.self_suspend_count=%d\n", info.suspend_count);
	printf("tasks.self_virtual_size=%lu\n", (unsigned long)info.virtual_size);

	cm_check_kr("task_set_name", task_set_name(me, "tasks-test"));

	cm_check_kr("task_threads", task_threads(me, &threads,
	    &thread_count));
	cm_check_eq("one thread", thread_count, 1);
	printf("tasks.thread_count=%u\n", thread_count);
	if (thread_count > 0) {
		mach_port_t self_thread = mach_thread_self();

		cm_check_eq("the thread is us", threads[0], self_thread);
		(void)mach_port_deallocate(me, self_thread);
		(void)mach_port_deallocate(me, threads[0]);
		(void)vm_deallocate(me, (vm_address_t)threads,
		    thread_count * sizeof(*threads));
	}

	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check_kr("make send", mach_port_insert_right(me, p, p,
	    MACH_MSG_TYPE_MAKE_SEND));
	(void)task_get_special_port(me, TASK_BOOTSTRAP_PORT, &old_bootstrap);
	cm_check_kr("set bootstrap", task_set_special_port(me,
	    TASK_BOOTSTRAP_PORT, p));
	cm_check_kr("get bootstrap", task_get_special_port(me,
	    TASK_BOOTSTRAP_PORT, &got));
	cm_check_eq("bootstrap round trip", got, p);
	cm_check_eq("send urefs: ours + the one got", cm_urefs(p,
	    MACH_PORT_RIGHT_SEND), 2);
	printf("tasks.special_port_round_trip=%d\n", got == p);
	cm_check_kr("restore bootstrap", task_set_special_port(me,
	    TASK_BOOTSTRAP_PORT, old_bootstrap));

	cm_check_kr("task_create", task_create(me, FALSE, &child));
	cm_check(MACH_PORT_VALID(child), "child name valid");
	cm_check_kr("child task_threads", task_threads(child, &threads,
	    &thread_count));
	cm_check_eq("child has no threads", thread_count, 0);
	cm_check_kr("task_suspend child", task_suspend(child));
	count = TASK_BASIC_INFO_COUNT;
	cm_check_kr("child info", task_info(child, TASK_BASIC_INFO,
	    (task_info_t)&info, &count));
	cm_check_eq("child suspended once", info.suspend_count, 1);
	printf("tasks.child_suspend_count=%d\n", info.suspend_count);
	cm_check_kr("task_resume child", task_resume(child));
	count = TASK_BASIC_INFO_COUNT;
	cm_check_kr("child info again", task_info(child, TASK_BASIC_INFO,
	    (task_info_t)&info, &count));
	cm_check_eq("child resumed", info.suspend_count, 0);
	cm_check_kr("task_terminate child", task_terminate(child));
	count = TASK_BASIC_INFO_COUNT;
	kr = task_info(child, TASK_BASIC_INFO, (task_info_t)&info, &count);
	cm_check(kr != KERN_SUCCESS, "task_info on a terminated task fails");
	cm_print_code("tasks.info_after_terminate", kr);
	cm_check_kr("deallocate child name", mach_port_deallocate(me, child));
	(void)mach_port_destroy(me, p);
	cm_test_end();
}

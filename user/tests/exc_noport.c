/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/exc_noport.c: exceptions nobody handles.
 *
 * argv[3] says what the task does; each ends it, and the kernel says why
 * on the console (the harness reads that line):
 *
 *   kernel-port  sets its own task port as its task exception port (and
 *                its thread's), then writes through an unmapped pointer.
 *                exception_raise goes to a kernel object, which answers
 *                MIG_BAD_ID to both; the task ends with the page fault's
 *                line.  (It used to hang: the answer was queued before
 *                the thread waited for it, and nobody looked again.)
 *   int3         no exception port: a breakpoint.
 *   ud2          no exception port: an invalid opcode.
 */
#include <cmtest.h>

#define EXC_NOPORT_BAD_ADDRESS	0xdeadbeef000UL

int
main(int argc, char **argv, char **envp)
{
	const char *what = argc > 3 ? argv[3] : "";
	mach_port_t me, thread;

	(void)envp;
	cm_test_begin(argc, argv, "exc_noport");
	me = mach_task_self();
	thread = mach_thread_self();
	if (strcmp(what, "kernel-port") == 0) {
		cm_print_code("exc_noport.set_task", task_set_special_port(me,
		    TASK_EXCEPTION_PORT, me));
		cm_print_code("exc_noport.set_thread", thread_set_special_port(
		    thread, THREAD_EXCEPTION_PORT, me));
		printf("exc_noport: about to fault\n");
		*(volatile unsigned long *)EXC_NOPORT_BAD_ADDRESS = 1;
	} else if (strcmp(what, "int3") == 0) {
		printf("exc_noport: about to int3\n");
		__asm__ volatile("int3");
	} else if (strcmp(what, "ud2") == 0) {
		printf("exc_noport: about to ud2\n");
		__asm__ volatile("ud2");
	}
	printf("exc_noport: survived %s (bug)\n", what);
	cm_test_end();
}

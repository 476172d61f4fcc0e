/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/hello.c: the first user task.
 *
 * Shows that the start code, argument passing, mach_print and the
 * port-name traps work.  Prints its arguments, the names the four
 * self-traps return (each must be a valid name; task, thread and host
 * must come back the same on a second call), then "hello: done".
 * With --exit-machine among its arguments it ends the machine (success
 * only if every check held); otherwise it ends its own task with 0.
 */
#include <cmuser.h>

/* Prints key=name and key_stable=0/1 for a trap called twice. */
static int
hello_check_stable(const char *key, mach_port_name_t (*trap)(void))
{
	mach_port_name_t first = trap();
	mach_port_name_t second = trap();
	int ok = MACH_PORT_VALID(first) && first == second;

	printf("%s=%u\n", key, first);
	printf("%s_stable=%d\n", key, first == second);
	return ok;
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_name_t reply;
	int exit_machine = 0, ok = 1, i;

	(void)envp;
	printf("hello: ClusterMach user task says hello\n");
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++) {
		printf("argv[%d]=%s\n", i, argv[i]);
		if (strcmp(argv[i], "--exit-machine") == 0)
			exit_machine = 1;
	}
	ok &= hello_check_stable("task_self", mach_task_self);
	ok &= hello_check_stable("thread_self", mach_thread_self);
	ok &= hello_check_stable("host_self", mach_host_self);
	reply = mach_reply_port();
	printf("reply_port=%u\n", reply);
	ok &= MACH_PORT_VALID(reply);
	printf("names_valid=%d\n", ok);
	printf("hello: done\n");
	if (exit_machine)
		cm_machine_exit(ok);
	return 0;
}

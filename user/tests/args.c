/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/args.c: prints its argument vector, then ends the machine
 * with success.  The harness gives it boot-script variables such as
 * ${host-port} and ${device-port} and checks what they expanded to.
 */
#include <cmuser.h>

int
main(int argc, char **argv, char **envp)
{
	int i;

	(void)envp;
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("arg[%d]=%s\n", i, argv[i]);
	printf("argv_null=%d\n", argv[argc] == NULL);
	printf("args: done\n");
	cm_machine_exit(1);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/badptr.c: a task that writes through an unmapped pointer.
 *
 * The kernel must end this task (and say so on the console) without
 * harm to the rest of the machine.  If the write ever completes, the
 * kernel mapped something it should not have: say so and fail the run.
 */
#include <cmuser.h>

/* Canonical (below 2^47) and never mapped by the kernel. */
#define BADPTR_ADDRESS	0xdeadbeef000UL

int
main(int argc, char **argv, char **envp)
{
	volatile unsigned long *p = (volatile unsigned long *)BADPTR_ADDRESS;

	(void)argc;
	(void)argv;
	(void)envp;
	printf("badptr: about to dereference 0x%lx\n", BADPTR_ADDRESS);
	*p = 0x5a5a5a5a5a5a5a5aUL;
	printf("badptr: survived (bug)\n");
	cm_machine_exit(0);
}

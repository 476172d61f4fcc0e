/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/cmstart.c: from the start code to main() and back out.
 *
 * _start (start.S) has read argc, argv and envp off the initial stack and
 * aligned %rsp; cm_start() records the environment and the program
 * name, caches the task's own port name (mach_user_traps.h), runs main()
 * and ends the task with main's return value.  Nothing else needs
 * initialising: .bss is zeroed by the kernel's ELF loader and the heap is
 * static.
 */
#include <cmuser.h>

/* envp as the kernel passed it (GNU Mach passes boot modules none). */
char **cm_environ;

/* What mach_task_self() returns: the trap's answer, asked once. */
mach_port_name_t cm_task_self_name;

/* argv[0], or "?" if the kernel passed no arguments. */
const char *cm_program_name = "?";

void
cm_start(long argc, char **argv, char **envp) __attribute__((noreturn));

void
cm_start(long argc, char **argv, char **envp)
{
	cm_task_self_name = (mach_task_self)();
	cm_environ = envp;
	if (argc > 0 && argv[0] != NULL)
		cm_program_name = argv[0];
	cm_exit(main((int)argc, argv, envp));
}

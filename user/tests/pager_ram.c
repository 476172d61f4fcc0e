/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_ram.c: the RAM pager as a task of its own, serving
 * one object to other tasks.
 *
 *   pager_ram HOST DEVICE [ram_pager switches]    (user/pagers/ram_pager.h)
 *
 * Creates the object, puts a send right to it in its own
 * TASK_BOOTSTRAP_PORT (a client finds it with task_get_special_port on
 * this task's port, from the boot script's $(name=task-create), and
 * should clear it after mapping, so the object ends with its last
 * mapping), prints ram.ready=1 and serves with --threads threads.  When
 * the object is freed (no senders) it prints its request list and
 * counters (prefix pager.) and ram.done=1, then ends its task.  With
 * --die-at=N it ends itself at the Nth read instead (ram.dying=N).
 */
#include "pager_test.h"

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me, port;

	(void)envp;
	cm_test_begin(argc, argv, "pager_ram");
	me = mach_task_self();
	ram_pager_config_init(&config);
	ram_pager_parse_args(&config, argc, argv, 3);
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_exit(1);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("publish", task_set_special_port(me, TASK_BOOTSTRAP_PORT,
	    port));
	(void)mach_port_deallocate(me, port);
	pager_test_serve(&config);
	printf("ram.ready=1\n");
	while (!pager_wait_state(ram_pager_pager(rp), PAGER_STATE_FREED,
	    1000))
		continue;
	ram_pager_print(rp, "pager");
	printf("ram.done=1\n");
	cm_exit(cm_test_failures == 0 ? 0 : 1);
}

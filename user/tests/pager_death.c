/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_death.c: the pager task dies while threads of this
 * task are blocked faulting on its object: each gets a memory exception,
 * none hangs, no page leaks.
 *
 *   pager_death HOST DEVICE TASK
 *       TASK: the pager task (user/tests/pager_ram, started with
 *       --die-at=1 --delay-ms=D: it ends itself at its first read, D ms
 *       after the request came, so that every thread here is blocked by
 *       then).  Object: DEATH_PAGES pages.
 *
 * Threads 0 and 1 read page 0 (the one the pager dies on), thread 2
 * reads page 1.  The task's exception port is ours; each exception
 * terminates its thread (no reply).
 *
 * Keys: death.exceptions (3), death.bad_access (exceptions that were
 * EXC_BAD_ACCESS), death.code.<i> (each code; GNU Mach's fault result
 * for a page that cannot come: KERN_MEMORY_ERROR, 10),
 * death.threads_went_on (0), death.pager_gone (1), death.free_before,
 * death.free_after (cm_reap() free pages before the mapping and after
 * it is gone).
 */
#include "pager_test.h"

#define DEATH_PAGES	4
#define DEATH_THREADS	3

static int death_exceptions, death_bad_access;
static integer_t death_codes[DEATH_THREADS + 4];
static volatile int death_went_on;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
    integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	(void)port;
	(void)subcode;
	if (death_exceptions < DEATH_THREADS + 4)
		death_codes[death_exceptions] = code;
	death_exceptions++;
	death_bad_access += exception == EXC_BAD_ACCESS;
	(void)thread_terminate(thread);
	(void)mach_port_deallocate(mach_task_self(), thread);
	(void)mach_port_deallocate(mach_task_self(), task);
	return MIG_NO_REPLY;
}

static void *
death_touch(void *arg)
{
	uint64_t v = *(volatile uint64_t *)arg;

	__atomic_add_fetch(&death_went_on, 1, __ATOMIC_RELAXED);
	return (void *)(uintptr_t)v;
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_t me, pager_task, port, exc_port;
	vm_address_t base = 0;
	vm_size_t bytes = DEATH_PAGES * PAGER_TEST_PAGE;
	long free_before, free_after;
	int i;

	(void)envp;
	cm_test_begin(argc, argv, "pager_death");
	me = mach_task_self();
	if (!cm_check(argc > 3, "pager task argument"))
		cm_test_end();
	pager_task = (mach_port_t)cm_atol(argv[3]);
	port = pager_test_find_port(pager_task, 10000);
	if (!cm_check(MACH_PORT_VALID(port), "found the object port"))
		cm_test_end();
	(void)task_set_special_port(pager_task, TASK_BOOTSTRAP_PORT,
	    MACH_PORT_NULL);
	exc_port = pager_test_exception_port();
	free_before = cm_reap();
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(me, port);

	cm_check(cm_thread_create(death_touch, (void *)base) != NULL, "t0");
	cm_check(cm_thread_create(death_touch, (void *)(base + 8)) != NULL,
	    "t1");
	cm_check(cm_thread_create(death_touch, (void *)(base +
	    PAGER_TEST_PAGE)) != NULL, "t2");
	for (i = 0; i < DEATH_THREADS; i++) {
		if (pager_test_catch_one(exc_port, 30000) != MACH_MSG_SUCCESS)
			break;
	}
	printf("death.exceptions=%d\n", death_exceptions);
	printf("death.bad_access=%d\n", death_bad_access);
	for (i = 0; i < death_exceptions && i < DEATH_THREADS; i++)
		printf("death.code.%d=%d\n", i, death_codes[i]);
	printf("death.threads_went_on=%d\n", death_went_on);
	printf("death.pager_gone=%d\n", pager_test_wait_task_gone(pager_task,
	    10000));
	cm_check_eq("exceptions", death_exceptions, DEATH_THREADS);
	cm_check_kr("vm_deallocate", vm_deallocate(me, base, bytes));
	free_after = cm_reap();
	printf("death.free_before=%ld\n", free_before);
	printf("death.free_after=%ld\n", free_after);
	cm_test_end();
}

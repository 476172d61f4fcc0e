/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest.c: finds and runs a kernel self-test (kern/ktest.h).
 * The table is the .ktest_table section, bounded by symbols of
 * x86_64/kernel.ld.
 */
#include <kern/debug.h>
#include <kern/ktest.h>
#include <kern/string.h>
#include <vm/vm_map.h>
#include <x86_64/pmap.h>
#include <x86_64/debug_exit.h>

extern const struct ktest __ktest_table_start[], __ktest_table_end[];

void
ktest_run(const char *name)
{
	const struct ktest *test;
	const char *failure;

	for (test = __ktest_table_start; test < __ktest_table_end; test++) {
		if (strcmp(test->name, name) == 0)
			break;
	}
	if (test == __ktest_table_end) {
		printf("ktest %s: FAILED: no such test; known:", name);
		for (test = __ktest_table_start; test < __ktest_table_end;
		    test++)
			printf(" %s", test->name);
		printf("\n");
		machine_exit(MACHINE_EXIT_FAILURE);
	}
	printf("ktest %s: start\n", name);
	failure = test->run();
	if (failure != NULL) {
		printf("ktest %s: FAILED: %s\n", name, failure);
		machine_exit(MACHINE_EXIT_FAILURE);
	}
	printf("ktest %s: passed\n", name);
	machine_exit(MACHINE_EXIT_SUCCESS);
}

struct vm_map *
ktest_map_create(void)
{
	pmap_t pmap = pmap_create();

	if (pmap == PMAP_NULL)
		return VM_MAP_NULL;
	return vm_map_create(pmap, VM_MAP_USER_MIN, VM_MAX_ADDRESS);
}

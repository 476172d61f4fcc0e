/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_copy_none.c: a pager that asks for
 * MEMORY_OBJECT_COPY_NONE gets eager copies: vm_map copy=TRUE reads
 * every page of the range at the call (K5 of design/05-fault.md).
 *
 *   pager_copy_none HOST DEVICE --copy-none [switches] (default --pages=8)
 *
 * Shared mapping A reads page 0 (the pager is ready, page 0 resident);
 * the copy B is made: the pager's log gets one request for each of
 * pages 1-7 during the vm_map call, no copy object is made, one eager
 * copy of 8 pages; A then writes seed ONE everywhere (no request: the
 * pages are resident) and B still reads seed 0 on every page, from its
 * own pages (still no request).
 *
 * Keys: none.pages, none.requests_at_copy, none.requests_after,
 * none.copy_objects, none.eager_copies, none.eager_pages,
 * none.b_errors, none.a_errors, pager.*.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define SEED_ONE	0x1111111111111111ULL

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager *p;
	mach_port_t me, port;
	vm_address_t a, b;
	vm_size_t page, bytes;
	uint64_t objects, eager, eager_pages;
	unsigned long bad_a = 0, bad_b = 0;
	unsigned int logged;

	(void)envp;
	cm_test_begin(argc, argv, "pager_copy_none");
	me = mach_task_self();
	rp = pager_test_start(&config, argc, argv, 8);
	p = ram_pager_pager(rp);
	bytes = config.pages * PAGER_TEST_PAGE;
	printf("none.pages=%lu\n", (unsigned long)config.pages);
	port = pager_get_port(p);
	cm_check_kr("vm_map shared A", pager_test_map(port, bytes, 0, &a));
	cm_check_eq("A reads page 0", pager_test_check_page(a, 0, 0), 0);
	logged = pager_log_count(p);
	objects = cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED);
	eager = cm_vm_counter(VM_COUNTER_EAGER_COPIES);
	eager_pages = cm_vm_counter(VM_COUNTER_EAGER_COPY_PAGES);
	cm_check_kr("vm_map copy B", pager_test_map(port, bytes, 1, &b));
	printf("none.requests_at_copy=%u\n", pager_log_count(p) - logged);
	printf("none.copy_objects=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED) - objects));
	printf("none.eager_copies=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_EAGER_COPIES) - eager));
	printf("none.eager_pages=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_EAGER_COPY_PAGES) - eager_pages));
	logged = pager_log_count(p);
	for (page = 0; page < config.pages; page++)
		pager_test_fill_page(a, page, SEED_ONE);
	for (page = 0; page < config.pages; page++) {
		bad_b += pager_test_check_page(b, page, 0);
		bad_a += pager_test_check_page(a, page, SEED_ONE);
	}
	printf("none.requests_after=%u\n", pager_log_count(p) - logged);
	printf("none.b_errors=%lu\n", bad_b);
	printf("none.a_errors=%lu\n", bad_a);
	(void)mach_port_deallocate(me, port);
	cm_check_kr("vm_deallocate B", vm_deallocate(me, b, bytes));
	cm_check_kr("vm_deallocate A", vm_deallocate(me, a, bytes));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

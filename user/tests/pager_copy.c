/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_copy.c: a private copy mapping (vm_map copy=TRUE)
 * does not change the pager's data.
 *
 *   pager_copy HOST DEVICE [switches]              (default --pages=8)
 *
 * Maps the object shared (A) and as a copy (B); writes seed COPY_SEED
 * through B to every page; then: B reads back its writes, A still reads
 * seed 0, the store's checksum is what it was before; after both
 * mappings are gone and the object is freed, still no page came back
 * dirty and the checksum is unchanged.
 *
 * Keys: copy.pages, copy.b_errors, copy.a_errors, copy.store_unchanged,
 * copy.store_unchanged_at_end, copy.freed, pager.*.
 */
#include "pager_test.h"

#define COPY_SEED	0x00c0ffee00c0ffeeULL

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me, port;
	vm_address_t a = 0, b = 0;
	vm_size_t page, bytes;
	unsigned long bad_a = 0, bad_b = 0;
	uint64_t sum_before;

	(void)envp;
	cm_test_begin(argc, argv, "pager_copy");
	me = mach_task_self();
	rp = pager_test_start(&config, argc, argv, 8);
	bytes = config.pages * PAGER_TEST_PAGE;
	sum_before = ram_pager_checksum(rp);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map shared", pager_test_map(port, bytes, 0, &a));
	cm_check_kr("vm_map copy", pager_test_map(port, bytes, 1, &b));
	(void)mach_port_deallocate(me, port);
	printf("copy.pages=%lu\n", (unsigned long)config.pages);

	for (page = 0; page < config.pages; page++)
		pager_test_fill_page(b, page, COPY_SEED);
	for (page = 0; page < config.pages; page++) {
		bad_b += pager_test_check_page(b, page, COPY_SEED);
		bad_a += pager_test_check_page(a, page, 0);
	}
	cm_check_eq("copy reads its writes", bad_b, 0);
	cm_check_eq("shared mapping unchanged", bad_a, 0);
	printf("copy.b_errors=%lu\n", bad_b);
	printf("copy.a_errors=%lu\n", bad_a);
	printf("copy.store_unchanged=%d\n",
	    ram_pager_checksum(rp) == sum_before);

	cm_check_kr("vm_deallocate copy", vm_deallocate(me, b, bytes));
	cm_check_kr("vm_deallocate shared", vm_deallocate(me, a, bytes));
	printf("copy.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    10000));
	printf("copy.store_unchanged_at_end=%d\n",
	    ram_pager_checksum(rp) == sum_before);
	cm_check_eq("store unchanged", ram_pager_checksum(rp) == sum_before,
	    1);
	ram_pager_print(rp, "pager");
	cm_test_end();
}

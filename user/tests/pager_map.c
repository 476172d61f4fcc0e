/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_map.c: map a RAM-pager object, read it, write it,
 * get the writes back through the pager.
 *
 *   pager_map HOST DEVICE [ram_pager switches]   (default --pages=16)
 *
 * The pager runs in this task (config.threads server threads).
 *   1. vm_map the object (shared), read every word of every page in
 *      order: the pattern, seed 0.
 *   2. Write the pattern with seed PAGER_MAP_SEED to every page, read it
 *      back through the mapping.
 *   3. pager_return_range(flush, wait): the kernel returns the dirty
 *      pages (data_return) and drops its copies; the store must now
 *      hold seed PAGER_MAP_SEED for every page.
 *   4. Read every page again: data_requests again, new pattern.
 *   5. vm_deallocate; the kernel terminates the object, the library
 *      frees it on no-senders.
 *
 * Keys: map.pages, map.read_errors (words wrong in 1), map.write_errors
 * (2), map.store_pages_new_seed (3), map.reread_errors (4),
 * map.freed (5), and the pager's pager.* (ram_pager_print: the request
 * list pager.request=<offset>,<length>, pager.return=..., counters).
 */
#include "pager_test.h"

#define PAGER_MAP_SEED	0x5a5a0000c3c3ULL

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager *p;
	mach_port_t port;
	vm_address_t base = 0;
	vm_size_t page, bytes;
	unsigned long bad;
	uint64_t seed;
	int new_seed = 0;

	(void)envp;
	cm_test_begin(argc, argv, "pager_map");
	rp = pager_test_start(&config, argc, argv, 0);
	bytes = config.pages * PAGER_TEST_PAGE;
	p = ram_pager_pager(rp);
	port = pager_get_port(p);
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	cm_check_kr("drop our send right", mach_port_deallocate(
	    mach_task_self(), port));
	printf("map.pages=%lu\n", (unsigned long)config.pages);

	for (bad = 0, page = 0; page < config.pages; page++)
		bad += pager_test_check_page(base, page, 0);
	cm_check_eq("pattern read", bad, 0);
	printf("map.read_errors=%lu\n", bad);

	for (page = 0; page < config.pages; page++)
		pager_test_fill_page(base, page, PAGER_MAP_SEED);
	for (bad = 0, page = 0; page < config.pages; page++)
		bad += pager_test_check_page(base, page, PAGER_MAP_SEED);
	cm_check_eq("written pattern read back", bad, 0);
	printf("map.write_errors=%lu\n", bad);

	cm_check_kr("return and flush", pager_return_range(p, 0, bytes, 1, 1));
	for (page = 0; page < config.pages; page++)
		new_seed += ram_pager_page_state(rp, page, &seed) == 0 &&
		    seed == PAGER_MAP_SEED;
	cm_check_eq("pages the pager got back", new_seed, config.pages);
	printf("map.store_pages_new_seed=%d\n", new_seed);

	for (bad = 0, page = 0; page < config.pages; page++)
		bad += pager_test_check_page(base, page, PAGER_MAP_SEED);
	cm_check_eq("read after flush", bad, 0);
	printf("map.reread_errors=%lu\n", bad);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("map.freed=%d\n", pager_test_wait_freed(p, 10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

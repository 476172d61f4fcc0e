/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_pageout.c: an object several times larger than
 * memory, written and read back through the pager: nothing lost.
 *
 *   pager_pageout HOST DEVICE [switches]          (default --mib=144)
 *
 * Boot with little memory (the harness: -m 48M).  Writes the pattern
 * with seed PAGEOUT_SEED to every page in order (each page first comes
 * in from the pager, then is dirtied; the pageout daemon must send most
 * of them back with data_return to make room), then reads every page
 * back and checks every word.  The RAM pager stores a returned page as
 * its seed (16 bytes), so its store fits.
 *
 * Keys: pageout.pages, pageout.bad_pages (pages with a wrong word in
 * the read pass), pageout.store_new_seed (pages the store holds with the
 * new seed at the end, i.e. that came back dirty at least once),
 * pageout.free_pages_at_start, pageout.freed, pager.* (data_returns,
 * pages_returned, ...).  The request list is not kept (--log=0 is the
 * default here): it would be 100,000 lines.
 */
#include "pager_test.h"

#define PAGEOUT_SEED	0x0123456789abcdefULL

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t port;
	vm_address_t base = 0;
	vm_size_t page, bytes, new_seed = 0, bad_pages = 0;
	uint64_t seed;

	(void)envp;
	cm_test_begin(argc, argv, "pager_pageout");
	ram_pager_config_init(&config);
	config.pages = 144 * 256;
	config.log_max = 0;
	config.threads = 2;
	ram_pager_parse_args(&config, argc, argv, 3);
	bytes = config.pages * PAGER_TEST_PAGE;
	printf("pageout.free_pages_at_start=%ld\n", cm_free_pages());
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(mach_task_self(), port);
	printf("pageout.pages=%lu\n", (unsigned long)config.pages);

	for (page = 0; page < config.pages; page++)
		pager_test_fill_page(base, page, PAGEOUT_SEED);
	printf("pageout.written=1\n");
	for (page = 0; page < config.pages; page++)
		bad_pages += pager_test_check_page(base, page,
		    PAGEOUT_SEED) != 0;
	printf("pageout.bad_pages=%lu\n", (unsigned long)bad_pages);
	cm_check_eq("pages read back wrong", bad_pages, 0);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("pageout.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), 60000));
	for (page = 0; page < config.pages; page++)
		new_seed += ram_pager_page_state(rp, page, &seed) == 0 &&
		    seed == PAGEOUT_SEED;
	printf("pageout.store_new_seed=%lu\n", (unsigned long)new_seed);
	ram_pager_print(rp, "pager");
	cm_test_end();
}

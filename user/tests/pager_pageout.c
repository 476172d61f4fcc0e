/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_pageout.c: an object several times larger than
 * memory, written and read back through the pager: nothing lost.
 *
 *   pager_pageout HOST DEVICE [--read-only] [switches] (default --mib=144)
 *
 * Boot with little memory (the harness: -m 48M).  Writes the pattern
 * with seed PAGEOUT_SEED to every page in order (each page first comes
 * in from the pager, then is dirtied; the pageout daemon must send most
 * of them back with data_return to make room), then reads every page
 * back and checks every word.  The RAM pager stores a returned page as
 * its seed (16 bytes), so its store fits.  With --read-only the first
 * pass reads too (the pager's seed 0): with --precious, every page the
 * daemon evicts comes back clean (dirty FALSE).
 *
 * Keys: pageout.pages, pageout.bad_pages (pages with a wrong word in
 * the read pass), pageout.store_new_seed (pages the store holds with the
 * new seed at the end, i.e. that came back dirty at least once),
 * pageout.free_pages_at_start, pageout.freed, pager.* (data_returns,
 * pages_returned, ...).  The kernel's counters (vm/vm_stats.def) as
 * deltas: pageout.passes.<name> over the two passes, pageout.run.<name>
 * over the whole run, the object's end included.  The request list is
 * not kept (--log=0 is the default here): it would be 100,000 lines.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define PAGEOUT_SEED	0x0123456789abcdefULL

/* The kernel counters the test prints, as deltas. */
static const unsigned int pageout_counters[] = {
	VM_COUNTER_PAGEOUT_SCANS, VM_COUNTER_PAGES_SCANNED,
	VM_COUNTER_PAGES_DEACTIVATED, VM_COUNTER_PAGES_REACTIVATED,
	VM_COUNTER_PAGES_FREED_CLEAN, VM_COUNTER_PAGEOUT_RETURNS,
	VM_COUNTER_DATA_RETURNS, VM_COUNTER_PAGES_RETURNED,
};
#define PAGEOUT_COUNTERS \
	(sizeof(pageout_counters) / sizeof(pageout_counters[0]))

static const char *const vm_counter_names[] = { VM_COUNTER_NAMES };

static void
pageout_counters_read(uint64_t *values)
{
	for (unsigned int i = 0; i < PAGEOUT_COUNTERS; i++)
		values[i] = cm_vm_counter(pageout_counters[i]);
}

/* Prints pageout.<what>.<counter>=<now - then> for each counter. */
static void
pageout_counters_print(const char *what, const uint64_t *then)
{
	uint64_t now[PAGEOUT_COUNTERS];

	pageout_counters_read(now);
	for (unsigned int i = 0; i < PAGEOUT_COUNTERS; i++)
		printf("pageout.%s.%s=%lu\n", what,
		    vm_counter_names[pageout_counters[i]],
		    (unsigned long)(now[i] - then[i]));
}

/* Every page: written with seed (write), or checked against it. */
static vm_size_t
pageout_pass(vm_address_t base, vm_size_t pages, uint64_t seed, int write)
{
	vm_size_t page, bad_pages = 0;

	for (page = 0; page < pages; page++) {
		if (write)
			pager_test_fill_page(base, page, seed);
		else
			bad_pages += pager_test_check_page(base, page,
			    seed) != 0;
	}
	return bad_pages;
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t port;
	vm_address_t base = 0;
	vm_size_t page, bytes, new_seed = 0, bad_pages;
	uint64_t seed, data_seed, start[PAGEOUT_COUNTERS];
	int read_only = 0;

	(void)envp;
	cm_test_begin(argc, argv, "pager_pageout");
	ram_pager_config_init(&config);
	config.pages = 144 * 256;
	config.log_max = 0;
	config.threads = 2;
	ram_pager_parse_args(&config, argc, argv, 3);
	for (int i = 3; i < argc; i++)
		read_only |= strcmp(argv[i], "--read-only") == 0;
	data_seed = read_only ? 0 : PAGEOUT_SEED;
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
	pageout_counters_read(start);

	bad_pages = pageout_pass(base, config.pages, data_seed, !read_only);
	printf("pageout.written=%d\n", !read_only);
	bad_pages += pageout_pass(base, config.pages, data_seed, 0);
	printf("pageout.bad_pages=%lu\n", (unsigned long)bad_pages);
	cm_check_eq("pages read back wrong", bad_pages, 0);
	pageout_counters_print("passes", start);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("pageout.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), 60000));
	pageout_counters_print("run", start);
	for (page = 0; page < config.pages; page++)
		new_seed += ram_pager_page_state(rp, page, &seed) == 0 &&
		    seed == PAGEOUT_SEED;
	printf("pageout.store_new_seed=%lu\n", (unsigned long)new_seed);
	ram_pager_print(rp, "pager");
	cm_test_end();
}

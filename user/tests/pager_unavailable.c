/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_unavailable.c: pages the pager answers with
 * memory_object_data_unavailable read as zeros; the others keep the
 * pattern.
 *
 *   pager_unavailable HOST DEVICE [switches]
 *       default: --pages=8 --unavailable=2+3 (pages 2, 3, 4)
 *
 * Reads every page in order; then writes seed UNAV_SEED to the first
 * unavailable page and returns it (pager_return_range): the store then
 * holds data for it.
 *
 * Keys: unavailable.pages, unavailable.zero_pages (pages read as all
 * zeros), unavailable.pattern_pages, unavailable.other_pages,
 * unavailable.written_back (1 if the written page is stored), pager.*.
 */
#include "pager_test.h"

#define UNAV_SEED	0x7777000077770000ULL

/* Whether page is in one of the configured unavailable ranges. */
static int
unav_is_unavailable(const struct ram_pager_config *c, vm_size_t page)
{
	int i;

	for (i = 0; i < c->unavailable_count; i++) {
		if (page >= c->unavailable[i].first_page &&
		    page < c->unavailable[i].first_page +
		    c->unavailable[i].pages)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t port;
	vm_address_t base = 0;
	vm_size_t page, bytes, first;
	int zero = 0, pattern = 0, other = 0, expected_zero = 0, i;
	uint64_t seed = 0;

	(void)envp;
	cm_test_begin(argc, argv, "pager_unavailable");
	ram_pager_config_init(&config);
	config.pages = 8;
	ram_pager_parse_args(&config, argc, argv, 3);
	if (config.unavailable_count == 0) {
		config.unavailable[0].first_page = 2;
		config.unavailable[0].pages = 3;
		config.unavailable_count = 1;
	}
	bytes = config.pages * PAGER_TEST_PAGE;
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(mach_task_self(), port);

	for (page = 0; page < config.pages; page++) {
		int want_zero = unav_is_unavailable(&config, page);

		expected_zero += want_zero;
		if (pager_test_check_zero(base, page) == 0)
			zero++;
		else if (pager_test_check_page(base, page, 0) == 0)
			pattern++;
		else
			other++;
		if (want_zero)
			cm_check_eq("unavailable page reads zeros",
			    pager_test_check_zero(base, page), 0);
		else
			cm_check_eq("available page has the pattern",
			    pager_test_check_page(base, page, 0), 0);
	}
	printf("unavailable.pages=%lu\n", (unsigned long)config.pages);
	printf("unavailable.zero_pages=%d\n", zero);
	printf("unavailable.pattern_pages=%d\n", pattern);
	printf("unavailable.other_pages=%d\n", other);
	cm_check_eq("zero pages", zero, expected_zero);

	first = config.unavailable[0].first_page;
	pager_test_fill_page(base, first, UNAV_SEED);
	cm_check_kr("return the written page", pager_return_range(
	    ram_pager_pager(rp), first * PAGER_TEST_PAGE, PAGER_TEST_PAGE, 1,
	    1));
	i = ram_pager_page_state(rp, first, &seed) == 0 && seed == UNAV_SEED;
	cm_check(i, "written unavailable page stored");
	printf("unavailable.written_back=%d\n", i);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("unavailable.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), 10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

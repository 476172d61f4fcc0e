/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_seq_read.c: benchmark, the legacy baseline clustered
 * paging must beat: a cold sequential read of a 16 MiB mapping served by
 * the RAM pager in this task.
 *
 *   pager_seq_read HOST DEVICE [switches]          (default --mib=16)
 *
 * Maps the object, then reads the first word of every page in order
 * between two rdtsc: under QEMU -icount shift=0,sleep=off the difference
 * is guest instructions.  Afterwards (not timed) checks every word of
 * every page.
 *
 * Keys: seq_read.pages, seq_read.bytes, seq_read.tsc_total,
 * seq_read.tsc_per_page, seq_read.faults and seq_read.pageins
 * (vm_statistics deltas over the timed loop), seq_read.data_requests,
 * seq_read.pages_requested, seq_read.pages_per_request_x100,
 * seq_read.bad_pages, seq_read.freed, pager.* (counters; the request
 * list is not printed), and seq_read.pages_supply_moved and
 * seq_read.pages_supply_copied: the kernel's counters (vm/vm_stats.def)
 * over the loop, how its data_supply took each page (moved, or copied).
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

static inline uint64_t
seq_read_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager_stats stats;
	struct vm_statistics before, after;
	mach_port_t port;
	vm_address_t base = 0;
	vm_size_t page, bytes, bad_pages = 0;
	uint64_t t0, t1, sum = 0, moved, copied;

	(void)envp;
	cm_test_begin(argc, argv, "pager_seq_read");
	ram_pager_config_init(&config);
	config.pages = 16 * 256;
	config.log_max = 0;
	ram_pager_parse_args(&config, argc, argv, 3);
	bytes = config.pages * PAGER_TEST_PAGE;
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(mach_task_self(), port);

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	(void)vm_statistics(mach_task_self(), &before);
	moved = cm_vm_counter(VM_COUNTER_PAGES_SUPPLY_MOVED);
	copied = cm_vm_counter(VM_COUNTER_PAGES_SUPPLY_COPIED);
	t0 = seq_read_rdtsc();
	for (page = 0; page < config.pages; page++)
		sum += pager_test_page(base, page)[0];
	t1 = seq_read_rdtsc();
	(void)vm_statistics(mach_task_self(), &after);
	moved = cm_vm_counter(VM_COUNTER_PAGES_SUPPLY_MOVED) - moved;
	copied = cm_vm_counter(VM_COUNTER_PAGES_SUPPLY_COPIED) - copied;
	for (page = 0; page < config.pages; page++)
		bad_pages += pager_test_check_page(base, page, 0) != 0;
	pager_get_stats(ram_pager_pager(rp), &stats);

	printf("seq_read.pages=%lu\n", (unsigned long)config.pages);
	printf("seq_read.bytes=%lu\n", (unsigned long)bytes);
	printf("seq_read.tsc_total=%lu\n", (unsigned long)(t1 - t0));
	printf("seq_read.tsc_per_page=%lu\n",
	    (unsigned long)((t1 - t0) / config.pages));
	printf("seq_read.faults=%d\n", after.faults - before.faults);
	printf("seq_read.pageins=%d\n", after.pageins - before.pageins);
	printf("seq_read.data_requests=%lu\n",
	    (unsigned long)stats.data_requests);
	printf("seq_read.pages_requested=%lu\n",
	    (unsigned long)stats.pages_requested);
	printf("seq_read.pages_per_request_x100=%lu\n", (unsigned long)
	    (stats.data_requests ? 100 * stats.pages_requested /
	    stats.data_requests : 0));
	printf("seq_read.bad_pages=%lu\n", (unsigned long)bad_pages);
	printf("seq_read.pages_supply_moved=%lu\n", (unsigned long)moved);
	printf("seq_read.pages_supply_copied=%lu\n", (unsigned long)copied);
	printf("seq_read.checksum=0x%lx\n", (unsigned long)sum);
	cm_check_eq("pages read wrong", bad_pages, 0);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("seq_read.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), 10000));
	pager_print_stats(ram_pager_pager(rp), "pager");
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_fork_copy.c: task_create copies a pager mapping
 * inherited VM_INHERIT_COPY as it is at the call: every page, touched
 * before or not (K1-K6 of design/05-fault.md).
 *
 *   pager_fork_copy HOST DEVICE [switches]          (default --pages=8)
 *
 * The shared mapping A (inheritance COPY) reads pages 0-3 and writes
 * seed ONE to page 1; pages 4-7 are never touched.  task_create makes
 * the child (one copy object).  The parent writes seed TWO to every
 * page (8 pushes).  The child's memory, read with vm_read: page 1 seed
 * ONE, the others seed 0.  vm_write puts seed OWN in the child's page
 * 5; after a flush the store holds TWO on every page (the child's
 * write never reaches the pager) and the child still reads its own.
 *
 * Keys: fork.pages, fork.copy_objects, fork.pushes, fork.child_errors,
 * fork.child_zero_pages, fork.store_not_two, fork.child_errors_after,
 * fork.freed (the pager's object freed once the child and A are gone),
 * pager.*.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define SEED_ONE	0x1111111111111111ULL
#define SEED_TWO	0x2222222222222222ULL
#define SEED_OWN	0x0badc0de0badc0deULL
#define FORK_PAGES_MAX	64

static vm_size_t pages;
static uint64_t fork_buffer[FORK_PAGES_MAX][RAM_PAGER_PAGE_WORDS]
    __attribute__((aligned(4096)));

/* The seed the child should have on page: ONE, OWN, or 0. */
static uint64_t
fork_expected_seed(vm_size_t page, int child_wrote)
{
	if (page == 1)
		return SEED_ONE;
	if (page == 5 && child_wrote)
		return SEED_OWN;
	return 0;
}

/*
 * Reads the child's copy of A with vm_read; prints <key>=<words wrong>
 * and fork.child_zero_pages (pages that read as all zeroes).
 */
static void
fork_check_child(mach_port_t child, vm_address_t a, int child_wrote,
    const char *key)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	const uint64_t *words;
	unsigned long bad = 0, zero = 0;
	vm_size_t page;
	unsigned int i, nonzero;

	if (!cm_check_kr("vm_read child", vm_read(child, a,
	    pages * PAGER_TEST_PAGE, &data, &count)))
		return;
	for (page = 0; page < pages; page++) {
		words = (const uint64_t *)(data + page * PAGER_TEST_PAGE);
		bad += ram_pager_check(words, page,
		    fork_expected_seed(page, child_wrote));
		for (i = 0, nonzero = 0; i < RAM_PAGER_PAGE_WORDS; i++)
			nonzero += words[i] != 0;
		zero += nonzero == 0;
	}
	printf("%s=%lu\n", key, bad);
	if (!child_wrote)
		printf("fork.child_zero_pages=%lu\n", zero);
	(void)vm_deallocate(mach_task_self(), data, count);
}

/* Pages of the store whose seed is not TWO. */
static long
fork_store_not_two(struct ram_pager *rp)
{
	uint64_t seed;
	vm_size_t page;
	long bad = 0;

	for (page = 0; page < pages; page++)
		bad += ram_pager_page_state(rp, page, &seed) != 0 ||
		    seed != SEED_TWO;
	return bad;
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me, port, child = MACH_PORT_NULL;
	vm_address_t a;
	vm_size_t page, bytes;
	uint64_t objects, pushes;

	(void)envp;
	cm_test_begin(argc, argv, "pager_fork_copy");
	me = mach_task_self();
	rp = pager_test_start(&config, argc, argv, 8);
	pages = config.pages < FORK_PAGES_MAX ? config.pages : FORK_PAGES_MAX;
	bytes = pages * PAGER_TEST_PAGE;
	printf("fork.pages=%lu\n", (unsigned long)pages);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map shared A", pager_test_map(port, bytes, 0, &a));
	(void)mach_port_deallocate(me, port);
	cm_check_kr("vm_inherit copy", vm_inherit(me, a, bytes,
	    VM_INHERIT_COPY));
	for (page = 0; page < 4; page++)
		cm_check_eq("A reads", pager_test_check_page(a, page, 0), 0);
	pager_test_fill_page(a, 1, SEED_ONE);

	objects = cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED);
	if (!cm_check_kr("task_create", task_create(me, TRUE, &child)))
		cm_test_end();
	printf("fork.copy_objects=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED) - objects));
	pushes = cm_vm_counter(VM_COUNTER_COPY_PUSHES);
	for (page = 0; page < pages; page++)
		pager_test_fill_page(a, page, SEED_TWO);
	printf("fork.pushes=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_PUSHES) - pushes));
	fork_check_child(child, a, 0, "fork.child_errors");

	ram_pager_fill(fork_buffer[0], 5, SEED_OWN);
	cm_check_kr("vm_write child", vm_write(child,
	    a + 5 * PAGER_TEST_PAGE, (vm_offset_t)fork_buffer[0],
	    PAGER_TEST_PAGE));
	cm_check_kr("flush", pager_return_range(ram_pager_pager(rp), 0, bytes,
	    1, 1));
	printf("fork.store_not_two=%ld\n", fork_store_not_two(rp));
	fork_check_child(child, a, 1, "fork.child_errors_after");
	cm_check_kr("task_terminate", task_terminate(child));
	(void)mach_port_deallocate(me, child);
	cm_check_kr("vm_deallocate A", vm_deallocate(me, a, bytes));
	printf("fork.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

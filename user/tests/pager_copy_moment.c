/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_copy_moment.c: a copy mapping (vm_map copy=TRUE) of
 * a pager's object is the object as it was at the vm_map call, whatever
 * is written through a shared mapping afterwards (K1-K6 of
 * design/05-fault.md, "Copies of memory others can write").
 *
 *   pager_copy_moment HOST DEVICE [switches]        (default --pages=8)
 *
 * Phase 1: shared mapping A reads pages 0-3 (resident, 4-7 not); copy
 * B is made; A writes seed ONE to every page; B still reads seed 0 on
 * every page; B writes seed OWN to pages 2 and 6 and reads them back;
 * after a flush (dirty pages returned) the store holds ONE on every
 * page: B's writes never reach the pager; B still reads its moment.
 * Phase 2: copy C1 (store: ONE), A writes TWO to pages 0-3, copy C2,
 * A writes THREE to every page: C1 reads ONE everywhere, C2 TWO on
 * 0-3 and ONE on 4-7, A THREE.
 * Phase 3 (K7): after a flush, A reads pages 0-3; copy D is made; the
 * pager changes its store to FOUR on every page and flushes: the flush
 * pushes pages 0-3 into D's copy object first, so D reads THREE there;
 * pages 4-7, which the kernel did not hold at the copy, D reads from
 * the pager: FOUR (a delayed copy trusts the pager not to change what
 * it has not been given back, GNU Mach's MEMORY_OBJECT_COPY_DELAY).
 * With every mapping gone, the pager's object is freed: no copy object
 * holds on to it.
 *
 * Keys: moment.pages, moment.copy_objects, moment.pushes, moment.b_*,
 * moment.store_*, moment.c1_errors, moment.c2_errors, moment.a_errors,
 * moment.copy_objects2, moment.flush_pushes, moment.d_held_errors,
 * moment.d_unheld_errors, moment.a_new_errors, moment.freed, pager.*.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define SEED_ONE	0x1111111111111111ULL
#define SEED_TWO	0x2222222222222222ULL
#define SEED_THREE	0x3333333333333333ULL
#define SEED_FOUR	0x4444444444444444ULL
#define SEED_OWN	0x0badc0de0badc0deULL

static vm_size_t pages;

/* Words of pages [first, first + count) of base not under seed. */
static unsigned long
moment_check(vm_address_t base, vm_size_t first, vm_size_t count,
    uint64_t seed)
{
	unsigned long bad = 0;
	vm_size_t page;

	for (page = first; page < first + count; page++)
		bad += pager_test_check_page(base, page, seed);
	return bad;
}

static void
moment_fill(vm_address_t base, vm_size_t first, vm_size_t count,
    uint64_t seed)
{
	vm_size_t page;

	for (page = first; page < first + count; page++)
		pager_test_fill_page(base, page, seed);
}

/* Pages of the store whose seed is not `seed' (or not a pattern). */
static long
moment_store_not(struct ram_pager *rp, uint64_t seed)
{
	uint64_t got;
	vm_size_t page;
	long bad = 0;

	for (page = 0; page < pages; page++)
		bad += ram_pager_page_state(rp, page, &got) != 0 || got != seed;
	return bad;
}

static void
moment_flush(struct ram_pager *rp)
{
	cm_check_kr("flush", pager_return_range(ram_pager_pager(rp), 0,
	    pages * PAGER_TEST_PAGE, 1, 1));
}

/* Phase 1: one copy; writes through A before and after it. */
static void
moment_one_copy(struct ram_pager *rp, mach_port_t port, vm_address_t a)
{
	vm_size_t bytes = pages * PAGER_TEST_PAGE;
	vm_address_t b;
	uint64_t objects, pushes;
	unsigned long bad;

	cm_check_eq("A reads pages 0-3", moment_check(a, 0, 4, 0), 0);
	objects = cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED);
	pushes = cm_vm_counter(VM_COUNTER_COPY_PUSHES);
	cm_check_kr("vm_map copy B", pager_test_map(port, bytes, 1, &b));
	printf("moment.copy_objects=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED) - objects));
	moment_fill(a, 0, pages, SEED_ONE);
	printf("moment.pushes=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_PUSHES) - pushes));
	bad = moment_check(b, 0, pages, 0);
	printf("moment.b_errors=%lu\n", bad);
	pager_test_fill_page(b, 2, SEED_OWN);
	pager_test_fill_page(b, 6, SEED_OWN);
	bad = moment_check(b, 2, 1, SEED_OWN) + moment_check(b, 6, 1, SEED_OWN);
	printf("moment.b_own_errors=%lu\n", bad);
	moment_flush(rp);
	printf("moment.store_not_one=%ld\n", moment_store_not(rp, SEED_ONE));
	bad = moment_check(b, 0, 2, 0) + moment_check(b, 3, 3, 0) +
	    moment_check(b, 7, 1, 0) + moment_check(b, 2, 1, SEED_OWN) +
	    moment_check(b, 6, 1, SEED_OWN);
	printf("moment.b_errors_after_flush=%lu\n", bad);
	cm_check_kr("vm_deallocate B", vm_deallocate(mach_task_self(), b,
	    bytes));
}

/* Phase 2: two copies, writes between: each its own moment. */
static void
moment_two_copies(mach_port_t port, vm_address_t a)
{
	vm_size_t bytes = pages * PAGER_TEST_PAGE;
	vm_address_t c1, c2;
	uint64_t objects;

	objects = cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED);
	cm_check_kr("vm_map copy C1", pager_test_map(port, bytes, 1, &c1));
	moment_fill(a, 0, 4, SEED_TWO);
	cm_check_kr("vm_map copy C2", pager_test_map(port, bytes, 1, &c2));
	moment_fill(a, 0, pages, SEED_THREE);
	printf("moment.copy_objects2=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED) - objects));
	printf("moment.c1_errors=%lu\n", moment_check(c1, 0, pages, SEED_ONE));
	printf("moment.c2_errors=%lu\n", moment_check(c2, 0, 4, SEED_TWO) +
	    moment_check(c2, 4, pages - 4, SEED_ONE));
	printf("moment.a_errors=%lu\n", moment_check(a, 0, pages, SEED_THREE));
	cm_check_kr("vm_deallocate C1", vm_deallocate(mach_task_self(), c1,
	    bytes));
	cm_check_kr("vm_deallocate C2", vm_deallocate(mach_task_self(), c2,
	    bytes));
}

/* Phase 3: the pager changes its data and flushes after a copy (K7). */
static void
moment_pager_changes(struct ram_pager *rp, mach_port_t port, vm_address_t a)
{
	vm_size_t bytes = pages * PAGER_TEST_PAGE, page;
	vm_address_t d;
	uint64_t pushes;

	moment_flush(rp);
	cm_check_eq("A reads pages 0-3", moment_check(a, 0, 4, SEED_THREE), 0);
	cm_check_kr("vm_map copy D", pager_test_map(port, bytes, 1, &d));
	for (page = 0; page < pages; page++)
		cm_check_eq("store changes", ram_pager_set_seed(rp, page,
		    SEED_FOUR), 0);
	pushes = cm_vm_counter(VM_COUNTER_COPY_PUSHES);
	moment_flush(rp);
	printf("moment.flush_pushes=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_PUSHES) - pushes));
	printf("moment.d_held_errors=%lu\n", moment_check(d, 0, 4,
	    SEED_THREE));
	printf("moment.d_unheld_errors=%lu\n", moment_check(d, 4, pages - 4,
	    SEED_FOUR));
	printf("moment.a_new_errors=%lu\n", moment_check(a, 0, pages,
	    SEED_FOUR));
	cm_check_kr("vm_deallocate D", vm_deallocate(mach_task_self(), d,
	    bytes));
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me, port;
	vm_address_t a;

	(void)envp;
	cm_test_begin(argc, argv, "pager_copy_moment");
	me = mach_task_self();
	rp = pager_test_start(&config, argc, argv, 8);
	pages = config.pages;
	printf("moment.pages=%lu\n", (unsigned long)pages);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map shared A", pager_test_map(port,
	    pages * PAGER_TEST_PAGE, 0, &a));
	moment_one_copy(rp, port, a);
	moment_two_copies(port, a);
	moment_pager_changes(rp, port, a);
	(void)mach_port_deallocate(me, port);
	cm_check_kr("vm_deallocate A", vm_deallocate(me, a,
	    pages * PAGER_TEST_PAGE));
	/* No copy object keeps the pager's object alive (K4). */
	printf("moment.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

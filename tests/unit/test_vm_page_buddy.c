/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/unit/test_vm_page_buddy.c: host test of the buddy core.
 *
 * Drives vm/vm_page_buddy.c over ordinary arrays of struct vm_page:
 * splitting, merging back to the top order, exhaustion returning NULL,
 * alignment, free counts, ranges of any shape, and that
 * vm_page_buddy_check() sees a broken invariant.  Standalone (own CHECK
 * macro); exits 0 when every check passes.
 *
 * Locking: none (single-threaded host program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kern/assert.h>
#include <vm/vm_page_buddy.h>

#define TOP_PAGES	(1UL << VM_PAGE_MAX_ORDER)

static unsigned long test_checks, test_failures;

#define CHECK(expr)							\
	test_check((expr), #expr, __FILE__, __LINE__)

static void
test_check(int ok, const char *expr, const char *file, int line)
{
	test_checks++;
	if (ok)
		return;
	test_failures++;
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
}

/* The kernel's assert() lands here on the host. */
void
assert_failed(const char *expr, const char *file, int line,
    const char *func)
{
	fprintf(stderr, "%s:%d: %s: assertion failed: %s\n", file, line,
	    func, expr);
	abort();
}

static struct vm_page test_pages[3 * TOP_PAGES];
static struct vm_page *test_taken[TOP_PAGES];

static void
test_setup(struct vm_page_buddy *buddy, unsigned long page_count)
{
	unsigned long i;

	memset(test_pages, 0, sizeof(test_pages));
	for (i = 0; i < page_count; i++)
		test_pages[i].phys_addr = (phys_addr_t)i << 12;
	vm_page_buddy_init(buddy, test_pages, page_count);
}

static unsigned long
test_index(const struct vm_page *m)
{
	return (unsigned long)(m - test_pages);
}

/* A new allocator has nothing to give. */
static void
test_empty_allocator_returns_null(void)
{
	struct vm_page_buddy buddy;
	unsigned int order;

	test_setup(&buddy, TOP_PAGES);
	CHECK(vm_page_buddy_free_count(&buddy) == 0);
	for (order = 0; order <= VM_PAGE_MAX_ORDER; order++)
		CHECK(vm_page_buddy_alloc(&buddy, order) == NULL);
	CHECK(vm_page_buddy_check(&buddy));
}

/* One page from a top block splits it into one block of each order. */
static void
test_alloc_splits_top_block_once_per_order(void)
{
	struct vm_page_buddy buddy;
	struct vm_page *m;
	unsigned int order;

	test_setup(&buddy, TOP_PAGES);
	vm_page_buddy_free_range(&buddy, 0, TOP_PAGES);
	CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] == 1);
	CHECK(vm_page_buddy_free_count(&buddy) == TOP_PAGES);

	m = vm_page_buddy_alloc(&buddy, 0);
	CHECK(m == &test_pages[0]);
	CHECK(!m->free);
	CHECK(vm_page_buddy_free_count(&buddy) == TOP_PAGES - 1);
	for (order = 0; order < VM_PAGE_MAX_ORDER; order++) {
		CHECK(buddy.free_blocks[order] == 1);
		/* The upper half of each split is what stays free. */
		CHECK(test_pages[1UL << order].free);
		CHECK(test_pages[1UL << order].order == order);
	}
	CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] == 0);
	CHECK(vm_page_buddy_check(&buddy));

	vm_page_buddy_free(&buddy, m, 0);
	CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] == 1);
	for (order = 0; order < VM_PAGE_MAX_ORDER; order++)
		CHECK(buddy.free_blocks[order] == 0);
	CHECK(vm_page_buddy_free_count(&buddy) == TOP_PAGES);
	CHECK(vm_page_buddy_check(&buddy));
}

/* Every page taken one by one, then NULL; all back merges to the top. */
static void
test_exhaustion_then_merge_back_to_top_order(void)
{
	struct vm_page_buddy buddy;
	unsigned long i, j;

	test_setup(&buddy, TOP_PAGES);
	vm_page_buddy_free_range(&buddy, 0, TOP_PAGES);
	for (i = 0; i < TOP_PAGES; i++) {
		test_taken[i] = vm_page_buddy_alloc(&buddy, 0);
		CHECK(test_taken[i] != NULL);
	}
	CHECK(vm_page_buddy_alloc(&buddy, 0) == NULL);
	CHECK(vm_page_buddy_free_count(&buddy) == 0);
	for (i = 0; i < TOP_PAGES; i++)
		for (j = i + 1; j < i + 4 && j < TOP_PAGES; j++)
			CHECK(test_taken[i] != test_taken[j]);
	CHECK(vm_page_buddy_check(&buddy));

	/* Free in a scattered order: 389 is odd, so this is a permutation. */
	for (i = 0; i < TOP_PAGES; i++)
		vm_page_buddy_free(&buddy,
		    test_taken[(i * 389) % TOP_PAGES], 0);
	CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] == 1);
	CHECK(vm_page_buddy_free_count(&buddy) == TOP_PAGES);
	CHECK(vm_page_buddy_check(&buddy));
}

/* Blocks of every order come back aligned on their size. */
static void
test_blocks_are_aligned_on_their_size(void)
{
	static const unsigned int orders[] = { 0, 3, 1, 5, 0, 2, 7, 4, 1, 6 };
	struct vm_page *m[sizeof(orders) / sizeof(orders[0])];
	struct vm_page_buddy buddy;
	unsigned long used = 0;
	unsigned int i;

	test_setup(&buddy, 2 * TOP_PAGES);
	vm_page_buddy_free_range(&buddy, 0, 2 * TOP_PAGES);
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		m[i] = vm_page_buddy_alloc(&buddy, orders[i]);
		CHECK(m[i] != NULL);
		CHECK((test_index(m[i]) & ((1UL << orders[i]) - 1)) == 0);
		used += 1UL << orders[i];
	}
	CHECK(vm_page_buddy_free_count(&buddy) == 2 * TOP_PAGES - used);
	CHECK(vm_page_buddy_check(&buddy));
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		vm_page_buddy_free(&buddy, m[i], orders[i]);
	CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] == 2);
	CHECK(vm_page_buddy_check(&buddy));
}

/* A request larger than every free block fails even with pages free. */
static void
test_fragmented_memory_refuses_large_block(void)
{
	struct vm_page_buddy buddy;
	unsigned long i;

	test_setup(&buddy, TOP_PAGES);
	vm_page_buddy_free_range(&buddy, 0, TOP_PAGES);
	for (i = 0; i < TOP_PAGES; i++)
		test_taken[i] = vm_page_buddy_alloc(&buddy, 0);
	/* Give back every other page: half free, nothing merges. */
	for (i = 0; i < TOP_PAGES; i += 2)
		vm_page_buddy_free(&buddy, test_taken[i], 0);
	CHECK(vm_page_buddy_free_count(&buddy) == TOP_PAGES / 2);
	CHECK(buddy.free_blocks[0] == TOP_PAGES / 2);
	CHECK(vm_page_buddy_alloc(&buddy, 1) == NULL);
	CHECK(vm_page_buddy_check(&buddy));
}

/* Ranges of any start and length; buddies past the end never merge. */
static void
test_odd_ranges_and_array_end(void)
{
	static const struct {
		unsigned long	page_count, first, length;
		unsigned long	top_blocks;
	} cases[] = {
		{ 5,			0,	5,		0 },
		{ TOP_PAGES + 5,	3,	TOP_PAGES,	0 },
		{ 3 * TOP_PAGES,	1,	3 * TOP_PAGES - 1, 2 },
		{ 3 * TOP_PAGES,	0,	3 * TOP_PAGES,	3 },
		{ 2 * TOP_PAGES + 1,	TOP_PAGES, TOP_PAGES + 1, 1 },
	};
	struct vm_page_buddy buddy;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		test_setup(&buddy, cases[i].page_count);
		vm_page_buddy_free_range(&buddy, cases[i].first,
		    cases[i].length);
		CHECK(vm_page_buddy_free_count(&buddy) == cases[i].length);
		CHECK(buddy.free_blocks[VM_PAGE_MAX_ORDER] ==
		    cases[i].top_blocks);
		CHECK(vm_page_buddy_check(&buddy));
	}

	/* 5 pages: a block of 4 and page 4, whose buddy 5 is outside. */
	test_setup(&buddy, 5);
	vm_page_buddy_free_range(&buddy, 0, 5);
	CHECK(buddy.free_blocks[2] == 1 && buddy.free_blocks[0] == 1);
	CHECK(test_pages[4].free && test_pages[4].order == 0);
	CHECK(vm_page_buddy_alloc(&buddy, 3) == NULL);
}

/* vm_page_buddy_check() notices a page marked free off every list. */
static void
test_check_detects_broken_invariant(void)
{
	struct vm_page_buddy buddy;
	struct vm_page *m;

	test_setup(&buddy, TOP_PAGES);
	vm_page_buddy_free_range(&buddy, 0, TOP_PAGES);
	m = vm_page_buddy_alloc(&buddy, 4);
	CHECK(vm_page_buddy_check(&buddy));
	m->free = true;			/* B1 broken */
	CHECK(!vm_page_buddy_check(&buddy));
	m->free = false;
	buddy.free_pages++;		/* B4 broken */
	CHECK(!vm_page_buddy_check(&buddy));
}

int
main(void)
{
	test_empty_allocator_returns_null();
	test_alloc_splits_top_block_once_per_order();
	test_exhaustion_then_merge_back_to_top_order();
	test_blocks_are_aligned_on_their_size();
	test_fragmented_memory_refuses_large_block();
	test_odd_ranges_and_array_end();
	test_check_detects_broken_invariant();
	printf("test_vm_page_buddy: checks=%lu failures=%lu\n", test_checks,
	    test_failures);
	return test_failures == 0 ? 0 : 1;
}

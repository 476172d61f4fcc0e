/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_page_buddy.h: the pure binary buddy core of the page allocator.
 *
 * Owns struct vm_page_buddy: free lists, one per order, over an array of
 * struct vm_page.  Blocks are 2^order pages aligned on their size in
 * array index; vm/vm_page.c makes index 0 physical frame 0, so blocks
 * are naturally aligned in physical memory too.
 *
 * No locks, no printf, no kernel globals: vm/vm_page.c calls it under
 * vm_page_lock, and tests/unit/test_vm_page_buddy.c calls it on the host
 * on an ordinary array.
 *
 * Invariants (design/04-memory.md):
 *   B1  a page has free set iff it heads a block on free_lists[order];
 *   B2  a free block of order o starts at an index that is a multiple of
 *       2^o and lies wholly inside the array;
 *   B3  two free buddies of order o < VM_PAGE_MAX_ORDER never coexist:
 *       vm_page_buddy_free() merges them;
 *   B4  free_pages is the sum of 2^order over all free blocks.
 */
#ifndef _VM_VM_PAGE_BUDDY_H_
#define _VM_VM_PAGE_BUDDY_H_

#include <stdbool.h>
#include <vm/vm_page.h>

struct vm_page_buddy {
	struct vm_page	*pages;		/* pages[0 .. page_count) */
	unsigned long	page_count;
	struct vm_page	*free_lists[VM_PAGE_ORDER_COUNT];
	unsigned long	free_blocks[VM_PAGE_ORDER_COUNT]; /* per order */
	unsigned long	free_pages;	/* B4 */
};

/* Start with every page of pages[0 .. page_count) allocated. */
void		vm_page_buddy_init(struct vm_page_buddy *buddy,
		    struct vm_page *pages, unsigned long page_count);

/* Take a block of 2^order pages; NULL when no block is large enough. */
struct vm_page	*vm_page_buddy_alloc(struct vm_page_buddy *buddy,
		    unsigned int order);

/* Give back a block taken with the same order, merging with its buddy. */
void		vm_page_buddy_free(struct vm_page_buddy *buddy,
		    struct vm_page *m, unsigned int order);

/* Give back pages[first_index .. first_index + page_count), any shape. */
void		vm_page_buddy_free_range(struct vm_page_buddy *buddy,
		    unsigned long first_index, unsigned long page_count);

unsigned long	vm_page_buddy_free_count(const struct vm_page_buddy *buddy);

/* Walk every free list and check B1-B4; false at the first violation. */
bool		vm_page_buddy_check(const struct vm_page_buddy *buddy);

#endif /* _VM_VM_PAGE_BUDDY_H_ */

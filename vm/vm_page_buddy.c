/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_page_buddy.c: the pure binary buddy core of the page allocator.
 *
 * Owns the free lists of a struct vm_page_buddy and the split and merge
 * steps.  A block of order o at index i has its buddy at index
 * i ^ 2^o; allocation takes the smallest free block that is large
 * enough and splits it, keeping the lower half and freeing the upper
 * halves; freeing merges with the buddy as long as the buddy is a free
 * block of the same order.  Invariants B1-B4 are listed in
 * vm/vm_page_buddy.h.
 *
 * Locking: none here.  The caller serializes (vm/vm_page.c holds
 * vm_page_lock, a leaf lock, around every call).
 */
#include <stddef.h>
#include <kern/assert.h>
#include <vm/vm_page_buddy.h>

/*
 * vm_page_buddy_list_insert: put the head of a free block on its list.
 * Locks: caller serializes.
 */
static void
vm_page_buddy_list_insert(struct vm_page_buddy *buddy, struct vm_page *m,
    unsigned int order)
{
	struct vm_page *head = buddy->free_lists[order];

	m->free = true;
	m->order = (uint8_t)order;
	m->free_prev = NULL;
	m->free_next = head;
	if (head != NULL)
		head->free_prev = m;
	buddy->free_lists[order] = m;
	buddy->free_blocks[order]++;
}

/*
 * vm_page_buddy_list_remove: take the head of a free block off its list.
 * Locks: caller serializes.
 */
static void
vm_page_buddy_list_remove(struct vm_page_buddy *buddy, struct vm_page *m)
{
	unsigned int order = m->order;

	assert(m->free);
	if (m->free_prev != NULL)
		m->free_prev->free_next = m->free_next;
	else
		buddy->free_lists[order] = m->free_next;
	if (m->free_next != NULL)
		m->free_next->free_prev = m->free_prev;
	m->free_next = NULL;
	m->free_prev = NULL;
	m->free = false;
	assert(buddy->free_blocks[order] > 0);
	buddy->free_blocks[order]--;
}

/*
 * vm_page_buddy_init: attach the free lists to an array, all allocated.
 * Locks: none (nobody else sees buddy yet).
 */
void
vm_page_buddy_init(struct vm_page_buddy *buddy, struct vm_page *pages,
    unsigned long page_count)
{
	unsigned long i;
	unsigned int order;

	buddy->pages = pages;
	buddy->page_count = page_count;
	buddy->free_pages = 0;
	for (order = 0; order < VM_PAGE_ORDER_COUNT; order++) {
		buddy->free_lists[order] = NULL;
		buddy->free_blocks[order] = 0;
	}
	for (i = 0; i < page_count; i++) {
		pages[i].free = false;
		pages[i].order = 0;
		pages[i].free_next = NULL;
		pages[i].free_prev = NULL;
	}
}

/*
 * vm_page_buddy_alloc: take 2^order pages, splitting a larger block.
 * Locks: caller serializes.
 * Returns: the first page of the block, or NULL if no free block of
 * order or more exists.
 */
struct vm_page *
vm_page_buddy_alloc(struct vm_page_buddy *buddy, unsigned int order)
{
	struct vm_page *m;
	unsigned int found;

	assert(order <= VM_PAGE_MAX_ORDER);
	for (found = order; found <= VM_PAGE_MAX_ORDER; found++)
		if (buddy->free_lists[found] != NULL)
			break;
	if (found > VM_PAGE_MAX_ORDER)
		return NULL;

	m = buddy->free_lists[found];
	vm_page_buddy_list_remove(buddy, m);
	while (found > order) {
		found--;
		/* Keep the lower half, free the upper one (B2 holds). */
		vm_page_buddy_list_insert(buddy, m + (1UL << found), found);
	}
	buddy->free_pages -= 1UL << order;
	return m;
}

/*
 * vm_page_buddy_free: give a block back and merge it upwards.
 * Locks: caller serializes.
 */
void
vm_page_buddy_free(struct vm_page_buddy *buddy, struct vm_page *m,
    unsigned int order)
{
	unsigned long index, buddy_index;
	struct vm_page *other;

	assert(order <= VM_PAGE_MAX_ORDER);
	assert(m >= buddy->pages);
	index = (unsigned long)(m - buddy->pages);
	assert(index + (1UL << order) <= buddy->page_count);
	assert((index & ((1UL << order) - 1)) == 0);
	assert(!m->free);

	buddy->free_pages += 1UL << order;
	while (order < VM_PAGE_MAX_ORDER) {
		buddy_index = index ^ (1UL << order);
		if (buddy_index >= buddy->page_count)
			break;
		other = &buddy->pages[buddy_index];
		if (!other->free || other->order != order)
			break;
		vm_page_buddy_list_remove(buddy, other);
		index &= ~(1UL << order);
		order++;
	}
	vm_page_buddy_list_insert(buddy, &buddy->pages[index], order);
}

/*
 * vm_page_buddy_free_range: give back a run of pages of any length and
 * alignment, as the largest aligned blocks that fit.
 * Locks: caller serializes.
 */
void
vm_page_buddy_free_range(struct vm_page_buddy *buddy,
    unsigned long first_index, unsigned long page_count)
{
	unsigned long index = first_index;
	unsigned long left = page_count;
	unsigned int order;

	assert(first_index + page_count <= buddy->page_count);
	while (left > 0) {
		order = VM_PAGE_MAX_ORDER;
		while ((index & ((1UL << order) - 1)) != 0 ||
		    (1UL << order) > left)
			order--;
		vm_page_buddy_free(buddy, &buddy->pages[index], order);
		index += 1UL << order;
		left -= 1UL << order;
	}
}

/*
 * vm_page_buddy_free_count: pages on the free lists.
 * Locks: caller serializes.
 */
unsigned long
vm_page_buddy_free_count(const struct vm_page_buddy *buddy)
{
	return buddy->free_pages;
}

/*
 * vm_page_buddy_check_list: check one free list against B1, B2, B3.
 * Locks: caller serializes.
 * Returns: false at the first violation; adds its pages to *pages.
 */
static bool
vm_page_buddy_check_list(const struct vm_page_buddy *buddy,
    unsigned int order, unsigned long *pages)
{
	const struct vm_page *m, *prev = NULL, *other;
	unsigned long index, blocks = 0;

	for (m = buddy->free_lists[order]; m != NULL; m = m->free_next) {
		index = (unsigned long)(m - buddy->pages);
		if (index >= buddy->page_count || !m->free ||
		    m->order != order || m->free_prev != prev)
			return false;
		if ((index & ((1UL << order) - 1)) != 0 ||
		    index + (1UL << order) > buddy->page_count)
			return false;
		if (order < VM_PAGE_MAX_ORDER &&
		    (index ^ (1UL << order)) < buddy->page_count) {
			other = &buddy->pages[index ^ (1UL << order)];
			if (other->free && other->order == order)
				return false;
		}
		*pages += 1UL << order;
		blocks++;
		prev = m;
	}
	return blocks == buddy->free_blocks[order];
}

/*
 * vm_page_buddy_check: check B1-B4 over the whole array.  O(pages).
 * Locks: caller serializes.
 * Returns: true when every invariant holds.
 */
bool
vm_page_buddy_check(const struct vm_page_buddy *buddy)
{
	unsigned long pages = 0, heads = 0, blocks = 0, i;
	unsigned int order;

	for (order = 0; order < VM_PAGE_ORDER_COUNT; order++) {
		if (!vm_page_buddy_check_list(buddy, order, &pages))
			return false;
		blocks += buddy->free_blocks[order];
	}
	for (i = 0; i < buddy->page_count; i++)
		if (buddy->pages[i].free)
			heads++;
	return heads == blocks && pages == buddy->free_pages;
}

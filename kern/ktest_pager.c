/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest_pager.c: self-tests of the kernel's side of paging that
 * need no pager task: an external object made by hand (no pager port,
 * pager_ready) stands for a pager's object, and the test plays the
 * pager's answers and the pageout daemon's evictions itself, at the
 * exact moments a pager in user space cannot be made to hit.
 *
 *   ktest=pager_supply  memory_object_data_supply moves the copy's page
 *                       into the object when X2 allows it (vm/vm_map.c,
 *                       vm_map_copy_page_take) and copies the bytes
 *                       otherwise: a page-aligned copy (moved, also in
 *                       place of a placeholder), an unaligned one and one
 *                       whose source page was never touched (copied), a
 *                       page already resident (neither).  Counters exact,
 *                       bytes checked, pages and objects all given back.
 *
 *   ktest=pager_copyin  C1 (vm/vm_map.c): a copy of an external
 *                       object's range, mapped shared and under a copy
 *                       mapping's shadow, is made while every page is
 *                       resident; then a page is evicted between that
 *                       and the next copy (the window the pageout daemon
 *                       could hit between a prefault and a copyin), made
 *                       a busy placeholder, put in error, read-locked:
 *                       every vm_map_copyin, page or kernel buffer,
 *                       answers KERN_ABORTED and changes nothing; once
 *                       the page is supplied again the copy has its
 *                       bytes.  vm_map_copyin_resident refaults once and
 *                       returns the fault's KERN_MEMORY_ERROR for a dead
 *                       pager's missing page.
 *
 * Key=value lines are read by tests/harness/test_vm_pager_kernel.py.
 * Runs on the bootstrap thread; the scratch maps are never activated.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/debug.h>
#include <kern/ktest.h>
#include <kern/mig/mach_server.h>
#include <kern/string.h>
#include <mach/vm_param.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_stats.h>
#include <vm/vm_user.h>
#include <x86_64/copyio.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

#define KTEST_PAGER_PAGES	8	/* of the hand-made object */

static char ktest_pager_why[160];

#define CHECK(cond)	KTEST_CHECK(ktest_pager_why, cond)
#define TRY(call)	KTEST_TRY(call)

/* The byte at offset i of a source region filled with seed. */
static unsigned char
ktest_pager_pattern(unsigned int seed, vm_size_t i)
{
	return (unsigned char)(i * 7 + seed * 13 + (i >> 12) * 3 + 1);
}

/*
 * An external object of KTEST_PAGER_PAGES pages without a pager: what
 * vm_object_enter makes for a pager's port, ready, minus the port (its
 * last reference then frees it like an internal one).
 */
static vm_object_t
ktest_pager_object_create(void)
{
	vm_object_t object = vm_object_allocate(KTEST_PAGER_PAGES * PAGE_SIZE);

	if (object == VM_OBJECT_NULL)
		return VM_OBJECT_NULL;
	object->internal = false;	/* nobody else sees it yet */
	object->pager_ready = true;
	object->shared = true;		/* as vm_object_enter marks it */
	return object;
}

/* Writes len bytes of seed's pattern at addr of map. */
static const char *
ktest_pager_fill(vm_map_t map, vm_offset_t addr, vm_size_t len,
    unsigned int seed)
{
	static unsigned char buf[4 * PAGE_SIZE];

	CHECK(len <= sizeof(buf));
	for (vm_size_t i = 0; i < len; i++)
		buf[i] = ktest_pager_pattern(seed, i);
	CHECK(copyout(map, buf, addr, len));
	return NULL;
}

/*
 * The page at offset of object is resident, not busy or absent, and
 * holds seed's pattern from byte skip of its source (seed 0: zeroes).
 */
static const char *
ktest_pager_page_holds(vm_object_t object, vm_offset_t offset,
    unsigned int seed, vm_size_t skip)
{
	const unsigned char *data;
	struct vm_page *m;
	bool ok = true;

	simple_lock(&object->lock);
	m = vm_page_lookup(object, offset);
	if (m != NULL && !m->busy && !m->absent) {
		data = (const unsigned char *)phystokv(vm_page_to_pa(m));
		for (vm_size_t i = 0; i < PAGE_SIZE && ok; i++)
			ok = data[i] == (seed == 0 ? 0 :
			    ktest_pager_pattern(seed, i + skip));
	}
	simple_unlock(&object->lock);
	CHECK(m != NULL);
	if (!ok) {
		snprintf(ktest_pager_why, sizeof(ktest_pager_why),
		    "page 0x%lx of the object: wrong bytes",
		    (unsigned long)offset);
		return ktest_pager_why;
	}
	return NULL;
}

/* A pager's answer: data_supply of copy at offset (takes a reference). */
static void
ktest_pager_answer(vm_object_t object, vm_offset_t offset,
    vm_map_copy_t copy, vm_size_t len)
{
	vm_object_reference(object);	/* the port's, dropped by the call */
	(void)memory_object_data_supply(object, offset, (vm_offset_t)copy,
	    len, VM_PROT_NONE, FALSE, IP_NULL, 0);
}

/* What the fault does for an absent page: a busy+absent placeholder. */
static struct vm_page *
ktest_pager_placeholder(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *m = vm_page_grab();

	if (m == NULL)
		return NULL;
	simple_lock(&object->lock);
	vm_page_insert(m, object, offset);
	m->busy = 1;
	m->absent = 1;
	object->absent_count++;
	object->paging_in_progress++;
	simple_unlock(&object->lock);
	return m;
}

/* The supply cases on one object; moved and copied counted by the caller. */
static const char *
ktest_pager_supply_cases(vm_map_t map, vm_object_t object, bool report)
{
	vm_offset_t addr = 0, untouched = 0, moved = 0;
	vm_map_copy_t copy;
	struct vm_page *placeholder;

	CHECK(vm_allocate(map, &addr, 2 * PAGE_SIZE, TRUE) == KERN_SUCCESS);
	CHECK(vm_allocate(map, &untouched, PAGE_SIZE, TRUE) == KERN_SUCCESS);
	CHECK(vm_allocate(map, &moved, 2 * PAGE_SIZE, TRUE) == KERN_SUCCESS);
	TRY(ktest_pager_fill(map, addr, 2 * PAGE_SIZE, 1));
	TRY(ktest_pager_fill(map, moved, 2 * PAGE_SIZE, 1));

	/* Two aligned pages sent with deallocate, unrequested: both moved. */
	CHECK(vm_map_copyin(map, moved, 2 * PAGE_SIZE, TRUE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 0, copy, 2 * PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 0, 1, 0));
	TRY(ktest_pager_page_holds(object, PAGE_SIZE, 1, PAGE_SIZE));

	/*
	 * Two aligned pages the sender keeps: the copy shares its object
	 * copy-on-write (N5 of vm/vm_map.c), so both are copied, and the
	 * sender's write between its send and the answer is not the copy's.
	 */
	CHECK(vm_map_copyin(map, addr, 2 * PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	TRY(ktest_pager_fill(map, addr + PAGE_SIZE, PAGE_SIZE, 2));
	ktest_pager_answer(object, 5 * PAGE_SIZE, copy, 2 * PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 5 * PAGE_SIZE, 1, 0));
	TRY(ktest_pager_page_holds(object, 6 * PAGE_SIZE, 1, PAGE_SIZE));
	TRY(ktest_pager_fill(map, addr, 2 * PAGE_SIZE, 1));	/* again */

	/* Data 100 bytes into its page: copied. */
	CHECK(vm_map_copyin(map, addr + 100, PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 2 * PAGE_SIZE, copy, PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 2 * PAGE_SIZE, 1, 100));

	/* A source page never touched: the copy has none, zeroes copied. */
	CHECK(vm_map_copyin(map, untouched, PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 3 * PAGE_SIZE, copy, PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 3 * PAGE_SIZE, 0, 0));

	/* A placeholder a fault waits on: the copy's page takes its place. */
	placeholder = ktest_pager_placeholder(object, 4 * PAGE_SIZE);
	CHECK(placeholder != NULL);
	CHECK(vm_map_copyin(map, addr, PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 4 * PAGE_SIZE, copy, PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 4 * PAGE_SIZE, 1, 0));
	simple_lock(&object->lock);
	CHECK(object->absent_count == 0 && object->paging_in_progress == 0);
	simple_unlock(&object->lock);

	/* Page 0 is resident already: the kernel's copy stays. */
	CHECK(vm_map_copyin(map, addr + PAGE_SIZE, PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 0, copy, PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 0, 1, 0));

	CHECK(vm_deallocate(map, addr, 2 * PAGE_SIZE) == KERN_SUCCESS);
	CHECK(vm_deallocate(map, untouched, PAGE_SIZE) == KERN_SUCCESS);
	if (report)
		printf("supply_object_pages=%lu\n",
		    object->resident_page_count);
	return NULL;
}

static const char *
ktest_pager_supply_run(bool report)
{
	struct vm_counters before, after;
	vm_object_t object;
	vm_map_t map;

	map = ktest_map_create();
	object = ktest_pager_object_create();
	CHECK(map != VM_MAP_NULL && object != VM_OBJECT_NULL);
	vm_counters_read(&before);
	TRY(ktest_pager_supply_cases(map, object, report));
	vm_counters_read(&after);
	vm_object_deallocate(object);
	vm_map_deallocate(map);
	if (report)
		printf("supply_pages_moved=%lu\nsupply_pages_copied=%lu\n"
		    "supply_pages_supplied=%lu\nsupply_data_supplies=%lu\n",
		    (unsigned long)(after.pages_supply_moved -
		    before.pages_supply_moved),
		    (unsigned long)(after.pages_supply_copied -
		    before.pages_supply_copied),
		    (unsigned long)(after.pages_supplied -
		    before.pages_supplied),
		    (unsigned long)(after.data_supplies -
		    before.data_supplies));
	CHECK(after.pages_supply_moved - before.pages_supply_moved == 3);
	CHECK(after.pages_supply_copied - before.pages_supply_copied == 4);
	return NULL;
}

/* The object's page at offset: gone, as the pageout daemon frees it. */
static void
ktest_pager_evict(vm_object_t object, vm_offset_t offset)
{
	struct vm_page *m;

	simple_lock(&object->lock);
	m = vm_page_lookup(object, offset);
	if (m != NULL) {
		pmap_page_protect(vm_page_to_pa(m), VM_PROT_NONE);
		vm_page_free(m);
	}
	simple_unlock(&object->lock);
}

/* Supplies page `page` of the object from region src (seed 1). */
static const char *
ktest_pager_resupply(vm_map_t map, vm_offset_t src, vm_object_t object,
    unsigned int page)
{
	vm_map_copy_t copy;

	CHECK(vm_map_copyin(map, src + page * PAGE_SIZE, PAGE_SIZE, FALSE,
	    &copy) == KERN_SUCCESS);
	ktest_pager_answer(object, page * PAGE_SIZE, copy, PAGE_SIZE);
	return NULL;
}

/*
 * Copies [addr, +4 pages) of map and 100 bytes of its page 2: both
 * answer want; a successful copy holds seed 1's pattern.  Nothing
 * changes on KERN_ABORTED: no copy left behind, the range still mapped.
 */
static const char *
ktest_pager_copy_expect(vm_map_t map, vm_offset_t addr, kern_return_t want)
{
	static unsigned char back[4 * PAGE_SIZE];
	uint64_t copies = vm_counters.copies_current;
	vm_map_copy_t copy = VM_MAP_COPY_NULL, small = VM_MAP_COPY_NULL;
	vm_size_t i;

	CHECK(vm_map_copyin(map, addr, 4 * PAGE_SIZE, FALSE, &copy) == want);
	CHECK(vm_map_copyin(map, addr + 2 * PAGE_SIZE + 8, 100, FALSE,
	    &small) == want);
	if (want != KERN_SUCCESS) {
		CHECK(vm_counters.copies_current == copies);
		return NULL;
	}
	CHECK(vm_map_copy_read(copy, back, sizeof(back)) == KERN_SUCCESS);
	for (i = 0; i < sizeof(back); i++)
		CHECK(back[i] == ktest_pager_pattern(1, i));
	CHECK(vm_map_copy_read(small, back, 100) == KERN_SUCCESS);
	for (i = 0; i < 100; i++)
		CHECK(back[i] == ktest_pager_pattern(1, 2 * PAGE_SIZE + 8 + i));
	vm_map_copy_discard(copy);
	vm_map_copy_discard(small);
	return NULL;
}

/* The window cases on page 2 of object, seen through map at addr. */
static const char *
ktest_pager_copyin_window(vm_map_t map, vm_offset_t addr, vm_offset_t src,
    vm_object_t object)
{
	struct vm_page *m;

	TRY(ktest_pager_copy_expect(map, addr, KERN_SUCCESS));
	/* Evicted between the prefault and the copy. */
	ktest_pager_evict(object, 2 * PAGE_SIZE);
	TRY(ktest_pager_copy_expect(map, addr, KERN_ABORTED));
	/* Asked for again: a placeholder whose bytes are not the data. */
	CHECK(ktest_pager_placeholder(object, 2 * PAGE_SIZE) != NULL);
	TRY(ktest_pager_copy_expect(map, addr, KERN_ABORTED));
	/* The pager answers it, but with an error. */
	simple_lock(&object->lock);
	m = vm_page_lookup(object, 2 * PAGE_SIZE);
	m->busy = m->absent = 0;
	m->error = 1;
	object->absent_count--;
	object->paging_in_progress--;
	simple_unlock(&object->lock);
	TRY(ktest_pager_copy_expect(map, addr, KERN_ABORTED));
	ktest_pager_evict(object, 2 * PAGE_SIZE);
	/* Supplied again, but locked against reading. */
	TRY(ktest_pager_resupply(map, src, object, 2));
	simple_lock(&object->lock);
	vm_page_lookup(object, 2 * PAGE_SIZE)->page_lock = VM_PROT_READ;
	simple_unlock(&object->lock);
	TRY(ktest_pager_copy_expect(map, addr, KERN_ABORTED));
	/* Unlocked: the copy has the pager's bytes. */
	simple_lock(&object->lock);
	vm_page_lookup(object, 2 * PAGE_SIZE)->page_lock = VM_PROT_NONE;
	simple_unlock(&object->lock);
	return ktest_pager_copy_expect(map, addr, KERN_SUCCESS);
}

/* Maps object (a reference of the caller's) at *addr, 4 pages, read. */
static const char *
ktest_pager_map_object(vm_map_t map, vm_object_t object, vm_offset_t *addr)
{
	*addr = 0;
	CHECK(vm_map_enter(map, addr, 4 * PAGE_SIZE, 0, TRUE, object, 0,
	    FALSE, VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_COPY) ==
	    KERN_SUCCESS);
	return NULL;
}

static const char *
ktest_pager_copyin_run(bool report)
{
	struct vm_counters before, after;
	vm_offset_t src = 0, shared, copied;
	vm_object_t object, shadow;
	vm_map_copy_t copy;
	vm_map_t map;

	map = ktest_map_create();
	object = ktest_pager_object_create();
	CHECK(map != VM_MAP_NULL && object != VM_OBJECT_NULL);
	CHECK(vm_allocate(map, &src, 4 * PAGE_SIZE, TRUE) == KERN_SUCCESS);
	TRY(ktest_pager_fill(map, src, 4 * PAGE_SIZE, 1));
	CHECK(vm_map_copyin(map, src, 4 * PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 0, copy, 4 * PAGE_SIZE);
	vm_counters_read(&before);

	vm_object_reference(object);
	TRY(ktest_pager_map_object(map, object, &shared));
	TRY(ktest_pager_copyin_window(map, shared, src, object));
	vm_object_reference(object);
	shadow = vm_object_shadow_create(object, 0, 4 * PAGE_SIZE);
	CHECK(shadow != VM_OBJECT_NULL);
	TRY(ktest_pager_map_object(map, shadow, &copied));
	TRY(ktest_pager_copyin_window(map, copied, src, object));

	/* All resident: no refault.  A dead pager's missing page: one. */
	CHECK(vm_map_copyin_resident(map, shared, 4 * PAGE_SIZE, FALSE,
	    &copy) == KERN_SUCCESS);
	vm_map_copy_discard(copy);
	ktest_pager_evict(object, 2 * PAGE_SIZE);
	object->pager_dead = true;
	CHECK(vm_map_copyin_resident(map, shared, 4 * PAGE_SIZE, FALSE,
	    &copy) == KERN_MEMORY_ERROR);
	vm_counters_read(&after);

	if (report)
		printf("copyin_refaults=%lu\n", (unsigned long)
		    (after.copyin_refaults - before.copyin_refaults));
	CHECK(after.copyin_refaults - before.copyin_refaults == 1);
	vm_object_deallocate(object);
	vm_map_deallocate(map);
	return NULL;
}

/*
 * Runs body twice: the first run warms the caches, the second must give
 * back every page and object it took.
 */
static const char *
ktest_pager_balanced(const char *(*body)(bool report))
{
	unsigned long free_before, objects_before;

	TRY(body(false));
	free_before = vm_page_free_count();
	objects_before = vm_object_count();
	TRY(body(true));
	printf("free_pages_before=%lu\nfree_pages_after=%lu\n"
	    "objects_before=%lu\nobjects_after=%lu\n", free_before,
	    vm_page_free_count(), objects_before, vm_object_count());
	CHECK(vm_page_free_count() == free_before);
	CHECK(vm_object_count() == objects_before);
	return NULL;
}

static const char *
ktest_pager_supply(void)
{
	return ktest_pager_balanced(ktest_pager_supply_run);
}

KTEST("pager_supply", ktest_pager_supply);

static const char *
ktest_pager_copyin(void)
{
	return ktest_pager_balanced(ktest_pager_copyin_run);
}

KTEST("pager_copyin", ktest_pager_copyin);

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
	static unsigned char buf[2 * PAGE_SIZE];

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
	vm_offset_t addr = 0, untouched = 0;
	vm_map_copy_t copy;
	struct vm_page *placeholder;

	CHECK(vm_allocate(map, &addr, 2 * PAGE_SIZE, TRUE) == KERN_SUCCESS);
	CHECK(vm_allocate(map, &untouched, PAGE_SIZE, TRUE) == KERN_SUCCESS);
	TRY(ktest_pager_fill(map, addr, 2 * PAGE_SIZE, 1));

	/* Two aligned pages, unrequested: both moved. */
	CHECK(vm_map_copyin(map, addr, 2 * PAGE_SIZE, FALSE, &copy) ==
	    KERN_SUCCESS);
	ktest_pager_answer(object, 0, copy, 2 * PAGE_SIZE);
	TRY(ktest_pager_page_holds(object, 0, 1, 0));
	TRY(ktest_pager_page_holds(object, PAGE_SIZE, 1, PAGE_SIZE));

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
	CHECK(after.pages_supply_copied - before.pages_supply_copied == 2);
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

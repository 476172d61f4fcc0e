/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest_pmap.c: self-test of the pmap's reverse mappings and
 * reference/modify bits (x86_64/pmap.c, design/05-fault.md "Reverse
 * mappings").
 *
 *   ktest=pmap   two scratch pmaps map one page at different addresses
 *                (different PML4 slots).  A write through one, made by
 *                the CPU with that pmap loaded, sets the modify bit; a
 *                read through the other sets only the reference bit.
 *                pmap_page_protect(READ) leaves both mappings read-only
 *                (the modify bit survives, PV2), NONE removes both;
 *                pmap_protect keeps the modify bit; pmap_enter over
 *                another page moves the pv entry; pmap_destroy of pmaps
 *                still mapping the page empties its pv list; a freed
 *                page forgets its bits (PV3).  Twice: the first run warms
 *                the caches, the second must give back every page and
 *                every pv entry.
 *
 * Key=value lines are read by tests/harness/test_pmap.py.  Runs on the
 * bootstrap thread (a kernel thread: kernel_pmap is its pmap); nothing
 * here blocks.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/debug.h>
#include <kern/ktest.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <mach/kern_return.h>
#include <mach/vm_param.h>
#include <vm/vm_page.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

/* Two user addresses in different PML4 slots (0 and 254). */
#define KTEST_PMAP_VA_A		((vm_offset_t)0x10000000)
#define KTEST_PMAP_VA_B		((vm_offset_t)0x7f0000345000)
#define KTEST_PMAP_MAGIC	0x636c75737465726dULL	/* "clusterm" */

static char ktest_pmap_why[160];

#define CHECK(cond)	KTEST_CHECK(ktest_pmap_why, cond)

#define TRY(call)	KTEST_TRY(call)

/* The scratch pmaps and pages of one run. */
struct ktest_pmap_run {
	pmap_t		pmap_a, pmap_b;
	struct vm_page	*page, *other;
	phys_addr_t	pa, other_pa;
	bool		report;		/* print the key=value lines */
};

/*
 * Reads, or writes value to, the word at va through pmap's own page
 * tables, so that the CPU sets the PTE's A (and D) bits.  Interrupts
 * stay off meanwhile: no switch may load another %cr3 under us.
 */
static uint64_t
ktest_pmap_touch(pmap_t pmap, vm_offset_t va, bool write, uint64_t value)
{
	spl_t s = splhigh();

	pmap_activate(pmap);
	if (write)
		*(volatile uint64_t *)va = value;
	else
		value = *(volatile uint64_t *)va;
	pmap_activate(kernel_pmap);
	splx(s);
	return value;
}

static uint64_t
ktest_pmap_pv_entries(void)
{
	struct pmap_stats stats;

	pmap_stats_read(&stats);
	return stats.pv_entries_current;
}

static bool
ktest_pmap_writable(pmap_t pmap, vm_offset_t va)
{
	phys_addr_t pa;

	return pmap_extract_access(pmap, va, VM_PROT_WRITE, &pa);
}

static bool
ktest_pmap_mapped(pmap_t pmap, vm_offset_t va, phys_addr_t want)
{
	phys_addr_t pa;

	return pmap_extract(pmap, va, &pa) && pa == want;
}

/* Both map the page; bits follow the CPU's accesses. */
static const char *
ktest_pmap_bits(struct ktest_pmap_run *r, uint64_t pv_before)
{
	bool modified, referenced;

	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A, r->pa,
	    VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);
	CHECK(pmap_enter(r->pmap_b, KTEST_PMAP_VA_B, r->pa,
	    VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);
	/* The same page again at the same place: no second entry. */
	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A, r->pa,
	    VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);
	CHECK(pmap_page_mapping_count(r->pa) == 2);
	CHECK(ktest_pmap_pv_entries() == pv_before + 2);
	CHECK(r->pmap_a->resident_pages == 1 && r->pmap_b->resident_pages == 1);

	pmap_clear_modify(r->pa);
	pmap_clear_reference(r->pa);
	CHECK(!pmap_is_modified(r->pa) && !pmap_is_referenced(r->pa));
	(void)ktest_pmap_touch(r->pmap_b, KTEST_PMAP_VA_B, false, 0);
	referenced = pmap_is_referenced(r->pa);
	modified = pmap_is_modified(r->pa);
	if (r->report)
		printf("mappings_after_enter=%u\nreferenced_after_read=%d\n"
		    "modified_after_read=%d\n",
		    pmap_page_mapping_count(r->pa), referenced, modified);
	CHECK(referenced && !modified);

	(void)ktest_pmap_touch(r->pmap_a, KTEST_PMAP_VA_A, true,
	    KTEST_PMAP_MAGIC);
	modified = pmap_is_modified(r->pa);
	if (r->report)
		printf("modified_after_write=%d\n", modified);
	CHECK(modified);
	CHECK(*(volatile uint64_t *)phystokv(r->pa) == KTEST_PMAP_MAGIC);
	CHECK(ktest_pmap_touch(r->pmap_b, KTEST_PMAP_VA_B, false, 0) ==
	    KTEST_PMAP_MAGIC);
	return NULL;
}

/* pmap_page_protect(READ), then NONE, over both mappings. */
static const char *
ktest_pmap_page_protect(struct ktest_pmap_run *r, uint64_t pv_before)
{
	bool writable_a, writable_b, readable_a, readable_b, modified;

	pmap_page_protect(r->pa, VM_PROT_READ);
	writable_a = ktest_pmap_writable(r->pmap_a, KTEST_PMAP_VA_A);
	writable_b = ktest_pmap_writable(r->pmap_b, KTEST_PMAP_VA_B);
	readable_a = ktest_pmap_mapped(r->pmap_a, KTEST_PMAP_VA_A, r->pa);
	readable_b = ktest_pmap_mapped(r->pmap_b, KTEST_PMAP_VA_B, r->pa);
	modified = pmap_is_modified(r->pa);
	if (r->report)
		printf("writable_a_after_protect_read=%d\n"
		    "writable_b_after_protect_read=%d\n"
		    "readable_a_after_protect_read=%d\n"
		    "readable_b_after_protect_read=%d\n"
		    "modified_after_protect_read=%d\n",
		    writable_a, writable_b, readable_a, readable_b, modified);
	CHECK(!writable_a && !writable_b && readable_a && readable_b);
	CHECK(modified);		/* PV2: the D bit went to the page */
	CHECK(pmap_page_mapping_count(r->pa) == 2);
	pmap_clear_modify(r->pa);
	CHECK(!pmap_is_modified(r->pa));

	pmap_page_protect(r->pa, VM_PROT_NONE);
	readable_a = ktest_pmap_mapped(r->pmap_a, KTEST_PMAP_VA_A, r->pa);
	readable_b = ktest_pmap_mapped(r->pmap_b, KTEST_PMAP_VA_B, r->pa);
	if (r->report)
		printf("mapped_a_after_protect_none=%d\n"
		    "mapped_b_after_protect_none=%d\n"
		    "mappings_after_protect_none=%u\n"
		    "pv_entries_after_protect_none=%lu\n",
		    readable_a, readable_b, pmap_page_mapping_count(r->pa),
		    (unsigned long)(ktest_pmap_pv_entries() - pv_before));
	CHECK(!readable_a && !readable_b);
	CHECK(pmap_page_mapping_count(r->pa) == 0);
	CHECK(ktest_pmap_pv_entries() == pv_before);
	CHECK(r->pmap_a->resident_pages == 0 && r->pmap_b->resident_pages == 0);
	return NULL;
}

/* pmap_protect keeps D; pmap_enter over another page moves the entry. */
static const char *
ktest_pmap_range_calls(struct ktest_pmap_run *r, uint64_t pv_before)
{
	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A, r->pa,
	    VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);
	(void)ktest_pmap_touch(r->pmap_a, KTEST_PMAP_VA_A, true, 1);
	pmap_protect(r->pmap_a, KTEST_PMAP_VA_A, KTEST_PMAP_VA_A + PAGE_SIZE,
	    VM_PROT_READ);
	CHECK(!ktest_pmap_writable(r->pmap_a, KTEST_PMAP_VA_A));
	CHECK(pmap_is_modified(r->pa));
	/* Never adds a right: only a fault makes a PTE writable again. */
	pmap_protect(r->pmap_a, KTEST_PMAP_VA_A, KTEST_PMAP_VA_A + PAGE_SIZE,
	    VM_PROT_READ | VM_PROT_WRITE);
	CHECK(!ktest_pmap_writable(r->pmap_a, KTEST_PMAP_VA_A));

	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A, r->other_pa,
	    VM_PROT_READ) == KERN_SUCCESS);
	if (r->report)
		printf("mappings_after_replace=%u\nother_mappings_after_replace"
		    "=%u\n", pmap_page_mapping_count(r->pa),
		    pmap_page_mapping_count(r->other_pa));
	CHECK(pmap_page_mapping_count(r->pa) == 0);
	CHECK(pmap_page_mapping_count(r->other_pa) == 1);
	CHECK(ktest_pmap_pv_entries() == pv_before + 1);
	pmap_remove(r->pmap_a, KTEST_PMAP_VA_A, KTEST_PMAP_VA_A + PAGE_SIZE);
	CHECK(pmap_page_mapping_count(r->other_pa) == 0);
	CHECK(ktest_pmap_pv_entries() == pv_before);
	return NULL;
}

/* pmap_destroy with the page still mapped in both. */
static const char *
ktest_pmap_destroy(struct ktest_pmap_run *r, uint64_t pv_before)
{
	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A, r->pa,
	    VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);
	CHECK(pmap_enter(r->pmap_a, KTEST_PMAP_VA_A + PAGE_SIZE, r->other_pa,
	    VM_PROT_READ) == KERN_SUCCESS);
	CHECK(pmap_enter(r->pmap_b, KTEST_PMAP_VA_B, r->pa,
	    VM_PROT_READ) == KERN_SUCCESS);
	CHECK(pmap_page_mapping_count(r->pa) == 2);
	CHECK(ktest_pmap_pv_entries() == pv_before + 3);
	pmap_destroy(r->pmap_a);
	CHECK(pmap_page_mapping_count(r->pa) == 1);
	CHECK(pmap_page_mapping_count(r->other_pa) == 0);
	pmap_destroy(r->pmap_b);
	if (r->report)
		printf("mappings_after_destroy=%u\n"
		    "pv_entries_after_destroy=%lu\n",
		    pmap_page_mapping_count(r->pa),
		    (unsigned long)(ktest_pmap_pv_entries() - pv_before));
	CHECK(pmap_page_mapping_count(r->pa) == 0);
	CHECK(ktest_pmap_pv_entries() == pv_before);
	return NULL;
}

static const char *
ktest_pmap_scenario(bool report)
{
	struct ktest_pmap_run r = { .report = report };
	uint64_t pv_before = ktest_pmap_pv_entries();
	bool modified_after_free;

	r.pmap_a = pmap_create();
	r.pmap_b = pmap_create();
	r.page = vm_page_grab();
	r.other = vm_page_grab();
	CHECK(r.pmap_a != PMAP_NULL && r.pmap_b != PMAP_NULL);
	CHECK(r.page != NULL && r.other != NULL);
	vm_page_zero(r.page);
	vm_page_zero(r.other);
	r.pa = vm_page_to_pa(r.page);
	r.other_pa = vm_page_to_pa(r.other);

	TRY(ktest_pmap_bits(&r, pv_before));
	TRY(ktest_pmap_page_protect(&r, pv_before));
	TRY(ktest_pmap_range_calls(&r, pv_before));
	TRY(ktest_pmap_destroy(&r, pv_before));

	/* PV3: the page remembers the write until it is freed. */
	CHECK(pmap_is_modified(r.pa));
	vm_page_release(r.page);
	vm_page_release(r.other);
	modified_after_free = pmap_is_modified(r.pa);
	if (report)
		printf("modified_after_free=%d\n", modified_after_free);
	CHECK(!modified_after_free);
	return NULL;
}

static const char *
ktest_pmap(void)
{
	unsigned long free_before, free_after;
	struct pmap_stats stats;

	TRY(ktest_pmap_scenario(false));	/* warms the caches */
	free_before = vm_page_free_count();
	TRY(ktest_pmap_scenario(true));
	free_after = vm_page_free_count();
	pmap_stats_read(&stats);
	printf("free_pages_before=%lu\nfree_pages_after=%lu\n"
	    "pv_entries_current=%lu\npv_entries_max=%lu\n"
	    "page_protects=%lu\npage_mappings_lowered=%lu\n"
	    "page_mappings_removed=%lu\n",
	    free_before, free_after,
	    (unsigned long)stats.pv_entries_current,
	    (unsigned long)stats.pv_entries_max,
	    (unsigned long)stats.page_protects,
	    (unsigned long)stats.page_mappings_lowered,
	    (unsigned long)stats.page_mappings_removed);
	CHECK(free_after == free_before);
	CHECK(stats.pv_entries_current == 0);
	return NULL;
}

KTEST("pmap", ktest_pmap);

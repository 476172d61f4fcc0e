/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_page.c: the physical page allocator.
 *
 * Owns the page array (one struct vm_page per frame, indexed by frame
 * number from frame 0 up to the highest usable frame below
 * PHYS_MAP_SIZE), the buddy free lists over it (core in
 * vm/vm_page_buddy.c) and the boot-time scan of the multiboot
 * information that decides which frames are free.
 *
 * Boot (vm_page_bootstrap), on one CPU, before any other allocator:
 *   1. collect the ranges in use at boot: below 1 MiB, the kernel image,
 *      the multiboot info, its memory map, the kernel command line, the
 *      module array, every module and its command line (the ELF loader
 *      reads modules later, so they must survive);
 *   2. size the array from the highest usable address and carve it out
 *      of the first gap in usable RAM that holds it;
 *   3. mark usable frames, unmark the ranges of step 1 and the array,
 *      and give every marked run to the buddy allocator.
 *
 * Locking: vm_page_lock, taken with simple_lock_irq() (callers may have
 * interrupts off), guards the buddy lists and the allocator fields of
 * every struct vm_page.  It is a leaf: nothing else is taken inside it.
 * The array itself and phys_addr never change after boot and are read
 * without the lock.
 *
 * Design: design/04-memory.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <mach/machine/multiboot.h>
#include <vm/vm_page.h>
#include <vm/vm_page_buddy.h>
#include <x86_64/kernel_layout.h>

/*
 * Ranges reserved at boot: five fixed ones plus two per module.  128
 * allows 61 modules; a boot script loads a handful.
 */
#define VM_PAGE_BOOT_RANGES_MAX	128

/* Below this, BIOS data, the EBDA and ROMs: never handed out. */
#define VM_PAGE_LOW_MEMORY_END	0x100000

/* Boot-time mark in priv of a usable frame; cleared before boot ends. */
#define VM_PAGE_BOOT_USABLE	((void *)1)

struct vm_page_boot_range {
	phys_addr_t	start;		/* page aligned */
	phys_addr_t	end;		/* page aligned, exclusive */
};

static struct vm_page_boot_range
		vm_page_boot_reserved[VM_PAGE_BOOT_RANGES_MAX];
static unsigned int vm_page_boot_reserved_count;

/* Guards vm_page_buddy and the allocator fields of every page. */
static simple_lock_data_t vm_page_lock = SIMPLE_LOCK_INITIALIZER("vm_page");
static struct vm_page_buddy vm_page_buddy;

/* Set once by vm_page_bootstrap(), read-only afterwards. */
static struct vm_page *vm_page_array;
static unsigned long vm_page_array_count;	/* frames 0 .. count */
static unsigned long vm_page_usable_count;	/* usable RAM pages */

static inline phys_addr_t
vm_page_trunc_pa(phys_addr_t pa)
{
	return pa & ~(phys_addr_t)(PAGE_SIZE - 1);
}

static inline phys_addr_t
vm_page_round_pa(phys_addr_t pa)
{
	return (pa + PAGE_SIZE - 1) & ~(phys_addr_t)(PAGE_SIZE - 1);
}

/*
 * vm_page_boot_reserve: remember that [start, end) is in use at boot.
 * Rounded outward to pages.  Locks: none (boot, one CPU).
 */
static void
vm_page_boot_reserve(phys_addr_t start, phys_addr_t end)
{
	struct vm_page_boot_range *range;

	if (end <= start)
		return;
	if (vm_page_boot_reserved_count == VM_PAGE_BOOT_RANGES_MAX)
		panic("vm_page: more than %d boot ranges (too many modules)",
		    VM_PAGE_BOOT_RANGES_MAX);
	range = &vm_page_boot_reserved[vm_page_boot_reserved_count++];
	range->start = vm_page_trunc_pa(start);
	range->end = vm_page_round_pa(end);
}

/*
 * vm_page_boot_reserve_string: reserve a NUL-terminated string at pa.
 * Locks: none (boot).
 */
static void
vm_page_boot_reserve_string(phys_addr_t pa)
{
	if (pa == 0 || pa >= PHYS_MAP_SIZE)
		return;
	vm_page_boot_reserve(pa, pa + strlen((const char *)phystokv(pa)) + 1);
}

/*
 * vm_page_boot_reserve_modules: reserve the module array, every module
 * and every module's command line.  Locks: none (boot).
 */
static void
vm_page_boot_reserve_modules(const struct multiboot_raw_info *mbi)
{
	const struct multiboot_raw_module *mod;
	uint32_t i;

	if (!(mbi->flags & MULTIBOOT_MODS) || mbi->mods_count == 0)
		return;
	vm_page_boot_reserve(mbi->mods_addr, mbi->mods_addr +
	    (phys_addr_t)mbi->mods_count * sizeof(*mod));
	mod = (const struct multiboot_raw_module *)phystokv(mbi->mods_addr);
	for (i = 0; i < mbi->mods_count; i++) {
		vm_page_boot_reserve(mod[i].mod_start, mod[i].mod_end);
		vm_page_boot_reserve_string(mod[i].string);
	}
}

/*
 * vm_page_boot_sort_reserved: sort the reserved ranges by start.
 * Insertion sort: a few dozen entries at most.  Locks: none (boot).
 */
static void
vm_page_boot_sort_reserved(void)
{
	struct vm_page_boot_range key;
	unsigned int i, j;

	for (i = 1; i < vm_page_boot_reserved_count; i++) {
		key = vm_page_boot_reserved[i];
		for (j = i; j > 0 &&
		    vm_page_boot_reserved[j - 1].start > key.start; j--)
			vm_page_boot_reserved[j] = vm_page_boot_reserved[j - 1];
		vm_page_boot_reserved[j] = key;
	}
}

/*
 * vm_page_boot_collect_reserved: step 1, every range in use at boot.
 * Locks: none (boot).
 */
static void
vm_page_boot_collect_reserved(phys_addr_t mbi_pa,
    const struct multiboot_raw_info *mbi)
{
	vm_page_boot_reserve(0, VM_PAGE_LOW_MEMORY_END);
	vm_page_boot_reserve((phys_addr_t)(uintptr_t)_kernel_phys_start,
	    (phys_addr_t)(uintptr_t)_kernel_phys_end);
	vm_page_boot_reserve(mbi_pa, mbi_pa + sizeof(*mbi));
	if (mbi->flags & MULTIBOOT_CMDLINE)
		vm_page_boot_reserve_string(mbi->cmdline);
	if (mbi->flags & MULTIBOOT_MEM_MAP)
		vm_page_boot_reserve(mbi->mmap_addr,
		    (phys_addr_t)mbi->mmap_addr + mbi->mmap_length);
	vm_page_boot_reserve_modules(mbi);
	vm_page_boot_sort_reserved();
}

/*
 * vm_page_boot_next_usable: iterate over usable RAM regions, clipped to
 * PHYS_MAP_SIZE and rounded inward to pages.  *cursor starts at 0.
 * Uses the memory map when present, else mem_upper (RAM from 1 MiB up).
 * Locks: none (boot).
 * Returns: true and the region in *start, *end; false when done.
 */
static bool
vm_page_boot_next_usable(const struct multiboot_raw_info *mbi,
    uint32_t *cursor, phys_addr_t *start, phys_addr_t *end)
{
	const struct multiboot_raw_mmap_entry *entry;
	uint64_t base, limit;

	for (;;) {
		if (mbi->flags & MULTIBOOT_MEM_MAP) {
			/* Each entry is `size' bytes after its size field. */
			if (*cursor + sizeof(*entry) > mbi->mmap_length)
				return false;
			entry = (const struct multiboot_raw_mmap_entry *)
			    phystokv(mbi->mmap_addr + *cursor);
			if (entry->size < sizeof(*entry) - sizeof(entry->size))
				return false;	/* malformed: stop here */
			*cursor += entry->size + sizeof(entry->size);
			if (entry->type != MB_ARD_MEMORY)
				continue;
			base = entry->base_addr;
			limit = entry->base_addr + entry->length;
		} else {
			if (*cursor != 0)
				return false;
			*cursor = 1;
			base = VM_PAGE_LOW_MEMORY_END;
			limit = base + (uint64_t)mbi->mem_upper * 1024;
		}
		if (limit > PHYS_MAP_SIZE)
			limit = PHYS_MAP_SIZE;
		*start = vm_page_round_pa(base);
		*end = vm_page_trunc_pa(limit);
		if (base < limit && *start < *end)
			return true;
	}
}

/*
 * vm_page_boot_find_gap: first page-aligned place of size bytes in
 * [start, end) that overlaps no reserved range (sorted).
 * Locks: none (boot).
 * Returns: its address, or 0 (never valid: page 0 is reserved).
 */
static phys_addr_t
vm_page_boot_find_gap(phys_addr_t start, phys_addr_t end, phys_addr_t size)
{
	const struct vm_page_boot_range *range;
	phys_addr_t cursor = start;
	unsigned int i;

	for (i = 0; i < vm_page_boot_reserved_count; i++) {
		range = &vm_page_boot_reserved[i];
		if (range->end <= cursor)
			continue;
		if (range->start >= end)
			break;
		if (range->start > cursor && range->start - cursor >= size)
			return cursor;
		cursor = range->end;
		if (cursor >= end)
			return 0;
	}
	if (end - cursor >= size)
		return cursor;
	return 0;
}

/*
 * vm_page_boot_place_array: step 2, size the page array and carve it out
 * of usable RAM; reserves it.  Locks: none (boot).
 */
static void
vm_page_boot_place_array(const struct multiboot_raw_info *mbi)
{
	phys_addr_t start, end, highest = 0, array_bytes, array_pa = 0;
	uint32_t cursor = 0;

	while (vm_page_boot_next_usable(mbi, &cursor, &start, &end))
		if (end > highest)
			highest = end;
	if (highest == 0)
		panic("vm_page: the boot loader reported no usable memory");

	vm_page_array_count = highest >> PAGE_SHIFT;
	array_bytes = vm_page_round_pa(vm_page_array_count *
	    sizeof(struct vm_page));
	cursor = 0;
	while (array_pa == 0 &&
	    vm_page_boot_next_usable(mbi, &cursor, &start, &end))
		array_pa = vm_page_boot_find_gap(start, end, array_bytes);
	if (array_pa == 0)
		panic("vm_page: no room for the page array (%lu bytes)",
		    (unsigned long)array_bytes);

	vm_page_array = (struct vm_page *)phystokv(array_pa);
	memset(vm_page_array, 0, array_bytes);
	vm_page_boot_reserve(array_pa, array_pa + array_bytes);
}

/*
 * vm_page_boot_mark: set (usable) or clear the boot mark of the frames
 * in [start, end), clipped to the array.  Locks: none (boot).
 */
static void
vm_page_boot_mark(phys_addr_t start, phys_addr_t end, bool usable)
{
	unsigned long pfn = start >> PAGE_SHIFT;
	unsigned long end_pfn = end >> PAGE_SHIFT;

	if (end_pfn > vm_page_array_count)
		end_pfn = vm_page_array_count;
	for (; pfn < end_pfn; pfn++)
		vm_page_array[pfn].priv = usable ? VM_PAGE_BOOT_USABLE : NULL;
}

/*
 * vm_page_boot_release_marked: step 3, free every run of marked frames
 * and clear the marks.  Locks: none (boot, before anyone allocates).
 */
static void
vm_page_boot_release_marked(void)
{
	unsigned long pfn, run_start = 0, run_pages = 0;

	for (pfn = 0; pfn <= vm_page_array_count; pfn++) {
		if (pfn < vm_page_array_count &&
		    vm_page_array[pfn].priv == VM_PAGE_BOOT_USABLE) {
			vm_page_array[pfn].priv = NULL;
			if (run_pages++ == 0)
				run_start = pfn;
			continue;
		}
		if (run_pages != 0)
			vm_page_buddy_free_range(&vm_page_buddy, run_start,
			    run_pages);
		run_pages = 0;
	}
}

/*
 * vm_page_bootstrap: build the page array from the multiboot info at
 * mbi_pa and free every usable frame not in use at boot.
 * Locks: none; called once, on one CPU, before any allocation.
 */
void
vm_page_bootstrap(phys_addr_t mbi_pa)
{
	const struct multiboot_raw_info *mbi;
	phys_addr_t start, end;
	uint32_t cursor = 0;
	unsigned long pfn, free_pages;
	unsigned int i;

	assert(vm_page_array == NULL);
	mbi = (const struct multiboot_raw_info *)phystokv(mbi_pa);
	if (!(mbi->flags & (MULTIBOOT_MEM_MAP | MULTIBOOT_MEMORY)))
		panic("vm_page: the boot loader gave no memory information");

	vm_page_boot_collect_reserved(mbi_pa, mbi);
	vm_page_boot_place_array(mbi);
	for (pfn = 0; pfn < vm_page_array_count; pfn++)
		vm_page_array[pfn].phys_addr = (phys_addr_t)pfn << PAGE_SHIFT;
	vm_page_buddy_init(&vm_page_buddy, vm_page_array, vm_page_array_count);

	while (vm_page_boot_next_usable(mbi, &cursor, &start, &end))
		vm_page_boot_mark(start, end, true);
	for (pfn = 0; pfn < vm_page_array_count; pfn++)
		if (vm_page_array[pfn].priv == VM_PAGE_BOOT_USABLE)
			vm_page_usable_count++;
	for (i = 0; i < vm_page_boot_reserved_count; i++)
		vm_page_boot_mark(vm_page_boot_reserved[i].start,
		    vm_page_boot_reserved[i].end, false);
	vm_page_boot_release_marked();

	free_pages = vm_page_free_count();
	printf("vm_page: %lu pages (%lu MiB) free of %lu\n", free_pages,
	    (free_pages * PAGE_SIZE) >> 20, vm_page_usable_count);
}

/*
 * vm_page_alloc_pa: take 2^order contiguous, naturally aligned pages.
 * The contents are whatever was there: not zeroed.
 * Locks: takes and drops vm_page_lock (interrupts masked inside).
 * Returns: the first page, or NULL when no block is large enough.
 */
struct vm_page *
vm_page_alloc_pa(unsigned int order)
{
	struct vm_page *m;
	spl_t s;

	if (order > VM_PAGE_MAX_ORDER)
		return NULL;
	s = simple_lock_irq(&vm_page_lock);
	m = vm_page_buddy_alloc(&vm_page_buddy, order);
	simple_unlock_irq(&vm_page_lock, s);
	return m;
}

/*
 * vm_page_free_pa: give back a block from vm_page_alloc_pa(order).
 * The owner must have cleared priv and removed every pmap mapping (the
 * block's first page is checked; only single pages are ever mapped);
 * the page's pmap attributes are forgotten here.
 * Locks: takes and drops vm_page_lock.
 */
void
vm_page_free_pa(struct vm_page *m, unsigned int order)
{
	spl_t s;

	assert(m != NULL);
	assert(m->priv == NULL);
	assert(m->pv_list == NULL);	/* still mapped: a pmap bug */
	m->pv_attributes = 0;
	s = simple_lock_irq(&vm_page_lock);
	vm_page_buddy_free(&vm_page_buddy, m, order);
	simple_unlock_irq(&vm_page_lock, s);
}

/*
 * vm_page_grab: take one page, not zeroed, for an object or a user page
 * table: never one of the last VM_PAGE_FREE_RESERVED free pages, which
 * are left to the kernel's own allocations (messages, slabs, stacks,
 * kernel page tables), so that a task that exhausts memory still gets
 * its error through an exception message and can free memory with an
 * RPC (tests/harness/test_vm_exhaust.py).  The check and the
 * allocation are two steps: the reserve is a margin, not an exact count.
 * Locks: takes and drops vm_page_lock.
 * Returns: the page, or NULL when only the reserve is left.
 */
struct vm_page *
vm_page_grab(void)
{
	if (vm_page_free_count() <= VM_PAGE_FREE_RESERVED)
		return NULL;
	return vm_page_alloc_pa(0);
}

/*
 * vm_page_release: give back one page from vm_page_grab().
 * Locks: takes and drops vm_page_lock.
 */
void
vm_page_release(struct vm_page *m)
{
	vm_page_free_pa(m, 0);
}

/*
 * vm_page_lookup_pa: the page of a physical address.
 * Locks: none (the array is fixed after boot).
 * Returns: the page, or NULL if pa is beyond the array.
 */
struct vm_page *
vm_page_lookup_pa(phys_addr_t pa)
{
	unsigned long pfn = pa >> PAGE_SHIFT;

	if (pfn >= vm_page_array_count)
		return NULL;
	return &vm_page_array[pfn];
}

/*
 * vm_page_to_pa: the physical address of a page.
 * Locks: none.
 */
phys_addr_t
vm_page_to_pa(const struct vm_page *m)
{
	return m->phys_addr;
}

/*
 * vm_page_zero: fill one page with zeroes through the direct map.
 * Locks: none; the caller owns the page.
 */
void
vm_page_zero(struct vm_page *m)
{
	memset((void *)phystokv(m->phys_addr), 0, PAGE_SIZE);
}

/*
 * vm_page_free_count: pages on the free lists now.
 * Locks: takes and drops vm_page_lock.
 */
unsigned long
vm_page_free_count(void)
{
	unsigned long count;
	spl_t s;

	s = simple_lock_irq(&vm_page_lock);
	count = vm_page_buddy_free_count(&vm_page_buddy);
	simple_unlock_irq(&vm_page_lock, s);
	return count;
}

/*
 * vm_page_total_count: usable RAM pages below PHYS_MAP_SIZE, free or in
 * use, as found at boot.
 * Locks: none (fixed after boot).
 */
unsigned long
vm_page_total_count(void)
{
	return vm_page_usable_count;
}

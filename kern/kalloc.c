/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/kalloc.c: general-purpose kernel memory by size.
 *
 * Owns the power-of-two caches kalloc.16 .. kalloc.<PAGE_SIZE> and the
 * byte counters.  A size goes to the smallest power of two that holds
 * it; up to PAGE_SIZE that is a cache, above it a block of 2^order pages
 * from vm_page_alloc_pa() used through the direct map.
 *
 * Locking: no lock of its own.  The caches and vm_page take their own
 * leaf locks; the counters are updated with atomic operations.
 *
 * Design: design/04-memory.md.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <mach/vm_param.h>
#include <vm/vm_page.h>
#include <x86_64/kernel_layout.h>

/* log2 of KALLOC_MIN_SIZE; caches run from there to PAGE_SHIFT. */
#define KALLOC_MIN_SHIFT	4
#define KALLOC_CACHE_COUNT	(PAGE_SHIFT - KALLOC_MIN_SHIFT + 1)

/* Largest kalloc: the largest buddy block. */
#define KALLOC_MAX_SIZE		((vm_size_t)PAGE_SIZE << VM_PAGE_MAX_ORDER)

static struct kmem_cache kalloc_caches[KALLOC_CACHE_COUNT];
static char kalloc_cache_names[KALLOC_CACHE_COUNT][KMEM_CACHE_NAME_SIZE];
static bool kalloc_ready;

static uint64_t kalloc_bytes;		/* rounded sizes allocated now */
static uint64_t kalloc_bytes_high;	/* largest kalloc_bytes seen */

/*
 * kalloc_shift: log2 of the power of two that kalloc uses for size.
 * Returns: at least KALLOC_MIN_SHIFT.
 */
static unsigned int
kalloc_shift(vm_size_t size)
{
	unsigned int shift = KALLOC_MIN_SHIFT;

	while (((vm_size_t)1 << shift) < size)
		shift++;
	return shift;
}

/*
 * kalloc_count: add delta (signed) to the byte counter, keep the mark.
 * Locks: none (atomic).
 */
static void
kalloc_count(int64_t delta)
{
	uint64_t now, high;

	now = __atomic_add_fetch(&kalloc_bytes, (uint64_t)delta,
	    __ATOMIC_RELAXED);
	high = __atomic_load_n(&kalloc_bytes_high, __ATOMIC_RELAXED);
	while (now > high &&
	    !__atomic_compare_exchange_n(&kalloc_bytes_high, &high, now,
	    true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		continue;
}

/*
 * kalloc_init: make one cache per power of two up to PAGE_SIZE, each
 * aligned on its size.  Sets up kern/slab.c first.
 * Locks: none; boot, one CPU, after vm_page_bootstrap().
 */
void
kalloc_init(void)
{
	unsigned int i;
	size_t size;

	assert(!kalloc_ready);
	slab_bootstrap();
	for (i = 0; i < KALLOC_CACHE_COUNT; i++) {
		size = (size_t)1 << (KALLOC_MIN_SHIFT + i);
		snprintf(kalloc_cache_names[i], KMEM_CACHE_NAME_SIZE,
		    "kalloc.%lu", (unsigned long)size);
		kmem_cache_init(&kalloc_caches[i], kalloc_cache_names[i],
		    size, size, NULL, 0);
	}
	kalloc_ready = true;
}

/*
 * kalloc: size bytes, not zeroed.
 * Locks: none held on exit; takes a cache lock or vm_page_lock.
 * Returns: the memory (direct-map address), or NULL when memory is
 * exhausted or size is above 2^VM_PAGE_MAX_ORDER pages.
 */
void *
kalloc(vm_size_t size)
{
	unsigned int shift;
	struct vm_page *m;
	void *addr;

	assert(kalloc_ready);
	assert(size > 0);
	if (size > KALLOC_MAX_SIZE)
		return NULL;
	shift = kalloc_shift(size);
	if (shift <= PAGE_SHIFT) {
		addr = kmem_cache_alloc(&kalloc_caches[shift -
		    KALLOC_MIN_SHIFT]);
	} else {
		m = vm_page_alloc_pa(shift - PAGE_SHIFT);
		addr = m == NULL ? NULL :
		    (void *)phystokv(vm_page_to_pa(m));
	}
	if (addr != NULL)
		kalloc_count((int64_t)1 << shift);
	return addr;
}

/*
 * kfree: give back memory from kalloc(size), with the same size.
 * Locks: none held on exit; takes a cache lock or vm_page_lock.
 */
void
kfree(void *addr, vm_size_t size)
{
	unsigned int shift;
	struct vm_page *m;

	assert(addr != NULL);
	assert(size > 0 && size <= KALLOC_MAX_SIZE);
	shift = kalloc_shift(size);
	if (shift <= PAGE_SHIFT) {
		kmem_cache_free(&kalloc_caches[shift - KALLOC_MIN_SHIFT],
		    addr);
	} else {
		assert(((vm_offset_t)addr & (PAGE_SIZE - 1)) == 0);
		m = vm_page_lookup_pa(kvtophys((vm_offset_t)addr));
		assert(m != NULL);
		vm_page_free_pa(m, shift - PAGE_SHIFT);
	}
	kalloc_count(-((int64_t)1 << shift));
}

/* kalloc_bytes_current: rounded bytes allocated now.  Locks: none. */
uint64_t
kalloc_bytes_current(void)
{
	return __atomic_load_n(&kalloc_bytes, __ATOMIC_RELAXED);
}

/* kalloc_bytes_max: high mark of kalloc_bytes_current().  Locks: none. */
uint64_t
kalloc_bytes_max(void)
{
	return __atomic_load_n(&kalloc_bytes_high, __ATOMIC_RELAXED);
}

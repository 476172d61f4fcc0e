/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/slab.c: object caches (GNU Mach's kmem_cache).
 *
 * Owns struct kmem_slab, the slab lists of every cache, the internal
 * cache of slab headers (kmem_slab_cache) and the list of all caches.
 *
 * Layout of a slab (2^slab_order pages, reached through the direct map):
 *
 *   addr                                              addr + slab bytes
 *   | slot 0 | slot 1 | ... | slot n-1 | waste | [struct kmem_slab] |
 *
 * A slot is the object, then (only if the cache has a constructor, so
 * the constructed state survives a free) the free-list link; without a
 * constructor the link lives in the first word of the free object.  The
 * header sits at the end of the slab for small objects (slot smaller
 * than PAGE_SIZE / 8, or KMEM_CACHE_NOOFFSLAB) and comes from
 * kmem_slab_cache otherwise, so that 512-byte to page-sized objects pack
 * without a header-sized hole.  Each page's vm_page priv points at the
 * slab: kmem_cache_free() finds the slab from the object in O(1).
 *
 * A slab is on exactly one of its cache's lists: partial_slabs (some
 * objects free), full_slabs (none) or free_slabs (all).  At most
 * KMEM_CACHE_FREE_SLABS_KEPT completely free slabs are kept; further
 * ones go back to vm_page.
 *
 * Locking: cache->lock (simple_lock_irq) guards the lists, the slabs'
 * free lists and the stats; it is a leaf.  Slabs are made and destroyed
 * with no lock held: kmem_cache_alloc() drops its cache lock to take
 * pages (vm_page_lock) or a header (kmem_slab_cache's lock), then takes
 * it again.  kmem_cache_list_lock only serializes insertions into the
 * cache list; caches are never destroyed, so readers walk without it.
 *
 * Design: design/04-memory.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <vm/vm_page.h>
#include <x86_64/kernel_layout.h>

/* Default and smallest alignment: a free link is one pointer. */
#define KMEM_ALIGN_MIN			sizeof(void *)

/* Empty slabs a cache keeps against alloc/free thrashing at a boundary. */
#define KMEM_CACHE_FREE_SLABS_KEPT	1

/* Largest acceptable unused tail of a slab: 1/8 of it (12.5 %). */
#define KMEM_SLAB_WASTE_SHIFT		3

/* Slots at least this large get an off-slab header. */
#define KMEM_OFFSLAB_MIN_SLOT		(PAGE_SIZE >> KMEM_SLAB_WASTE_SHIFT)

struct kmem_slab {
	struct kmem_slab_link	link;		/* first: list casts */
	struct kmem_cache	*cache;
	struct vm_page		*page;		/* first page of the slab */
	vm_offset_t		addr;		/* slot 0, direct map */
	void			*free_head;	/* first free slot */
	unsigned int		free_objects;
};

/* Headers of off-slab slabs; itself on-slab, so it never recurses. */
static struct kmem_cache kmem_slab_cache;
static bool kmem_slab_cache_ready;

static simple_lock_data_t kmem_cache_list_lock =
	SIMPLE_LOCK_INITIALIZER("kmem_cache_list");
static struct kmem_cache *kmem_cache_list;	/* newest first */

static inline void
kmem_list_init(struct kmem_slab_link *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool
kmem_list_empty(const struct kmem_slab_link *head)
{
	return head->next == head;
}

static inline void
kmem_list_insert(struct kmem_slab_link *head, struct kmem_slab_link *link)
{
	link->next = head->next;
	link->prev = head;
	head->next->prev = link;
	head->next = link;
}

static inline void
kmem_list_remove(struct kmem_slab_link *link)
{
	link->prev->next = link->next;
	link->next->prev = link->prev;
	link->next = link;
	link->prev = link;
}

static inline struct kmem_slab *
kmem_list_first(const struct kmem_slab_link *head)
{
	return (struct kmem_slab *)head->next;
}

/* Where the free-list link of a slot lives. */
static inline void **
kmem_cache_slot_link(const struct kmem_cache *cache, void *slot)
{
	return (void **)((char *)slot + cache->free_link_offset);
}

static inline size_t
kmem_slab_bytes(const struct kmem_cache *cache)
{
	return (size_t)PAGE_SIZE << cache->slab_order;
}

/*
 * kmem_cache_compute_layout: choose the slot size, header placement and
 * slab order of a cache: the smallest order that holds one slot and
 * wastes at most 1/8 of the slab.
 * Locks: none (the cache is not visible yet).
 */
static void
kmem_cache_compute_layout(struct kmem_cache *cache)
{
	size_t slot, usable, slab_bytes, header_bytes;
	unsigned int order;

	if (cache->ctor != NULL) {
		cache->free_link_offset = (cache->obj_size +
		    sizeof(void *) - 1) & ~(sizeof(void *) - 1);
		slot = cache->free_link_offset + sizeof(void *);
	} else {
		cache->free_link_offset = 0;
		slot = cache->obj_size < sizeof(void *) ?
		    sizeof(void *) : cache->obj_size;
	}
	slot = (slot + cache->align - 1) & ~(cache->align - 1);
	cache->slot_size = slot;
	cache->header_in_slab = (cache->flags & KMEM_CACHE_NOOFFSLAB) ||
	    slot < KMEM_OFFSLAB_MIN_SLOT;
	header_bytes = cache->header_in_slab ? sizeof(struct kmem_slab) : 0;

	for (order = 0; order <= VM_PAGE_MAX_ORDER; order++) {
		slab_bytes = (size_t)PAGE_SIZE << order;
		if (slab_bytes < slot + header_bytes)
			continue;
		usable = slab_bytes - header_bytes;
		if (usable % slot <= slab_bytes >> KMEM_SLAB_WASTE_SHIFT)
			break;
	}
	if (order > VM_PAGE_MAX_ORDER)
		panic("kmem: cache %s: %lu-byte objects fit no slab",
		    cache->name, (unsigned long)cache->obj_size);
	cache->slab_order = order;
	cache->objects_per_slab = (unsigned int)(((size_t)PAGE_SIZE << order)
	    - header_bytes) / slot;
}

/*
 * kmem_cache_init: set up a cache and add it to the list of caches.
 * Locks: takes kmem_cache_list_lock.
 */
void
kmem_cache_init(struct kmem_cache *cache, const char *name, size_t obj_size,
    size_t align, void (*ctor)(void *), int flags)
{
	spl_t s;

	if (align == 0)
		align = KMEM_ALIGN_MIN;
	assert((align & (align - 1)) == 0 && align <= PAGE_SIZE);
	assert(obj_size > 0);

	memset(cache, 0, sizeof(*cache));
	strlcpy(cache->name, name, sizeof(cache->name));
	cache->obj_size = obj_size;
	cache->align = align < KMEM_ALIGN_MIN ? KMEM_ALIGN_MIN : align;
	cache->ctor = ctor;
	cache->flags = flags;
	kmem_cache_compute_layout(cache);
	assert(cache->header_in_slab || kmem_slab_cache_ready);

	simple_lock_init(&cache->lock, cache->name);
	kmem_list_init(&cache->partial_slabs);
	kmem_list_init(&cache->full_slabs);
	kmem_list_init(&cache->free_slabs);

	s = simple_lock_irq(&kmem_cache_list_lock);
	cache->next = kmem_cache_list;
	__atomic_store_n(&kmem_cache_list, cache, __ATOMIC_RELEASE);
	simple_unlock_irq(&kmem_cache_list_lock, s);
}

/*
 * slab_bootstrap: set up kmem_slab_cache.  Idempotent.
 * Locks: none held on entry; boot, one CPU.
 */
void
slab_bootstrap(void)
{
	if (kmem_slab_cache_ready)
		return;
	kmem_cache_init(&kmem_slab_cache, "kmem_slab", sizeof(struct kmem_slab),
	    0, NULL, KMEM_CACHE_NOOFFSLAB);
	kmem_slab_cache_ready = true;
}

/*
 * kmem_slab_create: take pages and a header, build the slab's free list
 * and run the constructor on every slot.
 * Locks: none held (takes vm_page_lock, maybe kmem_slab_cache's lock).
 * Returns: the slab, on no list yet, or NULL when out of memory.
 */
static struct kmem_slab *
kmem_slab_create(struct kmem_cache *cache)
{
	struct kmem_slab *slab;
	struct vm_page *page;
	vm_offset_t addr;
	unsigned int i;
	void *slot;

	page = vm_page_alloc_pa(cache->slab_order);
	if (page == NULL)
		return NULL;
	addr = phystokv(vm_page_to_pa(page));
	if (cache->header_in_slab) {
		slab = (struct kmem_slab *)(addr + kmem_slab_bytes(cache) -
		    sizeof(struct kmem_slab));
	} else {
		slab = kmem_cache_alloc(&kmem_slab_cache);
		if (slab == NULL) {
			vm_page_free_pa(page, cache->slab_order);
			return NULL;
		}
	}

	slab->cache = cache;
	slab->page = page;
	slab->addr = addr;
	slab->free_head = NULL;
	slab->free_objects = cache->objects_per_slab;
	kmem_list_init(&slab->link);
	for (i = cache->objects_per_slab; i-- > 0;) {
		slot = (void *)(addr + (vm_offset_t)i * cache->slot_size);
		if (cache->ctor != NULL)
			cache->ctor(slot);
		*kmem_cache_slot_link(cache, slot) = slab->free_head;
		slab->free_head = slot;
	}
	for (i = 0; i < (1U << cache->slab_order); i++)
		page[i].priv = slab;
	return slab;
}

/*
 * kmem_slab_destroy: give an empty slab's pages and header back.
 * Locks: none held (takes vm_page_lock, maybe kmem_slab_cache's lock).
 */
static void
kmem_slab_destroy(struct kmem_cache *cache, struct kmem_slab *slab)
{
	struct vm_page *page = slab->page;
	unsigned int i;

	assert(slab->free_objects == cache->objects_per_slab);
	for (i = 0; i < (1U << cache->slab_order); i++)
		page[i].priv = NULL;
	if (!cache->header_in_slab)
		kmem_cache_free(&kmem_slab_cache, slab);
	vm_page_free_pa(page, cache->slab_order);
}

/*
 * kmem_cache_refile: move a slab to the list matching its free count.
 * was_free tells whether it was on free_slabs before the change.
 * Locks: cache->lock held.
 */
static void
kmem_cache_refile(struct kmem_cache *cache, struct kmem_slab *slab,
    bool was_free)
{
	kmem_list_remove(&slab->link);
	if (was_free)
		cache->free_slab_count--;
	if (slab->free_objects == cache->objects_per_slab) {
		kmem_list_insert(&cache->free_slabs, &slab->link);
		cache->free_slab_count++;
	} else if (slab->free_objects == 0) {
		kmem_list_insert(&cache->full_slabs, &slab->link);
	} else {
		kmem_list_insert(&cache->partial_slabs, &slab->link);
	}
}

/*
 * kmem_cache_alloc_locked: take a free slot from a partial slab, or else
 * from an empty one.
 * Locks: cache->lock held.
 * Returns: the object, or NULL if the cache has no free slot.
 */
static void *
kmem_cache_alloc_locked(struct kmem_cache *cache)
{
	struct kmem_slab *slab;
	bool was_free;
	void *obj;

	if (!kmem_list_empty(&cache->partial_slabs))
		slab = kmem_list_first(&cache->partial_slabs);
	else if (!kmem_list_empty(&cache->free_slabs))
		slab = kmem_list_first(&cache->free_slabs);
	else
		return NULL;

	was_free = slab->free_objects == cache->objects_per_slab;
	obj = slab->free_head;
	assert(obj != NULL);
	slab->free_head = *kmem_cache_slot_link(cache, obj);
	slab->free_objects--;
	kmem_cache_refile(cache, slab, was_free);

	cache->stats.allocations++;
	cache->stats.objects_current++;
	if (cache->stats.objects_current > cache->stats.objects_max)
		cache->stats.objects_max = cache->stats.objects_current;
	return obj;
}

/*
 * kmem_cache_alloc: an object of the cache, constructed if the cache has
 * a constructor, otherwise with undefined contents.
 * Locks: none held on entry or exit; takes cache->lock, and with it
 * dropped vm_page_lock (and kmem_slab_cache's lock) to grow the cache.
 * Returns: the object, or NULL when memory is exhausted.
 */
void *
kmem_cache_alloc(struct kmem_cache *cache)
{
	struct kmem_slab *slab;
	void *obj;
	spl_t s;

	s = simple_lock_irq(&cache->lock);
	obj = kmem_cache_alloc_locked(cache);
	simple_unlock_irq(&cache->lock, s);
	if (obj != NULL)
		return obj;

	slab = kmem_slab_create(cache);
	s = simple_lock_irq(&cache->lock);
	if (slab == NULL) {
		cache->stats.allocation_failures++;
		simple_unlock_irq(&cache->lock, s);
		return NULL;
	}
	kmem_list_insert(&cache->free_slabs, &slab->link);
	cache->free_slab_count++;
	cache->stats.slabs_current++;
	obj = kmem_cache_alloc_locked(cache);
	simple_unlock_irq(&cache->lock, s);
	assert(obj != NULL);
	return obj;
}

/*
 * kmem_cache_slab_of: the slab holding obj, through its page's priv.
 * Locks: none (priv is set before the slab is published and cleared
 * only after it is unpublished).
 */
static struct kmem_slab *
kmem_cache_slab_of(const void *obj)
{
	struct vm_page *page;

	page = vm_page_lookup_pa(kvtophys((vm_offset_t)obj));
	assert(page != NULL && page->priv != NULL);
	return page->priv;
}

/*
 * kmem_cache_free: give an object back to its cache.  An object of a
 * cache with a constructor must be in its constructed state.
 * Locks: none held on entry or exit; takes cache->lock, and with it
 * dropped vm_page_lock to give back a surplus empty slab.
 */
void
kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct kmem_slab *slab, *victim = NULL;
	spl_t s;

	assert(obj != NULL);
	slab = kmem_cache_slab_of(obj);
	assert(slab->cache == cache);
	assert(((vm_offset_t)obj - slab->addr) % cache->slot_size == 0);

	s = simple_lock_irq(&cache->lock);
	assert(slab->free_objects < cache->objects_per_slab);
	*kmem_cache_slot_link(cache, obj) = slab->free_head;
	slab->free_head = obj;
	slab->free_objects++;
	kmem_cache_refile(cache, slab, false);
	cache->stats.frees++;
	cache->stats.objects_current--;
	if (slab->free_objects == cache->objects_per_slab &&
	    cache->free_slab_count > KMEM_CACHE_FREE_SLABS_KEPT) {
		kmem_list_remove(&slab->link);
		cache->free_slab_count--;
		cache->stats.slabs_current--;
		victim = slab;
	}
	simple_unlock_irq(&cache->lock, s);

	if (victim != NULL)
		kmem_slab_destroy(cache, victim);
}

/*
 * kmem_cache_reap: give back every empty slab of cache (GNU Mach's
 * garbage collection of caches, on request: tests reap before they
 * compare free page counts).
 * Locks: none held; takes cache->lock, then each slab's pages go back
 * with it dropped.
 */
static void
kmem_cache_reap(struct kmem_cache *cache)
{
	for (;;) {
		struct kmem_slab *slab;
		spl_t s = simple_lock_irq(&cache->lock);

		if (kmem_list_empty(&cache->free_slabs)) {
			simple_unlock_irq(&cache->lock, s);
			return;
		}
		slab = kmem_list_first(&cache->free_slabs);
		kmem_list_remove(&slab->link);
		cache->free_slab_count--;
		cache->stats.slabs_current--;
		simple_unlock_irq(&cache->lock, s);
		kmem_slab_destroy(cache, slab);
	}
}

void
kmem_cache_reap_all(void)
{
	/* The slab-header cache last: reaping the others frees headers. */
	for (struct kmem_cache *c = kmem_cache_list; c != NULL; c = c->next) {
		if (c != &kmem_slab_cache)
			kmem_cache_reap(c);
	}
	kmem_cache_reap(&kmem_slab_cache);
}

/*
 * kmem_cache_stats: copy a cache's counters.
 * Locks: takes and drops cache->lock.
 */
void
kmem_cache_stats(struct kmem_cache *cache, struct kmem_cache_stats *stats)
{
	spl_t s;

	s = simple_lock_irq(&cache->lock);
	*stats = cache->stats;
	simple_unlock_irq(&cache->lock, s);
}

static inline struct kmem_cache *
kmem_cache_list_first(void)
{
	return __atomic_load_n(&kmem_cache_list, __ATOMIC_ACQUIRE);
}

/*
 * kmem_cache_total_in_use_bytes: bytes of objects allocated now, summed
 * over all caches (object sizes as asked, slots' padding excluded).
 * Leaves out kmem_slab_cache: off-slab headers are overhead, like the
 * slabs themselves, so this drops back to 0 when every object is freed.
 * Locks: takes and drops each cache's lock in turn.
 */
uint64_t
kmem_cache_total_in_use_bytes(void)
{
	struct kmem_cache_stats stats;
	struct kmem_cache *cache;
	uint64_t total = 0;

	for (cache = kmem_cache_list_first(); cache; cache = cache->next) {
		if (cache == &kmem_slab_cache)
			continue;
		kmem_cache_stats(cache, &stats);
		total += stats.objects_current * cache->obj_size;
	}
	return total;
}

/*
 * kmem_cache_total_slab_bytes: memory held in slabs by all caches.
 * Locks: takes and drops each cache's lock in turn.
 */
uint64_t
kmem_cache_total_slab_bytes(void)
{
	struct kmem_cache_stats stats;
	struct kmem_cache *cache;
	uint64_t total = 0;

	for (cache = kmem_cache_list_first(); cache; cache = cache->next) {
		kmem_cache_stats(cache, &stats);
		total += stats.slabs_current * kmem_slab_bytes(cache);
	}
	return total;
}

/*
 * kmem_cache_info_print: one line per cache, oldest last.  Columns are
 * stable (GDB and tests parse them): name, object size, slot size,
 * slab order, objects per slab, objects in use, slabs, allocations,
 * frees, failures.
 * Locks: takes and drops each cache's lock; prints with none held.
 */
void
kmem_cache_info_print(void)
{
	struct kmem_cache_stats stats;
	struct kmem_cache *cache;

	printf("cache                  obj   slot order per_slab     in_use"
	    "    slabs     allocs      frees  fails\n");
	for (cache = kmem_cache_list_first(); cache; cache = cache->next) {
		kmem_cache_stats(cache, &stats);
		printf("%-20s %5lu %6lu %5u %8u %10lu %8lu %10lu %10lu %6lu\n",
		    cache->name, (unsigned long)cache->obj_size,
		    (unsigned long)cache->slot_size, cache->slab_order,
		    cache->objects_per_slab,
		    (unsigned long)stats.objects_current,
		    (unsigned long)stats.slabs_current,
		    (unsigned long)stats.allocations,
		    (unsigned long)stats.frees,
		    (unsigned long)stats.allocation_failures);
	}
}

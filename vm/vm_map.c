/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_map.c: address maps and out-of-line copies.
 *
 * Owns struct vm_map, struct vm_map_entry and struct vm_map_copy (see
 * vm/vm_map.h), their caches and the out-of-line counters.
 *
 *   maps      vm_map_create, vm_map_fork, vm_map_destroy and the range
 *             operations behind vm_user.c: enter, remove, protect,
 *             inherit, pageable, region.
 *   copies    vm_map_copyin (small: bytes into a kernel buffer; large:
 *             pages into an object of the copy, MOVED out of the sender
 *             when it deallocates a page-aligned region of at least
 *             VM_MAP_COPY_MOVE_MIN_PAGES; such a region the sender
 *             keeps is SHARED copy-on-write when it lies in one private
 *             anonymous entry (needs_copy, N5), else copied),
 *             vm_map_copyout (a fresh region whose entry takes the
 *             copy's object: no byte copied for moved or shared pages),
 *             vm_map_copy_overwrite, vm_map_copy_discard and
 *             kernel-buffer helpers.
 *
 * Invariants (design/05-vm-lite.md):
 *   M1  entries are sorted, do not overlap, are page aligned and lie in
 *       [min_offset, max_offset); map->size is the sum of their sizes.
 *   M2  every entry has an object, covering [offset, offset + size).
 *   M3  map->timestamp changes whenever an entry is added, removed,
 *       clipped, changes protection, needs_copy or its object (a
 *       fork's copy-on-write, vm_map_fork_cow; the shadow of its first
 *       write, vm_map_entry_shadow) (a saved timestamp that still
 *       matches means a saved lookup is still valid: issue 5's fault).
 *   M4  a page is entered in the pmap only inside an entry, with at most
 *       the entry's protection, and never with VM_PROT_NONE.
 *   X1  a copy belongs to one holder; copyout and copy_overwrite consume
 *       it only on success, so a failed caller can still discard it.
 *   X2  a page leaves a copy for another object only if nobody else
 *       can see it (vm_map_copy_page_take): never while a needs_copy
 *       entry shares the copy's object (N4, N5).
 *   C1  a copy never carries zeroes or stale bytes for a pager's page:
 *       vm_map_copyin reads a page of an external object only resident
 *       and idle, under its object's lock, and otherwise changes nothing
 *       and answers KERN_ABORTED; the caller, holding no lock, refaults
 *       the range (vm_map_copyin_refault) and tries again, a bounded
 *       number of times.  The window between making a page resident and
 *       copying it (the pageout daemon, a pager's flush) is thus closed
 *       where the page is read, not by holding anything across a block.
 *   D2  vm_map_copy_overwrite writes nothing until every destination
 *       page is resident and writable under one hold of the map lock;
 *       otherwise it refaults for writing and tries again, as C1.
 *   W1  a wired entry (wired_count 1) holds one wire_count on the page
 *       it shows at each address, and that page stays resident;
 *   W3  wiring faults the pages in with no lock held, then wires every
 *       entry of the range under one hold of the map lock, or none.
 *       (W2, W4: vm/vm_pageout.c, vm/memory_object.c; design/05-fault.md.)
 *   N1-N5  copy-on-write entries and copies (needs_copy): at
 *          vm_map_fork_can_cow.
 *
 * Locking: map->lock (simple, no spl) guards the map and its entries;
 * taken first, then object locks, then the pmap lock (pmap calls),
 * then vm_page_lock (allocation).  Only vm_map_resolve, the refaults
 * (copyin, overwrite, wiring: vm_map_refault) and a fork's prefault
 * for eager copies (vm_map_fork_prefault) block, in the fault path, and
 * they hold no lock when they call it.  Copies are owned by one holder and have
 * no lock; the counters are atomic.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <mach/vm_param.h>
#include <mach/vm_wire.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

static struct kmem_cache vm_map_cache;
static struct kmem_cache vm_map_entry_cache;
static struct kmem_cache vm_map_copy_cache;

#define VM_STAT_ADD(field, n)	vm_counter_add(field, n)

static kern_return_t vm_map_refault(vm_map_t map, vm_offset_t addr,
    vm_size_t len, vm_prot_t access, unsigned int *tries);

void
vm_map_bootstrap(void)
{
	vm_object_bootstrap();
	kmem_cache_init(&vm_map_cache, "vm_map", sizeof(struct vm_map), 0,
	    NULL, 0);
	kmem_cache_init(&vm_map_entry_cache, "vm_map_entry",
	    sizeof(struct vm_map_entry), 0, NULL, 0);
	kmem_cache_init(&vm_map_copy_cache, "vm_map_copy",
	    sizeof(struct vm_map_copy), 0, NULL, 0);
}

/* Bytes of [start, end) as pages. */
static inline unsigned long
vm_map_pages(vm_offset_t start, vm_offset_t end)
{
	return (end - start) >> PAGE_SHIFT;
}

static inline vm_size_t
vm_map_entry_size(const struct vm_map_entry *entry)
{
	return entry->end - entry->start;
}

/*
 * vm_map_range_ok: [start, end) with start = addr, end = addr + size is
 * a non-empty range inside the map, with no overflow.
 */
static bool
vm_map_range_ok(vm_map_t map, vm_offset_t addr, vm_size_t size)
{
	return size != 0 && addr >= map->min_offset &&
	    addr <= map->max_offset && size <= map->max_offset - addr;
}

/* ---- Entries ------------------------------------------------------ */

static vm_map_entry_t
vm_map_entry_create(void)
{
	vm_map_entry_t entry = kmem_cache_alloc(&vm_map_entry_cache);

	if (entry != NULL)
		memset(entry, 0, sizeof(*entry));
	return entry;
}

static void
vm_map_entry_dispose(vm_map_entry_t entry)
{
	kmem_cache_free(&vm_map_entry_cache, entry);
}

/* Links entry after `after'.  Locks: map locked. */
static void
vm_map_entry_link(vm_map_t map, vm_map_entry_t after, vm_map_entry_t entry)
{
	entry->prev = after;
	entry->next = after->next;
	after->next->prev = entry;
	after->next = entry;
	map->nentries++;
	map->timestamp++;
}

static void
vm_map_entry_unlink(vm_map_t map, vm_map_entry_t entry)
{
	entry->prev->next = entry->next;
	entry->next->prev = entry->prev;
	if (map->hint == entry)
		map->hint = vm_map_to_entry(map);
	map->nentries--;
	map->timestamp++;
}

/*
 * vm_map_lookup_entry: find the entry containing address.
 * Locks: map locked.
 * Returns: true and *entry; or false and *entry = the last entry before
 * address (the header if none).  The hint (the entry found last)
 * answers repeated lookups in the same entry at once (a pager's answer
 * buffer, a sequential fault run); otherwise a linear walk: a tree
 * comes if the benchmarks ask for it.
 */
boolean_t
vm_map_lookup_entry(vm_map_t map, vm_offset_t address, vm_map_entry_t *entry)
{
	vm_map_entry_t cur = map->hint, prev = vm_map_to_entry(map);

	if (cur != vm_map_to_entry(map) && address >= cur->start &&
	    address < cur->end) {
		*entry = cur;
		return TRUE;
	}
	for (cur = vm_map_first_entry(map); cur != vm_map_to_entry(map);
	    cur = cur->next) {
		if (address < cur->start)
			break;
		if (address < cur->end) {
			map->hint = cur;
			*entry = cur;
			return TRUE;
		}
		prev = cur;
	}
	*entry = prev;
	return FALSE;
}

/*
 * vm_map_clip_start: split entry so that one entry starts at addr; the
 * part before it becomes a new entry sharing the object (M2 kept).
 * Locks: map locked.
 * Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (map unchanged).
 */
static kern_return_t
vm_map_clip_start(vm_map_t map, vm_map_entry_t entry, vm_offset_t addr)
{
	vm_map_entry_t new;

	if (addr <= entry->start || addr >= entry->end)
		return KERN_SUCCESS;
	new = vm_map_entry_create();
	if (new == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*new = *entry;
	new->end = addr;
	entry->offset += addr - entry->start;
	entry->start = addr;
	vm_object_reference(new->object);
	vm_map_entry_link(map, entry->prev, new);
	return KERN_SUCCESS;
}

/* Same, so that one entry ends at addr.  Locks: map locked. */
static kern_return_t
vm_map_clip_end(vm_map_t map, vm_map_entry_t entry, vm_offset_t addr)
{
	vm_map_entry_t new;

	if (addr <= entry->start || addr >= entry->end)
		return KERN_SUCCESS;
	new = vm_map_entry_create();
	if (new == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*new = *entry;
	new->start = addr;
	new->offset += addr - entry->start;
	entry->end = addr;
	vm_object_reference(new->object);
	vm_map_entry_link(map, entry, new);
	return KERN_SUCCESS;
}

/*
 * vm_map_clip_range: clip so that [start, end) begins and ends on entry
 * boundaries; *first gets the first entry at or after start.
 * Locks: map locked.
 * Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (only clips made, no
 * other change: harmless).
 */
static kern_return_t
vm_map_clip_range(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_map_entry_t *first)
{
	vm_map_entry_t entry, last;
	kern_return_t kr;

	if (vm_map_lookup_entry(map, start, &entry)) {
		kr = vm_map_clip_start(map, entry, start);
		if (kr != KERN_SUCCESS)
			return kr;
	} else
		entry = entry->next;
	*first = entry;
	if (vm_map_lookup_entry(map, end - 1, &last))
		return vm_map_clip_end(map, last, end);
	return KERN_SUCCESS;
}

/*
 * vm_map_range_check: every byte of [start, end) is mapped, by entries
 * allowing `access'.
 * Locks: map locked.
 * Returns: KERN_SUCCESS, KERN_INVALID_ADDRESS (a hole) or
 * KERN_PROTECTION_FAILURE.
 */
static kern_return_t
vm_map_range_check(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_prot_t access)
{
	vm_map_entry_t entry;
	vm_offset_t cursor = start;

	if (!vm_map_lookup_entry(map, start, &entry))
		return KERN_INVALID_ADDRESS;
	for (; cursor < end; entry = entry->next) {
		if (entry == vm_map_to_entry(map) || entry->start > cursor)
			return KERN_INVALID_ADDRESS;
		if ((entry->protection & access) != access)
			return KERN_PROTECTION_FAILURE;
		cursor = entry->end;
	}
	return KERN_SUCCESS;
}

/*
 * vm_map_entry_wire_pages: raise (wire) or lower the wire_count of
 * each page of entry by one: the page the entry shows at each address,
 * the first resident one down its chain (vm_object_lookup_chain).  W1:
 * while the entry is wired that page is resident, so it is the one
 * wiring raised; a page found unwired on the way down is left alone
 * (the entry's protection was raised and a write copied a page above
 * the wired one: see design/05-fault.md, "Not done yet").
 * Locks: map locked; takes the object locks.
 */
static void
vm_map_entry_wire_pages(vm_map_entry_t entry, bool wire)
{
	vm_object_t object = entry->object, page_object;
	vm_offset_t offset;
	struct vm_page *m;

	for (offset = entry->offset; offset < entry->offset +
	    vm_map_entry_size(entry); offset += PAGE_SIZE) {
		simple_lock(&object->lock);
		m = vm_object_lookup_chain(object, offset, &page_object);
		assert(m != NULL || !wire);	/* vm_map_wire_resolve */
		if (m != NULL && wire)
			vm_page_wire(m);
		else if (m != NULL && m->wire_count != 0)
			vm_page_unwire(m);
		if (m != NULL && page_object != object)
			simple_unlock(&page_object->lock);
		simple_unlock(&object->lock);
	}
}

/*
 * vm_map_entry_set_wired: wire or unwire entry: its wired_count (0 or
 * 1: one wiring, whoever asked: GNU Mach's user wirings; the kernel
 * wires no user memory), the map's size_wired and its pages' wire_count.
 * Locks: map locked; wiring needs every page resident (W1), which
 * vm_map_wire_resolve has just made sure of.
 */
static void
vm_map_entry_set_wired(vm_map_t map, vm_map_entry_t entry, bool wired)
{
	if (wired == (entry->wired_count != 0))
		return;
	entry->wired_count = wired ? 1 : 0;
	vm_map_entry_wire_pages(entry, wired);
	if (wired)
		map->size_wired += vm_map_entry_size(entry);
	else
		map->size_wired -= vm_map_entry_size(entry);
}

/*
 * vm_map_entry_delete: unmap entry, free its pages when the object is
 * private to this map (O2), drop the object, free the entry.
 * Locks: map locked.
 */
static void
vm_map_entry_delete(vm_map_t map, vm_map_entry_t entry)
{
	vm_object_t object = entry->object;

	pmap_remove(map->pmap, entry->start, entry->end);
	vm_map_entry_set_wired(map, entry, false);
	simple_lock(&object->lock);
	if (!object->shared && !entry->needs_copy)	/* N4 */
		vm_object_page_remove(object, entry->offset,
		    entry->offset + vm_map_entry_size(entry));
	simple_unlock(&object->lock);
	vm_object_deallocate(object);
	map->size -= vm_map_entry_size(entry);
	vm_map_entry_unlink(map, entry);
	vm_map_entry_dispose(entry);
}

/*
 * vm_map_delete: remove every mapping in [start, end) (page aligned);
 * holes are fine, as in GNU Mach.
 * Locks: map locked.
 * Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (no entry for a
 * clip; nothing removed).
 */
static kern_return_t
vm_map_delete(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	vm_map_entry_t entry, next;
	kern_return_t kr;

	kr = vm_map_clip_range(map, start, end, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	for (; entry != vm_map_to_entry(map) && entry->start < end;
	    entry = next) {
		next = entry->next;
		vm_map_entry_delete(map, entry);
	}
	return KERN_SUCCESS;
}

/* ---- Maps --------------------------------------------------------- */

/*
 * vm_map_create: an empty map over pmap for [min, max).  The map owns
 * the pmap from now on (vm_map_destroy destroys it).
 * Locks: none.
 * Returns: the map, or NULL when memory is exhausted.
 */
vm_map_t
vm_map_create(struct pmap *pmap, vm_offset_t min, vm_offset_t max)
{
	vm_map_t map;

	assert(pmap != NULL && min < max);
	map = kmem_cache_alloc(&vm_map_cache);
	if (map == NULL)
		return VM_MAP_NULL;
	memset(map, 0, sizeof(*map));
	simple_lock_init(&map->lock, "vm_map");
	map->pmap = pmap;
	map->min_offset = round_page(min);
	map->max_offset = trunc_page(max);
	map->ref_count = 1;
	map->header.next = map->header.prev = vm_map_to_entry(map);
	map->hint = vm_map_to_entry(map);
	/*
	 * No limit until vm_set_size_limit sets one: with pagers, mappings
	 * are not bounded by memory (a file larger than RAM is mapped).
	 */
	map->size_cur_limit = max - min;
	map->size_max_limit = max - min;
	return map;
}

void
vm_map_reference(vm_map_t map)
{
	if (map == VM_MAP_NULL)
		return;
	vm_map_lock(map);
	map->ref_count++;
	vm_map_unlock(map);
}

/*
 * vm_map_deallocate: drop a reference; the last destroys the map.
 * Locks: none held; takes the map lock.
 */
void
vm_map_deallocate(vm_map_t map)
{
	int left;

	if (map == VM_MAP_NULL)
		return;
	vm_map_lock(map);
	left = --map->ref_count;
	vm_map_unlock(map);
	if (left == 0)
		vm_map_destroy(map);
}

/*
 * vm_map_destroy: free every entry, its pages and objects, the pmap
 * (which must not be active) and the map.
 * Locks: none held; nobody else may use the map.
 */
void
vm_map_destroy(vm_map_t map)
{
	vm_map_lock(map);
	while (vm_map_first_entry(map) != vm_map_to_entry(map))
		vm_map_entry_delete(map, vm_map_first_entry(map));
	vm_map_unlock(map);
	pmap_destroy(map->pmap);
	kmem_cache_free(&vm_map_cache, map);
}

int
vm_map_entry_count(vm_map_t map)
{
	int n;

	vm_map_lock(map);
	n = map->nentries;
	vm_map_unlock(map);
	return n;
}

/*
 * vm_map_find_space: the lowest free range of size bytes aligned on
 * mask + 1 (first fit); *after gets the entry it follows.
 * Locks: map locked.
 * Returns: KERN_SUCCESS and *start, or KERN_NO_SPACE.
 */
static kern_return_t
vm_map_find_space(vm_map_t map, vm_size_t size, vm_offset_t mask,
    vm_offset_t *start, vm_map_entry_t *after)
{
	vm_map_entry_t prev = vm_map_to_entry(map), next;
	vm_offset_t cursor = map->min_offset;

	for (;;) {
		cursor = (cursor + mask) & ~mask;
		if (cursor < map->min_offset || cursor > map->max_offset ||
		    size > map->max_offset - cursor)
			return KERN_NO_SPACE;
		next = prev->next;
		if (next == vm_map_to_entry(map) ||
		    cursor + size <= next->start)
			break;
		if (next->end > cursor)
			cursor = next->end;
		prev = next;
	}
	*start = cursor;
	*after = prev;
	return KERN_SUCCESS;
}

/*
 * vm_map_wire_resolve: make every page of the unwired, accessible
 * entries from first up to end resident and mapped with its entry's
 * protection, without waiting (vm_fault_page_locked: a copy-up for a
 * writable copy mapping, a zero fill, the dirty mark of D1), so that
 * wiring them cannot fail halfway.
 * Locks: map locked, entries clipped at end.
 * Returns: KERN_SUCCESS; KERN_ABORTED (a pager's page is missing or
 * busy: the caller refaults with no lock held and tries again, W3);
 * KERN_RESOURCE_SHORTAGE.  Nothing is wired either way.
 */
static kern_return_t
vm_map_wire_resolve(vm_map_t map, vm_map_entry_t first, vm_offset_t end)
{
	vm_map_entry_t entry;
	vm_offset_t va;
	kern_return_t kr;

	for (entry = first; entry != vm_map_to_entry(map) &&
	    entry->start < end; entry = entry->next) {
		if (entry->wired_count != 0 ||
		    entry->protection == VM_PROT_NONE)
			continue;
		for (va = entry->start; va < entry->end; va += PAGE_SIZE) {
			kr = vm_fault_page_locked(map, entry, va,
			    entry->protection, NULL);
			if (kr != KERN_SUCCESS)
				return kr;
		}
	}
	return KERN_SUCCESS;
}

/*
 * vm_map_wire_locked: wire the unwired, accessible entries from first
 * up to end, all or none (GNU Mach skips entries with no access too).
 * Locks: map locked and held throughout; nothing blocks.
 * Returns: as vm_map_wire_resolve.
 */
static kern_return_t
vm_map_wire_locked(vm_map_t map, vm_map_entry_t first, vm_offset_t end)
{
	vm_map_entry_t entry;
	kern_return_t kr;

	kr = vm_map_wire_resolve(map, first, end);
	if (kr != KERN_SUCCESS)
		return kr;
	for (entry = first; entry != vm_map_to_entry(map) &&
	    entry->start < end; entry = entry->next)
		if (entry->protection != VM_PROT_NONE)
			vm_map_entry_set_wired(map, entry, true);
	return KERN_SUCCESS;
}

/*
 * vm_map_enter_place: where a new entry of size bytes goes: anywhere
 * (a free range aligned by mask) or at address exactly, which must be
 * aligned, in the map's range and free.  Sets *start and *after (the
 * entry the new one follows).
 * Locks: map locked.
 * Returns: KERN_SUCCESS; KERN_NO_SPACE (over the size limit, no room,
 * or address taken); KERN_INVALID_ADDRESS (address misaligned or out
 * of range).
 */
static kern_return_t
vm_map_enter_place(vm_map_t map, vm_offset_t address, vm_size_t size,
    vm_offset_t mask, boolean_t anywhere, vm_offset_t *start,
    vm_map_entry_t *after)
{
	if (size > map->size_cur_limit ||
	    map->size > map->size_cur_limit - size)
		return KERN_NO_SPACE;
	if (anywhere)
		return vm_map_find_space(map, size, mask, start, after);
	*start = address;
	if ((address & mask) != 0 || !vm_map_range_ok(map, address, size))
		return KERN_INVALID_ADDRESS;
	if (vm_map_lookup_entry(map, address, after))
		return KERN_NO_SPACE;
	if ((*after)->next != vm_map_to_entry(map) &&
	    (*after)->next->start < address + size)
		return KERN_NO_SPACE;
	return KERN_SUCCESS;
}

/*
 * vm_map_enter_locked: map [*address, +size) to (object, offset); see
 * vm_map_enter.  needs_copy makes the entry copy-on-write over object
 * (a shared copy's copyout, N5), before any wiring faults it.
 * *entry_out gets the new entry.
 * Locks: map locked.
 * Returns: KERN_SUCCESS (*address set); else what vm_map_enter_place
 * or a wiring fault answers, or KERN_RESOURCE_SHORTAGE, with the map
 * and the caller's object unchanged.
 */
static kern_return_t
vm_map_enter_locked(vm_map_t map, vm_offset_t *address, vm_size_t size,
    vm_offset_t mask, boolean_t anywhere, vm_object_t object,
    vm_offset_t offset, bool needs_copy, vm_prot_t cur_protection,
    vm_prot_t max_protection, vm_inherit_t inheritance,
    vm_map_entry_t *entry_out)
{
	vm_map_entry_t after, entry;
	vm_offset_t start;
	bool own_object = object == VM_OBJECT_NULL;
	kern_return_t kr;

	kr = vm_map_enter_place(map, *address, size, mask, anywhere, &start,
	    &after);
	if (kr != KERN_SUCCESS)
		return kr;
	entry = vm_map_entry_create();
	if (entry == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (object == VM_OBJECT_NULL) {
		object = vm_object_allocate(size);
		if (object == VM_OBJECT_NULL) {
			vm_map_entry_dispose(entry);
			return KERN_RESOURCE_SHORTAGE;
		}
		offset = 0;
	}
	entry->start = start;
	entry->end = start + size;
	entry->object = object;
	entry->offset = offset;
	entry->protection = cur_protection;
	entry->max_protection = max_protection;
	entry->inheritance = inheritance;
	entry->needs_copy = needs_copy;
	vm_map_entry_link(map, after, entry);
	map->size += size;
	if (map->wiring_required) {
		/*
		 * VM_WIRE_FUTURE.  KERN_ABORTED (a pager's pages) leaves the
		 * entry unwired for vm_map_enter to wire with no lock held.
		 */
		kr = vm_map_wire_locked(map, entry, entry->end);
		if (kr != KERN_SUCCESS && kr != KERN_ABORTED) {
			/*
			 * Undo; the caller's object keeps its pages and its
			 * reference (a copy stays intact, X1).
			 */
			pmap_remove(map->pmap, entry->start, entry->end);
			if (entry->object != object) {
				/* needs_copy: wiring gave it its shadow. */
				vm_object_reference(object);
				vm_object_deallocate(entry->object);
			}
			map->size -= size;
			vm_map_entry_unlink(map, entry);
			vm_map_entry_dispose(entry);
			if (own_object)
				vm_object_deallocate(object);
			return kr;
		}
	}
	*address = start;
	if (entry_out != NULL)
		*entry_out = entry;
	return KERN_SUCCESS;
}

/*
 * vm_map_enter: map size bytes (page multiple) at *address, or anywhere
 * (then aligned on mask + 1), to object at offset, or to a new
 * anonymous object when object is NULL.  The caller's reference to
 * object passes to the map on success only.
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS and *address; KERN_INVALID_ARGUMENT (bad
 * size, protection, inheritance, or needs_copy: no caller asks for it,
 * copy-on-write entries are made by vm_map_fork_cow);
 * KERN_INVALID_ADDRESS (outside the map, unaligned); KERN_NO_SPACE
 * (overlap, no room, over the size limit); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_map_enter(vm_map_t map, vm_offset_t *address, vm_size_t size,
    vm_offset_t mask, boolean_t anywhere, vm_object_t object,
    vm_offset_t offset, boolean_t needs_copy, vm_prot_t cur_protection,
    vm_prot_t max_protection, vm_inherit_t inheritance)
{
	vm_map_entry_t entry;
	bool wire_later;
	kern_return_t kr;

	if (map == VM_MAP_NULL || size == 0 || (size & PAGE_MASK) != 0 ||
	    needs_copy || (offset & PAGE_MASK) != 0)
		return KERN_INVALID_ARGUMENT;
	if ((cur_protection & ~VM_PROT_ALL) != 0 ||
	    (max_protection & ~VM_PROT_ALL) != 0 ||
	    (cur_protection & ~max_protection) != 0)
		return KERN_INVALID_ARGUMENT;
	if (inheritance != VM_INHERIT_NONE && inheritance != VM_INHERIT_COPY &&
	    inheritance != VM_INHERIT_SHARE)
		return KERN_INVALID_ARGUMENT;
	mask |= PAGE_MASK;
	if (object != VM_OBJECT_NULL &&
	    (offset > object->size || size > object->size - offset))
		return KERN_INVALID_ARGUMENT;
	vm_map_lock(map);
	kr = vm_map_enter_locked(map, address, size, mask, anywhere, object,
	    offset, false, cur_protection, max_protection, inheritance,
	    &entry);
	wire_later = kr == KERN_SUCCESS && map->wiring_required &&
	    entry->wired_count == 0 && cur_protection != VM_PROT_NONE;
	vm_map_unlock(map);
	if (!wire_later)
		return kr;
	/* A pager's memory under VM_WIRE_FUTURE: fault it in, then wire. */
	kr = vm_map_pageable(map, *address, *address + size, cur_protection);
	if (kr != KERN_SUCCESS) {
		/* Failure leaves the caller its reference (see above). */
		vm_object_reference(object);
		(void)vm_map_remove(map, *address, *address + size);
	}
	return kr;
}

/*
 * vm_map_remove: deallocate [start, end) (page aligned).
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (outside the map);
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_map_remove(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	kern_return_t kr;

	if (end < start || !vm_map_range_ok(map, start, end - start))
		return KERN_INVALID_ADDRESS;
	vm_map_lock(map);
	kr = vm_map_delete(map, start, end);
	vm_map_unlock(map);
	return kr;
}

/*
 * vm_map_protect: set the protection (or, with set_max, the maximum
 * protection, clamping the current one) of [start, end).  Checked
 * before anything changes: every byte mapped, new_prot within every
 * entry's maximum.
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS, KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE,
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_map_protect(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_prot_t new_prot, boolean_t set_max)
{
	vm_map_entry_t entry;
	kern_return_t kr;

	if (end < start || !vm_map_range_ok(map, start, end - start))
		return KERN_INVALID_ADDRESS;
	vm_map_lock(map);
	kr = vm_map_range_check(map, start, end, VM_PROT_NONE);
	for (vm_map_lookup_entry(map, start, &entry);
	    kr == KERN_SUCCESS && entry != vm_map_to_entry(map) &&
	    entry->start < end; entry = entry->next)
		if ((new_prot & ~entry->max_protection) != 0)
			kr = KERN_PROTECTION_FAILURE;
	if (kr == KERN_SUCCESS)
		kr = vm_map_clip_range(map, start, end, &entry);
	if (kr != KERN_SUCCESS) {
		vm_map_unlock(map);
		return kr;
	}
	for (; entry != vm_map_to_entry(map) && entry->start < end;
	    entry = entry->next) {
		if (set_max) {
			entry->max_protection = new_prot;
			entry->protection &= new_prot;
		} else
			entry->protection = new_prot;
		pmap_protect(map->pmap, entry->start, entry->end,
		    entry->protection);
	}
	map->timestamp++;
	vm_map_unlock(map);
	return KERN_SUCCESS;
}

/*
 * vm_map_inherit: set the inheritance of the mapped parts of
 * [start, end).
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS, KERN_INVALID_ADDRESS, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_map_inherit(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_inherit_t new_inheritance)
{
	vm_map_entry_t entry;
	kern_return_t kr;

	if (end < start || !vm_map_range_ok(map, start, end - start))
		return KERN_INVALID_ADDRESS;
	vm_map_lock(map);
	kr = vm_map_clip_range(map, start, end, &entry);
	for (; kr == KERN_SUCCESS && entry != vm_map_to_entry(map) &&
	    entry->start < end; entry = entry->next)
		entry->inheritance = new_inheritance;
	vm_map_unlock(map);
	return kr;
}

/*
 * vm_map_pageable_locked: one try of vm_map_pageable.
 * Locks: map locked.
 * Returns: as vm_map_pageable, or KERN_ABORTED (refault and try again).
 */
static kern_return_t
vm_map_pageable_locked(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_prot_t access)
{
	vm_map_entry_t entry = VM_MAP_ENTRY_NULL;
	kern_return_t kr;

	kr = vm_map_range_check(map, start, end, access);
	if (kr == KERN_SUCCESS)
		kr = vm_map_clip_range(map, start, end, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if (access != VM_PROT_NONE)
		return vm_map_wire_locked(map, entry, end);
	for (; entry != vm_map_to_entry(map) && entry->start < end;
	    entry = entry->next)
		vm_map_entry_set_wired(map, entry, false);
	return KERN_SUCCESS;
}

/*
 * vm_map_pageable: wire [start, end) for access (every page made
 * resident and mapped with its entry's protection, wire_count raised:
 * the pageout daemon and lock_request leave it, W1-W2), or unwire it
 * when access is VM_PROT_NONE.  A pager's pages are faulted in with no
 * lock held (W3), so this may block.
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS, KERN_INVALID_ADDRESS (a hole),
 * KERN_PROTECTION_FAILURE (access beyond an entry's protection),
 * KERN_RESOURCE_SHORTAGE, a fault's error (KERN_MEMORY_ERROR: the
 * pager's) or KERN_MEMORY_FAILURE (pages evicted again at every try);
 * nothing is wired on failure.
 */
kern_return_t
vm_map_pageable(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_prot_t access)
{
	unsigned int tries = 0;
	kern_return_t kr;

	if (end < start || !vm_map_range_ok(map, start, end - start))
		return KERN_INVALID_ADDRESS;
	for (;;) {
		vm_map_lock(map);
		kr = vm_map_pageable_locked(map, start, end, access);
		vm_map_unlock(map);
		if (kr != KERN_ABORTED)
			return kr;
		kr = vm_map_refault(map, start, end - start, VM_PROT_ALL,
		    &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

/*
 * vm_map_pageable_all: vm_wire_all's work.  VM_WIRE_CURRENT wires every
 * entry now, VM_WIRE_FUTURE every entry made later, VM_WIRE_NONE
 * unwires everything and stops wiring new entries.
 * Locks: none held; takes the map lock; may block (as vm_map_pageable).
 * Returns: KERN_SUCCESS, KERN_INVALID_ARGUMENT, or vm_map_pageable's
 * errors.
 */
kern_return_t
vm_map_pageable_all(vm_map_t map, int flags)
{
	vm_map_entry_t entry;
	unsigned int tries = 0;
	kern_return_t kr = KERN_SUCCESS;

	if ((flags & ~VM_WIRE_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		vm_map_lock(map);
		map->wiring_required = (flags & VM_WIRE_FUTURE) != 0;
		for (entry = vm_map_first_entry(map);
		    flags == VM_WIRE_NONE && entry != vm_map_to_entry(map);
		    entry = entry->next)
			vm_map_entry_set_wired(map, entry, false);
		if (flags & VM_WIRE_CURRENT)
			kr = vm_map_wire_locked(map, vm_map_first_entry(map),
			    map->max_offset);
		vm_map_unlock(map);
		if (kr != KERN_ABORTED)
			return kr;
		kr = vm_map_refault(map, map->min_offset,
		    map->max_offset - map->min_offset, VM_PROT_ALL, &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

/*
 * vm_map_region: describe the entry containing *address, or the first
 * one after it.
 * Locks: none held; takes the map lock.
 * Returns: KERN_SUCCESS and the entry's values; KERN_NO_SPACE when no
 * entry lies at or above *address.
 */
kern_return_t
vm_map_region(vm_map_t map, vm_offset_t *address, vm_size_t *size,
    vm_prot_t *protection, vm_prot_t *max_protection,
    vm_inherit_t *inheritance, boolean_t *is_shared, vm_object_t *object,
    vm_offset_t *offset)
{
	vm_map_entry_t entry;

	vm_map_lock(map);
	if (!vm_map_lookup_entry(map, *address, &entry))
		entry = entry->next;
	if (entry == vm_map_to_entry(map)) {
		vm_map_unlock(map);
		return KERN_NO_SPACE;
	}
	*address = entry->start;
	*size = vm_map_entry_size(entry);
	*protection = entry->protection;
	*max_protection = entry->max_protection;
	*inheritance = entry->inheritance;
	*is_shared = entry->is_shared;
	*object = entry->object;
	vm_object_reference(entry->object);
	*offset = entry->offset;
	vm_map_unlock(map);
	return KERN_SUCCESS;
}

/*
 * vm_map_resolve: see vm/vm_map.h.
 * Locks: none held; takes the map lock.
 */
kern_return_t
vm_map_resolve(vm_map_t map, vm_offset_t va, vm_prot_t access,
    phys_addr_t *pa)
{
	vm_map_entry_t entry;
	struct vm_page *m;
	kern_return_t kr;

	for (int tries = 0; tries < 4; tries++) {
		vm_map_lock(map);
		if (!vm_map_lookup_entry(map, va, &entry)) {
			vm_map_unlock(map);
			return KERN_INVALID_ADDRESS;
		}
		if ((entry->protection & access) != access) {
			vm_map_unlock(map);
			return KERN_PROTECTION_FAILURE;
		}
		kr = vm_fault_page_locked(map, entry, trunc_page(va), access,
		    &m);
		if (kr == KERN_SUCCESS)
			*pa = vm_page_to_pa(m) + (va & PAGE_MASK);
		vm_map_unlock(map);
		if (kr != KERN_ABORTED)
			return kr;
		/* A pager's page, or a copy mapping: the full fault. */
		kr = vm_fault(map, va, access);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_ABORTED;
}

/*
 * Copy-on-write across task_create, as GNU Mach does it: the old
 * entry's object O is shared by the parent's entry and the child's,
 * both marked needs_copy, and every PTE of the parent's range loses
 * write access.  No object is made at the fork; the first write of
 * either side faults, and the fault gives that entry its own shadow of
 * O (vm_map_entry_shadow) before copying the page up into it
 * (vm_fault_copy_up, or the no-wait path of vm_fault_page_locked).
 * O's own chain is collapsed first (vm/vm_object_collapse.c), so the
 * chain stays short once earlier children are gone.
 *
 *   N1  the range of an object that a needs_copy entry (or a shared
 *       copy, N5) sees is written by no one: every entry that maps
 *       that range of it directly is needs_copy (the fork marks both;
 *       a VM_INHERIT_SHARE fork of a needs_copy entry shadows it
 *       first; a copy marks its source entry), and the rest are
 *       shadows above it and copies.
 *   N2  a needs_copy entry's pages are never mapped writable: the fork
 *       write-protects the parent's range, a read fault maps without
 *       write (vm_fault_lookup, vm_fault_page_locked).
 *   N3  needs_copy is cleared only by vm_map_entry_shadow, under the
 *       map lock, with the timestamp bumped (M3): a fault that looked
 *       the entry up before looks again.
 *   N4  pages are never taken out of an object a needs_copy entry
 *       references: not by unmapping the entry (vm_map_entry_delete
 *       leaves them to the object's last reference), not by a move
 *       (vm_map_copyin_movable).
 *   N5  a shared copy (cpy_needs_copy: an out-of-line region kept by
 *       its sender, vm_map_copyin_share) holds a reference to its
 *       source entry's object, whose whole chain is anonymous, and
 *       the source entry is needs_copy.  The copy never writes the
 *       object and gives no page of it away while anyone else holds
 *       it: vm_map_copy_read_at reads through the chain,
 *       vm_map_copy_page_take takes only from an object whose one
 *       reference is the copy's, vm_map_copyout maps it needs_copy
 *       unless the copy holds the last reference.
 *
 * Only a private (not shared) anonymous object of an unwired entry
 * qualifies: a shared object is written through other maps, an
 * external one belongs to its pager, and a wired range must keep its
 * pages writable in place.
 */
static bool
vm_map_fork_can_cow(vm_map_entry_t old)
{
	return old->object->internal && !old->object->shared &&
	    old->wired_count == 0;
}

/*
 * vm_map_fork_cow: make old and new (a copy of old) copy-on-write over
 * old's object (N1, N2).  An entry still needs_copy from an earlier
 * fork is shared once more the same way.
 * Locks: old_map and new_map locked; takes the object lock.
 */
static void
vm_map_fork_cow(vm_map_t old_map, vm_map_entry_t old, vm_map_entry_t new)
{
	vm_object_t object = old->object;

	simple_lock(&object->lock);
	vm_object_collapse(object);	/* not one more level than needed */
	object->ref_count++;		/* the child's entry */
	simple_unlock(&object->lock);
	pmap_protect(old_map->pmap, old->start, old->end,
	    old->protection & ~VM_PROT_WRITE);
	old->needs_copy = true;
	old_map->timestamp++;		/* M3: a blocked fault looks again */
	new->needs_copy = true;
	vm_counter_add(cow_forks, 1);
}

/*
 * vm_map_entry_shadow: see vm/vm_map.h.  The entry's reference to its
 * object passes to the new shadow; the other needs_copy entries keep
 * theirs (N1: the object is still written by no one).  GNU Mach does
 * this in vm_map_lookup's needs_copy case (vm_object_shadow).
 */
kern_return_t
vm_map_entry_shadow(vm_map_t map, vm_map_entry_t entry)
{
	vm_object_t shadow;

	assert(simple_lock_taken(&map->lock));
	assert(entry->needs_copy);
	vm_object_reference(entry->object);	/* shadow_create's, on failure */
	shadow = vm_object_shadow_create(entry->object, entry->offset,
	    vm_map_entry_size(entry));
	if (shadow == VM_OBJECT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	vm_object_deallocate(entry->object);	/* the entry's, now the shadow's */
	entry->object = shadow;
	entry->offset = 0;
	entry->needs_copy = false;
	map->timestamp++;			/* N3 */
	vm_counter_add(cow_shadows, 1);
	return KERN_SUCCESS;
}

/*
 * vm_map_fork_needs_eager: whether old's copy must be eager (K5 of
 * design/05-fault.md): it is inherited by copy, cannot be made
 * copy-on-write by needs_copy, and is wired or its pager said
 * MEMORY_OBJECT_COPY_NONE.
 * Locks: old's map locked; takes the object lock.
 */
static bool
vm_map_fork_needs_eager(vm_map_entry_t old)
{
	return old->inheritance == VM_INHERIT_COPY &&
	    !vm_map_fork_can_cow(old) &&
	    vm_object_copy_is_eager(old->object, old->wired_count != 0);
}

/*
 * vm_map_fork_entry: give new_map the inherited form of old entry:
 * VM_INHERIT_SHARE maps the same object (which becomes shared, O2);
 * VM_INHERIT_COPY of a private anonymous object is copy-on-write
 * (vm_map_fork_cow: both entries needs_copy); of a shared or
 * external object or a wired entry
 * it is a copy as of now (vm_object_copy_strategically: a copy object,
 * or an eager copy of pages vm_map_fork_prefault made resident).
 * Locks: both maps locked (new_map is not visible to anyone).
 * Returns: KERN_SUCCESS; KERN_RESOURCE_SHORTAGE; KERN_ABORTED (an
 * eager copy's page is not resident: the caller refaults, retries).
 */
static kern_return_t
vm_map_fork_entry(vm_map_t old_map, vm_map_t new_map, vm_map_entry_t old)
{
	vm_map_entry_t new;
	vm_size_t size = vm_map_entry_size(old);
	kern_return_t kr = KERN_SUCCESS;

	/* N1: a shared object is written, so it is no needs_copy's. */
	if (old->inheritance == VM_INHERIT_SHARE && old->needs_copy) {
		kr = vm_map_entry_shadow(old_map, old);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	new = vm_map_entry_create();
	if (new == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*new = *old;
	new->wired_count = 0;
	new->is_shared = old->inheritance == VM_INHERIT_SHARE;
	if (old->inheritance == VM_INHERIT_SHARE) {
		old->is_shared = true;
		simple_lock(&old->object->lock);
		old->object->shared = true;
		old->object->ref_count++;
		simple_unlock(&old->object->lock);
	} else if (vm_map_fork_can_cow(old)) {
		vm_map_fork_cow(old_map, old, new);
	} else {
		kr = vm_object_copy_strategically(old->object, old->offset,
		    size, vm_map_fork_needs_eager(old), &new->object);
		new->offset = 0;
		new->needs_copy = false;	/* a copy of its own */
	}
	if (kr != KERN_SUCCESS) {
		vm_map_entry_dispose(new);
		return kr;
	}
	vm_map_entry_link(new_map, new_map->header.prev, new);
	new_map->size += size;
	return KERN_SUCCESS;
}

/*
 * vm_map_fork_prefault: make resident what the eager copies of a fork
 * will read (K5): for each entry vm_map_fork_needs_eager, its object's
 * range through vm_object_copy_refault, with no lock held.  The entry
 * is looked up again after every refault: the map may change.
 * Locks: none held.  Blocks: yes.
 * Returns: KERN_SUCCESS, or the refault's error.
 */
static kern_return_t
vm_map_fork_prefault(vm_map_t map)
{
	vm_map_entry_t entry;
	vm_offset_t va = map->min_offset;
	vm_object_t object;
	vm_offset_t offset;
	vm_size_t size;
	unsigned int tries;
	kern_return_t kr;

	for (;;) {
		vm_map_lock(map);
		if (!vm_map_lookup_entry(map, va, &entry))
			entry = entry->next;	/* the first one after va */
		while (entry != vm_map_to_entry(map) &&
		    !vm_map_fork_needs_eager(entry))
			entry = entry->next;
		if (entry == vm_map_to_entry(map)) {
			vm_map_unlock(map);
			return KERN_SUCCESS;
		}
		object = entry->object;
		vm_object_reference(object);
		offset = entry->offset;
		size = vm_map_entry_size(entry);
		va = entry->end;
		vm_map_unlock(map);
		tries = 0;		/* vm_map_fork bounds passes */
		kr = vm_object_copy_refault(object, offset, size, &tries);
		vm_object_deallocate(object);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

/*
 * vm_map_fork_locked: fill map, new and empty, from old_map's entries.
 * Locks: none held; takes old_map's lock, then map's.
 * Returns: as vm_map_fork_entry (map then holds what was done).
 */
static kern_return_t
vm_map_fork_locked(vm_map_t old_map, vm_map_t map)
{
	vm_map_entry_t entry;
	kern_return_t kr = KERN_SUCCESS;

	vm_map_lock(old_map);
	vm_map_lock(map);
	map->size_cur_limit = old_map->size_cur_limit;
	map->size_max_limit = old_map->size_max_limit;
	for (entry = vm_map_first_entry(old_map);
	    kr == KERN_SUCCESS && entry != vm_map_to_entry(old_map);
	    entry = entry->next)
		if (entry->inheritance != VM_INHERIT_NONE)
			kr = vm_map_fork_entry(old_map, map, entry);
	vm_map_unlock(map);
	vm_map_unlock(old_map);
	return kr;
}

/*
 * vm_map_fork_create: a new, empty map with its own pmap over old_map's
 * range.  Locks: none needed (the range never changes).
 * Returns: the map, or VM_MAP_NULL without memory.
 */
static vm_map_t
vm_map_fork_create(vm_map_t old_map)
{
	struct pmap *pmap = pmap_create();
	vm_map_t map;

	if (pmap == NULL)
		return VM_MAP_NULL;
	map = vm_map_create(pmap, old_map->min_offset, old_map->max_offset);
	if (map == VM_MAP_NULL)
		pmap_destroy(pmap);
	return map;
}

/*
 * vm_map_fork: a new map (with a new pmap) over the same range as
 * old_map, inheriting each entry by its inheritance; limits copied.
 * Eager copies (K5) read pages made resident beforehand with no lock
 * held (vm_map_fork_prefault); if one left meanwhile, the fork is
 * undone and done again, a bounded number of times (the C1 pattern).
 * Locks: none held; takes old_map's lock, then the new map's.
 * Blocks: only to bring in pages for eager copies.
 * Returns: KERN_SUCCESS and *new_map; KERN_RESOURCE_SHORTAGE; the
 * error of a page an eager copy could not have (KERN_MEMORY_ERROR,
 * KERN_MEMORY_FAILURE, ...).
 */
kern_return_t
vm_map_fork(vm_map_t old_map, vm_map_t *new_map)
{
	unsigned int passes = 0;
	vm_map_t map;
	kern_return_t kr;

	do {
		if (++passes > VM_MAP_COPYIN_REFAULTS_MAX)
			return KERN_MEMORY_FAILURE; /* pages keep going */
		kr = vm_map_fork_prefault(old_map);
		if (kr != KERN_SUCCESS)
			return kr;
		map = vm_map_fork_create(old_map);
		if (map == VM_MAP_NULL)
			return KERN_RESOURCE_SHORTAGE;
		kr = vm_map_fork_locked(old_map, map);
		if (kr != KERN_SUCCESS)
			vm_map_destroy(map);
	} while (kr == KERN_ABORTED);
	if (kr == KERN_SUCCESS)
		*new_map = map;
	return kr;
}

/* ---- Out-of-line copies ------------------------------------------- */

/*
 * vm_map_copy_create: an empty copy of the given type.
 * Locks: none.  Returns: the copy, or NULL (no memory).
 */
static vm_map_copy_t
vm_map_copy_create(int type, vm_offset_t offset, vm_size_t size)
{
	vm_map_copy_t copy = kmem_cache_alloc(&vm_map_copy_cache);

	if (copy == NULL)
		return VM_MAP_COPY_NULL;
	memset(copy, 0, sizeof(*copy));
	copy->type = type;
	copy->offset = offset;
	copy->size = size;
	VM_STAT_ADD(copies_current, 1);
	return copy;
}

/*
 * vm_map_copyin_page: a one-page copy made of the page m itself, moved
 * out of its object (the pageout daemon's data_return: no byte copied,
 * no page allocated, which matters when pages are scarce).
 * Locks: m's object locked (the copy's new object is not visible yet).
 * Returns: KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE (m stays put).
 */
kern_return_t
vm_map_copyin_page(struct vm_page *m, vm_map_copy_t *copy_result)
{
	vm_object_t object = vm_object_allocate(PAGE_SIZE);
	vm_map_copy_t copy;

	if (object == VM_OBJECT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	copy = vm_map_copy_create(VM_MAP_COPY_OBJECT, 0, PAGE_SIZE);
	if (copy == VM_MAP_COPY_NULL) {
		vm_object_deallocate(object);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&object->lock);
	vm_page_rename(m, object, 0);
	simple_unlock(&object->lock);
	copy->cpy_object = object;
	VM_STAT_ADD(copyins, 1);
	VM_STAT_ADD(pages_moved, 1);
	*copy_result = copy;
	return KERN_SUCCESS;
}

/* Frees the copy structure only.  Locks: none. */
static void
vm_map_copy_free(vm_map_copy_t copy)
{
	kmem_cache_free(&vm_map_copy_cache, copy);
	VM_STAT_ADD(copies_current, -1);
}

/*
 * vm_map_copy_discard: free a copy and everything it holds.
 * Locks: none held.
 */
void
vm_map_copy_discard(vm_map_copy_t copy)
{
	if (copy == VM_MAP_COPY_NULL)
		return;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER)
		kfree(copy->cpy_kdata, copy->cpy_kalloc_size);
	else
		vm_object_deallocate(copy->cpy_object);
	vm_map_copy_free(copy);
}

vm_size_t
vm_map_copy_size(vm_map_copy_t copy)
{
	return copy == VM_MAP_COPY_NULL ? 0 : copy->size;
}

/*
 * vm_map_copyin_readable: may a copy read the page vm_object_lookup_chain
 * found (src, in page_object), or zeroes where it found none?  C1: not
 * where a pager would have to be asked (no page of an external object,
 * or one that is busy, absent, in error or locked against reading):
 * the data is the pager's and only vm_fault() can wait for it.
 */
static bool
vm_map_copyin_readable(const struct vm_page *src, vm_object_t page_object)
{
	if (src == NULL)
		return page_object != VM_OBJECT_NULL;	/* anonymous: O3 */
	return page_object->internal || (!src->busy && !src->absent &&
	    !src->error && (src->page_lock & VM_PROT_READ) == 0);
}

/*
 * vm_map_copyin_lookup: the source page at va of map for a copy, with
 * its entry's object locked and, if the page is below it, page_object
 * locked too (the caller unlocks both: vm_map_copyin_unlock).
 * Returns: true and *src (NULL: zeroes, O3); false if C1 forbids the
 * read (nothing left locked).
 * Locks: map locked, range checked.
 */
static bool
vm_map_copyin_lookup(vm_map_t map, vm_offset_t va, vm_map_entry_t *entry,
    struct vm_page **src, vm_object_t *page_object)
{
	if (!vm_map_lookup_entry(map, va, entry))
		panic("vm_map_copyin_lookup: unchecked hole at 0x%lx",
		    (unsigned long)va);
	simple_lock(&(*entry)->object->lock);
	*src = vm_object_lookup_chain((*entry)->object, (*entry)->offset +
	    (trunc_page(va) - (*entry)->start), page_object);
	if (vm_map_copyin_readable(*src, *page_object))
		return true;
	if (*src != NULL && *page_object != (*entry)->object)
		simple_unlock(&(*page_object)->lock);
	simple_unlock(&(*entry)->object->lock);
	return false;
}

/* Drops what vm_map_copyin_lookup left locked. */
static void
vm_map_copyin_unlock(vm_map_entry_t entry, struct vm_page *src,
    vm_object_t page_object)
{
	if (src != NULL && page_object != entry->object)
		simple_unlock(&page_object->lock);
	simple_unlock(&entry->object->lock);
}

/*
 * vm_map_read_locked: copy [addr, addr + len) of map, validated
 * readable, into buf; absent anonymous pages read as zeroes (O3).
 * Locks: map locked; takes object locks.
 * Returns: KERN_SUCCESS, or KERN_ABORTED where a pager's page is not
 * resident (C1; buf partly written).
 */
static kern_return_t
vm_map_read_locked(vm_map_t map, vm_offset_t addr, void *buf, vm_size_t len)
{
	char *dst = buf;
	vm_map_entry_t entry;
	vm_object_t page_object;
	struct vm_page *m;
	vm_size_t chunk;

	while (len > 0) {
		chunk = PAGE_SIZE - (addr & PAGE_MASK);
		if (chunk > len)
			chunk = len;
		if (!vm_map_copyin_lookup(map, addr, &entry, &m, &page_object))
			return KERN_ABORTED;
		if (m != NULL)
			memcpy(dst, (const char *)phystokv(vm_page_to_pa(m)) +
			    (addr & PAGE_MASK), chunk);
		else
			memset(dst, 0, chunk);
		vm_map_copyin_unlock(entry, m, page_object);
		dst += chunk;
		addr += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

/*
 * vm_map_copyin_pages: the copy path for pages: every resident source
 * page of [start, end) becomes a new page of object (at start -> 0),
 * holding the bytes of [addr, addr + len) that fall in it and zeroes
 * elsewhere; absent anonymous source pages stay absent (zero) in the
 * copy.  The source page stays locked while it is read (C1).
 * Locks: map locked; takes object locks.
 * Returns: KERN_SUCCESS; KERN_ABORTED where a pager's page is not
 * resident (C1) or KERN_RESOURCE_SHORTAGE: object partly filled, the
 * caller discards it.
 */
static kern_return_t
vm_map_copyin_pages(vm_map_t map, vm_offset_t addr, vm_size_t len,
    vm_object_t object)
{
	vm_offset_t start = trunc_page(addr), end = round_page(addr + len);
	vm_offset_t va, lo, hi;
	vm_map_entry_t entry;
	vm_object_t page_object;
	struct vm_page *src, *dst;
	char *dst_va;

	for (va = start; va < end; va += PAGE_SIZE) {
		if (!vm_map_copyin_lookup(map, va, &entry, &src, &page_object))
			return KERN_ABORTED;
		if (src == NULL) {
			vm_map_copyin_unlock(entry, src, page_object);
			VM_STAT_ADD(copy_zero_pages, 1);
			continue;
		}
		dst = vm_page_grab();
		if (dst == NULL) {
			vm_map_copyin_unlock(entry, src, page_object);
			return KERN_RESOURCE_SHORTAGE;
		}
		lo = va < addr ? addr : va;
		hi = va + PAGE_SIZE > addr + len ? addr + len : va + PAGE_SIZE;
		dst_va = (char *)phystokv(vm_page_to_pa(dst));
		if (hi - lo != PAGE_SIZE)
			memset(dst_va, 0, PAGE_SIZE);
		memcpy(dst_va + (lo - va),
		    (const char *)phystokv(vm_page_to_pa(src)) + (lo - va),
		    hi - lo);
		vm_map_copyin_unlock(entry, src, page_object);
		simple_lock(&object->lock);
		vm_page_insert(dst, object, va - start);
		simple_unlock(&object->lock);
		VM_STAT_ADD(pages_copied, 1);
		VM_STAT_ADD(bytes_copied, hi - lo);
	}
	return KERN_SUCCESS;
}

/* Whether object and all it shadows is anonymous.  Takes object locks. */
static bool
vm_map_object_anonymous(vm_object_t object)
{
	vm_object_t next;
	bool anonymous;

	simple_lock(&object->lock);
	for (;;) {
		anonymous = object->internal;
		next = object->shadow;
		if (!anonymous || next == VM_OBJECT_NULL)
			break;
		simple_lock(&next->lock);	/* top before shadow */
		simple_unlock(&object->lock);
		object = next;
	}
	simple_unlock(&object->lock);
	return anonymous;
}

/*
 * vm_map_prefault: make resident the pages of [addr, addr + len) that
 * the no-wait path (vm_fault_page_locked) would have to leave to a
 * pager: every page of an entry whose object is external or shadows
 * one, through vm_map_resolve (a kernel fault) for access within the
 * entry's protection (a write asks the pager to unlock a write-locked
 * page); wholly anonymous entries are skipped at the cost of one
 * lookup, and so are holes (the caller judges the range).  The entry is
 * looked up again for every stretch: a fault may block, and the map
 * may change meanwhile.
 * Locks: none held; may block (in vm_fault, with the stack).
 * Returns: KERN_SUCCESS, or the fault's error for a page its pager
 * would not give (KERN_MEMORY_ERROR, KERN_RESOURCE_SHORTAGE, ...).
 */
static kern_return_t
vm_map_prefault(vm_map_t map, vm_offset_t addr, vm_size_t len,
    vm_prot_t access)
{
	vm_offset_t va = trunc_page(addr), end, next;
	vm_map_entry_t entry;
	vm_prot_t entry_access;
	phys_addr_t pa;
	bool anonymous;
	kern_return_t kr;

	if (map == VM_MAP_NULL || len == 0 || addr + len < addr)
		return KERN_SUCCESS;
	end = round_page(addr + len);
	while (va < end) {
		vm_map_lock(map);
		if (!vm_map_lookup_entry(map, va, &entry))
			entry = entry->next;	/* a hole: the next entry */
		if (entry == vm_map_to_entry(map) || entry->start >= end) {
			vm_map_unlock(map);
			return KERN_SUCCESS;
		}
		va = entry->start > va ? entry->start : va;
		next = entry->end < end ? entry->end : end;
		anonymous = vm_map_object_anonymous(entry->object);
		entry_access = access & entry->protection;
		vm_map_unlock(map);
		for (; !anonymous && entry_access != VM_PROT_NONE &&
		    va < next; va += PAGE_SIZE) {
			kr = vm_map_resolve(map, va, entry_access, &pa);
			if (kr == KERN_INVALID_ADDRESS ||
			    kr == KERN_PROTECTION_FAILURE)
				break;	/* the map changed: go on */
			if (kr != KERN_SUCCESS)
				return kr;
		}
		va = next;
	}
	return KERN_SUCCESS;
}

/*
 * vm_map_refault: after a no-wait pass said KERN_ABORTED (C1, D2, W3: a
 * pager's page of the range is not resident, busy or locked), bring the
 * range in for access for the next try.  *tries counts the refaults of
 * one operation; the VM_MAP_COPYIN_REFAULTS_MAX-th is refused.
 * Locks: none held (the caller dropped its locks); may block.
 * Returns: KERN_SUCCESS: try again; the prefault's error; or
 * KERN_MEMORY_FAILURE when the pages keep going (one console line).
 */
static kern_return_t
vm_map_refault(vm_map_t map, vm_offset_t addr, vm_size_t len,
    vm_prot_t access, unsigned int *tries)
{
	static bool said;

	if (++*tries >= VM_MAP_COPYIN_REFAULTS_MAX) {
		if (!said) {
			said = true;
			printf("vm: pager pages at 0x%lx+0x%lx evicted %u "
			    "times before use; refused\n", (unsigned long)addr,
			    (unsigned long)len, *tries);
		}
		return KERN_MEMORY_FAILURE;
	}
	VM_STAT_ADD(copyin_refaults, 1);
	return vm_map_prefault(map, addr, len, access);
}

/*
 * vm_map_copyin_refault: see vm/vm_map.h; a copy reads its source.
 */
kern_return_t
vm_map_copyin_refault(vm_map_t map, vm_offset_t addr, vm_size_t len,
    unsigned int *tries)
{
	return vm_map_refault(map, addr, len, VM_PROT_READ, tries);
}

/*
 * vm_map_copyin_resident: see vm/vm_map.h.  The first try needs no
 * prefault when nothing of a pager's is missing (anonymous data, or
 * pager pages resident already): the usual case pays nothing for C1.
 */
kern_return_t
vm_map_copyin_resident(vm_map_t src_map, vm_offset_t src_addr, vm_size_t len,
    boolean_t src_destroy, vm_map_copy_t *copy_result)
{
	unsigned int tries = 0;
	kern_return_t kr;

	for (;;) {
		kr = vm_map_copyin(src_map, src_addr, len, src_destroy,
		    copy_result);
		if (kr != KERN_ABORTED)
			return kr;
		kr = vm_map_copyin_refault(src_map, src_addr, len, &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

/*
 * vm_map_copyin_shareable: the entry a copy of [start, end) may share
 * copy-on-write instead of copying its pages, or NULL.  Only a range
 * inside one entry that a fork would make copy-on-write
 * (vm_map_fork_can_cow: private, anonymous, unwired) whose object has
 * no copy object and whose whole chain is anonymous: a message's copy
 * may be discarded under ipc_lock, and dropping the last reference to
 * a chain that reaches a pager would send to it there
 * (design/locking.md L1).
 * Locks: map locked (range checked); takes object locks.
 */
static vm_map_entry_t
vm_map_copyin_shareable(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	vm_map_entry_t entry;

	if (!vm_map_lookup_entry(map, start, &entry) || entry->end < end)
		return VM_MAP_ENTRY_NULL;
	if (!vm_map_fork_can_cow(entry) ||
	    entry->object->copy != VM_OBJECT_NULL ||
	    !vm_map_object_anonymous(entry->object))
		return VM_MAP_ENTRY_NULL;
	return entry;
}

/*
 * vm_map_copyin_share: the share path (GNU Mach's vm_map_copyin for a
 * copy that keeps its source): entry is made needs_copy with its PTEs
 * write-protected (N2), and copy takes a reference to its object and
 * the range's offset in it (N5).  No page is read or copied; the first
 * write of either side copies it.  The whole entry becomes needs_copy,
 * not only [start, end): GNU Mach clips the entry to the range, but the
 * pages of the object under the clipped entry that its first write
 * hides would then stay in the object, seen by no one, until every
 * entry of the object is gone (the neighbours keep it alive, so it is
 * never collapsed).  Unclipped, the object is held by the entry's
 * shadow alone once the copy is gone, and the shadow's next copy-up
 * folds it in (C3); the price is a fault at the first write of each
 * page of the entry after a send.
 * Locks: map locked (range checked, shareable).
 */
static void
vm_map_copyin_share(vm_map_t map, vm_map_entry_t entry, vm_offset_t start,
    vm_offset_t end, vm_map_copy_t copy)
{
	simple_lock(&entry->object->lock);
	entry->object->ref_count++;		/* the copy's */
	simple_unlock(&entry->object->lock);
	if (!entry->needs_copy) {
		pmap_protect(map->pmap, entry->start, entry->end,
		    entry->protection & ~VM_PROT_WRITE);
		entry->needs_copy = true;
		map->timestamp++;		/* M3, N3 */
	}
	copy->cpy_object = entry->object;
	copy->cpy_object_offset = entry->offset + (start - entry->start);
	copy->cpy_needs_copy = true;
	VM_STAT_ADD(pages_shared, vm_map_pages(start, end));
}

/*
 * vm_map_copyin_movable: may the pages of [start, end) be moved out?
 * Only if no object there is shared (O2), referenced copy-on-write
 * (needs_copy, N4) or shadows another: a shared or copy-on-write
 * object's pages are seen by another map too, and a shadow's lower
 * pages belong to every object above them (copy-on-write).  Nor out of
 * a wired entry: its pages hold its wire_count (W1), which the move
 * would carry to the receiver while the sender's wiring is undone.
 * Locks: map locked (range checked).
 */
static bool
vm_map_copyin_movable(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	vm_map_entry_t entry;

	vm_map_lookup_entry(map, start, &entry);
	for (; entry != vm_map_to_entry(map) && entry->start < end;
	    entry = entry->next)
		if (entry->object->shared || entry->needs_copy ||	/* N4 */
		    entry->object->shadow != VM_OBJECT_NULL ||
		    entry->object->copy != VM_OBJECT_NULL ||	/* K1 */
		    entry->wired_count != 0)			/* W1 */
			return false;
	return true;
}

/* Where vm_map_copyin_move puts the pages of one entry's object. */
struct vm_map_copyin_move_state {
	vm_object_t	object;		/* the copy's, locked */
	vm_offset_t	delta;		/* its offset = the source's + delta */
	unsigned long	moved;
};

/* One page of vm_map_copyin_move.  Both objects locked. */
static void
vm_map_copyin_move_page(vm_object_t source, struct vm_page *m, void *arg)
{
	struct vm_map_copyin_move_state *move = arg;

	(void)source;
	vm_page_rename(m, move->object, m->offset + move->delta);
	move->moved++;
}

/*
 * vm_map_copyin_move: the move path: unmap [start, end) and rename
 * every resident page there into object (start -> offset 0).  No byte
 * is copied; absent pages stay absent (zero).  Cannot fail.
 * Locks: map locked (range checked, movable); takes object locks.
 */
static void
vm_map_copyin_move(vm_map_t map, vm_offset_t start, vm_offset_t end,
    vm_object_t object)
{
	struct vm_map_copyin_move_state move = { .object = object };
	vm_map_entry_t entry;
	vm_offset_t lo, hi, src_lo;

	pmap_remove(map->pmap, start, end);
	vm_map_lookup_entry(map, start, &entry);
	for (; entry != vm_map_to_entry(map) && entry->start < end;
	    entry = entry->next) {
		lo = entry->start > start ? entry->start : start;
		hi = entry->end < end ? entry->end : end;
		src_lo = entry->offset + (lo - entry->start);
		move.delta = (lo - start) - src_lo;	/* modulo 2^64 */
		simple_lock(&entry->object->lock);
		simple_lock(&object->lock);	/* private: after (design) */
		vm_object_page_walk(entry->object, src_lo, hi - lo,
		    vm_map_copyin_move_page, &move);
		simple_unlock(&object->lock);
		simple_unlock(&entry->object->lock);
	}
	VM_STAT_ADD(pages_moved, move.moved);
	VM_STAT_ADD(copy_zero_pages, vm_map_pages(start, end) - move.moved);
}

/*
 * vm_map_copyin_object: the pages of an object copy (copy->offset set),
 * by the first path that applies: moved (page aligned, at least
 * VM_MAP_COPY_MOVE_MIN_PAGES, src_destroy, movable), shared
 * copy-on-write (the same size, one shareable entry: N5), or copied.
 * The object of a moved or copied copy is made here, under the map
 * lock, as vm_map_entry_shadow makes its shadows.
 * Locks: src_map locked (range checked readable).
 * Returns: KERN_SUCCESS; KERN_RESOURCE_SHORTAGE, or KERN_ABORTED (C1)
 * from the copy path: the caller discards the copy, nothing changed.
 */
static kern_return_t
vm_map_copyin_object(vm_map_t map, vm_offset_t src_addr, vm_size_t len,
    bool src_destroy, vm_map_copy_t copy)
{
	vm_offset_t start = trunc_page(src_addr);
	vm_offset_t end = round_page(src_addr + len);
	vm_map_entry_t entry;
	bool pages, move;

	pages = (src_addr & PAGE_MASK) == 0 && (len & PAGE_MASK) == 0 &&
	    len >= VM_MAP_COPY_MOVE_MIN_PAGES * PAGE_SIZE;
	move = pages && src_destroy && vm_map_copyin_movable(map, start, end);
	if (pages && !move) {
		entry = vm_map_copyin_shareable(map, start, end);
		if (entry != VM_MAP_ENTRY_NULL) {
			vm_map_copyin_share(map, entry, start, end, copy);
			return KERN_SUCCESS;
		}
	}
	copy->cpy_object = vm_object_allocate(end - start);
	if (copy->cpy_object == VM_OBJECT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (move) {
		vm_map_copyin_move(map, start, end, copy->cpy_object);
		return KERN_SUCCESS;
	}
	return vm_map_copyin_pages(map, src_addr, len, copy->cpy_object);
}

/*
 * vm_map_copyin: make a copy of [src_addr, src_addr + len) of src_map.
 *
 *   len == 0                       *copy_result = VM_MAP_COPY_NULL
 *   len < PAGE_SIZE                bytes into a kernel buffer
 *   page aligned, >= MOVE_MIN pages,
 *     src_destroy, no shared obj   pages moved (pages_moved)
 *     in one private anonymous     the entry's object shared
 *     entry (shareable)            copy-on-write (pages_shared, N5)
 *   otherwise                      pages copied (pages_copied); the
 *                                  copy keeps src_addr's page offset
 *
 * With src_destroy, [trunc_page(src_addr), round_page(src_addr + len))
 * is then deallocated from src_map (GNU Mach's rule for a message's
 * deallocate bit).
 * Locks: none held; takes src_map's lock.
 * C1 is checked on the copy paths (the kernel buffer and pages copied);
 * the move path never meets a pager's page: external objects are
 * shared and shadows are never moved (vm_map_copyin_movable); the
 * share path reads no page, and shares only wholly anonymous chains.
 * Locks: none held; takes src_map's lock.  Never blocks.
 * Returns: KERN_SUCCESS and *copy_result; KERN_INVALID_ADDRESS (a hole,
 * outside the map, overflow) or KERN_PROTECTION_FAILURE (not readable),
 * nothing changed; KERN_RESOURCE_SHORTAGE, nothing changed;
 * KERN_ABORTED, nothing changed: a pager's page of the range is not
 * resident (C1), vm_fault() must bring it first (vm_map_copyin_refault).
 */
kern_return_t
vm_map_copyin(vm_map_t src_map, vm_offset_t src_addr, vm_size_t len,
    boolean_t src_destroy, vm_map_copy_t *copy_result)
{
	vm_offset_t start, end;
	vm_map_copy_t copy;
	void *kdata = NULL;
	kern_return_t kr;

	if (len == 0) {
		*copy_result = VM_MAP_COPY_NULL;
		return KERN_SUCCESS;
	}
	if (src_map == VM_MAP_NULL || !vm_map_range_ok(src_map, src_addr, len))
		return KERN_INVALID_ADDRESS;
	start = trunc_page(src_addr);
	end = round_page(src_addr + len);
	if (end < start)
		return KERN_INVALID_ADDRESS;	/* rounded past the top */

	/*
	 * Allocate the buffer before locking the map: nothing changes on
	 * failure.  An object copy's object is made under the lock, only
	 * when the share path does not apply (vm_map_copyin_object).
	 */
	if (len < PAGE_SIZE) {
		copy = vm_map_copy_create(VM_MAP_COPY_KERNEL_BUFFER, 0, len);
		kdata = copy != NULL ? kalloc(len) : NULL;
		if (kdata == NULL) {
			if (copy != NULL)
				vm_map_copy_free(copy);
			return KERN_RESOURCE_SHORTAGE;
		}
		copy->cpy_kdata = kdata;
		copy->cpy_kalloc_size = len;
	} else {
		copy = vm_map_copy_create(VM_MAP_COPY_OBJECT,
		    src_addr & PAGE_MASK, len);
		if (copy == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}

	vm_map_lock(src_map);
	kr = vm_map_range_check(src_map, start, end, VM_PROT_READ);
	if (kr == KERN_SUCCESS && kdata != NULL) {
		kr = vm_map_read_locked(src_map, src_addr, kdata, len);
		if (kr == KERN_SUCCESS)
			VM_STAT_ADD(bytes_copied, len);
	} else if (kr == KERN_SUCCESS)
		kr = vm_map_copyin_object(src_map, src_addr, len, src_destroy,
		    copy);
	if (kr != KERN_SUCCESS)
		goto fail;
	/*
	 * A clip can fail for lack of an entry, after the data is taken:
	 * then the sender keeps its (moved: zero) range; the copy is good.
	 */
	if (src_destroy)
		(void)vm_map_delete(src_map, start, end);
	vm_map_unlock(src_map);
	VM_STAT_ADD(copyins, 1);
	*copy_result = copy;
	return KERN_SUCCESS;

fail:
	vm_map_unlock(src_map);
	vm_map_copy_discard(copy);
	return kr;
}

/*
 * vm_map_copyin_kernel_buffer: a copy of len bytes at kernel address
 * data (for kernel routines that return out-of-line arrays).
 * Locks: none.
 * Returns: KERN_SUCCESS and *copy_result (NULL for len 0);
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_map_copyin_kernel_buffer(const void *data, vm_size_t len,
    vm_map_copy_t *copy_result)
{
	const char *src = data;
	vm_map_copy_t copy;
	vm_object_t object;
	struct vm_page *m;
	vm_offset_t off;
	vm_size_t chunk;

	if (len == 0) {
		*copy_result = VM_MAP_COPY_NULL;
		return KERN_SUCCESS;
	}
	if (len < PAGE_SIZE) {
		copy = vm_map_copy_create(VM_MAP_COPY_KERNEL_BUFFER, 0, len);
		if (copy == NULL)
			return KERN_RESOURCE_SHORTAGE;
		copy->cpy_kdata = kalloc(len);
		if (copy->cpy_kdata == NULL) {
			vm_map_copy_free(copy);
			return KERN_RESOURCE_SHORTAGE;
		}
		copy->cpy_kalloc_size = len;
		memcpy(copy->cpy_kdata, data, len);
		VM_STAT_ADD(bytes_copied, len);
		VM_STAT_ADD(copyins, 1);
		*copy_result = copy;
		return KERN_SUCCESS;
	}
	copy = vm_map_copy_create(VM_MAP_COPY_OBJECT, 0, len);
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	object = vm_object_allocate(len);
	if (object == VM_OBJECT_NULL) {
		vm_map_copy_free(copy);
		return KERN_RESOURCE_SHORTAGE;
	}
	copy->cpy_object = object;
	simple_lock(&object->lock);
	for (off = 0; off < len; off += PAGE_SIZE) {
		m = vm_page_alloc_zero(object, off);
		if (m == NULL) {
			simple_unlock(&object->lock);
			vm_map_copy_discard(copy);
			return KERN_RESOURCE_SHORTAGE;
		}
		chunk = len - off < PAGE_SIZE ? len - off : PAGE_SIZE;
		memcpy((void *)phystokv(vm_page_to_pa(m)), src + off, chunk);
		VM_STAT_ADD(pages_copied, 1);
	}
	simple_unlock(&object->lock);
	VM_STAT_ADD(bytes_copied, len);
	VM_STAT_ADD(copyins, 1);
	*copy_result = copy;
	return KERN_SUCCESS;
}

/*
 * vm_map_copy_read_at: len bytes of copy's data from position pos into
 * buf (absent pages read as zeroes); the range is inside the data.
 * Locks: takes the copy object's lock (the caller may hold a map lock).
 */
kern_return_t
vm_map_copy_read_at(vm_map_copy_t copy, vm_offset_t pos, void *buf,
    vm_size_t len)
{
	char *dst = buf;
	vm_offset_t end;
	vm_size_t chunk;
	vm_object_t object, page_object;
	struct vm_page *m;

	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER) {
		memcpy(buf, (const char *)copy->cpy_kdata + pos, len);
		return KERN_SUCCESS;
	}
	pos += copy->offset;
	end = pos + len;
	object = copy->cpy_object;
	simple_lock(&object->lock);
	for (; pos < end; pos += chunk) {
		chunk = PAGE_SIZE - (pos & PAGE_MASK);
		if (chunk > end - pos)
			chunk = end - pos;
		/* A shared copy's pages may lie below its object (N5). */
		m = vm_object_lookup_chain(object, copy->cpy_object_offset +
		    trunc_page(pos), &page_object);
		assert(m != NULL || page_object == object); /* anonymous */
		if (m != NULL)
			memcpy(dst, (const char *)phystokv(vm_page_to_pa(m)) +
			    (pos & PAGE_MASK), chunk);
		else
			memset(dst, 0, chunk);
		if (m != NULL && page_object != object)
			simple_unlock(&page_object->lock);
		dst += chunk;
	}
	simple_unlock(&object->lock);
	return KERN_SUCCESS;
}

/*
 * vm_map_copy_page_take: the page holding bytes [pos, pos + PAGE_SIZE)
 * of copy's data, taken out of the copy's object so that the caller
 * can put it in an object of its own (memory_object_data_supply moves
 * a pager's pages this way, design/07 "Supply by move").  The page
 * comes back in no object, on no queue, unmapped, with no state but
 * its bytes (clean, not busy); the copy reads as zeroes there after.
 *
 * X2: a page is taken only if no one else can see it: the copy's
 * object is its only reference (so no needs_copy entry shares a
 * shared copy's object any more: N5) and shadows nothing, the data starts
 * on a page boundary (copy->offset 0), the page is resident, not busy,
 * absent or in error, not wired and in no pmap.  Otherwise NULL: the
 * caller copies the bytes (vm_map_copy_read_at) and the page stays.
 *
 * Locks: takes the copy object's lock; the caller may hold one other
 * object's lock (a copy's object is private: its lock comes after).
 */
struct vm_page *
vm_map_copy_page_take(vm_map_copy_t copy, vm_offset_t pos)
{
	vm_object_t object;
	struct vm_page *m;

	if (copy->type != VM_MAP_COPY_OBJECT || copy->offset != 0 ||
	    (pos & PAGE_MASK) != 0 || pos > copy->size ||
	    copy->size - pos < PAGE_SIZE)
		return NULL;
	object = copy->cpy_object;
	simple_lock(&object->lock);
	m = object->ref_count == 1 && object->shadow == VM_OBJECT_NULL ?
	    vm_page_lookup(object, copy->cpy_object_offset + pos) : NULL;
	/* Unmapped: its D bit history (its last owner's writes) goes too. */
	if (m != NULL && (m->busy || m->absent || m->error ||
	    m->wire_count != 0 ||
	    !pmap_page_reset_if_unmapped(vm_page_to_pa(m))))
		m = NULL;
	if (m != NULL) {
		vm_page_remove(m);
		m->dirty = m->precious = m->reference = m->wanted = 0;
	}
	simple_unlock(&object->lock);
	return m;
}

/*
 * vm_map_copy_read: the first len bytes of copy into buf (absent pages
 * read as zeroes).  The copy is not consumed.
 * Locks: none held; takes the copy object's lock.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT if len > the copy's size.
 */
kern_return_t
vm_map_copy_read(vm_map_copy_t copy, void *buf, vm_size_t len)
{
	if (len > vm_map_copy_size(copy))
		return KERN_INVALID_ARGUMENT;
	if (len == 0)
		return KERN_SUCCESS;
	return vm_map_copy_read_at(copy, 0, buf, len);
}

/*
 * vm_map_copyout_object: for a kernel-buffer copy, an object of fresh
 * pages holding its bytes (moved copies already have one).
 * Locks: none.  Returns: the object, or NULL (no memory).
 */
static vm_object_t
vm_map_copyout_object(vm_map_copy_t copy)
{
	vm_object_t object;
	struct vm_page *m;
	vm_offset_t off;
	vm_size_t chunk;

	object = vm_object_allocate(copy->size);
	if (object == VM_OBJECT_NULL)
		return VM_OBJECT_NULL;
	simple_lock(&object->lock);
	for (off = 0; off < copy->size; off += PAGE_SIZE) {
		m = vm_page_alloc_zero(object, off);
		if (m == NULL) {
			simple_unlock(&object->lock);
			vm_object_deallocate(object);
			return VM_OBJECT_NULL;
		}
		chunk = copy->size - off < PAGE_SIZE ? copy->size - off :
		    PAGE_SIZE;
		memcpy((void *)phystokv(vm_page_to_pa(m)),
		    (const char *)copy->cpy_kdata + off, chunk);
	}
	simple_unlock(&object->lock);
	VM_STAT_ADD(bytes_copied, copy->size);
	return object;
}

/*
 * vm_map_copyout_enter_pages: enter entry's resident pages (those of
 * its object in its window) in the pmap now, as the receiver reads
 * them next; without write for a needs_copy entry (N2).  A failure (no
 * page for a page table) is left to vm_fault().
 * Locks: map locked; takes the object lock.
 */
static void
vm_map_copyout_enter_pages(vm_map_t map, vm_map_entry_t entry)
{
	vm_object_t object = entry->object;
	vm_offset_t size = vm_map_entry_size(entry), window = entry->offset;
	vm_offset_t start = entry->start;
	vm_prot_t prot = entry->protection;
	struct pmap *pmap = map->pmap;
	struct vm_page *m;

	if (entry->needs_copy)
		prot &= ~VM_PROT_WRITE;
	simple_lock(&object->lock);
	if (window == 0 && object->size <= size) {
		/* All of it (moved, copied): no test per page. */
		for (m = object->memq; m != NULL; m = m->listq_next)
			(void)pmap_enter(pmap, start + m->offset,
			    vm_page_to_pa(m), prot);
	} else {
		for (m = object->memq; m != NULL; m = m->listq_next)
			if (m->offset - window < size)	/* unsigned */
				(void)pmap_enter(pmap, start +
				    (m->offset - window), vm_page_to_pa(m),
				    prot);
	}
	simple_unlock(&object->lock);
}

/*
 * vm_map_copyout: map copy at a fresh place anywhere in dst_map.  An
 * object copy's object becomes the new entry's object and its resident
 * pages are entered in the pmap as they are: no byte is copied.  A
 * shared copy's object (N5) is mapped needs_copy while anyone else
 * holds it: the receiver's first write gives it its own shadow.  A
 * kernel-buffer copy is copied into fresh pages.  The region is
 * read/write, maximum all, inheritance copy; *dst_addr keeps the
 * source's offset in the page.
 * Locks: none held; takes dst_map's lock.
 * Returns: KERN_SUCCESS (copy consumed; *dst_addr 0 for a null copy);
 * KERN_NO_SPACE or KERN_RESOURCE_SHORTAGE (copy intact, X1).
 */
kern_return_t
vm_map_copyout(vm_map_t dst_map, vm_offset_t *dst_addr, vm_map_copy_t copy)
{
	vm_object_t object;
	vm_map_entry_t entry;
	vm_offset_t start;
	bool needs_copy;
	kern_return_t kr;

	if (copy == VM_MAP_COPY_NULL) {
		*dst_addr = 0;
		return KERN_SUCCESS;
	}
	if (dst_map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER) {
		object = vm_map_copyout_object(copy);
		if (object == VM_OBJECT_NULL)
			return KERN_RESOURCE_SHORTAGE;
	} else
		object = copy->cpy_object;

	vm_map_lock(dst_map);
	/* Held by the copy alone: the receiver's own (X2's rule). */
	needs_copy = false;
	if (copy->cpy_needs_copy) {
		simple_lock(&object->lock);
		needs_copy = object->ref_count > 1;
		simple_unlock(&object->lock);
	}
	kr = vm_map_enter_locked(dst_map, &start,
	    round_page(copy->offset + copy->size), PAGE_MASK, TRUE, object,
	    copy->cpy_object_offset, needs_copy, VM_PROT_DEFAULT, VM_PROT_ALL,
	    VM_INHERIT_DEFAULT, &entry);
	if (kr != KERN_SUCCESS) {
		vm_map_unlock(dst_map);
		if (copy->type == VM_MAP_COPY_KERNEL_BUFFER)
			vm_object_deallocate(object);
		return kr;
	}
	vm_map_copyout_enter_pages(dst_map, entry);
	vm_map_unlock(dst_map);

	*dst_addr = start + copy->offset;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER)
		kfree(copy->cpy_kdata, copy->cpy_kalloc_size);
	vm_map_copy_free(copy);
	VM_STAT_ADD(copyouts, 1);
	return KERN_SUCCESS;
}

/*
 * vm_map_overwrite_locked: one try of vm_map_copy_overwrite.  First
 * every destination page is made resident and writable without waiting
 * (vm_fault_page_locked: copy-up, zero fill, and the dirty mark of D1);
 * only when all are there are the bytes written, so a try that must
 * wait for a pager writes nothing (D2).
 * Locks: map locked and held throughout; nothing blocks.
 * Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE;
 * KERN_ABORTED (refault and try again); KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
vm_map_overwrite_locked(vm_map_t map, vm_offset_t dst_addr,
    vm_map_copy_t copy)
{
	vm_offset_t va, pos, end = dst_addr + copy->size;
	vm_map_entry_t entry;
	struct vm_page *dst;
	vm_size_t chunk;
	kern_return_t kr;

	kr = vm_map_range_check(map, trunc_page(dst_addr), round_page(end),
	    VM_PROT_WRITE);
	for (va = trunc_page(dst_addr); kr == KERN_SUCCESS && va < end;
	    va += PAGE_SIZE) {
		vm_map_lookup_entry(map, va, &entry);
		kr = vm_fault_page_locked(map, entry, va, VM_PROT_WRITE, NULL);
	}
	for (va = dst_addr, pos = 0; kr == KERN_SUCCESS && va < end;
	    va += chunk, pos += chunk) {
		chunk = PAGE_SIZE - (va & PAGE_MASK);
		if (chunk > end - va)
			chunk = end - va;
		vm_map_lookup_entry(map, va, &entry);
		/* Resident since the pass above: nothing can fail here. */
		kr = vm_fault_page_locked(map, entry, trunc_page(va),
		    VM_PROT_WRITE, &dst);
		assert(kr == KERN_SUCCESS);
		/*
		 * dst is in a map object, the copy's pages in the copy's
		 * object: vm_map_copy_read takes only the latter's lock.
		 */
		kr = vm_map_copy_read_at(copy, pos,
		    (char *)phystokv(vm_page_to_pa(dst)) + (va & PAGE_MASK),
		    chunk);
	}
	return kr;
}

/*
 * vm_map_copy_overwrite: write copy's bytes over [dst_addr, dst_addr +
 * size) of dst_map, which must be mapped writable (vm_write, vm_copy).
 * A pager's pages that are not resident (or busy, or write-locked) are
 * faulted in for writing with no lock held and the write tried again
 * (D2, the pattern of C1); interruptible is unused.
 * Locks: none held; takes dst_map's lock; may block (in vm_fault).
 * Returns: KERN_SUCCESS (copy consumed); KERN_INVALID_ADDRESS,
 * KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE, a fault's error
 * (KERN_MEMORY_ERROR: the pager's) or KERN_MEMORY_FAILURE (refaults
 * exhausted), with nothing written; the copy stays with the caller on
 * failure (X1).
 */
kern_return_t
vm_map_copy_overwrite(vm_map_t dst_map, vm_offset_t dst_addr,
    vm_map_copy_t copy, boolean_t interruptible)
{
	unsigned int tries = 0;
	kern_return_t kr;

	(void)interruptible;
	if (copy == VM_MAP_COPY_NULL)
		return KERN_SUCCESS;
	if (dst_map == VM_MAP_NULL ||
	    !vm_map_range_ok(dst_map, dst_addr, copy->size))
		return KERN_INVALID_ADDRESS;
	for (;;) {
		vm_map_lock(dst_map);
		kr = vm_map_overwrite_locked(dst_map, dst_addr, copy);
		vm_map_unlock(dst_map);
		if (kr != KERN_ABORTED)
			break;
		kr = vm_map_refault(dst_map, dst_addr, copy->size,
		    VM_PROT_WRITE, &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	if (kr != KERN_SUCCESS)
		return kr;
	VM_STAT_ADD(bytes_copied, copy->size);
	vm_map_copy_discard(copy);
	return KERN_SUCCESS;
}

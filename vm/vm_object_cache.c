/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object_cache.c: the object cache.
 *
 * Owns the list of cached objects (least recently released first), its
 * count and bound (VM_OBJECT_CACHE_MAX), and each object's `cached',
 * cached_next and cached_prev.  An external object whose pager said
 * may_cache TRUE is not terminated when its last reference goes: it is
 * kept, pages and ports and all, so that mapping the same memory object
 * port again (vm_object_enter) takes it back and finds its pages
 * resident, with no memory_object_init and no data_request.  The other
 * ways out of the cache terminate the object as its last reference
 * would have (dirty pages returned, memory_object_terminate sent):
 * trimming past the bound, the pager's change_attributes(may_cache
 * FALSE), and the pager port's death (no messages then).
 *
 * Called from: vm_object_deallocate (insert, trim), vm_object_enter
 * (remove), memory_object_change_attributes (uncache),
 * vm_object_pager_died (pager_died).  Cached pages stay on the page
 * queues, deactivated at insertion, so the pageout daemon frees or
 * returns them first; a transient reference to a cached object (a
 * pager's message, a page on its way out) leaves it where it is in the
 * list.
 *
 * Invariants (design/07-pager-protocol.md, "The object cache"):
 *   OC1  object->cached exactly when the object is on the list; then it
 *       is external, with a live pager port, and no map entry, copy or
 *       shadow refers to it (its ref_count counts transient references
 *       only).
 *   OC2  vm_object_cached_count is the list's length; after a trim it is
 *       at most VM_OBJECT_CACHE_MAX.
 *   OC3  an object leaves the list by vm_object_cache_remove (taken back
 *       by a mapping) or by eviction, which also clears pager_may_cache
 *       so that its last reference terminates it (GNU Mach clears
 *       can_persist the same way in vm_object_destroy).
 *
 * Locking: object->lock -> vm_object_cache_lock (a leaf).  `cached' and
 * the links change only with both held, so either lock reads `cached'.
 * The trim starts from the list and therefore only try-locks objects
 * (as the pageout daemon does); one that cannot be locked is passed
 * over until a later trim.  Nothing here blocks; messages to pagers go
 * out from vm_object_deallocate with no lock held.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/lock.h>
#include <vm/vm_object.h>
#include <vm/vm_object_cache.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>

static simple_lock_data_t vm_object_cache_lock =
	SIMPLE_LOCK_INITIALIZER("vm_object_cache");
/* Guarded by vm_object_cache_lock. */
static vm_object_t vm_object_cache_oldest, vm_object_cache_newest;
static unsigned long vm_object_cached_count;

/* Appends object as the newest.  Locks: object and cache lock held. */
static void
vm_object_cache_link(vm_object_t object)
{
	assert(!object->cached);
	object->cached_next = VM_OBJECT_NULL;
	object->cached_prev = vm_object_cache_newest;
	if (vm_object_cache_newest != VM_OBJECT_NULL)
		vm_object_cache_newest->cached_next = object;
	else
		vm_object_cache_oldest = object;
	vm_object_cache_newest = object;
	object->cached = true;
	vm_object_cached_count++;
	vm_counters.objects_cached++;
	vm_counters.objects_cached_current = vm_object_cached_count;
}

/* Takes object off the list.  Locks: object and cache lock held. */
static void
vm_object_cache_unlink(vm_object_t object)
{
	assert(object->cached);
	if (object->cached_prev != VM_OBJECT_NULL)
		object->cached_prev->cached_next = object->cached_next;
	else
		vm_object_cache_oldest = object->cached_next;
	if (object->cached_next != VM_OBJECT_NULL)
		object->cached_next->cached_prev = object->cached_prev;
	else
		vm_object_cache_newest = object->cached_prev;
	object->cached_next = object->cached_prev = VM_OBJECT_NULL;
	object->cached = false;
	vm_object_cached_count--;
	vm_counters.objects_cached_current = vm_object_cached_count;
}

/*
 * Evicts object (OC3): off the list, never cached again.  Returns true
 * if it has no reference, so the caller must terminate it; otherwise
 * the holder's vm_object_deallocate will.  Locks: object and cache lock.
 */
static bool
vm_object_cache_evict_locked(vm_object_t object)
{
	vm_object_cache_unlink(object);
	object->pager_may_cache = false;
	vm_counters.object_cache_evictions++;
	return object->ref_count == 0;
}

/*
 * The object's resident pages go to the inactive queue, so that memory
 * pressure takes them before pages still mapped (Mach 3's
 * vm_object_deactivate_pages at the same point).  Object locked.
 */
static void
vm_object_cache_deactivate(vm_object_t object)
{
	for (struct vm_page *m = object->memq; m != NULL; m = m->listq_next)
		if (m->active && !m->busy)
			vm_page_deactivate(m);
}

bool
vm_object_cache_insert(vm_object_t object)
{
	assert(simple_lock_taken(&object->lock));
	assert(object->ref_count == 0);
	if (object->cached)
		return true;		/* a transient reference went (OC1) */
	if (object->internal || object->pager == NULL ||
	    !object->pager_may_cache || object->pager_dead)
		return false;
	assert(object->shadow == VM_OBJECT_NULL);
	vm_object_cache_deactivate(object);
	simple_lock(&vm_object_cache_lock);
	vm_object_cache_link(object);
	simple_unlock(&vm_object_cache_lock);
	return true;
}

/*
 * vm_object_cache_trim_one: evicts the oldest object that can be locked.
 * Returns: the object if it must be terminated now (with a reference for
 * the caller's vm_object_deallocate), else VM_OBJECT_NULL; *more is
 * false when nothing (more) can be trimmed.
 * Locks: none held on entry or on return.
 */
static vm_object_t
vm_object_cache_trim_one(bool *more)
{
	vm_object_t object;
	bool terminate;

	simple_lock(&vm_object_cache_lock);
	object = vm_object_cache_oldest;
	if (vm_object_cached_count <= VM_OBJECT_CACHE_MAX)
		object = VM_OBJECT_NULL;
	while (object != VM_OBJECT_NULL && !simple_lock_try(&object->lock))
		object = object->cached_next;	/* the other order: later */
	*more = object != VM_OBJECT_NULL;
	if (object == VM_OBJECT_NULL) {
		simple_unlock(&vm_object_cache_lock);
		return VM_OBJECT_NULL;
	}
	terminate = vm_object_cache_evict_locked(object);
	if (terminate)
		object->ref_count = 1;
	simple_unlock(&vm_object_cache_lock);
	simple_unlock(&object->lock);
	return terminate ? object : VM_OBJECT_NULL;
}

void
vm_object_cache_trim(void)
{
	vm_object_t object;
	bool more = true;

	while (more) {
		object = vm_object_cache_trim_one(&more);
		if (object != VM_OBJECT_NULL)
			vm_object_deallocate(object);	/* terminates it */
	}
}

bool
vm_object_cache_remove(vm_object_t object)
{
	assert(simple_lock_taken(&object->lock));
	if (!object->cached)
		return false;
	simple_lock(&vm_object_cache_lock);
	vm_object_cache_unlink(object);
	vm_counters.object_cache_reuses++;
	simple_unlock(&vm_object_cache_lock);
	return true;
}

void
vm_object_cache_uncache(vm_object_t object)
{
	assert(simple_lock_taken(&object->lock));
	assert(object->ref_count > 0);
	if (!object->cached)
		return;
	simple_lock(&vm_object_cache_lock);
	(void)vm_object_cache_evict_locked(object);
	simple_unlock(&vm_object_cache_lock);
}

bool
vm_object_cache_pager_died(vm_object_t object)
{
	bool unreferenced;

	assert(simple_lock_taken(&object->lock));
	if (!object->cached)
		return false;
	simple_lock(&vm_object_cache_lock);
	unreferenced = vm_object_cache_evict_locked(object);
	simple_unlock(&vm_object_cache_lock);
	return unreferenced;
}

unsigned long
vm_object_cache_count(void)
{
	return __atomic_load_n(&vm_object_cached_count, __ATOMIC_RELAXED);
}

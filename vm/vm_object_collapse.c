/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object_collapse.c: keeping shadow chains short.
 *
 * Copy-on-write across task_create (vm_map_fork_cow) shares the
 * entry's object between parent and child (needs_copy), and each
 * side's first write puts a new anonymous shadow over it
 * (vm_map_entry_shadow), so a task that forks and writes again and
 * again ends on a chain of one object per fork, each holding the pages
 * it had when the next fork came.  Once the child that shared a middle
 * object is gone, that object is seen through one object only, and its
 * pages are either hidden by that object's own pages or could as well
 * be that object's.
 * This file folds such objects away:
 *
 *   collapse  object -> backing -> rest, backing referenced by object
 *             alone: backing's pages that object lacks move up into
 *             object (offset - shadow_offset), those object hides or
 *             that fall outside object's window are freed, object
 *             takes over backing's shadow and backing is freed.
 *   bypass    backing referenced by others too, but object has a page
 *             of its own at every offset where backing has one inside
 *             object's window: nothing of backing can show through
 *             object, so object shadows backing's shadow directly and
 *             backing loses object's reference.
 *
 * Both repeat down the chain while they apply.  vm_object_collapse() is
 * called where the chain above can have become shorter: when a
 * reference drop leaves an anonymous object with one reference
 * (vm_object_deallocate), after a copy-up into the top object (the
 * faults of vm_fault.c), and on the parent's object before task_create
 * shares it again (vm_map_fork_cow).  An object may be referenced by
 * map entries directly as well as by shadows: needs_copy entries,
 * which never write it (N1 of vm/vm_map.c).
 *
 * Invariants (design/05-fault.md, "Collapsing shadow chains"):
 *   CL1  only anonymous objects take part: object and backing are both
 *       internal.  A pager's object is never merged or bypassed, its
 *       pages are the pager's (and a copy mapping's object stops at it).
 *       Nor a live copy object, above or below (K4,
 *       vm/vm_object_copy.c).
 *   CL2  nothing is taken from an object in use: both have
 *       paging_in_progress == 0 and absent_count == 0.  An anonymous
 *       object has no busy page (placeholders are for pagers only:
 *       vm_fault_request, memory_object.c), which the moves assert.
 *   CL3  what every holder of object reads at each offset is unchanged:
 *       a moved page was what object showed there (object had none of
 *       its own); a freed page was hidden by object or outside its
 *       window, and backing had no other holder (collapse); a bypassed
 *       backing showed nothing inside the window (bypass), and what it
 *       lacks it would have read from its own shadow, as object now
 *       does.  Backing's pages are written by no one: its holders
 *       are shadows and needs_copy entries, which shadow it before
 *       writing (N1 of vm/vm_map.c), so CL3 holds later too.
 *   CL4  a freed page is unmapped first (pmap_page_protect NONE): a
 *       page found below the top is mapped read-only, and a copy-up
 *       that hid it may not have re-entered the pmap yet.  Moved pages
 *       keep their mappings: same frame, same contents.
 *   CL5  object itself is never freed here, only a backing object that
 *       object held the last reference to.  So a caller's reference to
 *       object, and any reference (a fault's first_object) to an
 *       object in the chain, keeps that object alive: its ref_count
 *       is then above 1 and it can only be bypassed.
 *
 * The fault keeps an uncounted pointer to the object it found a page
 * in (fs->page_object) between FIND_PAGE and ENTER; it does not block
 * in between, and with one CPU and no kernel preemption no collapse can
 * run there.  SMP needs a paging reference on it (design/locking.md).
 *
 * Locking: object lock -> backing's lock -> backing's shadow's lock
 * (a top object before its shadow, as vm_fault.c walks the chain), then
 * pmap_pv_lock (pmap_page_protect), vm_page_lock (frees) and the object
 * cache lock (kmem_cache_free), all leaves.  The caller holds object's
 * lock throughout: nothing is dropped or blocked on here.  Counters
 * (vm/vm_stats.def): collapses, bypasses, collapse_pages_moved,
 * collapse_pages_freed.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <mach/vm_param.h>
#include <vm/vm_object.h>
#include <vm/vm_stats.h>
#include <x86_64/pmap.h>

/* Whether backing's page m lies in object's window, and where. */
static inline bool
vm_object_collapse_in_window(vm_object_t object, struct vm_page *m,
    vm_offset_t *offset)
{
	vm_offset_t window = object->shadow_offset;

	if (m->offset < window || m->offset - window >= object->size)
		return false;
	*offset = m->offset - window;
	return true;
}

/*
 * vm_object_collapse_usable: whether backing, object's shadow, may be
 * collapsed into or bypassed by object (CL1, CL2).  Not if either is a
 * live copy object (K4 of design/05-fault.md): a live copy still takes
 * pushes from its source, so its pages are not settled (CL3), and its
 * source names it in ->copy.
 * Locks: both locked.
 */
static bool
vm_object_collapse_usable(vm_object_t object, vm_object_t backing)
{
	return object->internal && backing->internal &&
	    !vm_object_copy_is_live(object) &&
	    !vm_object_copy_is_live(backing) &&
	    object->paging_in_progress == 0 && object->absent_count == 0 &&
	    backing->paging_in_progress == 0 && backing->absent_count == 0;
}

/* Unmaps and frees a page of backing that no one can see any more (CL4). */
static void
vm_object_collapse_free_page(struct vm_page *m)
{
	pmap_page_protect(vm_page_to_pa(m), VM_PROT_NONE);
	vm_page_free(m);
	vm_counter_add(collapse_pages_freed, 1);
}

/*
 * vm_object_collapse_merge: move backing's pages that object lacks up
 * into object, free the others, make object shadow what backing did,
 * and free backing (object held its only reference).
 * Locks: object and backing locked on entry; backing is gone on
 * return, object still locked.
 */
static void
vm_object_collapse_merge(vm_object_t object, vm_object_t backing)
{
	struct vm_page *m, *next;
	vm_offset_t offset;

	assert(backing->ref_count == 1);
	for (m = backing->memq; m != NULL; m = next) {
		next = m->listq_next;
		assert(!m->busy && !m->absent);		/* CL2 */
		if (!vm_object_collapse_in_window(object, m, &offset) ||
		    vm_page_lookup(object, offset) != NULL) {
			vm_object_collapse_free_page(m);
			continue;
		}
		vm_page_rename(m, object, offset);
		vm_counter_add(collapse_pages_moved, 1);
	}
	/* Backing's reference to its shadow becomes object's. */
	object->shadow = backing->shadow;
	object->shadow_offset += backing->shadow_offset;
	backing->shadow = VM_OBJECT_NULL;
	backing->ref_count = 0;
	simple_unlock(&backing->lock);
	vm_object_free(backing);
	vm_counter_add(collapses, 1);
}

/*
 * vm_object_collapse_hides: whether object has a page at every offset
 * of its window where backing has one (so bypassing backing changes
 * nothing object shows, CL3).  When the window covers all of backing,
 * object needs at least as many pages: checked first, so a copy-up
 * into a large object costs one comparison until the last page.
 * Locks: both locked.
 */
static bool
vm_object_collapse_hides(vm_object_t object, vm_object_t backing)
{
	struct vm_page *m;
	vm_offset_t offset;

	if (object->shadow_offset == 0 && object->size >= backing->size &&
	    object->resident_page_count < backing->resident_page_count)
		return false;
	for (m = backing->memq; m != NULL; m = m->listq_next)
		if (vm_object_collapse_in_window(object, m, &offset) &&
		    vm_page_lookup(object, offset) == NULL)
			return false;
	return true;
}

/*
 * vm_object_collapse_bypass: make object shadow backing's shadow, with
 * a reference of its own, and drop object's reference to backing
 * (which others hold too, so it stays).
 * Locks: object and backing locked on entry; object still locked on
 * return, backing unlocked; takes backing's shadow's lock.
 */
static void
vm_object_collapse_bypass(vm_object_t object, vm_object_t backing)
{
	vm_object_t next = backing->shadow;

	assert(backing->ref_count > 1);
	if (next != VM_OBJECT_NULL) {
		simple_lock(&next->lock);	/* top before shadow */
		next->ref_count++;
		simple_unlock(&next->lock);
	}
	object->shadow = next;
	object->shadow_offset += backing->shadow_offset;
	backing->ref_count--;
	simple_unlock(&backing->lock);
	vm_counter_add(bypasses, 1);
}

/*
 * vm_object_collapse: shorten object's shadow chain by collapsing or
 * bypassing its shadow, again and again while one applies (CL1-CL5).
 * Locks: object locked on entry and on return, never dropped; takes
 * and drops each shadow's lock below it.  The caller holds a reference
 * to object (or its lock alone keeps it, as in vm_object_deallocate).
 * Blocks: never.
 */
void
vm_object_collapse(vm_object_t object)
{
	vm_object_t backing;

	assert(simple_lock_taken(&object->lock));
	while ((backing = object->shadow) != VM_OBJECT_NULL) {
		simple_lock(&backing->lock);	/* top before shadow */
		if (!vm_object_collapse_usable(object, backing)) {
			simple_unlock(&backing->lock);
			return;
		}
		if (backing->ref_count == 1) {
			vm_object_collapse_merge(object, backing);
			continue;
		}
		if (!vm_object_collapse_hides(object, backing)) {
			simple_unlock(&backing->lock);
			return;
		}
		vm_object_collapse_bypass(object, backing);
	}
}

/*
 * vm_object_shadow_depth: how many objects lie below object on its
 * shadow chain (0: none).  For tests (TEST_CONTROL_SHADOW_DEPTH, the
 * ktests) and GDB's view of the same thing.
 * Locks: object locked; takes and drops each shadow's lock in turn.
 */
unsigned int
vm_object_shadow_depth(vm_object_t object)
{
	vm_object_t cur = object, next;
	unsigned int depth = 0;

	assert(simple_lock_taken(&object->lock));
	while ((next = cur->shadow) != VM_OBJECT_NULL) {
		simple_lock(&next->lock);	/* top before shadow */
		if (cur != object)
			simple_unlock(&cur->lock);
		cur = next;
		depth++;
	}
	if (cur != object)
		simple_unlock(&cur->lock);
	return depth;
}

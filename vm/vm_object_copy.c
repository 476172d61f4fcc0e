/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object_copy.c: copies of memory that others can still write.
 *
 * A private copy of a pager's object (vm_map with copy TRUE) or of a
 * range task_create cannot make copy-on-write by needs_copy (a shared or
 * external object, a wired range: vm_map_fork_entry) must show the
 * source as it was when the copy was made, whatever the source's other
 * writers, the pageout daemon or the pager do afterwards.  One routine,
 * vm_object_copy_strategically, makes every such copy, in one of two
 * ways (GNU Mach's vm_object_copy_strategically):
 *
 *   delayed  (MEMORY_OBJECT_COPY_DELAY, the default; CALL and TEMPORARY
 *            are treated alike)  a copy object C, internal, shadows the
 *            whole source S and becomes S->copy; the caller maps a
 *            private shadow over C.  Every resident page of S loses
 *            write access in every pmap; before a page of S becomes
 *            writable again its contents are pushed into C
 *            (vm_object_copy_push, from the fault paths of
 *            vm/vm_fault.c).  C holds exactly the pages S has changed
 *            since; the rest C reads from S, which still has them, or
 *            its pager does.  A second copy chains: the new one becomes
 *            S->copy and the old one shadows it.
 *
 *        holder's shadow  ->  C_old  ->  C_new  ->  S  (-> pager)
 *                 (pushes go to S->copy == C_new only)
 *
 *   eager    (MEMORY_OBJECT_COPY_NONE: the pager asked for it; wired
 *            ranges, whose pages must stay writable in place)  every
 *            page is copied now into a new internal object.  The copy
 *            itself runs under the object lock and reads only resident,
 *            idle pages (anonymous chains through vm_object_lookup_chain,
 *            zero where they have none); when a pager's page is missing
 *            it changes nothing and answers KERN_ABORTED, and the caller,
 *            holding no lock, brings the range in through the fault path
 *            (vm_object_copy_refault) and tries again, a bounded number
 *            of times: the C1 pattern of vm_map_copyin.
 *
 * Invariants (design/05-fault.md, "Copies of memory others can write"):
 *   K1  S->copy, when set, is an internal object C with C->shadow == S,
 *       shadow_offset 0, at least S's size when made.  Nobody maps C:
 *       only pushes put pages in it, so its pages are S's old contents.
 *   K2  while C is S->copy, a page of S is writable in a pmap only if C
 *       holds that offset: creation write-protects every resident page
 *       of S, and whatever makes one writable later (a fault entering
 *       it for a write, a kernel write, a copy-up into S) pushes first.
 *       A push unmaps S's page: holders of C that mapped it read-only
 *       must find the pushed page instead.
 *   K3  a newer copy C2 of S becomes S->copy and the older C its shadow
 *       (C locked): C lacks only offsets S has not written since C was
 *       made, and for those C2, or S, shows the same bytes.  S->copy
 *       changes away from C only with C locked, so whether C is live
 *       (vm_object_copy_is_live) is stable under C's lock.
 *   K4  a live copy object is never collapsed into the object above it
 *       nor bypassed, and it never bypasses its source
 *       (vm/vm_object_collapse.c); when it dies, S->copy is cleared.
 *   K5  an eager copy reads each page under its object's lock, resident
 *       and idle, never a placeholder or an error page; pages of wholly
 *       anonymous chains that were never written are left absent (zero).
 *   K6  a pager's strategy is read when the copy is made: vm_map waits
 *       for memory_object_ready; task_create, which cannot wait under
 *       its map locks, makes a delayed copy of an object not yet ready.
 *
 * Locking: a copy object's lock before its source's (a top object before
 * its shadow): the source, locked first, takes its copy's with
 * simple_lock_try, and the caller retries when it is busy.  Then the
 * pmap locks (pmap_page_protect), vm_page_lock (vm_page_grab).
 * Counters (vm/vm_stats.def): copy_objects_created, copy_pushes,
 * eager_copies, eager_copy_pages.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/memory_object.h>
#include <mach/vm_param.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_stats.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

/* Copies a page's bytes. */
static inline void
vm_object_copy_page_bytes(struct vm_page *dst, const struct vm_page *src)
{
	memcpy((void *)phystokv(vm_page_to_pa(dst)),
	    (const void *)phystokv(vm_page_to_pa(src)), PAGE_SIZE);
}

/*
 * Whether a copy may read page m now (K5): not a placeholder, not an
 * error page, not locked by its pager against reading.  m's object
 * locked.
 */
static inline bool
vm_object_copy_page_readable(const struct vm_page *m)
{
	return !m->busy && !m->absent && !m->error &&
	    (m->page_lock & VM_PROT_READ) == 0;
}

/*
 * vm_object_copy_push: see vm/vm_object.h (K2).
 * Locks: object locked throughout; takes its copy's lock (try).
 * Returns: VM_OBJECT_PUSH_DONE, _NO_PAGE or _RETRY.  Blocks: never.
 */
enum vm_object_push_result
vm_object_copy_push(vm_object_t object, vm_offset_t offset,
    const struct vm_page *contents)
{
	vm_object_t copy = object->copy;
	struct vm_page *m;

	assert(simple_lock_taken(&object->lock));
	if (copy == VM_OBJECT_NULL || offset >= copy->size)
		return VM_OBJECT_PUSH_DONE;
	if (!simple_lock_try(&copy->lock))
		return VM_OBJECT_PUSH_RETRY;	/* copy before source */
	if (vm_page_lookup(copy, offset) != NULL) {
		simple_unlock(&copy->lock);	/* pushed before */
		return VM_OBJECT_PUSH_DONE;
	}
	m = vm_page_grab();
	if (m == NULL) {
		simple_unlock(&copy->lock);
		return VM_OBJECT_PUSH_NO_PAGE;
	}
	vm_object_copy_page_bytes(m, contents);
	vm_page_insert(m, copy, offset);
	m->dirty = 1;
	simple_unlock(&copy->lock);
	/* K2: who mapped the old bytes through the copy must look again. */
	pmap_page_protect(vm_page_to_pa(contents), VM_PROT_NONE);
	vm_counter_add(copy_pushes, 1);
	return VM_OBJECT_PUSH_DONE;
}

/*
 * vm_object_copy_protect: take write access away from every mapping of
 * object's resident pages (K2), keeping execute where it was.
 * Locks: object locked.
 */
static void
vm_object_copy_protect(vm_object_t object)
{
	struct vm_page *m;

	for (m = object->memq; m != NULL; m = m->listq_next)
		if (!m->absent)
			pmap_page_protect(vm_page_to_pa(m),
			    VM_PROT_READ | VM_PROT_EXECUTE);
}

/*
 * vm_object_copy_install: make copy (new, unreachable) object's copy,
 * chaining the previous copy above it (K3).
 * Locks: object locked; takes the old copy's lock (try).
 * Returns: false if the old copy's lock was busy (nothing changed).
 */
static bool
vm_object_copy_install(vm_object_t object, vm_object_t copy)
{
	vm_object_t old = object->copy;

	if (old != VM_OBJECT_NULL && !simple_lock_try(&old->lock))
		return false;
	if (old != VM_OBJECT_NULL && old->ref_count == 0) {
		/* Dying: it unlinks itself only if still object's (K4). */
		simple_unlock(&old->lock);
		old = VM_OBJECT_NULL;
	}
	if (copy->size < object->size)
		copy->size = object->size;	/* K1; copy not visible yet */
	copy->shadow = object;
	copy->shadow_offset = 0;
	object->ref_count++;			/* copy's, as its shadow */
	if (old != VM_OBJECT_NULL) {
		assert(old->shadow == object && old->shadow_offset == 0);
		old->shadow = copy;		/* old's reference moves */
		copy->ref_count++;
		object->ref_count--;
		simple_unlock(&old->lock);
	}
	object->copy = copy;
	vm_object_copy_protect(object);
	return true;
}

/*
 * vm_object_copy_delayed: a delayed copy of [offset, offset + size) of
 * object: a new copy object (K1) and, over it, the caller's private
 * shadow of the range (*result).
 * Locks: none, or map locks; takes object's lock.  Blocks: never.
 * Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
vm_object_copy_delayed(vm_object_t object, vm_offset_t offset,
    vm_size_t size, vm_object_t *result)
{
	vm_object_t copy = vm_object_allocate(object->size);

	if (copy == VM_OBJECT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (;;) {
		simple_lock(&object->lock);
		if (vm_object_copy_install(object, copy))
			break;
		simple_unlock(&object->lock);	/* the old copy is busy */
	}
	simple_unlock(&object->lock);
	vm_counter_add(copy_objects_created, 1);
	*result = vm_object_shadow_create(copy, offset, size);
	return *result != VM_OBJECT_NULL ? KERN_SUCCESS :
	    KERN_RESOURCE_SHORTAGE;
}

/*
 * vm_object_copy_eager_page: copy object's page at offset into copy at
 * copy_offset if it can be read now (K5).
 * Locks: none held; takes object's (and its chain's) lock and copy's.
 * Returns: KERN_SUCCESS (copied, or zero: nothing to copy),
 * KERN_ABORTED (a pager's page is not resident and idle),
 * KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
vm_object_copy_eager_page(vm_object_t object, vm_offset_t offset,
    vm_object_t copy, vm_offset_t copy_offset)
{
	vm_object_t page_object;
	struct vm_page *m, *dst = VM_PAGE_NULL;
	bool readable;

	simple_lock(&object->lock);
	m = vm_object_lookup_chain(object, offset, &page_object);
	if (m == VM_PAGE_NULL) {
		simple_unlock(&object->lock);
		return page_object != VM_OBJECT_NULL ? KERN_SUCCESS :
		    KERN_ABORTED;		/* zero (O3), or the pager's */
	}
	readable = vm_object_copy_page_readable(m);
	if (readable) {
		dst = vm_page_grab();
		if (dst != VM_PAGE_NULL)
			vm_object_copy_page_bytes(dst, m);
	}
	if (page_object != object)
		simple_unlock(&page_object->lock);
	simple_unlock(&object->lock);
	if (!readable)
		return KERN_ABORTED;
	if (dst == VM_PAGE_NULL)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&copy->lock);
	vm_page_insert(dst, copy, copy_offset);
	dst->dirty = 1;
	simple_unlock(&copy->lock);
	vm_counter_add(eager_copy_pages, 1);
	return KERN_SUCCESS;
}

/*
 * vm_object_copy_eager: every page of [offset, offset + size) of
 * object, copied now into a new object (*result, at offset 0).
 * Locks: none, or map locks; takes object locks.  Blocks: never.
 * Returns: KERN_SUCCESS, KERN_ABORTED (refault and retry, nothing
 * changed), KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
vm_object_copy_eager(vm_object_t object, vm_offset_t offset,
    vm_size_t size, vm_object_t *result)
{
	vm_object_t copy = vm_object_allocate(size);
	vm_offset_t pos;
	kern_return_t kr = KERN_SUCCESS;

	if (copy == VM_OBJECT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (pos = 0; pos < size && kr == KERN_SUCCESS; pos += PAGE_SIZE)
		kr = vm_object_copy_eager_page(object, offset + pos, copy, pos);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(copy);
		return kr;
	}
	vm_counter_add(eager_copies, 1);
	*result = copy;
	return KERN_SUCCESS;
}

/*
 * vm_object_copy_is_eager: see vm/vm_object.h.  A pager not ready yet
 * has said nothing: delayed (K6).
 */
bool
vm_object_copy_is_eager(vm_object_t object, bool wired)
{
	bool eager;

	if (wired)
		return true;
	simple_lock(&object->lock);
	eager = !object->internal && object->pager_ready &&
	    object->copy_strategy == MEMORY_OBJECT_COPY_NONE;
	simple_unlock(&object->lock);
	return eager;
}

/*
 * vm_object_copy_strategically: see vm/vm_object.h.
 */
kern_return_t
vm_object_copy_strategically(vm_object_t object, vm_offset_t offset,
    vm_size_t size, bool eager, vm_object_t *result)
{
	assert((offset & PAGE_MASK) == 0 && (size & PAGE_MASK) == 0);
	if (eager)
		return vm_object_copy_eager(object, offset, size, result);
	return vm_object_copy_delayed(object, offset, size, result);
}

/*
 * vm_object_copy_refault: see vm/vm_object.h.  Faults every page of the
 * range that is not resident in object's chain: at most one data_request
 * each, none for resident pages.
 */
kern_return_t
vm_object_copy_refault(vm_object_t object, vm_offset_t offset,
    vm_size_t size, unsigned int *tries)
{
	static bool said;
	vm_object_t page_object;
	struct vm_page *m;
	vm_offset_t pos;
	kern_return_t kr;
	bool ready;

	if (++*tries >= VM_MAP_COPYIN_REFAULTS_MAX) {
		if (!said) {
			said = true;
			printf("vm: eager copy: pager pages evicted %u times "
			    "before the copy; refused\n", *tries);
		}
		return KERN_MEMORY_FAILURE;
	}
	for (pos = 0; pos < size; pos += PAGE_SIZE) {
		simple_lock(&object->lock);
		m = vm_object_lookup_chain(object, offset + pos, &page_object);
		ready = m != VM_PAGE_NULL ? vm_object_copy_page_readable(m) :
		    page_object != VM_OBJECT_NULL;
		if (m != VM_PAGE_NULL && page_object != object)
			simple_unlock(&page_object->lock);
		simple_unlock(&object->lock);
		if (ready)
			continue;
		kr = vm_fault_object_page(object, offset + pos, VM_PROT_READ);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/*
 * vm_object_copy_wait_ready: wait for an external object's
 * memory_object_ready (or its pager's death), so that its copy strategy
 * is known (K6).
 * Locks: none held.  Blocks: yes.
 * Returns: KERN_SUCCESS, or KERN_ABORTED when the wait was interrupted.
 */
static kern_return_t
vm_object_copy_wait_ready(vm_object_t object)
{
	simple_lock(&object->lock);
	while (!object->internal && !object->pager_ready &&
	    !object->pager_dead) {
		assert_wait((event_t)&object->pager_ready, true);
		simple_unlock(&object->lock);
		thread_block(CONTINUATION_NULL);
		if (current_thread()->wait_result == THREAD_INTERRUPTED)
			return KERN_ABORTED;
		simple_lock(&object->lock);
	}
	simple_unlock(&object->lock);
	return KERN_SUCCESS;
}

/*
 * vm_object_copy: see vm/vm_object.h.
 * Locks: none held.  Blocks: yes.
 */
kern_return_t
vm_object_copy(vm_object_t object, vm_offset_t offset, vm_size_t size,
    vm_object_t *result)
{
	unsigned int tries = 0;
	bool eager;
	kern_return_t kr;

	kr = vm_object_copy_wait_ready(object);
	if (kr != KERN_SUCCESS)
		return kr;
	eager = vm_object_copy_is_eager(object, false);
	if (eager) {
		/* The first try finds the pages in: no wasted pass. */
		kr = vm_object_copy_refault(object, offset, size, &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	for (;;) {
		kr = vm_object_copy_strategically(object, offset, size, eager,
		    result);
		if (kr != KERN_ABORTED)
			return kr;
		kr = vm_object_copy_refault(object, offset, size, &tries);
		if (kr != KERN_SUCCESS)
			return kr;
	}
}

/*
 * vm_object_copy_unlink: see vm/vm_object.h.  The dying copy's lock is
 * not needed: nobody else can reach it (K4); its shadow's is taken.
 * Locks: none held.
 */
void
vm_object_copy_unlink(vm_object_t object)
{
	vm_object_t source = object->shadow;

	if (source == VM_OBJECT_NULL)
		return;
	simple_lock(&source->lock);
	if (source->copy == object)
		source->copy = VM_OBJECT_NULL;
	simple_unlock(&source->lock);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_fault.c: the page fault state machine.
 *
 * Owns struct vm_fault_state (vm/vm_fault.h) and the fault's steps, map
 * lookup to pmap entry.  Pager messages: vm/memory_object.c.
 *
 * The cases, decided by FIND_PAGE walking the entry's object and then
 * its shadows (a copy mapping's internal object over a pager's object,
 * or the shadow a copy-on-write entry got at its first write over the
 * object task_create shared; LOOKUP makes that shadow, vm_map.c N1-N5):
 *
 *   page resident, not busy          -> ENTER (read-only if found below
 *                                       the top object, or if the object
 *                                       is a pager's and this is a read:
 *                                       the first write marks it dirty)
 *   page resident and busy           -> wait for it, then REVALIDATE
 *   page in error                    -> KERN_MEMORY_ERROR
 *   page locked by the pager against -> memory_object_data_unlock (once),
 *   the access needed                   wait for the lock_request that
 *                                       lowers it, then REVALIDATE
 *   write, page found below the top  -> copy it up into the top object
 *   absent, object has a pager       -> busy+absent placeholder,
 *                                       memory_object_data_request,
 *                                       wait, REVALIDATE
 *   absent, pager not ready yet      -> wait for memory_object_ready
 *   absent, the pager has died       -> KERN_MEMORY_ERROR
 *   absent, VM_OBJECT_ABSENT_MAX     -> wait for one of them to end
 *   placeholders already
 *   absent from a wholly anonymous   -> zero fill where the chain
 *   chain                               ends, ENTER (copied up on write)
 *   no free page                     -> wait for the pageout daemon if
 *                                       it can help, else
 *                                       KERN_RESOURCE_SHORTAGE
 *   write, the object has a copy     -> push the page's present contents
 *   object (vm/vm_object_copy.c)        into the copy first, in ENTER
 *                                       (K2); a read maps the page
 *                                       without write
 *
 * Waiting: vm_fault_block() is the one place a fault blocks.  A user
 * fault blocks with thread_block(vm_fault_continue): no kernel stack is
 * held while the pager works, everything needed is in the thread's
 * struct vm_fault_state.  A kernel fault (copyin) blocks with its stack.
 * vm_fault_page_locked() is the no-wait subset for kernel accesses made
 * under the map lock; what needs a pager or a busy page it leaves here.
 * vm_fault_object_page() runs the same steps on an object without a map
 * (an eager copy's pages, vm/vm_object_copy.c): no LOOKUP, and an ENTER
 * that maps nothing.
 *
 * Invariants (design/05-fault.md):
 *   F1. While a fault waits, it holds a reference to first_object (and
 *       through it the shadow chain) and no lock.
 *   F2. No map entry or page pointer is used after a block: the map's
 *       timestamp is compared with map_version (REVALIDATE), the page is
 *       looked up again by (object, offset).
 *   F3. A placeholder this fault inserted is busy and absent until the
 *       pager's answer (supply, unavailable, error) clears it; the fault
 *       never frees or fills it itself.
 *
 * Locking: map lock -> object lock (top object before its shadow) ->
 * pmap lock.  assert_wait() is called with the object lock held, so a
 * wakeup between it and the block is not lost.  Messages to pagers are
 * sent with no VM lock held.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/vm_param.h>
#include <mach/vm_statistics.h>
#include <vm/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>


static void vm_fault_continue(void) __attribute__((noreturn));

/*
 * vm_fault_locked_push: the copy object rule (K2 of design/05-fault.md)
 * for vm_fault_page_locked's page m: a write pushes m's contents into
 * object's copy first; a read of object's own page maps it without
 * write access, so that a later write faults and pushes.
 * Locks: object (and the map) locked.  Blocks: never.
 * Returns: KERN_SUCCESS, KERN_RESOURCE_SHORTAGE (no page for the
 * push), or KERN_ABORTED (the copy's lock is busy: vm_fault() will).
 */
static kern_return_t
vm_fault_locked_push(vm_object_t object, struct vm_page *m,
    vm_prot_t access, vm_prot_t *prot)
{
	if (object->copy == VM_OBJECT_NULL || m->object != object)
		return KERN_SUCCESS;	/* a page below: mapped read-only */
	if (!(access & VM_PROT_WRITE)) {
		*prot &= ~VM_PROT_WRITE;
		return KERN_SUCCESS;
	}
	switch (vm_object_copy_push(object, m->offset, m)) {
	case VM_OBJECT_PUSH_DONE:
		return KERN_SUCCESS;
	case VM_OBJECT_PUSH_NO_PAGE:
		return KERN_RESOURCE_SHORTAGE;
	default:
		return KERN_ABORTED;
	}
}

/*
 * vm_fault_needs_copy: a copy-on-write entry (needs_copy, N1-N5 of
 * vm/vm_map.c) gets its own shadow before any write; a read maps its
 * shared pages without write (N2).  *prot is the entry's protection.
 * Locks: map locked.  Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
static kern_return_t
vm_fault_needs_copy(vm_map_t map, vm_map_entry_t entry, vm_prot_t access,
    vm_prot_t *prot)
{
	if (!entry->needs_copy)
		return KERN_SUCCESS;
	if (access & VM_PROT_WRITE)
		return vm_map_entry_shadow(map, entry);
	*prot &= ~VM_PROT_WRITE;
	return KERN_SUCCESS;
}

/*
 * vm_fault_locked_below: the no-wait path found m below the top object
 * (in page_object): a write copies it up into object at offset, as
 * vm_fault_copy_up does; a read maps it without write (copied at the
 * write).  Unlocks page_object.
 * Locks: object and page_object locked; object stays locked.
 * Returns: the page to map, or NULL when no page is free.
 */
static struct vm_page *
vm_fault_locked_below(vm_object_t object, vm_offset_t offset,
    vm_object_t page_object, struct vm_page *m, vm_prot_t access,
    vm_prot_t *prot)
{
	struct vm_page *copy;

	if (!(access & VM_PROT_WRITE)) {
		simple_unlock(&page_object->lock);
		*prot &= ~VM_PROT_WRITE;
		return m;
	}
	copy = vm_page_grab();
	if (copy != NULL) {
		memcpy((void *)phystokv(vm_page_to_pa(copy)),
		    (const void *)phystokv(vm_page_to_pa(m)), PAGE_SIZE);
		vm_page_insert(copy, object, offset);
		copy->dirty = 1;
		vm_counter_add(cow_faults, 1);
	}
	simple_unlock(&page_object->lock);
	if (copy != NULL)
		vm_object_collapse(object);
	return copy;
}

/*
 * vm_fault_locked_enter: map m at va with prot for the no-wait path.
 * A present PTE is always readable: VM_PROT_NONE maps nothing.  m stays
 * usable after its object is unlocked: the map lock keeps the entry, and
 * so its objects and their anonymous pages, in place.
 * Locks: map and m's object locked.
 * Returns: KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE (no page table page;
 * m stays resident).
 */
static kern_return_t
vm_fault_locked_enter(vm_map_t map, vm_offset_t va, struct vm_page *m,
    vm_prot_t prot)
{
	if (prot == VM_PROT_NONE)
		return KERN_SUCCESS;
	if (pmap_enter(map->pmap, va, vm_page_to_pa(m), prot) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	/*
	 * D1: the caller writes through the kernel's direct map, which
	 * sets no PTE dirty bit, and so may the hardware through the
	 * writable mapping: the page is dirty from now on, or pageout and
	 * lock_request would drop the write.
	 */
	if (prot & VM_PROT_WRITE)
		m->dirty = 1;
	return KERN_SUCCESS;
}

kern_return_t
vm_fault_page_locked(vm_map_t map, vm_map_entry_t entry, vm_offset_t va,
    vm_prot_t access, struct vm_page **mp)
{
	vm_object_t object, page_object;
	vm_offset_t offset;
	vm_prot_t prot = entry->protection;
	struct vm_page *m;
	kern_return_t kr;

	assert(simple_lock_taken(&map->lock));
	assert((va & PAGE_MASK) == 0 && va >= entry->start && va < entry->end);
	if (vm_fault_needs_copy(map, entry, access, &prot) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	object = entry->object;
	offset = entry->offset + (va - entry->start);
	simple_lock(&object->lock);
	m = vm_object_lookup_chain(object, offset, &page_object);
	if (page_object == VM_OBJECT_NULL || (m != NULL && (m->busy ||
	    m->error || (m->page_lock & (page_object == object ? access :
	    VM_PROT_READ)) != 0))) {
		if (page_object != VM_OBJECT_NULL && page_object != object)
			simple_unlock(&page_object->lock);
		simple_unlock(&object->lock);
		return KERN_ABORTED;		/* vm_fault() must do it */
	}
	if (m != NULL)
		prot &= ~m->page_lock;		/* what the pager locked out */
	if (m != NULL && page_object == object && !object->internal &&
	    !(access & VM_PROT_WRITE))
		prot &= ~VM_PROT_WRITE;	/* D1: the first write dirties */
	if (m != NULL && page_object != object) {
		m = vm_fault_locked_below(object, offset, page_object, m,
		    access, &prot);
		if (m == NULL) {
			simple_unlock(&object->lock);
			return KERN_RESOURCE_SHORTAGE;
		}
	}
	if (m == NULL) {
		m = vm_page_alloc_zero(object, offset);
		if (m == NULL) {
			simple_unlock(&object->lock);
			return KERN_RESOURCE_SHORTAGE;
		}
		vm_counter_add(zero_fills, 1);
	}
	kr = vm_fault_locked_push(object, m, access, &prot);
	if (kr == KERN_SUCCESS)
		kr = vm_fault_locked_enter(map, va, m, prot);
	simple_unlock(&object->lock);
	if (kr == KERN_SUCCESS && mp != NULL)
		*mp = m;
	return kr;
}

/*
 * vm_fault_block: wait for what the caller has declared with
 * assert_wait(); the caller holds no lock.
 * Blocks: with vm_fault_continue for a user fault (does not return), or
 * with the stack for a kernel fault.
 * Returns: the step after the wait.
 */
static enum vm_fault_step
vm_fault_block(struct vm_fault_state *fs)
{
	vm_counters.fault_blocks++;
	fs->step = VM_FAULT_STEP_REVALIDATE;
	if (fs->user)
		thread_block(vm_fault_continue);
	thread_block(CONTINUATION_NULL);
	if (current_thread()->wait_result == THREAD_INTERRUPTED) {
		fs->result = KERN_ABORTED;
		return VM_FAULT_STEP_DONE;
	}
	return VM_FAULT_STEP_REVALIDATE;
}

/*
 * vm_fault_no_page: no free page.  If the pageout daemon can make one
 * (a pager's page to page out), wait for it; otherwise the fault fails:
 * a task that exhausts memory gets an error, the kernel goes on.
 * Locks: object locked on entry; nothing held on return.
 */
static enum vm_fault_step
vm_fault_no_page(struct vm_fault_state *fs, vm_object_t object)
{
	if (!vm_page_wait_possible()) {
		simple_unlock(&object->lock);
		fs->result = KERN_RESOURCE_SHORTAGE;
		return VM_FAULT_STEP_DONE;
	}
	assert_wait((event_t)&vm_page_free_wanted_event, true);
	/* Pages freed by others (a pager, an exit) wake nobody: look again. */
	thread_set_timeout(2);
	simple_unlock(&object->lock);
	return vm_fault_block(fs);
}

/*
 * LOOKUP: the entry at vaddr, its object and offset; the map version.
 * A write to a copy-on-write entry gives it its shadow here, under the
 * map lock (vm_fault_needs_copy); a read keeps write out of the PTE.
 */
static enum vm_fault_step
vm_fault_lookup(struct vm_fault_state *fs)
{
	vm_map_entry_t entry;

	vm_map_lock(fs->map);
	if (!vm_map_lookup_entry(fs->map, fs->vaddr, &entry)) {
		vm_map_unlock(fs->map);
		fs->result = KERN_INVALID_ADDRESS;
		return VM_FAULT_STEP_DONE;
	}
	if ((fs->fault_type & entry->protection) != fs->fault_type) {
		vm_map_unlock(fs->map);
		fs->result = KERN_PROTECTION_FAILURE;
		return VM_FAULT_STEP_DONE;
	}
	fs->entry_protection = entry->protection;
	if (vm_fault_needs_copy(fs->map, entry, fs->fault_type,
	    &fs->entry_protection) != KERN_SUCCESS) {
		vm_map_unlock(fs->map);
		fs->result = KERN_RESOURCE_SHORTAGE;
		return VM_FAULT_STEP_DONE;
	}
	fs->map_version = fs->map->timestamp;	/* after a new shadow */
	fs->first_object = entry->object;
	vm_object_reference(fs->first_object);
	fs->first_offset = entry->offset + (fs->vaddr - entry->start);
	vm_map_unlock(fs->map);
	return VM_FAULT_STEP_FIND_PAGE;
}

/* REVALIDATE: after a block, the lookup holds while the map is unchanged. */
static enum vm_fault_step
vm_fault_revalidate(struct vm_fault_state *fs)
{
	bool same;

	if (fs->map == VM_MAP_NULL)
		return VM_FAULT_STEP_FIND_PAGE;	/* no map to check */
	vm_map_lock(fs->map);
	same = fs->map->timestamp == fs->map_version;
	vm_map_unlock(fs->map);
	if (same)
		return VM_FAULT_STEP_FIND_PAGE;
	vm_counters.fault_retries++;
	vm_object_deallocate(fs->first_object);
	fs->first_object = VM_OBJECT_NULL;
	return VM_FAULT_STEP_LOOKUP;
}

/*
 * vm_fault_request: insert a placeholder for (object, offset), ask the
 * pager, and wait for its answer.
 * Locks: object locked on entry; nothing held when it blocks.
 */
static enum vm_fault_step
vm_fault_request(struct vm_fault_state *fs, vm_object_t object,
    vm_offset_t offset)
{
	struct vm_page *m;

	vm_pageout_check();
	m = vm_page_grab();
	if (m == NULL)
		return vm_fault_no_page(fs, object);
	vm_page_insert(m, object, offset);
	m->busy = 1;
	m->absent = 1;
	m->wanted = 1;
	object->absent_count++;
	object->paging_in_progress++;
	vm_counters.absent_placeholders++;
	assert_wait((event_t)m, true);
	simple_unlock(&object->lock);
	(void)memory_object_request(object, offset, PAGE_SIZE, fs->fault_type);
	return vm_fault_block(fs);
}

/*
 * vm_fault_copy_up: a write to a page found below the top object copies
 * it into the top object (copy-on-write of a copy mapping).
 * Locks: object (the lower one) locked on entry, nothing on return.
 */
static enum vm_fault_step
vm_fault_copy_up(struct vm_fault_state *fs, vm_object_t object,
    struct vm_page *m)
{
	struct vm_page *copy = vm_page_grab();

	if (copy == NULL)
		return vm_fault_no_page(fs, object);
	memcpy((void *)phystokv(vm_page_to_pa(copy)),
	    (const void *)phystokv(vm_page_to_pa(m)), PAGE_SIZE);
	simple_unlock(&object->lock);
	simple_lock(&fs->first_object->lock);
	if (vm_page_lookup(fs->first_object, fs->first_offset) != NULL) {
		vm_page_release(copy);	/* another fault was first */
	} else {
		vm_page_insert(copy, fs->first_object, fs->first_offset);
		vm_counter_add(cow_faults, 1);
		/* The page below may now be hidden, its object useless. */
		vm_object_collapse(fs->first_object);
	}
	simple_unlock(&fs->first_object->lock);
	return VM_FAULT_STEP_FIND_PAGE;
}

/*
 * vm_fault_wait_unlock: the pager has locked out access `needed` to m
 * (its page_lock, design/07): ask for it back with one
 * memory_object_data_unlock (unlock_request remembers what was asked,
 * so other faults on m only wait) and wait for the lock_request that
 * lowers the lock.  A dead pager will never answer, and a refusal
 * (data_error: unlock_refused) stands until the lock changes: both end
 * the fault with KERN_MEMORY_ERROR.
 * Locks: object locked on entry, nothing on return.
 */
static enum vm_fault_step
vm_fault_wait_unlock(struct vm_fault_state *fs, vm_object_t object,
    vm_offset_t offset, struct vm_page *m, vm_prot_t needed)
{
	bool ask = (m->unlock_request & needed) != needed;

	if (object->pager_dead || m->unlock_refused) {
		simple_unlock(&object->lock);
		fs->result = KERN_MEMORY_ERROR;
		return VM_FAULT_STEP_DONE;
	}
	m->unlock_request |= needed;
	m->wanted = 1;
	assert_wait((event_t)m, true);
	simple_unlock(&object->lock);
	if (ask)
		(void)memory_object_unlock(object, offset, PAGE_SIZE, needed);
	return vm_fault_block(fs);
}

/* The access a fault needs of a page it found in object. */
static vm_prot_t
vm_fault_needed_access(const struct vm_fault_state *fs, vm_object_t object)
{
	/* Below the top, a write only reads the page to copy it up. */
	return object == fs->first_object ? fs->fault_type : VM_PROT_READ;
}

/* The page found resident at (object, offset).  Object locked. */
static enum vm_fault_step
vm_fault_found(struct vm_fault_state *fs, vm_object_t object,
    vm_offset_t offset, struct vm_page *m)
{
	vm_prot_t needed = vm_fault_needed_access(fs, object);

	if (m->busy) {
		m->wanted = 1;
		assert_wait((event_t)m, true);
		simple_unlock(&object->lock);
		return vm_fault_block(fs);
	}
	if (m->error) {
		/* Gone, so that a later fault asks the pager again. */
		vm_page_free(m);
		simple_unlock(&object->lock);
		fs->result = KERN_MEMORY_ERROR;
		return VM_FAULT_STEP_DONE;
	}
	if (m->page_lock & needed)
		return vm_fault_wait_unlock(fs, object, offset, m, needed);
	if (object != fs->first_object && (fs->fault_type & VM_PROT_WRITE))
		return vm_fault_copy_up(fs, object, m);
	fs->page_object = object;
	fs->page_offset = offset;
	simple_unlock(&object->lock);
	return VM_FAULT_STEP_ENTER;
}

/* FIND_PAGE: walk first_object and its shadows for the page. */
static enum vm_fault_step
vm_fault_find_page(struct vm_fault_state *fs)
{
	vm_object_t object = fs->first_object, next;
	vm_offset_t offset = fs->first_offset;
	struct vm_page *m;

	simple_lock(&object->lock);
	for (;;) {
		m = vm_page_lookup(object, offset);
		if (m != NULL)
			return vm_fault_found(fs, object, offset, m);
		if (!object->internal && object->pager_dead) {
			simple_unlock(&object->lock);
			fs->result = KERN_MEMORY_ERROR;
			return VM_FAULT_STEP_DONE;
		}
		if (!object->internal && !object->pager_ready) {
			assert_wait((event_t)&object->pager_ready, true);
			simple_unlock(&object->lock);
			return vm_fault_block(fs);
		}
		if (!object->internal &&
		    object->absent_count >= VM_OBJECT_ABSENT_MAX) {
			/* Enough requests in flight: wait for one to end. */
			assert_wait((event_t)&object->absent_count, true);
			simple_unlock(&object->lock);
			return vm_fault_block(fs);
		}
		if (!object->internal)
			return vm_fault_request(fs, object, offset);
		if (object->shadow == VM_OBJECT_NULL)
			break;
		next = object->shadow;
		offset += object->shadow_offset;
		simple_lock(&next->lock);	/* top before shadow */
		simple_unlock(&object->lock);
		object = next;
	}
	/* Anonymous memory, nothing below: a zero page where it ends. */
	m = vm_page_alloc_zero(object, offset);
	if (m == NULL)
		return vm_fault_no_page(fs, object);
	vm_counter_add(zero_fills, 1);
	return vm_fault_found(fs, object, offset, m);
}

/* The protection to map the found page with (see the table above). */
static vm_prot_t
vm_fault_enter_protection(const struct vm_fault_state *fs)
{
	vm_prot_t prot = fs->entry_protection;

	if (fs->page_object != fs->first_object)
		prot &= ~VM_PROT_WRITE;		/* copy on the first write */
	else if ((!fs->page_object->internal ||
	    fs->page_object->copy != VM_OBJECT_NULL) &&
	    !(fs->fault_type & VM_PROT_WRITE))
		prot &= ~VM_PROT_WRITE;	/* the first write dirties,
					   or pushes (K2) */
	return prot;
}

/*
 * vm_fault_push_failed: vm_object_copy_push could not give object's
 * copy its page yet (K2 of design/05-fault.md): wait for a free page,
 * or look again once the copy's lock is free.
 * Locks: object locked on entry (no map lock); nothing on return.
 */
static enum vm_fault_step
vm_fault_push_failed(struct vm_fault_state *fs, vm_object_t object,
    enum vm_object_push_result push)
{
	if (push == VM_OBJECT_PUSH_NO_PAGE)
		return vm_fault_no_page(fs, object);
	simple_unlock(&object->lock);
	return VM_FAULT_STEP_FIND_PAGE;
}

/*
 * vm_fault_enter_none: ENTER without a map (vm_fault_object_page): the
 * page is resident, which is all the caller asked for.
 * Locks: none taken.  Returns: VM_FAULT_STEP_DONE, result KERN_SUCCESS.
 */
static enum vm_fault_step
vm_fault_enter_none(struct vm_fault_state *fs)
{
	fs->result = KERN_SUCCESS;
	return VM_FAULT_STEP_DONE;
}

/* ENTER: map the page, if the map is still what LOOKUP saw. */
static enum vm_fault_step
vm_fault_enter(struct vm_fault_state *fs)
{
	struct vm_page *m;
	enum vm_object_push_result push;
	kern_return_t kr;

	if (fs->map == VM_MAP_NULL)
		return vm_fault_enter_none(fs);
	vm_map_lock(fs->map);
	if (fs->map->timestamp != fs->map_version) {
		vm_map_unlock(fs->map);
		return VM_FAULT_STEP_REVALIDATE;
	}
	simple_lock(&fs->page_object->lock);
	m = vm_page_lookup(fs->page_object, fs->page_offset);
	if (m == NULL || m->busy ||
	    (m->page_lock & vm_fault_needed_access(fs, fs->page_object))) {
		/* Changed since FIND_PAGE found it: look again. */
		simple_unlock(&fs->page_object->lock);
		vm_map_unlock(fs->map);
		return VM_FAULT_STEP_FIND_PAGE;
	}
	/* K2: the copy object keeps what a write would change. */
	push = (fs->fault_type & VM_PROT_WRITE) ? vm_object_copy_push(
	    fs->page_object, fs->page_offset, m) : VM_OBJECT_PUSH_DONE;
	if (push != VM_OBJECT_PUSH_DONE) {
		vm_map_unlock(fs->map);
		return vm_fault_push_failed(fs, fs->page_object, push);
	}
	kr = pmap_enter(fs->map->pmap, fs->vaddr, vm_page_to_pa(m),
	    vm_fault_enter_protection(fs) & ~m->page_lock);
	if (kr == KERN_SUCCESS && (fs->fault_type & VM_PROT_WRITE))
		m->dirty = 1;
	simple_unlock(&fs->page_object->lock);
	vm_map_unlock(fs->map);
	fs->result = kr == KERN_SUCCESS ? KERN_SUCCESS :
	    KERN_RESOURCE_SHORTAGE;
	return VM_FAULT_STEP_DONE;
}

/* The driver: run steps until DONE; drop what the fault holds. */
static kern_return_t
vm_fault_run(struct vm_fault_state *fs)
{
	while (fs->step != VM_FAULT_STEP_DONE) {
		switch (fs->step) {
		case VM_FAULT_STEP_LOOKUP:
			fs->step = vm_fault_lookup(fs);
			break;
		case VM_FAULT_STEP_FIND_PAGE:
			fs->step = vm_fault_find_page(fs);
			break;
		case VM_FAULT_STEP_REVALIDATE:
			fs->step = vm_fault_revalidate(fs);
			break;
		case VM_FAULT_STEP_ENTER:
			fs->step = vm_fault_enter(fs);
			break;
		default:
			panic("vm_fault_run: step %d", fs->step);
		}
	}
	if (fs->first_object != VM_OBJECT_NULL) {
		vm_object_deallocate(fs->first_object);
		fs->first_object = VM_OBJECT_NULL;
	}
	return fs->result;
}

static void
vm_fault_start(struct vm_fault_state *fs, vm_map_t map, vm_offset_t vaddr,
    vm_prot_t fault_type, bool user)
{
	memset(fs, 0, sizeof(*fs));
	fs->map = map;
	fs->vaddr = trunc_page(vaddr);
	fs->fault_type = fault_type;
	fs->user = user;
	fs->step = VM_FAULT_STEP_LOOKUP;
	fs->result = KERN_FAILURE;
	vm_counter_add(faults, 1);
}

kern_return_t
vm_fault(vm_map_t map, vm_offset_t vaddr, vm_prot_t fault_type)
{
	struct vm_fault_state fs;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ADDRESS;
	vm_fault_start(&fs, map, vaddr, fault_type, false);
	return vm_fault_run(&fs);
}

/*
 * vm_fault_object_page: see vm/vm_fault.h.  The fault machine without a
 * map: FIND_PAGE on (object, offset), blocks with the stack, and an
 * ENTER that only reports the page resident.
 */
kern_return_t
vm_fault_object_page(vm_object_t object, vm_offset_t offset,
    vm_prot_t access)
{
	struct vm_fault_state fs;

	assert((offset & PAGE_MASK) == 0 && !(access & VM_PROT_WRITE));
	vm_fault_start(&fs, VM_MAP_NULL, 0, access, false);
	vm_object_reference(object);
	fs.first_object = object;		/* F1 */
	fs.first_offset = offset;
	fs.step = VM_FAULT_STEP_FIND_PAGE;
	return vm_fault_run(&fs);
}

/* Ends a user fault: back to user mode, or the exception. */
static void __attribute__((noreturn))
vm_fault_user_done(struct vm_fault_state *fs)
{
	void (*done)(kern_return_t, vm_offset_t) =
	    current_thread()->saved.fault.done;

	done(fs->result, fs->vaddr);
	panic("vm_fault_user_done: returned");
}

void
vm_fault_user(vm_map_t map, vm_offset_t vaddr, vm_prot_t fault_type,
    void (*done)(kern_return_t result, vm_offset_t vaddr))
{
	thread_t self = current_thread();
	struct vm_fault_state *fs = &self->saved.fault.state;

	vm_fault_start(fs, map, vaddr, fault_type, true);
	self->saved.fault.done = done;
	(void)vm_fault_run(fs);
	vm_fault_user_done(fs);
}

/* A user fault resumes here after waiting, on whatever stack it gets. */
static void
vm_fault_continue(void)
{
	thread_t self = current_thread();
	struct vm_fault_state *fs = &self->saved.fault.state;

	if (self->wait_result == THREAD_INTERRUPTED) {
		fs->result = KERN_ABORTED;
		fs->step = VM_FAULT_STEP_DONE;
	}
	(void)vm_fault_run(fs);
	vm_fault_user_done(fs);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/memory_object.c: external objects and their pagers, kernel side.
 *
 * Who says what (GNU Mach's protocol, one page at a time in issue 5):
 *
 *   kernel -> pager   memory_object_init      (first mapping of the object)
 *                     memory_object_data_request (a fault found no page)
 *                     memory_object_data_unlock  (a fault met a page the
 *                                                 pager locked)
 *                     memory_object_data_return  (dirty or precious pages:
 *                                                 pageout, lock_request,
 *                                                 termination)
 *                     memory_object_lock_completed (lock_request done)
 *                     memory_object_terminate (last mapping gone)
 *   pager -> kernel   memory_object_ready / change_attributes
 *                     memory_object_data_supply / data_unavailable /
 *                     data_error (answers, any number per request)
 *                     memory_object_lock_request (clean, flush, lock)
 *                     memory_object_get_attributes
 *
 * The pager names the object by its control port (IKOT_PAGER);
 * vm_object_lookup() turns that port into the object with a reference,
 * which each routine here drops when done.  Every value from a pager is
 * checked: offsets and sizes page aligned and inside the object, no
 * overflow; a bad one gets KERN_INVALID_ARGUMENT and, once per kind, a
 * console line (all counted in vm_counters.bad_messages), never a panic.
 *
 * Invariants (design/07-pager-protocol.md, "Bounded work and kept data"):
 *   MO1  work over a pager's range costs at most the object's resident
 *        pages, however large the range (vm_object_page_walk);
 *   MO2  a dirty or precious page whose data cannot be copied into a
 *        data_return stays resident and dirty; a termination that meets
 *        one waits in the release queue for the pageout daemon.
 *
 * Placeholders: a fault that needs a page inserts it busy and absent
 * (vm/vm_fault.c); an answer fills it (supply), zeroes it (unavailable)
 * or marks it in error, clears busy and wakes the page's waiters.  A
 * supply moves the pager's page in place of the placeholder when it
 * may (X2, vm_map_copy_page_take) and copies the bytes only otherwise
 * (design/07-pager-protocol.md, "Supply by move").
 *
 * Locking: the pager list lock guards vm_object_pager_list and the
 * release queue; object->lock guards pages and pager state.  Order: ipc_lock -> pager list lock ->
 * object->lock -> vm_object_cache_lock (vm/vm_object_cache.c).  Messages
 * are sent with no VM lock held (ipc_lock comes first in the order).
 * Objects kept after their last mapping: vm/vm_object_cache.c.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/mig/memory_object_user.h>
#include <ipc/ipc_port.h>
#include <mach/memory_object.h>
#include <mach/vm_param.h>
#include <vm/memory_object.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_object_cache.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>


static simple_lock_data_t vm_object_pager_lock =
	SIMPLE_LOCK_INITIALIZER("vm_object_pager_list");
static vm_object_t vm_object_pager_list;

/*
 * Refused pager messages: each is counted (vm_counters.bad_messages) and
 * the first of each kind (its `what`, a string constant) gets one
 * console line, so a pager looping on a bad message cannot flood the
 * console; MEMORY_OBJECT_BAD_KINDS bounds the kinds remembered.
 */
#define MEMORY_OBJECT_BAD_KINDS	16

static simple_lock_data_t memory_object_bad_lock =
	SIMPLE_LOCK_INITIALIZER("memory_object_bad");
static const char *memory_object_bad_said[MEMORY_OBJECT_BAD_KINDS];
static unsigned int memory_object_bad_said_count;	/* bad lock */

/*
 * Counts a refused pager message and says it once per kind.
 * Returns: KERN_INVALID_ARGUMENT, the routine's answer.
 * Locks: none held; takes the bad lock (a leaf).
 */
static kern_return_t
memory_object_bad(const char *routine, const char *what, vm_offset_t offset,
    vm_size_t size)
{
	bool known = false;

	simple_lock(&memory_object_bad_lock);
	vm_counters.bad_messages++;
	for (unsigned int i = 0; i < memory_object_bad_said_count; i++)
		known |= memory_object_bad_said[i] == what;
	if (!known && memory_object_bad_said_count < MEMORY_OBJECT_BAD_KINDS)
		memory_object_bad_said[memory_object_bad_said_count++] = what;
	else
		known = true;
	simple_unlock(&memory_object_bad_lock);
	if (!known)
		printf("vm: %s: %s (offset 0x%lx, size 0x%lx)\n", routine, what,
		    (unsigned long)offset, (unsigned long)size);
	return KERN_INVALID_ARGUMENT;
}

/*
 * A pager message whose port was not a live control port (the object's
 * name port, say): the MIG translation gave no object.  Refused like
 * any bad value.
 */
static kern_return_t
memory_object_not_control(const char *routine)
{
	return memory_object_bad(routine, "not a control port", 0, 0);
}

/* Checks a pager's range against the object.  0 if good. */
static const char *
memory_object_range_check(vm_object_t object, vm_offset_t offset,
    vm_size_t size)
{
	if ((offset & PAGE_MASK) != 0 || (size & PAGE_MASK) != 0)
		return "offset or size not page aligned";
	if (size == 0)
		return "empty range";
	if (offset > object->size || object->size - offset < size)
		return "range outside the object";
	return NULL;
}

/*
 * Objects whose termination waits for memory: some dirty or precious
 * page could not be copied into a data_return.  Linked through
 * pager_next (they are off vm_object_pager_list), guarded by the pager
 * list lock; the pageout daemon tries them again
 * (memory_object_release_retry), and a vm_map of their pager's port
 * takes them back (memory_object_release_revive), so the pager never
 * serves a new object while an old one holds newer data.
 */
static vm_object_t memory_object_release_queue;
static uint64_t memory_object_release_count;	/* its length */

/* Puts object on the release queue.  Locks: pager list lock held. */
static void
memory_object_release_enqueue(vm_object_t object)
{
	object->pager_next = memory_object_release_queue;
	memory_object_release_queue = object;
	vm_counters.releases_waiting_current = ++memory_object_release_count;
}

/* Takes *link's object off the release queue.  Locks: pager list lock. */
static vm_object_t
memory_object_release_unlink(vm_object_t *link)
{
	vm_object_t object = *link;

	*link = object->pager_next;
	vm_counters.releases_waiting_current = --memory_object_release_count;
	return object;
}

/*
 * The object of `pager` waiting in the release queue, if any: taken off
 * it and put back on vm_object_pager_list, unreferenced (the caller adds
 * the reference).  Its dirty pages the daemon could not yet return are
 * still there, so a new mapping sees them and not the pager's older
 * data.  Locks: pager list lock held.
 */
static vm_object_t
memory_object_release_revive(struct ipc_port *pager)
{
	vm_object_t object, *link;

	for (link = &memory_object_release_queue; (object = *link) != NULL;
	    link = &object->pager_next) {
		if (object->pager == pager)
			break;
	}
	if (object == NULL)
		return VM_OBJECT_NULL;
	(void)memory_object_release_unlink(link);
	object->pager_next = vm_object_pager_list;
	vm_object_pager_list = object;
	return object;
}

/*
 * vm_object_enter (vm/vm_object.h): consumes the send right `pager`,
 * kept by a new object or released when the object exists already.
 */
kern_return_t
vm_object_enter(struct ipc_port *pager, vm_size_t size, vm_object_t *objectp)
{
	vm_object_t object;

	if (!IP_VALID(pager))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&vm_object_pager_lock);
	vm_counters.object_lookups++;
	for (object = vm_object_pager_list; object != NULL;
	    object = object->pager_next) {
		if (object->pager == pager)
			break;
	}
	if (object == NULL)
		object = memory_object_release_revive(pager);
	if (object != NULL) {
		vm_counters.object_hits++;
		simple_lock(&object->lock);
		(void)vm_object_cache_remove(object);	/* in use again */
		object->ref_count++;
		/* Big enough for this mapping too. */
		if (object->size < round_page(size))
			object->size = round_page(size);
		simple_unlock(&object->lock);
		simple_unlock(&vm_object_pager_lock);
		ipc_port_release_send_unlocked(pager);	/* we had one */
		*objectp = object;
		return KERN_SUCCESS;
	}
	object = vm_object_allocate(size);
	if (object == VM_OBJECT_NULL) {
		simple_unlock(&vm_object_pager_lock);
		ipc_port_release_send_unlocked(pager);
		return KERN_RESOURCE_SHORTAGE;
	}
	object->internal = false;
	/* Its pages are the pager's: never freed or moved with a mapping. */
	object->shared = true;
	object->pager = pager;			/* the send right is ours */
	object->pager_request = ipc_port_alloc_kernel(IKOT_PAGER, object);
	object->pager_name = ipc_port_alloc_kernel(IKOT_PAGING_NAME, object);
	object->pager_next = vm_object_pager_list;
	vm_object_pager_list = object;
	simple_unlock(&vm_object_pager_lock);
	ipc_lock_take();
	pager->ip_pager = true;
	ipc_lock_release();
	if (object->pager_request == IP_NULL || object->pager_name == IP_NULL) {
		vm_object_deallocate(object);
		return KERN_RESOURCE_SHORTAGE;
	}
	(void)memory_object_init(pager, object->pager_request,
	    object->pager_name, PAGE_SIZE);
	*objectp = object;
	return KERN_SUCCESS;
}

/* The object of a control (IKOT_PAGER) or name port, with a reference. */
static vm_object_t
vm_object_port_lookup(ipc_port_t port, unsigned int kotype)
{
	vm_object_t object = VM_OBJECT_NULL;

	if (!IP_VALID(port))
		return VM_OBJECT_NULL;
	ipc_lock_take();
	if (port->ip_active && port->ip_kotype == kotype) {
		object = port->ip_kobject;
		vm_object_reference(object);
	}
	ipc_lock_release();
	return object;
}

vm_object_t
vm_object_lookup(ipc_port_t port)
{
	return vm_object_port_lookup(port, IKOT_PAGER);
}

vm_object_t
vm_object_lookup_name(ipc_port_t port)
{
	return vm_object_port_lookup(port, IKOT_PAGING_NAME);
}

static void memory_object_page_done(vm_object_t object, struct vm_page *m);

/* One page for memory_object_fail_placeholders.  Object locked. */
static void
memory_object_fail_page(vm_object_t object, struct vm_page *m, void *arg)
{
	(void)arg;
	if (!m->busy && m->wanted) {
		m->wanted = 0;
		thread_wakeup((event_t)m);
	}
	if (m->busy && m->absent) {
		m->error = 1;
		vm_counters.pages_error++;
		memory_object_page_done(object, m);
	}
}

/*
 * Ends the placeholders of [offset, +length) in error, and wakes the
 * faults waiting for an unlock there (they see pager_dead).  Object
 * locked.
 */
static void
memory_object_fail_placeholders(vm_object_t object, vm_offset_t offset,
    vm_size_t length)
{
	vm_object_page_walk(object, offset, length,
	    memory_object_fail_page, NULL);
}

/*
 * The result kr of a message to the pager: if it could not be sent, the
 * pager is gone and nobody will answer for [offset, +length): the
 * object is marked dead and that range's waiters fail.  Returns kr.
 * Locks: none held.
 */
static kern_return_t
memory_object_check_send(vm_object_t object, vm_offset_t offset,
    vm_size_t length, kern_return_t kr)
{
	if (kr != MACH_MSG_SUCCESS) {
		simple_lock(&object->lock);
		object->pager_dead = true;
		memory_object_fail_placeholders(object, offset, length);
		simple_unlock(&object->lock);
	}
	return kr;
}

kern_return_t
memory_object_request(vm_object_t object, vm_offset_t offset,
    vm_size_t length, vm_prot_t access)
{
	vm_counters.data_requests++;
	vm_counters.pages_requested += length / PAGE_SIZE;
	return memory_object_check_send(object, offset, length,
	    memory_object_data_request(object->pager, object->pager_request,
	    offset, length, access));
}

kern_return_t
memory_object_unlock(vm_object_t object, vm_offset_t offset,
    vm_size_t length, vm_prot_t access)
{
	vm_counters.data_unlocks++;
	return memory_object_check_send(object, offset, length,
	    memory_object_data_unlock(object->pager, object->pager_request,
	    offset, length, access));
}

/*
 * A cached object of a dead pager, unreferenced and off every list,
 * goes at once: no message can reach its pager, so its ports are
 * released here, under ipc_lock, and its pages freed, dirty or not.
 */
static void
memory_object_release_dead(vm_object_t object)
{
	ipc_lock_assert_held();
	ipc_port_release_send(object->pager);
	ipc_port_dealloc_kernel(object->pager_request);
	ipc_port_dealloc_kernel(object->pager_name);
	object->pager = IP_NULL;
	object->pager_request = IP_NULL;
	object->pager_name = IP_NULL;
	vm_object_free(object);
}

void
vm_object_pager_died(struct ipc_port *pager)
{
	vm_object_t object, *link;

	simple_lock(&vm_object_pager_lock);
	for (link = &vm_object_pager_list; (object = *link) != NULL;) {
		if (object->pager != pager) {
			link = &object->pager_next;
			continue;
		}
		simple_lock(&object->lock);
		object->pager_dead = true;
		if (vm_object_cache_pager_died(object)) {
			*link = object->pager_next;
			simple_unlock(&object->lock);
			memory_object_release_dead(object);
			continue;
		}
		memory_object_fail_placeholders(object, 0, object->size);
		simple_unlock(&object->lock);
		thread_wakeup((event_t)&object->pager_ready);
		link = &object->pager_next;
	}
	/*
	 * Terminations waiting for memory to return this pager's pages
	 * (MO2): nobody can take them now, and nobody maps the object.
	 */
	for (link = &memory_object_release_queue; (object = *link) != NULL;) {
		if (object->pager != pager) {
			link = &object->pager_next;
			continue;
		}
		object = memory_object_release_unlink(link);
		assert(object->shadow == VM_OBJECT_NULL);  /* external */
		object->pager_dead = true;
		memory_object_release_dead(object);
	}
	simple_unlock(&vm_object_pager_lock);
}

/* Ends a placeholder's wait: filled, zeroed or in error.  Object locked. */
static void
memory_object_page_done(vm_object_t object, struct vm_page *m)
{
	m->absent = 0;
	m->busy = 0;
	if (!m->error)
		vm_page_activate(m);	/* pageable from now on */
	if (object->absent_count > 0 &&
	    object->absent_count-- == VM_OBJECT_ABSENT_MAX)
		thread_wakeup((event_t)&object->absent_count);
	if (object->paging_in_progress > 0)
		object->paging_in_progress--;
	if (m->wanted) {
		m->wanted = 0;
		thread_wakeup((event_t)m);
	}
}

static void
memory_object_attributes_set(vm_object_t object, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy)
{
	simple_lock(&object->lock);
	object->pager_ready = true;
	object->pager_may_cache = may_cache;
	object->copy_strategy = copy_strategy;
	if (!may_cache)
		vm_object_cache_uncache(object); /* ends with our reference */
	simple_unlock(&object->lock);
	thread_wakeup((event_t)&object->pager_ready);
}

/*
 * The attributes of a ready or change_attributes: a copy strategy GNU
 * Mach knows, else refused (objects read it: vm/vm_map.c).
 * Returns: KERN_SUCCESS or KERN_INVALID_ARGUMENT (counted, said once).
 */
static kern_return_t
memory_object_attributes_check(const char *routine,
    memory_object_copy_strategy_t copy_strategy)
{
	if (copy_strategy < MEMORY_OBJECT_COPY_NONE ||
	    copy_strategy > MEMORY_OBJECT_COPY_TEMPORARY)
		return memory_object_bad(routine, "unknown copy strategy",
		    (vm_offset_t)copy_strategy, 0);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_ready(vm_object_t object, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy)
{
	kern_return_t kr;

	if (object == VM_OBJECT_NULL)
		return memory_object_not_control("memory_object_ready");
	kr = memory_object_attributes_check("memory_object_ready",
	    copy_strategy);
	if (kr == KERN_SUCCESS)
		memory_object_attributes_set(object, may_cache, copy_strategy);
	vm_object_deallocate(object);
	return kr;
}

kern_return_t
memory_object_change_attributes(vm_object_t object, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy, ipc_port_t reply_to,
    mach_msg_type_name_t reply_to_type)
{
	kern_return_t kr;

	if (object == VM_OBJECT_NULL)
		return memory_object_not_control(
		    "memory_object_change_attributes");
	kr = memory_object_attributes_check("memory_object_change_attributes",
	    copy_strategy);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(object);
		return kr;
	}
	memory_object_attributes_set(object, may_cache, copy_strategy);
	if (IP_VALID(reply_to))
		(void)memory_object_change_completed(reply_to, reply_to_type,
		    may_cache, copy_strategy);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_get_attributes(vm_object_t object, boolean_t *object_ready,
    boolean_t *may_cache, memory_object_copy_strategy_t *copy_strategy)
{
	if (object == VM_OBJECT_NULL)
		return memory_object_not_control("memory_object_get_attributes");
	simple_lock(&object->lock);
	*object_ready = object->pager_ready;
	*may_cache = object->pager_may_cache;
	*copy_strategy = object->copy_strategy;
	simple_unlock(&object->lock);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

/*
 * memory_object_supply_replace: the pager's page src takes the place of
 * the placeholder m (supply by move).  m's waiters are woken now: they
 * look the page up again (F2) once the object lock is dropped and find
 * src.  src comes back busy and absent, as m was, for page_done.
 * Locks: object locked.
 */
static struct vm_page *
memory_object_supply_replace(vm_object_t object, struct vm_page *m,
    struct vm_page *src)
{
	vm_offset_t offset = m->offset;

	if (m->wanted)
		thread_wakeup((event_t)m);
	vm_page_free(m);
	vm_page_insert(src, object, offset);
	src->busy = 1;
	src->absent = 1;
	return src;
}

/*
 * Fills the page at offset from byte pos of a supply: by moving the
 * copy's page there when vm_map_copy_page_take() gives it (X2), else by
 * copying its bytes; counted in pages_supply_moved / _copied.
 * Object locked.
 * Returns: KERN_SUCCESS; KERN_MEMORY_PRESENT (a page is resident there
 * already: the data is ignored, the kernel's copy is newer); or
 * KERN_RESOURCE_SHORTAGE (an unrequested page found no free page: the
 * pager still has the data, nothing is lost).
 */
static kern_return_t
memory_object_supply_page(vm_object_t object, vm_offset_t offset,
    vm_map_copy_t copy, vm_offset_t pos, boolean_t precious,
    vm_prot_t lock_value)
{
	struct vm_page *m = vm_page_lookup(object, offset), *src;

	if (m != NULL && !(m->busy && m->absent))
		return KERN_MEMORY_PRESENT;
	src = vm_map_copy_page_take(copy, pos);
	if (m == NULL) {
		/* Unrequested (a cluster's neighbour): take it if we can. */
		if (src == NULL) {
			vm_pageout_check();
			m = vm_page_grab();
		} else {
			m = src;
		}
		if (m == NULL)
			return KERN_RESOURCE_SHORTAGE;
		vm_page_insert(m, object, offset);
		m->busy = 1;
		m->absent = 1;
		object->absent_count++;
		object->paging_in_progress++;
	} else if (src != NULL) {
		m = memory_object_supply_replace(object, m, src);
	}
	if (src == NULL) {
		(void)vm_map_copy_read_at(copy, pos,
		    (void *)phystokv(vm_page_to_pa(m)), PAGE_SIZE);
		vm_counters.pages_supply_copied++;
	} else {
		vm_counters.pages_supply_moved++;
	}
	m->precious = precious ? 1 : 0;
	m->error = 0;
	m->page_lock = lock_value;
	m->unlock_request = VM_PROT_NONE;
	m->unlock_refused = 0;
	vm_counters.pages_supplied++;
	memory_object_page_done(object, m);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_supply(vm_object_t object, vm_offset_t offset,
    vm_offset_t data, mach_msg_type_number_t data_count, vm_prot_t lock_value,
    boolean_t precious, ipc_port_t reply_to, mach_msg_type_name_t reply_type)
{
	vm_map_copy_t copy = (vm_map_copy_t)data;
	kern_return_t result = KERN_SUCCESS, kr;
	vm_offset_t error_offset = 0;
	const char *bad;

	if (object == VM_OBJECT_NULL)
		return memory_object_not_control("memory_object_data_supply");
	bad = memory_object_range_check(object, offset, data_count);
	if (bad == NULL && (copy == VM_MAP_COPY_NULL ||
	    vm_map_copy_size(copy) < data_count))
		bad = "data shorter than its count";
	if (bad == NULL && (lock_value & ~VM_PROT_ALL) != 0)
		bad = "lock value not a protection";
	if (bad != NULL) {
		vm_object_deallocate(object);
		return memory_object_bad("memory_object_data_supply", bad,
		    offset, data_count);
	}
	vm_counters.data_supplies++;
	simple_lock(&object->lock);
	for (vm_offset_t pos = 0; pos < data_count; pos += PAGE_SIZE) {
		kr = memory_object_supply_page(object, offset + pos, copy,
		    pos, precious, lock_value);
		if (kr != KERN_SUCCESS && result == KERN_SUCCESS) {
			result = kr;		/* the first page refused */
			error_offset = offset + pos;
		}
	}
	simple_unlock(&object->lock);
	vm_map_copy_discard(copy);		/* consumed on success */
	/*
	 * The reply (GNU Mach's meaning): KERN_SUCCESS if every page was
	 * taken, else the reason the first refused page was and its
	 * offset in the object; the pages after it were still taken.
	 */
	if (IP_VALID(reply_to))
		(void)memory_object_supply_completed(reply_to, reply_type,
		    object->pager_request, offset, data_count, result,
		    error_offset);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

/*
 * One page of a data_unavailable (error false) or data_error (true):
 * a placeholder is zeroed or put in error; an unlock request is refused.
 * Object locked.
 */
static void
memory_object_answer_page(vm_object_t object, struct vm_page *m, void *arg)
{
	bool error = *(const bool *)arg;

	if (error && !m->busy && m->unlock_request) {
		/*
		 * The pager refuses an unlock (libpager answers a failed
		 * unlock_range this way): the faults waiting for it, and
		 * later ones needing a locked access, fail until a
		 * lock_request changes the lock.
		 */
		m->unlock_refused = 1;
		vm_counters.pages_error++;
		if (m->wanted) {
			m->wanted = 0;
			thread_wakeup((event_t)m);
		}
		return;
	}
	if (!(m->busy && m->absent))
		return;
	if (error) {
		m->error = 1;
		vm_counters.pages_error++;
	} else {
		vm_page_zero(m);
		vm_counters.pages_unavailable++;
	}
	memory_object_page_done(object, m);
}

/* Ends the placeholders of a range: zeroed, or in error. */
static kern_return_t
memory_object_answer_range(vm_object_t object, vm_offset_t offset,
    vm_size_t size, bool error, const char *routine)
{
	const char *bad;

	if (object == VM_OBJECT_NULL)
		return memory_object_not_control(routine);
	bad = memory_object_range_check(object, offset, size);
	if (bad != NULL) {
		vm_object_deallocate(object);
		return memory_object_bad(routine, bad, offset, size);
	}
	simple_lock(&object->lock);
	vm_object_page_walk(object, offset, size,
	    memory_object_answer_page, &error);
	simple_unlock(&object->lock);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

kern_return_t
memory_object_data_unavailable(vm_object_t object, vm_offset_t offset,
    vm_size_t size)
{
	return memory_object_answer_range(object, offset, size, false,
	    "memory_object_data_unavailable");
}

kern_return_t
memory_object_data_error(vm_object_t object, vm_offset_t offset,
    vm_size_t size, kern_return_t error_value)
{
	return memory_object_answer_range(object, offset, size, true,
	    "memory_object_data_error");
}

/*
 * Test switch (kern/test_control.c, TEST_CONTROL_FAIL_RETURN_COPIES):
 * the next this many copies of a page for a data_return fail as if
 * memory were short, so tests reach the path that keeps the page.
 */
unsigned int memory_object_test_copy_failures;

/*
 * A kernel-buffer copy of m's data for a data_return.  Returns the copy,
 * or VM_MAP_COPY_NULL when no memory could hold it (the caller keeps
 * the page dirty and resident: MO2).  Locks: object locked.
 */
static vm_map_copy_t
memory_object_copy_page(struct vm_page *m)
{
	vm_map_copy_t copy;

	if (memory_object_test_copy_failures > 0) {
		memory_object_test_copy_failures--;
		return VM_MAP_COPY_NULL;
	}
	if (vm_map_copyin_kernel_buffer((void *)phystokv(vm_page_to_pa(m)),
	    PAGE_SIZE, &copy) != KERN_SUCCESS)
		return VM_MAP_COPY_NULL;
	return copy;
}

void
memory_object_return_page(vm_object_t object, vm_offset_t offset,
    vm_map_copy_t copy, boolean_t dirty)
{
	vm_counters.data_returns++;
	vm_counters.pages_returned++;
	(void)memory_object_data_return(object->pager, object->pager_request,
	    offset, (vm_offset_t)copy, PAGE_SIZE, dirty, FALSE);
}

/*
 * Does a page go back to the pager under should_return?  Object locked.
 * A page is dirty if a write fault marked it or the hardware did.
 */
static bool
memory_object_should_return(struct vm_page *m, memory_object_return_t how)
{
	bool dirty = m->dirty || pmap_is_modified(vm_page_to_pa(m));

	switch (how) {
	case MEMORY_OBJECT_RETURN_DIRTY:
		return dirty;
	case MEMORY_OBJECT_RETURN_ALL:
		return dirty || m->precious;
	default:
		return false;
	}
}

/* Pages returned per round of a lock_request (one object lock hold). */
#define MEMORY_OBJECT_RETURN_BATCH	16

/*
 * A lock_request (or a termination) in progress: what to do to each
 * page, and the pages of this round that go back, lowest offsets first.
 */
struct memory_object_lock_state {
	memory_object_return_t	should_return;
	boolean_t		should_flush;
	vm_prot_t		lock_value;
	vm_offset_t		cursor;		/* pages below: done */
	unsigned int		count;		/* of pick */
	struct vm_page		*pick[MEMORY_OBJECT_RETURN_BATCH];
	unsigned long		kept;		/* could not be copied */
	bool			send_failed;	/* the pager is gone */
};

struct memory_object_return_msg {
	vm_offset_t	offset;
	vm_map_copy_t	copy;
	bool		dirty;
};

/*
 * The pmap protection that keeps out the access lock_value locks.  A
 * read lock unmaps the page: a present x86 PTE is always readable
 * (pmap_page_protect), so "write but not read" cannot be had.
 */
static vm_prot_t
memory_object_lock_prot(vm_prot_t lock_value)
{
	if (lock_value & VM_PROT_READ)
		return VM_PROT_NONE;
	return VM_PROT_ALL & ~lock_value;
}

/*
 * memory_object_flush_push: before a lock_request flushes m from an
 * object that has a copy object, the copy takes m's bytes if it lacks
 * them (K7): after the flush the pager may answer with other data, and
 * the copy must keep showing the moment it was made.  An error page has
 * no bytes to keep.  Returns false when the copy cannot take them now
 * (no free page, its lock busy): the caller then does not flush m.
 * Locks: m's object locked.
 */
static bool
memory_object_flush_push(struct vm_page *m)
{
	if (m->error || m->object->copy == VM_OBJECT_NULL)
		return true;
	if (vm_object_copy_push(m->object, m->offset, m) ==
	    VM_OBJECT_PUSH_DONE)
		return true;
	vm_counters.flushes_kept_for_copy++;
	return false;
}

/*
 * One page of a lock_request: write-protect or unmap it, and return it
 * and free it as asked.  Returns a copy of its data to send (or NULL)
 * and whether it was dirty.  A page whose data should go back but
 * could not be copied (no memory) stays resident and dirty, even when
 * flushed (MO2): nothing a pager gave the kernel is lost, and the page
 * goes back later (pageout, another lock_request, termination).
 * Locks: object locked.
 */
static vm_map_copy_t
memory_object_lock_page(struct vm_page *m,
    const struct memory_object_lock_state *ls, bool *dirty)
{
	phys_addr_t pa = vm_page_to_pa(m);
	vm_map_copy_t copy = VM_MAP_COPY_NULL;
	bool keep = false;
	boolean_t should_flush = ls->should_flush;
	vm_prot_t lock_value = ls->lock_value;

	if (m->wire_count != 0) {
		/*
		 * W4: a wired page stays resident and accessible: it is
		 * returned (cleaned) if asked, never flushed, and its lock
		 * is not changed (GNU Mach makes the request wait until it
		 * is unwired instead).
		 */
		should_flush = FALSE;
		lock_value = VM_PROT_NO_CHANGE;
	}
	if (should_flush && !memory_object_flush_push(m))
		should_flush = FALSE;		/* K7: kept for the copy */
	if (should_flush)
		pmap_page_protect(pa, VM_PROT_NONE);
	else if (lock_value != VM_PROT_NO_CHANGE) {
		/* Remembered: later faults obey it (vm_fault_found). */
		if (lock_value & ~m->page_lock)
			pmap_page_protect(pa, memory_object_lock_prot(
			    lock_value));
		m->page_lock = lock_value;
		m->unlock_request &= lock_value;
		m->unlock_refused = 0;		/* a new lock: ask again */
	}
	if (m->wanted && (should_flush ||
	    lock_value != VM_PROT_NO_CHANGE)) {
		/* Faults waiting for an unlock look again. */
		m->wanted = 0;
		thread_wakeup((event_t)m);
	}
	*dirty = m->dirty || pmap_is_modified(pa);
	if (memory_object_should_return(m, ls->should_return)) {
		/* Unmapped or read-only now: the data cannot change under us. */
		if (!should_flush)
			pmap_page_protect(pa, VM_PROT_READ | VM_PROT_EXECUTE);
		copy = memory_object_copy_page(m);
		keep = copy == VM_MAP_COPY_NULL;
	}
	if (copy != VM_MAP_COPY_NULL) {
		m->dirty = 0;
		pmap_clear_modify(pa);
	} else if (keep && *dirty) {
		m->dirty = 1;		/* the modify bit may be all we had */
	}
	if (keep)
		vm_counters.return_copies_failed++;
	else if (should_flush)
		vm_page_free(m);
	return copy;
}

/*
 * Walk callback of a lock_request round: a page that goes back joins
 * pick if it is among the BATCH lowest offsets not yet done; any other
 * page is locked or flushed at once (doing that twice changes nothing).
 * Object locked.
 */
static void
memory_object_lock_visit(vm_object_t object, struct vm_page *m, void *arg)
{
	struct memory_object_lock_state *ls = arg;
	unsigned int i;
	bool dirty;

	if (m->busy || m->offset < ls->cursor)
		return;
	if (!memory_object_should_return(m, ls->should_return)) {
		(void)memory_object_lock_page(m, ls, &dirty);
		return;
	}
	i = ls->count;
	if (i == MEMORY_OBJECT_RETURN_BATCH &&
	    ls->pick[i - 1]->offset < m->offset)
		return;			/* a later round's */
	if (i == MEMORY_OBJECT_RETURN_BATCH)
		i--;			/* the highest drops out */
	else
		ls->count++;
	for (; i > 0 && ls->pick[i - 1]->offset > m->offset; i--)
		ls->pick[i] = ls->pick[i - 1];
	ls->pick[i] = m;
}

/* Sends a round's data_returns, in offset order.  Locks: none held. */
static void
memory_object_lock_send(vm_object_t object,
    struct memory_object_lock_state *ls,
    const struct memory_object_return_msg *msgs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (msgs[i].copy == VM_MAP_COPY_NULL)
			continue;
		if (ls->send_failed) {
			vm_map_copy_discard(msgs[i].copy);
			continue;
		}
		vm_counters.data_returns++;
		vm_counters.pages_returned++;
		if (memory_object_data_return(object->pager,
		    object->pager_request, msgs[i].offset,
		    (vm_offset_t)msgs[i].copy, PAGE_SIZE, msgs[i].dirty,
		    TRUE) != MACH_MSG_SUCCESS)
			ls->send_failed = true;	/* the pager is gone */
	}
}

/*
 * memory_object_lock_range: applies ls to the resident pages of
 * [offset, offset + size) and sends the ones that go back, one
 * data_return per page in offset order.  Works in rounds: each walks
 * the range from ls->cursor once under the object lock (MO1: bounded by
 * resident pages) and picks the next BATCH pages to return, whose
 * messages then go out with no lock held.  Returns the pages that
 * should have gone back but could not be copied (MO2).
 * Locks: none held; takes object->lock.
 */
static unsigned long
memory_object_lock_range(vm_object_t object, vm_offset_t offset,
    vm_size_t size, struct memory_object_lock_state *ls)
{
	struct memory_object_return_msg msgs[MEMORY_OBJECT_RETURN_BATCH];
	vm_offset_t end = offset + size;
	unsigned int n;

	ls->cursor = offset;
	ls->kept = 0;
	ls->send_failed = false;
	while (ls->cursor < end && !ls->send_failed) {
		simple_lock(&object->lock);
		ls->count = 0;
		vm_object_page_walk(object, ls->cursor, end - ls->cursor,
		    memory_object_lock_visit, ls);
		n = ls->count;
		for (unsigned int i = 0; i < n; i++) {
			msgs[i].offset = ls->pick[i]->offset;
			msgs[i].copy = memory_object_lock_page(ls->pick[i], ls,
			    &msgs[i].dirty);
			ls->kept += msgs[i].copy == VM_MAP_COPY_NULL;
		}
		ls->cursor = n == MEMORY_OBJECT_RETURN_BATCH ?
		    msgs[n - 1].offset + PAGE_SIZE : end;
		simple_unlock(&object->lock);
		memory_object_lock_send(object, ls, msgs, n);
	}
	return ls->kept;
}


/*
 * Returns the object's dirty and precious pages (flushing every page),
 * then sends memory_object_terminate.  Returns false, having queued the
 * object for the daemon, if some page could not be copied (MO2).
 * Locks: none held.
 */
static bool
memory_object_terminate_object(vm_object_t object)
{
	struct memory_object_lock_state ls = {
		.should_return = MEMORY_OBJECT_RETURN_ALL,
		.should_flush = TRUE,
		.lock_value = VM_PROT_NO_CHANGE,
	};

	if (memory_object_lock_range(object, 0, object->size, &ls) > 0 &&
	    !ls.send_failed && !object->pager_dead) {
		simple_lock(&vm_object_pager_lock);
		memory_object_release_enqueue(object);
		simple_unlock(&vm_object_pager_lock);
		vm_pageout_wakeup();
		return false;
	}
	/* The pager gets both kernel ports' receive rights, and our send. */
	(void)memory_object_terminate(object->pager, object->pager_request,
	    object->pager_name);
	object->pager = IP_NULL;
	object->pager_request = IP_NULL;
	object->pager_name = IP_NULL;
	return true;
}

bool
memory_object_release(vm_object_t object)
{
	vm_object_t *link;

	simple_lock(&vm_object_pager_lock);
	for (link = &vm_object_pager_list; *link != NULL;
	    link = &(*link)->pager_next) {
		if (*link == object) {
			*link = object->pager_next;
			break;
		}
	}
	simple_unlock(&vm_object_pager_lock);
	if (memory_object_terminate_object(object))
		return true;
	/* Once per object: the daemon's retries are not new deferrals. */
	vm_counter_add(releases_deferred, 1);
	return false;
}

bool
memory_object_release_pending(void)
{
	return memory_object_release_queue != VM_OBJECT_NULL;
}

void
memory_object_release_retry(void)
{
	vm_object_t object, shadow;

	for (;;) {
		simple_lock(&vm_object_pager_lock);
		object = memory_object_release_queue;
		if (object != VM_OBJECT_NULL)
			(void)memory_object_release_unlink(
			    &memory_object_release_queue);
		simple_unlock(&vm_object_pager_lock);
		if (object == VM_OBJECT_NULL)
			return;
		if (!memory_object_terminate_object(object))
			return;		/* still short: next round */
		shadow = object->shadow;
		vm_object_free(object);
		vm_object_deallocate(shadow);
	}
}

/*
 * memory_object_lock_request: the pager asks the kernel to clean,
 * flush or write-protect [offset, offset + size): dirty (or, by
 * should_return, all) resident pages come back with data_return, one
 * message per page in the legacy protocol, in offset order;
 * should_flush drops them from memory and from every pmap; lock_value
 * (unless VM_PROT_NO_CHANGE) becomes each resident page's page_lock:
 * the access it locks out is removed from every pmap now and refused to
 * later faults, which ask for it back with memory_object_data_unlock
 * (vm_fault_found); a smaller lock wakes the faults waiting for it.
 * Busy pages (being filled) are passed over.  reply_to gets
 * memory_object_lock_completed when done, also when some page could
 * not be copied for lack of memory: that page stays dirty and resident
 * (MO2) and the pager simply sees no data_return for it.
 */
kern_return_t
memory_object_lock_request(vm_object_t object, vm_offset_t offset,
    vm_size_t size, memory_object_return_t should_return,
    boolean_t should_flush, vm_prot_t lock_value, ipc_port_t reply_to,
    mach_msg_type_name_t reply_type)
{
	struct memory_object_lock_state ls = {
		.should_return = should_return,
		.should_flush = should_flush,
		.lock_value = lock_value,
	};
	const char *bad;

	if (object == VM_OBJECT_NULL)
		return memory_object_not_control("memory_object_lock_request");
	bad = memory_object_range_check(object, offset, size);
	if (bad == NULL && (should_return < MEMORY_OBJECT_RETURN_NONE ||
	    should_return > MEMORY_OBJECT_RETURN_ALL))
		bad = "unknown should_return";
	if (bad == NULL && lock_value != VM_PROT_NO_CHANGE &&
	    (lock_value & ~VM_PROT_ALL) != 0)
		bad = "lock value not a protection";
	if (bad != NULL) {
		vm_object_deallocate(object);
		return memory_object_bad("memory_object_lock_request", bad,
		    offset, size);
	}
	(void)memory_object_lock_range(object, offset, size, &ls);
	if (IP_VALID(reply_to))
		(void)memory_object_lock_completed(reply_to, reply_type,
		    object->pager_request, offset, size);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

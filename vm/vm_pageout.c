/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_pageout.c: the page queues and the pageout daemon.
 *
 * Pages of external objects (a pager's pages) are on the active or the
 * inactive queue while they hold valid data.  When free pages fall below
 * vm_page_free_target, the daemon ages active pages to the inactive
 * queue (clearing their hardware reference bits) and cleans inactive
 * ones: a page referenced again goes back to active; otherwise it is
 * unmapped from every pmap and then freed if clean, or moved (not
 * copied) into a one-page out-of-line copy and sent back to its pager
 * with memory_object_data_return if dirty, one page per message (the
 * legacy protocol; clustering it is the clustered page-out issue).
 * A wired page (vm_page_wire) is on neither queue, so the daemon never
 * takes it (W2, design/05-fault.md "Kernel writes and wiring").
 *
 * Anonymous memory is not paged out: there is no default pager yet
 * (design/05-fault.md).  A fault that finds no free page waits for the
 * daemon when pager pages exist to be paged out; otherwise it fails
 * with KERN_RESOURCE_SHORTAGE, so a task that exhausts memory gets an
 * error instead of hanging the kernel.
 *
 * The daemon is a kernel thread that waits with a continuation.  Each
 * round it first retries the terminations memory_object_release had to
 * defer (MO2, memory_object_release_retry), then scans.
 *
 * Locking: vm_page_queue_lock guards the queues and the pages' queue
 * fields; it is taken inside an object lock (object -> queue lock).  The
 * daemon, which starts from the queue, only try-locks objects.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <mach/vm_param.h>
#include <vm/memory_object.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <x86_64/pmap.h>

/* Aging batch: active pages moved to inactive at a time. */
#define VM_PAGEOUT_DEACTIVATE_BATCH	32
/* Pages looked at per round before the daemon pauses for a tick. */
#define VM_PAGEOUT_BATCH		256

unsigned long vm_page_active_count, vm_page_inactive_count;
unsigned long vm_page_wire_count;
int vm_page_free_wanted_event;

static simple_lock_data_t vm_page_queue_lock =
	SIMPLE_LOCK_INITIALIZER("vm_page_queues");
static struct vm_page *vm_page_queue_active, *vm_page_queue_inactive;
static unsigned long vm_page_free_target;
static int vm_pageout_event;
static bool vm_pageout_running;

static void vm_pageout_continue(void) __attribute__((noreturn));

/* A circular list through pageq_next/prev; *head is the oldest. */
static void
vm_page_queue_enter(struct vm_page **head, struct vm_page *m)
{
	if (*head == NULL) {
		m->pageq_next = m->pageq_prev = m;
		*head = m;
		return;
	}
	m->pageq_next = *head;
	m->pageq_prev = (*head)->pageq_prev;
	(*head)->pageq_prev->pageq_next = m;
	(*head)->pageq_prev = m;
}

static void
vm_page_queue_remove(struct vm_page **head, struct vm_page *m)
{
	if (m->pageq_next == m) {
		*head = NULL;
	} else {
		m->pageq_prev->pageq_next = m->pageq_next;
		m->pageq_next->pageq_prev = m->pageq_prev;
		if (*head == m)
			*head = m->pageq_next;
	}
	m->pageq_next = m->pageq_prev = NULL;
}

/* Locks: vm_page_queue_lock held. */
static void
vm_page_dequeue_locked(struct vm_page *m)
{
	if (m->active) {
		vm_page_queue_remove(&vm_page_queue_active, m);
		m->active = 0;
		vm_page_active_count--;
	} else if (m->inactive) {
		vm_page_queue_remove(&vm_page_queue_inactive, m);
		m->inactive = 0;
		vm_page_inactive_count--;
	}
}

void
vm_page_dequeue(struct vm_page *m)
{
	spl_t s;

	if (!m->active && !m->inactive)
		return;
	s = simple_lock_irq(&vm_page_queue_lock);
	vm_page_dequeue_locked(m);
	simple_unlock_irq(&vm_page_queue_lock, s);
}

void
vm_page_activate(struct vm_page *m)
{
	spl_t s = simple_lock_irq(&vm_page_queue_lock);

	vm_page_dequeue_locked(m);
	vm_page_queue_enter(&vm_page_queue_active, m);
	m->active = 1;
	vm_page_active_count++;
	simple_unlock_irq(&vm_page_queue_lock, s);
}

/*
 * vm_page_wire: one more wiring of m (a wired map entry's page, W1 in
 * design/05-fault.md).  The first takes m off the queues, so the daemon
 * never meets it (W2); vm_page_wire_count counts pages wired at all.
 * Locks: m's object locked.
 */
void
vm_page_wire(struct vm_page *m)
{
	assert(m->object != NULL && simple_lock_taken(&m->object->lock));
	if (m->wire_count++ != 0)
		return;
	vm_page_dequeue(m);
	__atomic_add_fetch(&vm_page_wire_count, 1, __ATOMIC_RELAXED);
}

/*
 * vm_page_unwire: one wiring less; at the last, a pager's page goes back
 * on the active queue, pageable again (anonymous pages are never queued:
 * there is no default pager).
 * Locks: m's object locked.
 */
void
vm_page_unwire(struct vm_page *m)
{
	assert(m->object != NULL && simple_lock_taken(&m->object->lock));
	assert(m->wire_count > 0);
	if (--m->wire_count != 0)
		return;
	__atomic_sub_fetch(&vm_page_wire_count, 1, __ATOMIC_RELAXED);
	if (!m->object->internal && !m->busy)
		vm_page_activate(m);
}

bool
vm_page_wait_possible(void)
{
	vm_counters.free_page_waits++;
	thread_wakeup((event_t)&vm_pageout_event);
	return vm_pageout_running &&
	    vm_page_active_count + vm_page_inactive_count > 0;
}

void
vm_pageout_check(void)
{
	if (vm_pageout_running && vm_page_free_count() < vm_page_free_target)
		thread_wakeup((event_t)&vm_pageout_event);
}

void
vm_pageout_wakeup(void)
{
	thread_wakeup((event_t)&vm_pageout_event);
}

/* Moves m (active) to the inactive queue, unreferenced.  Queue lock. */
static void
vm_page_deactivate_locked(struct vm_page *m)
{
	vm_page_dequeue_locked(m);
	pmap_clear_reference(vm_page_to_pa(m));
	vm_page_queue_enter(&vm_page_queue_inactive, m);
	m->inactive = 1;
	vm_page_inactive_count++;
	vm_counters.pages_deactivated++;
}

void
vm_page_deactivate(struct vm_page *m)
{
	spl_t s = simple_lock_irq(&vm_page_queue_lock);

	if (m->active)
		vm_page_deactivate_locked(m);
	simple_unlock_irq(&vm_page_queue_lock, s);
}

/* Moves a batch of the oldest active pages to inactive.  Queue lock. */
static void
vm_pageout_deactivate_locked(void)
{
	for (int i = 0; i < VM_PAGEOUT_DEACTIVATE_BATCH &&
	    vm_page_queue_active != NULL; i++)
		vm_page_deactivate_locked(vm_page_queue_active);
}

/*
 * vm_pageout_clean: m (inactive, its object locked, off the queues) is
 * unmapped, then freed or sent back.  Locks: object locked on entry,
 * unlocked on return.
 */
static void
vm_pageout_clean(vm_object_t object, struct vm_page *m)
{
	phys_addr_t pa = vm_page_to_pa(m);
	vm_offset_t offset = m->offset;
	vm_map_copy_t copy;
	bool dirty;

	pmap_page_protect(pa, VM_PROT_NONE);
	dirty = m->dirty || pmap_is_modified(pa);
	if (!dirty && !m->precious) {
		vm_page_free(m);
		vm_counters.pages_freed_clean++;
		simple_unlock(&object->lock);
		return;
	}
	if (vm_map_copyin_page(m, &copy) != KERN_SUCCESS) {
		vm_page_activate(m);		/* try again later */
		simple_unlock(&object->lock);
		return;
	}
	m->dirty = 0;
	pmap_clear_modify(pa);
	object->ref_count++;		/* alive while the message goes */
	simple_unlock(&object->lock);
	vm_counters.pageout_returns++;
	/* A clean precious page goes back with dirty FALSE (GNU Mach's). */
	memory_object_return_page(object, offset, copy, dirty);
	vm_object_deallocate(object);
}

/*
 * vm_pageout_scan_one: one page off the inactive queue (refilled from
 * the active one when empty).  Returns false when nothing is left.
 */
static bool
vm_pageout_scan_one(void)
{
	struct vm_page *m;
	vm_object_t object;
	spl_t s = simple_lock_irq(&vm_page_queue_lock);

	if (vm_page_queue_inactive == NULL)
		vm_pageout_deactivate_locked();
	m = vm_page_queue_inactive;
	if (m == NULL) {
		simple_unlock_irq(&vm_page_queue_lock, s);
		return false;
	}
	vm_counters.pages_scanned++;
	if (m->wire_count != 0) {
		/* W2: never evicted; vm_page_unwire queues it again. */
		vm_page_dequeue_locked(m);
		simple_unlock_irq(&vm_page_queue_lock, s);
		return true;
	}
	object = m->object;
	if (!simple_lock_try(&object->lock)) {
		/* Busy object (the other order): look at it later. */
		vm_page_dequeue_locked(m);
		vm_page_queue_enter(&vm_page_queue_inactive, m);
		m->inactive = 1;
		vm_page_inactive_count++;
		simple_unlock_irq(&vm_page_queue_lock, s);
		return true;
	}
	vm_page_dequeue_locked(m);
	simple_unlock_irq(&vm_page_queue_lock, s);
	if (object->ref_count == 0 && !object->cached) {
		/*
		 * Its object is being terminated (vm/memory_object.c sends
		 * its pages back itself): a reference taken here would end
		 * it a second time.
		 */
		vm_page_activate(m);
		simple_unlock(&object->lock);
		return true;
	}
	if (pmap_is_referenced(vm_page_to_pa(m))) {
		pmap_clear_reference(vm_page_to_pa(m));
		vm_page_activate(m);
		vm_counters.pages_reactivated++;
		simple_unlock(&object->lock);
		return true;
	}
	vm_pageout_clean(object, m);
	return true;
}

/*
 * The daemon: a batch of pages per round, then a pause of a clock tick
 * so that the pagers, which must take the returned pages and free them,
 * can run (kernel threads are not preempted); it sleeps when free pages
 * are back above the target.
 */
static void
vm_pageout_continue(void)
{
	int scanned = 0;

	if (memory_object_release_pending())
		memory_object_release_retry();
	if (vm_page_free_count() < vm_page_free_target)
		vm_counters.pageout_scans++;
	while (vm_page_free_count() < vm_page_free_target &&
	    scanned < VM_PAGEOUT_BATCH && vm_pageout_scan_one())
		scanned++;
	thread_wakeup((event_t)&vm_page_free_wanted_event);
	assert_wait((event_t)&vm_pageout_event, false);
	if ((vm_page_free_count() < vm_page_free_target &&
	    vm_page_active_count + vm_page_inactive_count > 0) ||
	    memory_object_release_pending())
		thread_set_timeout(1);		/* more to do: a pause only */
	thread_block(vm_pageout_continue);
	panic("vm_pageout_continue: returned");
}

void
vm_pageout_bootstrap(void)
{
	thread_t daemon;

	/* 1/32 of memory (4 MiB of 128 MiB), at least twice the reserve. */
	vm_page_free_target = vm_page_total_count() / 32;
	if (vm_page_free_target < 2 * VM_PAGE_FREE_RESERVED)
		vm_page_free_target = 2 * VM_PAGE_FREE_RESERVED;
	daemon = thread_create_kernel(NULL, vm_pageout_continue, "pageout",
	    BASEPRI_KERNEL);
	if (daemon == THREAD_NULL)
		panic("vm_pageout_bootstrap: no memory for the daemon");
	vm_pageout_running = true;
	thread_resume_initial(daemon);
}

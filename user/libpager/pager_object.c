/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/libpager/pager_object.c: the object's life: memory_object_init,
 * memory_object_terminate, the no-senders notification, the completion
 * messages, and requests made by the pager: lock requests
 * (pager_return_range) and attribute changes (pager_change_attributes).
 *
 *   NOT_INIT --init--> READY --terminate--> NOT_INIT (a later vm_map
 *                                            may init it again)
 *   any --no-senders (mscount current)--> FREED
 *
 * Rights, by memory_object.defs: init brings one send right each to the
 * control and name ports (kept in struct pager until terminate);
 * terminate is sent with the kernel's send right to the object port as
 * its destination (MOVE_SEND: consumed by the delivery, which is what
 * lets no-senders come) and brings the receive rights of control and
 * name (destroyed here).  Every other message
 * carries one more send right to control (MAKE_SEND), released by its
 * handler; data_request's are given back in batches
 * (pager_control_release_locked), any still kept go with the name at
 * terminate or no-senders.
 *
 * Locking: pager->lock, inside a turn (LP1) for every message handler.
 */
#include "pager_priv.h"
#include <mach/memory_object_server.h>

kern_return_t
seqnos_memory_object_init(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, mach_port_t name, vm_size_t page_size)
{
	struct pager *p = pager_lookup(object);
	mach_port_t me = mach_task_self();
	kern_return_t kr;

	if (p == NULL)
		return KERN_SUCCESS;	/* demux saw it first: cannot happen */
	pager_turn_take(p, seqno);
	p->stats.inits++;
	if (p->state != PAGER_STATE_NOT_INIT ||
	    page_size != PAGER_PAGE_BYTES) {
		p->stats.bad_messages++;
		printf("libpager: init rejected (state %d, page size %lu)\n",
		    (int)p->state, (unsigned long)page_size);
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
		(void)mach_port_deallocate(me, control);
		(void)mach_port_deallocate(me, name);
		return KERN_SUCCESS;
	}
	p->control = control;
	p->name = name;
	p->state = PAGER_STATE_READY;
	pager_wake_locked(p);
	/* Sent inside the turn: the kernel must see ready before any answer
	 * to a later message of this object. */
	kr = memory_object_ready(control, p->may_cache, p->copy_strategy);
	if (kr != KERN_SUCCESS)
		p->stats.send_errors++;
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
	return KERN_SUCCESS;
}

/* Drops requests kept by hold (their object is gone).  Locks: p->lock. */
static void
pager_held_drop_locked(struct pager *p)
{
	unsigned int i;

	for (i = 0; i < p->held_count; i++)
		(void)mach_port_deallocate(mach_task_self(),
		    p->held[i].control);
	p->held_count = 0;
}

kern_return_t
seqnos_memory_object_terminate(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, mach_port_t name)
{
	struct pager *p = pager_lookup(object);
	mach_port_t me = mach_task_self();
	int i;

	if (p == NULL)
		return KERN_SUCCESS;
	pager_turn_take(p, seqno);
	p->stats.terminates++;
	if (p->state != PAGER_STATE_READY || control != p->control) {
		p->stats.bad_messages++;
		printf("libpager: terminate of an object not ready, or with "
		    "a wrong control port\n");
	}
	/* Reads and writes in flight still use the control port. */
	while (p->busy > 0)
		pager_wait_locked(p);
	pager_held_drop_locked(p);
	for (i = 0; i < PAGER_LOCK_WAITS_MAX; i++)
		p->lock_waits[i].done = 1;	/* no completion will come */
	if (control == p->control) {
		p->control_urefs_kept = 0;	/* destroyed below */
		p->control = MACH_PORT_NULL;
		p->name = MACH_PORT_NULL;
		p->state = PAGER_STATE_NOT_INIT;
	}
	pager_wake_locked(p);
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
	/* All our rights to control and name: init's sends, the receives.
	 * The kernel's send right to the object was this message's
	 * destination right: its delivery consumed it, nothing comes back
	 * (deallocating `object' here would drop a right of our own). */
	(void)mach_port_destroy(me, control);
	(void)mach_port_destroy(me, name);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_copy(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_size_t length,
    mach_port_t new_object)
{
	struct pager *p = pager_lookup(object);

	(void)offset;
	(void)length;
	/* Only for MEMORY_OBJECT_COPY_CALL, which we never ask for. */
	if (p != NULL) {
		pager_turn_take(p, seqno);
		p->stats.bad_messages++;
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
	}
	printf("libpager: memory_object_copy without COPY_CALL: ignored\n");
	(void)mach_port_deallocate(mach_task_self(), control);
	(void)mach_port_destroy(mach_task_self(), new_object);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_lock_completed(mach_port_t object,
    mach_port_seqno_t seqno, mach_port_t control, vm_offset_t offset,
    vm_size_t length)
{
	struct pager *p = pager_lookup(object);
	int i;

	if (p != NULL) {
		pager_turn_take(p, seqno);
		p->stats.lock_completions++;
		for (i = 0; i < PAGER_LOCK_WAITS_MAX; i++) {
			struct pager_lock_wait *w = &p->lock_waits[i];

			if (w->in_use && !w->done && w->offset == offset &&
			    w->length == length) {
				w->done = 1;
				break;
			}
		}
		pager_wake_locked(p);
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
	}
	(void)mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_supply_completed(mach_port_t object,
    mach_port_seqno_t seqno, mach_port_t control, vm_offset_t offset,
    vm_size_t length, kern_return_t result, vm_offset_t error_offset)
{
	struct pager *p = pager_lookup(object);

	if (p != NULL) {
		pager_turn_take(p, seqno);
		p->stats.supply_completions++;
		if (result != KERN_SUCCESS)
			p->stats.supply_refusals++;
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
	}
	if (result != KERN_SUCCESS)
		printf("libpager: supply 0x%lx+0x%lx: %s at 0x%lx\n",
		    (unsigned long)offset, (unsigned long)length,
		    cm_error_name(result), (unsigned long)error_offset);
	(void)mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_change_completed(mach_port_t object,
    mach_port_seqno_t seqno, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy)
{
	struct pager *p = pager_lookup(object);

	(void)may_cache;
	(void)copy_strategy;
	if (p != NULL) {
		pager_turn_take(p, seqno);
		p->stats.change_completions++;
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
	}
	return KERN_SUCCESS;
}

/*
 * The last send right is gone.  If a send right was made after the one
 * the notification counted (mscount below ours), asks again; otherwise
 * frees the object: waits for work in flight, leaves the table,
 * destroys the port, calls clear().  Runs in the message's turn.
 */
void
pager_no_senders(struct pager *p, mach_port_seqno_t seqno,
    mach_port_mscount_t mscount)
{
	mach_port_t me = mach_task_self(), previous = MACH_PORT_NULL;

	pager_turn_take(p, seqno);
	p->stats.no_senders++;
	if (mscount < p->mscount) {
		(void)mach_port_request_notification(me, p->port,
		    MACH_NOTIFY_NO_SENDERS, p->mscount, p->port,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
		if (MACH_PORT_VALID(previous))
			(void)mach_port_deallocate(me, previous);
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
		return;
	}
	while (p->busy > 0)
		pager_wait_locked(p);
	pager_held_drop_locked(p);
	if (p->state == PAGER_STATE_READY) {
		/* No terminate came (a kernel that died with its object, or
		 * one that never maps): drop what init gave us. */
		pager_control_release_finish(p->control,
		    1 + p->control_urefs_kept);
		(void)mach_port_deallocate(me, p->name);
		p->control_urefs_kept = 0;
		p->control = p->name = MACH_PORT_NULL;
	}
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
	pager_table_remove(p);
	(void)mach_port_mod_refs(me, p->port, MACH_PORT_RIGHT_RECEIVE, -1);
	if (p->ops->clear != NULL)
		p->ops->clear(p);
	cm_mutex_lock(&p->lock);
	p->state = PAGER_STATE_FREED;
	pager_wake_locked(p);
	cm_mutex_unlock(&p->lock);
}

/* Takes a free lock-wait slot, waiting for one.  Locks: p->lock held. */
static struct pager_lock_wait *
pager_lock_wait_take_locked(struct pager *p, vm_offset_t offset,
    vm_size_t length)
{
	int i;

	for (;;) {
		for (i = 0; i < PAGER_LOCK_WAITS_MAX; i++) {
			struct pager_lock_wait *w = &p->lock_waits[i];

			if (!w->in_use) {
				w->in_use = 1;
				w->done = 0;
				w->offset = offset;
				w->length = length;
				return w;
			}
		}
		pager_wait_locked(p);
	}
}

kern_return_t
pager_return_range(struct pager *p, vm_offset_t offset, vm_size_t length,
    int flush, int wait)
{
	struct pager_lock_wait *w = NULL;
	mach_port_t control;
	kern_return_t kr;

	cm_mutex_lock(&p->lock);
	if (p->state != PAGER_STATE_READY) {
		cm_mutex_unlock(&p->lock);
		return KERN_INVALID_ARGUMENT;
	}
	control = p->control;
	if (wait)
		w = pager_lock_wait_take_locked(p, offset, length);
	p->busy++;
	cm_mutex_unlock(&p->lock);
	kr = memory_object_lock_request(control, offset, length,
	    MEMORY_OBJECT_RETURN_DIRTY, flush ? TRUE : FALSE,
	    VM_PROT_NO_CHANGE, wait ? p->port : MACH_PORT_NULL);
	cm_mutex_lock(&p->lock);
	p->busy--;
	pager_wake_locked(p);
	if (kr != KERN_SUCCESS)
		p->stats.send_errors++;
	while (w != NULL && kr == KERN_SUCCESS && !w->done)
		pager_wait_locked(p);
	if (w != NULL)
		w->in_use = 0;
	cm_mutex_unlock(&p->lock);
	return kr;
}

kern_return_t
pager_change_attributes(struct pager *p, boolean_t may_cache, int wait)
{
	uint64_t target;
	mach_port_t control;
	kern_return_t kr;

	cm_mutex_lock(&p->lock);
	p->may_cache = may_cache;
	if (p->state != PAGER_STATE_READY) {
		cm_mutex_unlock(&p->lock);
		return KERN_SUCCESS;	/* no kernel object: the next ready */
	}
	control = p->control;
	target = p->stats.change_completions + 1;
	p->busy++;
	cm_mutex_unlock(&p->lock);
	kr = memory_object_change_attributes(control, may_cache,
	    p->copy_strategy, wait ? p->port : MACH_PORT_NULL);
	cm_mutex_lock(&p->lock);
	p->busy--;
	pager_wake_locked(p);
	if (kr != KERN_SUCCESS)
		p->stats.send_errors++;
	while (wait && kr == KERN_SUCCESS &&
	    p->stats.change_completions < target)
		pager_wait_locked(p);
	cm_mutex_unlock(&p->lock);
	return kr;
}

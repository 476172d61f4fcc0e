/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/libpager/pager_data.c: data_request, data_unlock and data_return,
 * and the requests kept while the pager holds them.
 *
 * A data_request is answered for every page it names (LP2): read_range()
 * on the whole range answers it in one message (data_supply,
 * data_unavailable or data_error); PAGER_MIXED makes the library ask
 * page by page and send one message per run of pages with the same
 * answer (a run of data pages is one data_supply per page: their buffers
 * are separate).  A read_range() that breaks the contract (no buffer,
 * PAGER_MIXED for one page) is answered with data_error, so the faulting
 * thread never waits forever.
 *
 * LP3: a read does not start while a write of one of its pages is in
 * progress; writes of the same page run one after the other, in port
 * order (the Hurd's libpager orders them the same way: data-return.c,
 * PM_PAGINGOUT).
 */
#include "pager_priv.h"
#include <mach/memory_object_server.h>

/* Whether [offset, offset+length) overlaps a write in progress.
 * Locks: p->lock held. */
static int
pager_writes_overlap_locked(struct pager *p, vm_offset_t offset,
    vm_size_t length)
{
	int i;

	for (i = 0; i < PAGER_WRITES_MAX; i++) {
		const struct pager_range *w = &p->writes[i];

		if (w->in_use && w->offset < offset + length &&
		    offset < w->offset + w->length)
			return 1;
	}
	return 0;
}

/* Answer buffers (pager_read_buffer). */

void *
pager_read_buffer(struct pager *p, vm_size_t length)
{
	struct cm_thread *self = cm_thread_self();
	vm_address_t data = 0;

	(void)p;
	if (length == PAGER_PAGE_BYTES && cm_thread_data(self) != NULL)
		return cm_thread_data(self);
	if (vm_allocate(mach_task_self(), &data, length, TRUE) != KERN_SUCCESS)
		return NULL;
	/* The thread's page, kept from now on (it lives as long as the
	 * task: server threads do not end). */
	if (length == PAGER_PAGE_BYTES)
		cm_thread_set_data(self, (void *)data);
	return (void *)data;
}

/* Whether buf is the calling thread's kept page. */
int
pager_read_buffer_is_kept(const void *buf)
{
	return buf != NULL && buf == cm_thread_data(cm_thread_self());
}

void
pager_read_buffer_free(struct pager *p, void *buf, vm_size_t length)
{
	(void)p;
	if (buf != NULL && !pager_read_buffer_is_kept(buf))
		(void)vm_deallocate(mach_task_self(), (vm_address_t)buf,
		    length);
}

/* Sends one answer and counts it.  kind: KERN_SUCCESS (data in buf),
 * PAGER_UNAVAILABLE, or an error code. */
static void
pager_send_answer(struct pager *p, mach_port_t control, vm_offset_t offset,
    vm_size_t length, kern_return_t kind, void *buf, int write_lock)
{
	vm_size_t pages = length / PAGER_PAGE_BYTES;
	boolean_t kept = pager_read_buffer_is_kept(buf);
	kern_return_t kr;

	if (kind == KERN_SUCCESS)
		kr = memory_object_data_supply(control, offset,
		    (vm_offset_t)buf, length, !kept,
		    write_lock ? VM_PROT_WRITE : VM_PROT_NONE,
		    p->precious ? TRUE : FALSE,
		    p->supply_reply ? p->port : MACH_PORT_NULL);
	else if (kind == PAGER_UNAVAILABLE)
		kr = memory_object_data_unavailable(control, offset, length);
	else
		kr = memory_object_data_error(control, offset, length, kind);
	cm_mutex_lock(&p->lock);
	if (kr != KERN_SUCCESS)
		p->stats.send_errors++;
	if (kind == KERN_SUCCESS) {
		p->stats.supplies++;
		p->stats.pages_supplied += pages;
	} else if (kind == PAGER_UNAVAILABLE) {
		p->stats.unavailables++;
		p->stats.pages_unavailable += pages;
	} else {
		p->stats.errors++;
		p->stats.pages_error += pages;
	}
	cm_mutex_unlock(&p->lock);
	if (kind == KERN_SUCCESS && kr != KERN_SUCCESS && !kept)
		(void)vm_deallocate(mach_task_self(), (vm_address_t)buf,
		    length);
}

/* Calls read_range() once and counts it; a contract breach becomes an
 * error (KERN_FAILURE). */
static kern_return_t
pager_read_call(struct pager *p, vm_offset_t offset, vm_size_t length,
    void **buf, int *write_lock)
{
	kern_return_t kr;

	*buf = NULL;
	*write_lock = 0;
	kr = p->ops->read_range(p, offset, length, buf, write_lock);
	cm_mutex_lock(&p->lock);
	p->stats.read_calls++;
	cm_mutex_unlock(&p->lock);
	if (kr == KERN_SUCCESS && *buf == NULL)
		return KERN_FAILURE;
	if (kr == PAGER_MIXED && length <= PAGER_PAGE_BYTES)
		return KERN_FAILURE;
	return kr;
}

/*
 * Answers [offset, offset+length) page by page, one message per run of
 * pages with the same non-data answer.
 */
static void
pager_answer_by_page(struct pager *p, mach_port_t control,
    vm_offset_t offset, vm_size_t length)
{
	vm_offset_t run_start = offset, o;
	kern_return_t run_kind = KERN_SUCCESS, kind;
	int have_run = 0, write_lock;
	void *buf;

	for (o = offset; o < offset + length; o += PAGER_PAGE_BYTES) {
		kind = pager_read_call(p, o, PAGER_PAGE_BYTES, &buf,
		    &write_lock);
		if (have_run && kind != run_kind) {
			pager_send_answer(p, control, run_start,
			    o - run_start, run_kind, NULL, 0);
			have_run = 0;
		}
		if (kind == KERN_SUCCESS) {
			pager_send_answer(p, control, o, PAGER_PAGE_BYTES,
			    kind, buf, write_lock);
			continue;
		}
		if (!have_run) {
			run_start = o;
			run_kind = kind;
			have_run = 1;
		}
	}
	if (have_run)
		pager_send_answer(p, control, run_start,
		    offset + length - run_start, run_kind, NULL, 0);
}

/*
 * Answers a data_request (LP2).  Locks: none held.  The caller counted
 * p->busy for it and drops that count afterwards.
 */
void
pager_answer_read(struct pager *p, mach_port_t control, vm_offset_t offset,
    vm_size_t length)
{
	kern_return_t kind;
	int write_lock;
	void *buf;

	kind = pager_read_call(p, offset, length, &buf, &write_lock);
	if (kind == PAGER_MIXED)
		pager_answer_by_page(p, control, offset, length);
	else
		pager_send_answer(p, control, offset, length, kind, buf,
		    write_lock);
}

/* Keeps a request while hold is set.  Locks: p->lock held.  Returns 0
 * if it could not be kept (then it is answered now). */
static int
pager_held_add_locked(struct pager *p, mach_port_t control,
    vm_offset_t offset, vm_size_t length)
{
	if (p->held_count == p->held_max) {
		unsigned int max = p->held_max ? 2 * p->held_max : 64;
		struct pager_held *h = malloc(max * sizeof(*h));

		if (h == NULL)
			return 0;
		if (p->held_count > 0)
			memcpy(h, p->held, p->held_count * sizeof(*h));
		free(p->held);
		p->held = h;
		p->held_max = max;
	}
	p->held[p->held_count].offset = offset;
	p->held[p->held_count].length = length;
	p->held[p->held_count].control = control;
	p->held_count++;
	return 1;
}

kern_return_t
seqnos_memory_object_data_request(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_size_t length,
    vm_prot_t access)
{
	struct pager *p = pager_lookup(object);
	mach_port_t release;
	unsigned int release_urefs;

	(void)access;
	if (p == NULL)
		return KERN_SUCCESS;
	pager_turn_take(p, seqno);
	pager_log_add_locked(p, PAGER_LOG_REQUEST, offset, length);
	if (!pager_check_range(p, "data_request", control, offset, length)) {
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
		(void)mach_port_deallocate(mach_task_self(), control);
		return KERN_SUCCESS;
	}
	p->stats.data_requests++;
	p->stats.pages_requested += length / PAGER_PAGE_BYTES;
	if (p->hold && pager_held_add_locked(p, control, offset, length)) {
		pager_turn_release(p, seqno);
		cm_mutex_unlock(&p->lock);
		return KERN_SUCCESS;	/* the held entry keeps the uref */
	}
	p->busy++;
	pager_turn_release(p, seqno);
	while (pager_writes_overlap_locked(p, offset, length))	/* LP3 */
		pager_wait_locked(p);
	cm_mutex_unlock(&p->lock);
	pager_answer_read(p, control, offset, length);
	cm_mutex_lock(&p->lock);
	p->busy--;
	pager_wake_locked(p);
	pager_control_release_locked(p, control, &release, &release_urefs);
	cm_mutex_unlock(&p->lock);
	pager_control_release_finish(release, release_urefs);
	return KERN_SUCCESS;
}

void
pager_set_hold(struct pager *p, int hold)
{
	struct pager_held h;
	mach_port_t release;
	unsigned int release_urefs;

	cm_mutex_lock(&p->lock);
	p->hold = hold;
	while (!p->hold && p->held_count > 0) {
		h = p->held[0];
		p->held_count--;
		memmove(&p->held[0], &p->held[1],
		    p->held_count * sizeof(p->held[0]));
		p->busy++;
		while (pager_writes_overlap_locked(p, h.offset, h.length))
			pager_wait_locked(p);
		cm_mutex_unlock(&p->lock);
		pager_answer_read(p, h.control, h.offset, h.length);
		cm_mutex_lock(&p->lock);
		p->busy--;
		pager_wake_locked(p);
		pager_control_release_locked(p, h.control, &release,
		    &release_urefs);
		cm_mutex_unlock(&p->lock);
		pager_control_release_finish(release, release_urefs);
		cm_mutex_lock(&p->lock);
	}
	cm_mutex_unlock(&p->lock);
}

unsigned int
pager_held_count(struct pager *p)
{
	unsigned int n;

	cm_mutex_lock(&p->lock);
	n = p->held_count;
	cm_mutex_unlock(&p->lock);
	return n;
}

kern_return_t
seqnos_memory_object_data_unlock(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_size_t length,
    vm_prot_t access)
{
	struct pager *p = pager_lookup(object);
	kern_return_t kr = KERN_SUCCESS;
	int ok;

	if (p == NULL)
		return KERN_SUCCESS;
	pager_turn_take(p, seqno);
	p->stats.unlocks++;
	pager_log_add_locked(p, PAGER_LOG_UNLOCK, offset, length);
	ok = pager_check_range(p, "data_unlock", control, offset, length);
	if (ok)
		p->busy++;
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
	if (ok) {
		if (p->ops->unlock_range != NULL)
			kr = p->ops->unlock_range(p, offset, length, access);
		if (kr == KERN_SUCCESS)
			kr = memory_object_lock_request(control, offset,
			    length, MEMORY_OBJECT_RETURN_NONE, FALSE,
			    VM_PROT_NONE, MACH_PORT_NULL);
		else
			kr = memory_object_data_error(control, offset, length,
			    kr);
		cm_mutex_lock(&p->lock);
		if (kr != KERN_SUCCESS)
			p->stats.send_errors++;
		p->busy--;
		pager_wake_locked(p);
		cm_mutex_unlock(&p->lock);
	}
	(void)mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

/* Takes a write slot for [offset, offset+length) once no write of those
 * pages is in progress (LP3).  Locks: p->lock held. */
static struct pager_range *
pager_write_begin_locked(struct pager *p, vm_offset_t offset,
    vm_size_t length)
{
	int i;

	for (;;) {
		if (!pager_writes_overlap_locked(p, offset, length)) {
			for (i = 0; i < PAGER_WRITES_MAX; i++) {
				struct pager_range *w = &p->writes[i];

				if (!w->in_use) {
					w->in_use = 1;
					w->offset = offset;
					w->length = length;
					return w;
				}
			}
		}
		pager_wait_locked(p);
	}
}

kern_return_t
seqnos_memory_object_data_return(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_offset_t data,
    mach_msg_type_number_t data_bytes, boolean_t dirty,
    boolean_t kernel_copy)
{
	struct pager *p = pager_lookup(object);
	struct pager_range *w = NULL;
	kern_return_t kr;

	(void)kernel_copy;
	if (p == NULL)
		goto out;
	pager_turn_take(p, seqno);
	p->stats.data_returns++;
	p->stats.pages_returned += data_bytes / PAGER_PAGE_BYTES;
	if (!dirty)
		p->stats.pages_returned_clean += data_bytes / PAGER_PAGE_BYTES;
	pager_log_add_locked(p, PAGER_LOG_RETURN, offset, data_bytes);
	if (dirty && pager_check_range(p, "data_return", control, offset,
	    data_bytes)) {
		/* Ordered with other writes of these pages, in our turn. */
		w = pager_write_begin_locked(p, offset, data_bytes);
		p->busy++;
	}
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
	if (w == NULL)
		goto out;
	kr = p->ops->write_range(p, offset, data_bytes, (const void *)data);
	cm_mutex_lock(&p->lock);
	if (kr != KERN_SUCCESS)
		p->stats.write_errors++;
	w->in_use = 0;
	p->busy--;
	pager_wake_locked(p);
	cm_mutex_unlock(&p->lock);
	if (kr != KERN_SUCCESS)
		printf("libpager: write 0x%lx+0x%x failed: %s\n",
		    (unsigned long)offset, data_bytes, cm_error_name(kr));
out:
	if (data_bytes != 0)
		(void)vm_deallocate(mach_task_self(), data, data_bytes);
	(void)mach_port_deallocate(mach_task_self(), control);
	return KERN_SUCCESS;
}

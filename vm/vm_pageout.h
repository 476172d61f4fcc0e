/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_pageout.h: the page queues and the pageout daemon.
 */
#ifndef _VM_VM_PAGEOUT_H_
#define _VM_VM_PAGEOUT_H_

#include <stdbool.h>
#include <stdint.h>
#include <vm/vm_page.h>

void	vm_pageout_bootstrap(void);
/* Puts m (a pager's page, now valid) on the active queue.  Object locked. */
void	vm_page_activate(struct vm_page *m);
/*
 * Moves m, if active, to the inactive queue, its reference bit cleared:
 * the daemon looks at it first.  Object locked.
 */
void	vm_page_deactivate(struct vm_page *m);
/*
 * Wiring of a page (W1, W2 in design/05-fault.md): a wired page is on no
 * queue, so the daemon never takes it; the last unwire puts a pager's
 * page back on the active queue.  Object locked.
 */
void	vm_page_wire(struct vm_page *m);
void	vm_page_unwire(struct vm_page *m);
/* Takes m off whichever queue it is on.  Object locked. */
void	vm_page_dequeue(struct vm_page *m);
/*
 * Called when a page could not be had: wakes the daemon and says
 * whether waiting can help (some pager's page could be paged out).
 */
bool	vm_page_wait_possible(void);
/* The event a thread waits on for free pages (assert_wait it). */
extern int vm_page_free_wanted_event;
/* Wakes the daemon if free pages are below the target. */
void	vm_pageout_check(void);
/* Wakes the daemon: it has work besides free pages (objects to release). */
void	vm_pageout_wakeup(void);

/* Counters: struct vm_counters (vm/vm_stats.h). */
extern unsigned long vm_page_active_count, vm_page_inactive_count;
/* Pages with a wire_count (vm_statistics' wire_count); atomic. */
extern unsigned long vm_page_wire_count;

#endif /* _VM_VM_PAGEOUT_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/memory_object.h: the kernel side of the external memory management
 * interface (memory_object.defs, and the memory_object_* routines of
 * mach.defs): what the VM asks of pagers and how it takes their answers.
 */
#ifndef _VM_MEMORY_OBJECT_H_
#define _VM_MEMORY_OBJECT_H_

#include <stdbool.h>
#include <stdint.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/vm_prot.h>
#include <vm/vm_object.h>

/*
 * Asks object's pager for [offset, offset + length) (one page in issue
 * 5).  Locks: none held (the message goes through ipc_lock).
 */
kern_return_t	memory_object_request(vm_object_t object, vm_offset_t offset,
		    vm_size_t length, vm_prot_t access);
/*
 * Asks object's pager to unlock access to [offset, offset + length):
 * memory_object_data_unlock.  Locks: none held.
 */
kern_return_t	memory_object_unlock(vm_object_t object, vm_offset_t offset,
		    vm_size_t length, vm_prot_t access);
/*
 * The memory object port `pager` died (its pager is gone): the object's
 * placeholders end in error, and later faults on absent pages fail with
 * KERN_MEMORY_ERROR.  Locks: ipc_lock held (called from
 * ipc_port_destroy); takes the pager list and object locks.
 */
struct ipc_port;
void		vm_object_pager_died(struct ipc_port *pager);
/*
 * Sends one page (a copy made of the page itself) back: data_return;
 * dirty says whether it was modified (FALSE: a clean precious page).
 */
struct vm_map_copy;
void		memory_object_return_page(vm_object_t object,
		    vm_offset_t offset, struct vm_map_copy *copy,
		    boolean_t dirty);
/*
 * The last reference of an external object went: its dirty and precious
 * pages go back, then memory_object_terminate.  Returns true when done
 * (the caller frees the object); false when some page could not be
 * copied for lack of memory: the object is kept, unreferenced, for the
 * pageout daemon to finish (memory_object_release_retry), which then
 * frees it.  Locks: none held.
 */
bool		memory_object_release(vm_object_t object);
/* Whether objects wait in the release queue; the daemon's retry. */
bool		memory_object_release_pending(void);
void		memory_object_release_retry(void);
/* Test switch: the next N data_return copies fail (kern/test_control.c). */
extern unsigned int memory_object_test_copy_failures;

/* Counters: struct vm_counters (vm/vm_stats.h, vm/vm_stats.def). */

#endif /* _VM_MEMORY_OBJECT_H_ */

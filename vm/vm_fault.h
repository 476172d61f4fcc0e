/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_fault.h: resolving page faults on anonymous memory.
 *
 * Issue 4 form: a fault never blocks.  Issue 5 rewrites vm_fault() as a
 * continuation state machine (GNU Mach's resume/continuation arguments
 * join then) over external pagers.  Design: design/05-vm-lite.md.
 */
#ifndef _VM_VM_FAULT_H_
#define _VM_VM_FAULT_H_

#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_prot.h>
#include <vm/vm_map.h>

/*
 * vm_fault: make the page at vaddr resident and mapped in map->pmap for
 * fault_type (VM_PROT_READ / WRITE / EXECUTE).
 * Locks: none held on entry; takes and drops the map lock.
 * Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS (no entry there);
 * KERN_PROTECTION_FAILURE (the entry forbids fault_type);
 * KERN_RESOURCE_SHORTAGE (no free page).
 */
kern_return_t	vm_fault(vm_map_t map, vm_offset_t vaddr,
		    vm_prot_t fault_type);

/*
 * vm_fault_page_locked: the resident page of entry at va (page aligned,
 * inside entry), allocated zero-filled if absent, entered in the pmap
 * with the entry's protection.  *m gets the page.
 * Locks: map locked (held throughout); takes the object lock.
 * Returns: KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t	vm_fault_page_locked(vm_map_t map, vm_map_entry_t entry,
		    vm_offset_t va, struct vm_page **m);

#endif /* _VM_VM_FAULT_H_ */

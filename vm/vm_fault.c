/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_fault.c: page faults on anonymous memory (issue 4 form).
 *
 * The cases, all decided with the map locked:
 *
 *   no entry at the address          -> KERN_INVALID_ADDRESS
 *   entry forbids the access         -> KERN_PROTECTION_FAILURE
 *   page resident in entry's object  -> enter it in the pmap
 *   page absent                      -> zero fill (O3), enter it
 *   no free page                     -> KERN_RESOURCE_SHORTAGE
 *
 * The pmap entry always gets the map entry's full protection, so a
 * later write to a writable page does not fault again; a write fault on
 * a page entered read-only before vm_protect() raised the protection
 * takes the "resident" case and re-enters it.
 *
 * Nothing here blocks: with no pager and no pageout, a page is either
 * resident or zero.  Issue 5 replaces this file with the continuation
 * state machine (design/05-fault.md); the map timestamp it will need to
 * revalidate is already kept (vm/vm_map.h).
 *
 * Locking: map lock -> object lock -> pmap lock (design/05-vm-lite.md).
 * Counters: vm_stat.faults (trap faults), vm_stat.zero_fill_count.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <mach/vm_param.h>
#include <mach/vm_statistics.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <x86_64/pmap.h>

kern_return_t
vm_fault_page_locked(vm_map_t map, vm_map_entry_t entry, vm_offset_t va,
    struct vm_page **mp)
{
	vm_object_t object = entry->object;
	vm_offset_t offset = entry->offset + (va - entry->start);
	struct vm_page *m;
	kern_return_t kr;

	assert(simple_lock_taken(&map->lock));
	assert((va & PAGE_MASK) == 0 && va >= entry->start && va < entry->end);
	simple_lock(&object->lock);
	m = vm_page_lookup(object, offset);
	if (m == NULL) {
		m = vm_page_alloc_zero(object, offset);
		if (m == NULL) {
			simple_unlock(&object->lock);
			return KERN_RESOURCE_SHORTAGE;
		}
		__atomic_add_fetch(&vm_stat.zero_fill_count, 1,
		    __ATOMIC_RELAXED);
	}
	/* A present PTE is always readable: VM_PROT_NONE maps nothing. */
	kr = KERN_SUCCESS;
	if (entry->protection != VM_PROT_NONE)
		kr = pmap_enter(map->pmap, va, vm_page_to_pa(m),
		    entry->protection);
	simple_unlock(&object->lock);
	if (kr != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;	/* the page stays resident */
	if (mp != NULL)
		*mp = m;
	return KERN_SUCCESS;
}

kern_return_t
vm_fault(vm_map_t map, vm_offset_t vaddr, vm_prot_t fault_type)
{
	vm_map_entry_t entry;
	kern_return_t kr;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ADDRESS;
	__atomic_add_fetch(&vm_stat.faults, 1, __ATOMIC_RELAXED);
	vm_map_lock(map);
	if (!vm_map_lookup_entry(map, vaddr, &entry)) {
		vm_map_unlock(map);
		return KERN_INVALID_ADDRESS;
	}
	if ((fault_type & entry->protection) != fault_type) {
		vm_map_unlock(map);
		return KERN_PROTECTION_FAILURE;
	}
	kr = vm_fault_page_locked(map, entry, trunc_page(vaddr), NULL);
	vm_map_unlock(map);
	return kr;
}

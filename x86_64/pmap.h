/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pmap.h: physical maps: the 4-level page tables of an address
 * space, GNU Mach's pmap interface.
 *
 * A pmap maps user virtual pages to physical pages; the kernel half
 * (PML4 entries 256-511: the direct map and the kernel image) is the same
 * in every pmap, copied from kernel_pmap at pmap_create() and never
 * changed after boot.  The pmap does not own the pages it maps: the
 * caller (the task's memory, later the VM) allocates and frees them.
 * Page-table pages are the pmap's own and go with pmap_destroy().
 *
 * Locking: pmap->lock guards the page tables; only the page allocator's
 * lock nests inside it (a new page-table page).
 * TLB: every invalidation goes through pmap_tlb_invalidate() (one place,
 * so a shootdown to other CPUs can be added there).
 */
#ifndef _X86_64_PMAP_H_
#define _X86_64_PMAP_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/lock.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_prot.h>

struct pmap {
	simple_lock_data_t	lock;
	phys_addr_t		pml4_pa;	/* loaded into %cr3 */
	uint64_t		*pml4;		/* direct-map view */
	unsigned long		resident_pages;	/* leaf mappings */
	unsigned long		table_pages;	/* page-table pages */
};

typedef struct pmap *pmap_t;
#define PMAP_NULL	((pmap_t)0)

extern pmap_t kernel_pmap;

void		pmap_bootstrap(void);
void		pmap_init(void);
/* NULL when memory is exhausted. */
pmap_t		pmap_create(void);
void		pmap_destroy(pmap_t pmap);
/* KERN_SUCCESS or KERN_RESOURCE_SHORTAGE (no page for a table). */
int		pmap_enter(pmap_t pmap, vm_offset_t va, phys_addr_t pa,
		    vm_prot_t prot);
void		pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end);
void		pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end,
		    vm_prot_t prot);
/* The physical address mapped at va, and true; or false. */
bool		pmap_extract(pmap_t pmap, vm_offset_t va, phys_addr_t *pa);
/* pmap_extract() that also requires write permission if asked. */
bool		pmap_extract_access(pmap_t pmap, vm_offset_t va,
		    vm_prot_t access, phys_addr_t *pa);
void		pmap_activate(pmap_t pmap);

#endif /* _X86_64_PMAP_H_ */

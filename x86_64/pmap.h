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
 * Reverse mappings: every mapping of a page that has a struct vm_page
 * (all RAM the VM hands out) is on that page's pv list, so the VM can
 * act on a physical page without knowing who maps it: lower or remove
 * all its mappings (pmap_page_protect) and read or clear the hardware's
 * modify (D) and reference (A) bits across them (pmap_is_modified and
 * friends).  A and D bits of a PTE that is removed or replaced are kept
 * in the page (pv_attributes) until cleared or the page is freed.
 *
 * Locking: pmap->lock guards the page tables of one pmap; the page
 * allocator's lock nests inside it (a new page-table page).  One global
 * pv lock, after any pmap lock, guards every pv list, pv_attributes,
 * resident_pages, and the leaf PTEs of pv-tracked pages: the page-based
 * calls below take only it.  Neither is held across thread_block().
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
	unsigned long		table_pages;	/* page-table pages */
	/* Under the pv lock (pmap_page_protect changes it too). */
	unsigned long		resident_pages;	/* leaf mappings */
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
/* Takes rights away, never adds one (see x86_64/pmap.c). */
void		pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end,
		    vm_prot_t prot);
/* The physical address mapped at va, and true; or false. */
bool		pmap_extract(pmap_t pmap, vm_offset_t va, phys_addr_t *pa);
/* pmap_extract() that also requires write permission if asked. */
bool		pmap_extract_access(pmap_t pmap, vm_offset_t va,
		    vm_prot_t access, phys_addr_t *pa);
void		pmap_activate(pmap_t pmap);

/*
 * The page-based calls (GNU Mach's names).  pa is a page's physical
 * address; a page without a struct vm_page has no pv list, and these
 * do nothing or say false for it.  They take only the pv lock, so the
 * caller may hold object locks; they never block.
 */
/* Lower every mapping of pa to prot; VM_PROT_NONE removes them all. */
void		pmap_page_protect(phys_addr_t pa, vm_prot_t prot);
/* Written through any mapping since the last pmap_clear_modify(). */
bool		pmap_is_modified(phys_addr_t pa);
void		pmap_clear_modify(phys_addr_t pa);
/* Accessed through any mapping since the last pmap_clear_reference(). */
bool		pmap_is_referenced(phys_addr_t pa);
void		pmap_clear_reference(phys_addr_t pa);
/* How many (pmap, va) map pa now: the length of its pv list. */
unsigned int	pmap_page_mapping_count(phys_addr_t pa);
/* If no pmap maps pa: its A and D history forgotten, and true. */
bool		pmap_page_reset_if_unmapped(phys_addr_t pa);

/* Counters of the reverse-mapping layer, as read by pmap_stats_read(). */
struct pmap_stats {
	uint64_t	pv_entries_current;	/* pv entries in use: mappings
						   of managed pages, all pmaps */
	uint64_t	pv_entries_max;		/* high mark of the above */
	uint64_t	pv_entries_spare;	/* freed entries kept for reuse
						   (at most PMAP_PV_FREE_MAX) */
	uint64_t	page_protects;		/* pmap_page_protect() calls
						   that had to lower or remove */
	uint64_t	page_mappings_lowered;	/* mappings made read-only by
						   pmap_page_protect() */
	uint64_t	page_mappings_removed;	/* mappings removed by
						   pmap_page_protect() */
};

void		pmap_stats_read(struct pmap_stats *stats);
/*
 * Bytes of the pv_entry cache's objects that wait on the pv free list:
 * allocated as far as the cache knows, but not in use (the kernel's
 * memory count, TEST_COUNTER_KMEM_BYTES, leaves them out).
 */
uint64_t	pmap_pv_spare_bytes(void);

#endif /* _X86_64_PMAP_H_ */

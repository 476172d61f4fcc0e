/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_page.h: physical page frames and the page allocator.
 *
 * Owns struct vm_page, one per physical page frame below the highest
 * usable address under PHYS_MAP_SIZE, kept in one array indexed by page
 * frame number, and the interface of the buddy allocator that hands out
 * naturally aligned blocks of 2^order pages (vm/vm_page.c, whose pure
 * split/merge core is vm/vm_page_buddy.c).
 *
 * Pages come back NOT zeroed; call vm_page_zero() when that matters.
 * A page is reached through the direct map: phystokv(m->phys_addr).
 *
 * Locking: one simple lock, vm_page_lock, taken with simple_lock_irq()
 * so that allocation works with interrupts off.  It is a leaf: nothing
 * else is taken while it is held.  The allocator fields of struct
 * vm_page are guarded by it; the resident-page fields will be guarded by
 * the owning object's lock and the page queue lock (vm/vm_resident.c).
 *
 * Design: design/04-memory.md.
 */
#ifndef _VM_VM_PAGE_H_
#define _VM_VM_PAGE_H_

#include <stdbool.h>
#include <stdint.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_param.h>
#include <mach/vm_prot.h>

/*
 * Largest block is 2^VM_PAGE_MAX_ORDER pages (4 MiB with 4 KiB pages).
 * 10 as in the classic buddy systems: large enough for any kernel
 * allocation we make, small enough that the free lists stay short.
 */
#define VM_PAGE_MAX_ORDER	10
#define VM_PAGE_ORDER_COUNT	(VM_PAGE_MAX_ORDER + 1)

struct vm_object;
struct pv_entry;

struct vm_page {
	/*
	 * Fields of the physical allocator (vm/vm_page.c,
	 * vm/vm_page_buddy.c), under vm_page_lock.
	 */
	struct vm_page	*free_next;	/* free list of its order, */
	struct vm_page	*free_prev;	/*   valid only while free */
	phys_addr_t	phys_addr;	/* set once at boot, read freely */
	uint8_t		order;		/* block order, valid while free */
	bool		free;		/* heads a free block of `order' */

	/*
	 * Owner's private word while the page is allocated: kern/slab.c
	 * keeps the slab that contains the page here.
	 */
	void		*priv;

	/*
	 * Fields of the resident-page layer (vm/vm_object.c: the object
	 * and hash tables; vm/vm_pageout.c: the queues), GNU Mach's names;
	 * zero after vm_page_bootstrap() and again when the page is freed.
	 */
	struct vm_page	*pageq_next;	/* active/inactive queue */
	struct vm_page	*pageq_prev;
	struct vm_page	*listq_next;	/* pages of the same object */
	struct vm_page	*listq_prev;
	struct vm_page	*hash_next;	/* (object, offset) hash bucket */
	struct vm_object *object;	/* owning object, or NULL */
	vm_offset_t	offset;		/* bytes into the object */
	unsigned int	wire_count;
	unsigned int	busy:1,		/* being filled or cleaned */
			wanted:1,	/* someone waits for !busy */
			absent:1,	/* data requested, not yet here */
			error:1,	/* the pager reported an error */
			dirty:1,	/* must be returned before reuse */
			precious:1,	/* pager wants it back even clean */
			reference:1,	/* touched since last scan */
			tabled:1,	/* in the object/offset hash */
			active:1,	/* on the active queue */
			inactive:1,	/* on the inactive queue */
			unlock_refused:1; /* data_error answered an
					   unlock: locked access fails */
	/*
	 * Page locks of an external object's page (design/07): page_lock
	 * is the access the pager has locked out (data_supply's or
	 * lock_request's lock_value), unlock_request the access already
	 * asked back with memory_object_data_unlock.  Under the object lock.
	 */
	vm_prot_t	page_lock;
	vm_prot_t	unlock_request;

	/*
	 * Reverse mappings (x86_64/pmap.c), under pmap_pv_lock: every
	 * (pmap, va) of a user pmap that maps this frame, and the PTE
	 * A and D bits of mappings since removed or changed, so that
	 * pmap_is_modified() loses nothing.  A free page has neither.
	 */
	struct pv_entry	*pv_list;
	uint8_t		pv_attributes;
};

typedef struct vm_page *vm_page_t;
#define VM_PAGE_NULL	((vm_page_t)0)

/*
 * Read the multiboot information at physical address mbi_pa, build the
 * page array and put every usable page not in use at boot on the free
 * lists.  Called once, first thing after the console is up, on one CPU.
 */
void		vm_page_bootstrap(phys_addr_t mbi_pa);

/* 2^order contiguous, naturally aligned pages, or NULL; not zeroed. */
struct vm_page	*vm_page_alloc_pa(unsigned int order);
void		vm_page_free_pa(struct vm_page *m, unsigned int order);

/*
 * Free pages vm_page_grab() never takes (GNU Mach's
 * vm_page_free_reserved): the kernel's margin when tasks exhaust memory.
 */
#define VM_PAGE_FREE_RESERVED	128

/* One page, or NULL (memory down to the reserve); not zeroed. */
struct vm_page	*vm_page_grab(void);
void		vm_page_release(struct vm_page *m);

/* The page of physical address pa, or NULL if pa is outside the array. */
struct vm_page	*vm_page_lookup_pa(phys_addr_t pa);
phys_addr_t	vm_page_to_pa(const struct vm_page *m);

/* Fill one page with zeroes through the direct map. */
void		vm_page_zero(struct vm_page *m);

/* Pages on the free lists now. */
unsigned long	vm_page_free_count(void);
/* Usable RAM pages below PHYS_MAP_SIZE found at boot (free or not). */
unsigned long	vm_page_total_count(void);

#endif /* _VM_VM_PAGE_H_ */

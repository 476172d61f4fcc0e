/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pmap.c: 4-level page tables (see x86_64/pmap.h for the rules).
 *
 * Layout: PML4 -> PDPT -> PD -> PT, 4 KiB leaves for user space.  The
 * kernel half uses the boot page tables of x86_64/boot.S (2 MiB pages).
 * Page-table pages come from vm_page_grab() and are reached through the
 * direct map.  A leaf entry holds P, W (VM_PROT_WRITE), U, and NX unless
 * VM_PROT_EXECUTE; intermediate entries are P|W|U so the leaf decides.
 *
 * Reverse mappings: each page with a struct vm_page heads a singly
 * linked list of struct pv_entry, one per (pmap, va) mapping it
 * (m->pv_list), from pmap_pv_cache.  pmap_enter() adds one (and takes
 * off the one of a page it replaces at that va), pmap_remove() and
 * pmap_destroy() take them off, pmap_page_protect(NONE) empties the
 * list.  Freed entries wait on a free list under the pv lock
 * (pmap_pv_free_list, up to PMAP_PV_FREE_MAX) for the next pmap_enter():
 * a 1 MiB out-of-line message maps and unmaps 256 pages, and with the
 * slab allocator's lock and the slabs it made and unmade per message a
 * moved page cost 1393 guest instructions instead of 1113
 * (design/05-fault.md, "Reverse mappings").
 *
 * Invariants:
 *   PV1  a leaf PTE of a user pmap maps a page with a struct vm_page
 *       exactly when one pv entry (pmap, va) is on that page's list;
 *   PV2  the PTE A and D bits of a mapping that is removed or rewritten
 *       are first ORed into the page's pv_attributes (pmap_pte_replace,
 *       an atomic exchange: the CPU sets A and D behind our back), so
 *       "modified" = pv_attributes or any current PTE says D;
 *   PV3  a page given back to vm_page has an empty pv list
 *       (vm_page_free_pa asserts it) and loses its pv_attributes.
 *
 * Locking: pmap->lock -> pmap_pv_lock -> nothing.  Both are taken with
 * interrupts off (simple_lock_irq).  vm_page_lock nests inside
 * pmap->lock when a table page is allocated, and the pv_entry cache's
 * lock when the pv free list is empty (pmap_pv_alloc drops the pv lock
 * for it); nothing nests inside pmap_pv_lock.  Every change to a pv
 * list, to pv_attributes, to resident_pages, or to a leaf PTE of a user
 * pmap holds pmap_pv_lock; pmap_enter, pmap_remove, pmap_protect and
 * pmap_destroy also hold the pmap lock.  The
 * page-based calls (pmap_page_protect, pmap_is_modified, ...) hold the
 * pv lock only: they reach other pmaps' PTEs through pv entries, whose
 * page tables stay (tables go only in pmap_destroy, which first takes
 * its entries off the lists under the pv lock).  Reading a PTE under
 * the pmap lock alone (pmap_extract) is safe: it is one aligned word.
 * pmap_activate() takes no lock: it runs on its own CPU at splsched.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <mach/kern_return.h>
#include <mach/vm_param.h>
#include <vm/vm_page.h>
#include <x86_64/cpu.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

#define PTE_P		0x001ULL
#define PTE_W		0x002ULL
#define PTE_U		0x004ULL
#define PTE_A		0x020ULL	/* accessed: set by the CPU */
#define PTE_D		0x040ULL	/* dirty: set by the CPU on a write */
#define PTE_PS		0x080ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

#define PMAP_LEVELS	4
/* Bytes one leaf table maps, less one: 512 entries of 4 KiB. */
#define PMAP_LEAF_TABLE_MASK	((vm_offset_t)(512 * PAGE_SIZE) - 1)
#define PMAP_USER_PML4_ENTRIES	256

extern uint64_t boot_pml4[512];

/* One mapping of a page: an element of its vm_page's pv_list. */
struct pv_entry {
	struct pv_entry	*next;		/* next mapping of the same page */
	pmap_t		pmap;
	vm_offset_t	va;
};

static struct pmap kernel_pmap_store;
pmap_t kernel_pmap = &kernel_pmap_store;
static struct kmem_cache pmap_cache;
static struct kmem_cache pmap_pv_cache;
static phys_addr_t pmap_active_pa;

/*
 * Spare pv entries kept for pmap_enter().  1024: the entries of a 4 MiB
 * region (24 KiB), enough for the benchmark's 1 MiB messages moved both
 * ways; beyond it they go back to the cache.
 */
#define PMAP_PV_FREE_MAX	1024

static simple_lock_data_t pmap_pv_lock = SIMPLE_LOCK_INITIALIZER("pmap_pv");
/* Under pmap_pv_lock. */
static struct pmap_stats pmap_stats;
static struct pv_entry *pmap_pv_free_list;
static unsigned int pmap_pv_free_count;

static inline unsigned int
pmap_index(vm_offset_t va, int level)
{
	/* level 3: PML4, 2: PDPT, 1: PD, 0: PT */
	return (va >> (12 + 9 * level)) & 0x1ff;
}

static inline uint64_t *
pmap_table_at(uint64_t entry)
{
	return (uint64_t *)phystokv(entry & PTE_ADDR_MASK);
}

void
pmap_bootstrap(void)
{
	simple_lock_init(&kernel_pmap->lock, "kernel_pmap");
	kernel_pmap->pml4 = boot_pml4;
	kernel_pmap->pml4_pa = kvtophys((vm_offset_t)boot_pml4);
	pmap_active_pa = read_cr3();
}

void
pmap_init(void)
{
	kmem_cache_init(&pmap_cache, "pmap", sizeof(struct pmap), 0, NULL, 0);
	kmem_cache_init(&pmap_pv_cache, "pv_entry", sizeof(struct pv_entry),
	    0, NULL, 0);
}

/* The one place TLB entries are dropped (SMP: shoot down here). */
static void
pmap_tlb_invalidate(pmap_t pmap, vm_offset_t start, vm_offset_t end)
{
	if (pmap->pml4_pa != pmap_active_pa && pmap != kernel_pmap)
		return;		/* not loaded: %cr3 load flushes it */
	if ((end - start) / PAGE_SIZE > 64) {
		write_cr3(read_cr3());
		return;
	}
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE)
		invlpg(va);
}

/*
 * The pv layer: lists of mappings per page, all under pmap_pv_lock.
 */

/* Gives a chain of surplus pv entries to the cache.  Locks: none held. */
static inline void
pmap_pv_free_chain(struct pv_entry *pv)
{
	struct pv_entry *next;

	for (; pv != NULL; pv = next) {
		next = pv->next;
		kmem_cache_free(&pmap_pv_cache, pv);
	}
}

/*
 * Keeps an unlinked pv entry on the free list, or if that is full
 * pushes it on *chain for pmap_pv_free_chain() once the locks are
 * dropped.  Locks: pmap_pv_lock.
 */
static inline void
pmap_pv_release(struct pv_entry *pv, struct pv_entry **chain)
{
	assert(simple_lock_taken(&pmap_pv_lock));
	if (pmap_pv_free_count < PMAP_PV_FREE_MAX) {
		pv->next = pmap_pv_free_list;
		pmap_pv_free_list = pv;
		pmap_pv_free_count++;
		return;
	}
	pv->next = *chain;
	*chain = pv;
}

/*
 * pmap_pv_alloc: a pv entry from the free list, or else from the cache.
 * Locks: pmap_pv_lock held on entry and exit, but dropped meanwhile
 * when the free list is empty: the caller must not rely on anything it
 * read under it before.  The caller's pmap lock stays held.
 * Returns: the entry, or NULL when memory is exhausted.
 */
static inline struct pv_entry *
pmap_pv_alloc(void)
{
	struct pv_entry *pv = pmap_pv_free_list;

	assert(simple_lock_taken(&pmap_pv_lock));
	if (pv != NULL) {
		pmap_pv_free_list = pv->next;
		pmap_pv_free_count--;
		return pv;
	}
	simple_unlock(&pmap_pv_lock);
	pv = kmem_cache_alloc(&pmap_pv_cache);
	simple_lock(&pmap_pv_lock);
	return pv;
}

/* Puts pv on m's list as (pmap, va).  Locks: pmap_pv_lock. */
static inline void
pmap_pv_insert(struct vm_page *m, struct pv_entry *pv, pmap_t pmap,
    vm_offset_t va)
{
	assert(simple_lock_taken(&pmap_pv_lock));
	pv->pmap = pmap;
	pv->va = va;
	pv->next = m->pv_list;
	m->pv_list = pv;
	if (++pmap_stats.pv_entries_current > pmap_stats.pv_entries_max)
		pmap_stats.pv_entries_max = pmap_stats.pv_entries_current;
}

/*
 * Takes (pmap, va) off m's list and releases its entry (chain: see
 * pmap_pv_release).  PV1: it must be there.
 * Locks: pmap_pv_lock.
 */
static inline void
pmap_pv_remove(struct vm_page *m, pmap_t pmap, vm_offset_t va,
    struct pv_entry **chain)
{
	struct pv_entry **link, *pv;

	assert(simple_lock_taken(&pmap_pv_lock));
	for (link = &m->pv_list; (pv = *link) != NULL; link = &pv->next) {
		if (pv->pmap == pmap && pv->va == va) {
			*link = pv->next;
			pmap_pv_release(pv, chain);
			pmap_stats.pv_entries_current--;
			return;
		}
	}
	panic("pmap_pv_remove: no pv entry for %p va 0x%lx pa 0x%lx",
	    (void *)pmap, (unsigned long)va,
	    (unsigned long)vm_page_to_pa(m));
}

/*
 * pmap_pte_replace: store new_pte in a leaf entry and return the old
 * one, keeping its A and D bits in its page (PV2).  *old_page (if not
 * NULL) is the page the old entry mapped, NULL if it mapped nothing
 * or a frame without a struct vm_page.
 * Locks: pmap_pv_lock.
 */
static inline uint64_t
pmap_pte_replace(uint64_t *pte, uint64_t new_pte, struct vm_page **old_page)
{
	uint64_t old = __atomic_exchange_n(pte, new_pte, __ATOMIC_SEQ_CST);
	struct vm_page *m = NULL;

	assert(simple_lock_taken(&pmap_pv_lock));
	if (old & PTE_P) {
		m = vm_page_lookup_pa(old & PTE_ADDR_MASK);
		if (m != NULL)
			m->pv_attributes |= old & (PTE_A | PTE_D);
	}
	if (old_page != NULL)
		*old_page = m;
	return old;
}

pmap_t
pmap_create(void)
{
	pmap_t pmap;
	struct vm_page *m;

	pmap = kmem_cache_alloc(&pmap_cache);
	if (pmap == NULL)
		return PMAP_NULL;
	m = vm_page_grab();
	if (m == NULL) {
		kmem_cache_free(&pmap_cache, pmap);
		return PMAP_NULL;
	}
	vm_page_zero(m);
	simple_lock_init(&pmap->lock, "pmap");
	pmap->pml4_pa = vm_page_to_pa(m);
	pmap->pml4 = (uint64_t *)phystokv(pmap->pml4_pa);
	memcpy(&pmap->pml4[PMAP_USER_PML4_ENTRIES],
	    &kernel_pmap->pml4[PMAP_USER_PML4_ENTRIES],
	    PMAP_USER_PML4_ENTRIES * sizeof(uint64_t));
	pmap->resident_pages = 0;
	pmap->table_pages = 1;
	return pmap;
}

/*
 * Clears every leaf entry under table (a table of `level', mapping from
 * va_base), releasing its pv entry (chain: see pmap_pv_release).
 * Locks: pmap->lock and pmap_pv_lock.
 */
static void
pmap_destroy_mappings(pmap_t pmap, uint64_t *table, int level,
    vm_offset_t va_base, struct pv_entry **chain)
{
	for (unsigned int i = 0; i < 512; i++) {
		vm_offset_t va = va_base + ((vm_offset_t)i << (12 + 9 * level));
		struct vm_page *m;

		if (!(table[i] & PTE_P))
			continue;
		if (level > 0) {
			pmap_destroy_mappings(pmap, pmap_table_at(table[i]),
			    level - 1, va, chain);
			continue;
		}
		(void)pmap_pte_replace(&table[i], 0, &m);
		pmap->resident_pages--;
		if (m != NULL)
			pmap_pv_remove(m, pmap, va, chain);
	}
}

static void
pmap_free_table(uint64_t *table, int level)
{
	for (int i = 0; level > 0 && i < 512; i++) {
		if (table[i] & PTE_P)
			pmap_free_table(pmap_table_at(table[i]), level - 1);
	}
	vm_page_release(vm_page_lookup_pa(kvtophys((vm_offset_t)table)));
}

/*
 * pmap_destroy: free a pmap that is not active anywhere; mappings left
 * in it are removed first (their pv entries with them).
 * Locks: takes pmap->lock and pmap_pv_lock, then none.
 */
void
pmap_destroy(pmap_t pmap)
{
	struct pv_entry *chain = NULL;
	spl_t s;

	assert(pmap != kernel_pmap);
	assert(pmap->pml4_pa != pmap_active_pa);
	s = simple_lock_irq(&pmap->lock);
	simple_lock(&pmap_pv_lock);
	for (unsigned int i = 0; i < PMAP_USER_PML4_ENTRIES; i++) {
		if (pmap->pml4[i] & PTE_P)
			pmap_destroy_mappings(pmap,
			    pmap_table_at(pmap->pml4[i]), 2,
			    (vm_offset_t)i << 39, &chain);
	}
	assert(pmap->resident_pages == 0);
	simple_unlock(&pmap_pv_lock);
	simple_unlock_irq(&pmap->lock, s);
	pmap_pv_free_chain(chain);
	for (int i = 0; i < PMAP_USER_PML4_ENTRIES; i++) {
		if (pmap->pml4[i] & PTE_P)
			pmap_free_table(pmap_table_at(pmap->pml4[i]), 2);
	}
	vm_page_release(vm_page_lookup_pa(pmap->pml4_pa));
	kmem_cache_free(&pmap_cache, pmap);
}

/*
 * The leaf entry for va, allocating tables on the way if `allocate`.
 * Locks: pmap locked, or pmap_pv_lock for a va on a pv list (its tables
 * exist and stay).  Returns NULL if absent (or no memory).
 */
static uint64_t *
pmap_walk(pmap_t pmap, vm_offset_t va, bool allocate)
{
	uint64_t *table = pmap->pml4;

	for (int level = PMAP_LEVELS - 1; level > 0; level--) {
		uint64_t *entry = &table[pmap_index(va, level)];

		if (!(*entry & PTE_P)) {
			struct vm_page *m;

			if (!allocate)
				return NULL;
			/* The kernel's own tables may use the reserve. */
			m = pmap == kernel_pmap ? vm_page_alloc_pa(0) :
			    vm_page_grab();
			if (m == NULL)
				return NULL;
			vm_page_zero(m);
			pmap->table_pages++;
			*entry = vm_page_to_pa(m) | PTE_P | PTE_W | PTE_U;
		}
		assert(!(*entry & PTE_PS));
		table = pmap_table_at(*entry);
	}
	return &table[pmap_index(va, 0)];
}

static uint64_t
pmap_pte_bits(vm_prot_t prot)
{
	uint64_t bits = PTE_P | PTE_U;

	if (prot & VM_PROT_WRITE)
		bits |= PTE_W;
	if (!(prot & VM_PROT_EXECUTE))
		bits |= PTE_NX;
	return bits;
}

/*
 * pmap_enter: map pa at va with prot, replacing what va mapped.  A page
 * with a struct vm_page gets a pv entry (PV1), given back if va already
 * mapped that page.
 * Locks: takes pmap->lock, then pmap_pv_lock.
 * Returns: KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE (no page for a
 * table, or no pv entry); no mapping changed then.
 */
int
pmap_enter(pmap_t pmap, vm_offset_t va, phys_addr_t pa, vm_prot_t prot)
{
	struct vm_page *m = vm_page_lookup_pa(pa), *old_m;
	struct pv_entry *pv = NULL, *chain = NULL;
	uint64_t *pte, old;
	spl_t s;

	assert(pmap != kernel_pmap && va < VM_MAX_ADDRESS);
	assert((va & PAGE_MASK) == 0 && (pa & PAGE_MASK) == 0);
	s = simple_lock_irq(&pmap->lock);
	pte = pmap_walk(pmap, va, true);
	if (pte == NULL) {
		simple_unlock_irq(&pmap->lock, s);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&pmap_pv_lock);
	if (m != NULL && (pv = pmap_pv_alloc()) == NULL) {
		simple_unlock(&pmap_pv_lock);
		simple_unlock_irq(&pmap->lock, s);
		return KERN_RESOURCE_SHORTAGE;
	}
	old = pmap_pte_replace(pte, pa | pmap_pte_bits(prot), &old_m);
	if (!(old & PTE_P))
		pmap->resident_pages++;
	if (old_m == m && m != NULL) {
		pmap_pv_release(pv, &chain);	/* same page: its entry stays */
	} else {
		if (old_m != NULL)
			pmap_pv_remove(old_m, pmap, va, &chain);
		if (m != NULL)
			pmap_pv_insert(m, pv, pmap, va);
	}
	simple_unlock(&pmap_pv_lock);
	pmap_tlb_invalidate(pmap, va, va + PAGE_SIZE);
	simple_unlock_irq(&pmap->lock, s);
	pmap_pv_free_chain(chain);
	return KERN_SUCCESS;
}

/*
 * Clears the present entries of [start, end), all in the leaf table
 * whose entry for start is pte (NULL: no table, nothing mapped).
 * Locks: pmap->lock and pmap_pv_lock.
 */
static void
pmap_remove_leaves(pmap_t pmap, vm_offset_t start, vm_offset_t end,
    uint64_t *pte, struct pv_entry **chain)
{
	struct vm_page *m;

	for (vm_offset_t va = start; pte != NULL && va < end;
	    va += PAGE_SIZE, pte++) {
		if (!(*pte & PTE_P))
			continue;
		(void)pmap_pte_replace(pte, 0, &m);
		pmap->resident_pages--;
		if (m != NULL)
			pmap_pv_remove(m, pmap, va, chain);
	}
}

/*
 * pmap_remove: unmap [start, end), taking the pv entries off.
 * Locks: takes pmap->lock, then pmap_pv_lock.
 */
void
pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end)
{
	struct pv_entry *chain = NULL;
	vm_offset_t va, table_end;
	spl_t s = simple_lock_irq(&pmap->lock);

	simple_lock(&pmap_pv_lock);
	for (va = start; va < end; va = table_end) {
		/* One leaf table at a time: walk down once per 2 MiB. */
		table_end = (va | PMAP_LEAF_TABLE_MASK) + 1;
		if (table_end > end || table_end == 0)
			table_end = end;
		pmap_remove_leaves(pmap, va, table_end,
		    pmap_walk(pmap, va, false), &chain);
	}
	simple_unlock(&pmap_pv_lock);
	pmap_tlb_invalidate(pmap, start, end);
	simple_unlock_irq(&pmap->lock, s);
	pmap_pv_free_chain(chain);
}

/*
 * pmap_protect: take from the mappings in [start, end) the rights prot
 * lacks (write, execute); VM_PROT_NONE removes them.  Never adds a
 * right (GNU Mach's rule too): a PTE may be read-only on purpose under
 * a writable entry (a page below a shadow, a pager page not yet
 * dirtied, a page the pager locked), and only a fault, which knows
 * why, may make it writable.
 * Locks: takes pmap->lock, then pmap_pv_lock.
 */
void
pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	uint64_t bits = pmap_pte_bits(prot);	/* W kept, NX added: AND/OR */
	spl_t s;

	if (prot == VM_PROT_NONE) {
		pmap_remove(pmap, start, end);
		return;
	}
	s = simple_lock_irq(&pmap->lock);
	simple_lock(&pmap_pv_lock);
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t *pte = pmap_walk(pmap, va, false);

		if (pte != NULL && (*pte & PTE_P))
			(void)pmap_pte_replace(pte, (*pte & PTE_ADDR_MASK) |
			    (bits & *pte & ~PTE_NX) | ((bits | *pte) & PTE_NX),
			    NULL);
	}
	simple_unlock(&pmap_pv_lock);
	pmap_tlb_invalidate(pmap, start, end);
	simple_unlock_irq(&pmap->lock, s);
}

/*
 * The page-based calls: from a physical page to all its mappings.
 */

/*
 * The leaf entry of a mapping on a pv list; PV1 says it maps m.
 * Locks: pmap_pv_lock.
 */
static uint64_t *
pmap_pv_pte(const struct pv_entry *pv, const struct vm_page *m)
{
	uint64_t *pte = pmap_walk(pv->pmap, pv->va, false);

	assert(pte != NULL && (*pte & PTE_P));
	assert((*pte & PTE_ADDR_MASK) == vm_page_to_pa(m));
	(void)m;
	return pte;
}

/*
 * Removes every mapping of m, releasing the pv entries (chain: see
 * pmap_pv_release).  Locks: pmap_pv_lock.
 */
static void
pmap_page_remove_all(struct vm_page *m, struct pv_entry **chain)
{
	struct pv_entry *pv;

	while ((pv = m->pv_list) != NULL) {
		(void)pmap_pte_replace(pmap_pv_pte(pv, m), 0, NULL);
		pv->pmap->resident_pages--;
		pmap_tlb_invalidate(pv->pmap, pv->va, pv->va + PAGE_SIZE);
		m->pv_list = pv->next;
		pmap_pv_release(pv, chain);
		pmap_stats.pv_entries_current--;
		pmap_stats.page_mappings_removed++;
	}
}

/*
 * Takes write and/or execute away from every mapping of m; `clear' is
 * PTE_W or 0, `set' PTE_NX or 0.  Entries already that low are left.
 * Locks: pmap_pv_lock.
 */
static void
pmap_page_lower_all(struct vm_page *m, uint64_t clear, uint64_t set)
{
	for (struct pv_entry *pv = m->pv_list; pv != NULL; pv = pv->next) {
		uint64_t *pte = pmap_pv_pte(pv, m);
		uint64_t lowered = (*pte & ~(clear | PTE_A | PTE_D)) | set;

		if ((*pte & ~(PTE_A | PTE_D)) == lowered)
			continue;
		(void)pmap_pte_replace(pte, lowered, NULL);
		pmap_tlb_invalidate(pv->pmap, pv->va, pv->va + PAGE_SIZE);
		pmap_stats.page_mappings_lowered++;
	}
}

/*
 * pmap_page_protect: lower every mapping of pa to prot.  VM_PROT_NONE
 * removes them all (the pageout daemon, before it frees or cleans the
 * page); without VM_PROT_WRITE they become read-only (copy-on-write,
 * memory_object_lock_request's "clean"); without VM_PROT_EXECUTE they
 * get NX.  A present x86 PTE is always readable, so only NONE takes
 * reading away.  Never raises a protection.
 * Locks: takes pmap_pv_lock (interrupts off); the caller may hold
 * object locks, not pmap_pv_lock.  Blocks: never.
 */
void
pmap_page_protect(phys_addr_t pa, vm_prot_t prot)
{
	struct vm_page *m = vm_page_lookup_pa(trunc_page(pa));
	struct pv_entry *chain = NULL;
	uint64_t clear = (prot & VM_PROT_WRITE) ? 0 : PTE_W;
	uint64_t set = (prot & VM_PROT_EXECUTE) ? 0 : PTE_NX;
	spl_t s;

	if (m == NULL || (clear == 0 && set == 0))
		return;
	s = simple_lock_irq(&pmap_pv_lock);
	if (m->pv_list != NULL)
		pmap_stats.page_protects++;
	if (prot == VM_PROT_NONE)
		pmap_page_remove_all(m, &chain);
	else
		pmap_page_lower_all(m, clear, set);
	simple_unlock_irq(&pmap_pv_lock, s);
	pmap_pv_free_chain(chain);
}

/*
 * Whether bit (PTE_A or PTE_D) is in pa's pv_attributes or any PTE
 * mapping it (PV2).  Locks: takes pmap_pv_lock.
 */
static bool
pmap_page_test_bit(phys_addr_t pa, uint64_t bit)
{
	struct vm_page *m = vm_page_lookup_pa(trunc_page(pa));
	bool found;
	spl_t s;

	if (m == NULL)
		return false;
	s = simple_lock_irq(&pmap_pv_lock);
	found = (m->pv_attributes & bit) != 0;
	for (struct pv_entry *pv = m->pv_list; pv != NULL && !found;
	    pv = pv->next)
		found = (*pmap_pv_pte(pv, m) & bit) != 0;
	simple_unlock_irq(&pmap_pv_lock, s);
	return found;
}

/*
 * Clears bit (PTE_A or PTE_D) in pa's pv_attributes and in every PTE
 * mapping it, dropping the TLB entries that have it (a cached entry
 * with D set would let writes go unrecorded).
 * Locks: takes pmap_pv_lock.
 */
static void
pmap_page_clear_bit(phys_addr_t pa, uint64_t bit)
{
	struct vm_page *m = vm_page_lookup_pa(trunc_page(pa));
	spl_t s;

	if (m == NULL)
		return;
	s = simple_lock_irq(&pmap_pv_lock);
	m->pv_attributes &= (uint8_t)~bit;
	for (struct pv_entry *pv = m->pv_list; pv != NULL; pv = pv->next) {
		uint64_t *pte = pmap_pv_pte(pv, m);

		if (__atomic_fetch_and(pte, ~bit, __ATOMIC_SEQ_CST) & bit)
			pmap_tlb_invalidate(pv->pmap, pv->va,
			    pv->va + PAGE_SIZE);
	}
	simple_unlock_irq(&pmap_pv_lock, s);
}

bool
pmap_is_modified(phys_addr_t pa)
{
	return pmap_page_test_bit(pa, PTE_D);
}

void
pmap_clear_modify(phys_addr_t pa)
{
	pmap_page_clear_bit(pa, PTE_D);
}

bool
pmap_is_referenced(phys_addr_t pa)
{
	return pmap_page_test_bit(pa, PTE_A);
}

void
pmap_clear_reference(phys_addr_t pa)
{
	pmap_page_clear_bit(pa, PTE_A);
}

/* pmap_page_mapping_count: the length of pa's pv list.  Takes the pv lock. */
unsigned int
pmap_page_mapping_count(phys_addr_t pa)
{
	struct vm_page *m = vm_page_lookup_pa(trunc_page(pa));
	unsigned int count = 0;
	spl_t s;

	if (m == NULL)
		return 0;
	s = simple_lock_irq(&pmap_pv_lock);
	for (struct pv_entry *pv = m->pv_list; pv != NULL; pv = pv->next)
		count++;
	simple_unlock_irq(&pmap_pv_lock, s);
	return count;
}

/*
 * pmap_page_reset_if_unmapped: if no pmap maps pa, forget the A and D
 * bits its past mappings left (pv_attributes) and say true; else
 * change nothing and say false.  For a page that changes hands with its
 * data (vm_map_copy_page_take).  Takes the pv lock.
 */
bool
pmap_page_reset_if_unmapped(phys_addr_t pa)
{
	struct vm_page *m = vm_page_lookup_pa(trunc_page(pa));
	bool unmapped;
	spl_t s;

	if (m == NULL)
		return true;
	s = simple_lock_irq(&pmap_pv_lock);
	unmapped = m->pv_list == NULL;
	if (unmapped)
		m->pv_attributes = 0;
	simple_unlock_irq(&pmap_pv_lock, s);
	return unmapped;
}

/* pmap_stats_read: a consistent copy of the counters.  Takes the pv lock. */
void
pmap_stats_read(struct pmap_stats *stats)
{
	spl_t s = simple_lock_irq(&pmap_pv_lock);

	*stats = pmap_stats;
	stats->pv_entries_spare = pmap_pv_free_count;
	simple_unlock_irq(&pmap_pv_lock, s);
}

uint64_t
pmap_pv_spare_bytes(void)
{
	struct pmap_stats stats;

	pmap_stats_read(&stats);
	return stats.pv_entries_spare * sizeof(struct pv_entry);
}

bool
pmap_extract(pmap_t pmap, vm_offset_t va, phys_addr_t *pa)
{
	uint64_t *pte;
	bool found = false;
	spl_t s = simple_lock_irq(&pmap->lock);

	pte = pmap_walk(pmap, va & ~(vm_offset_t)PAGE_MASK, false);
	if (pte != NULL && (*pte & PTE_P)) {
		*pa = (*pte & PTE_ADDR_MASK) | (va & PAGE_MASK);
		found = true;
	}
	simple_unlock_irq(&pmap->lock, s);
	return found;
}

bool
pmap_extract_access(pmap_t pmap, vm_offset_t va, vm_prot_t access,
    phys_addr_t *pa)
{
	uint64_t *pte;
	bool found = false;
	spl_t s = simple_lock_irq(&pmap->lock);

	pte = pmap_walk(pmap, va & ~(vm_offset_t)PAGE_MASK, false);
	if (pte != NULL && (*pte & PTE_P) &&
	    (!(access & VM_PROT_WRITE) || (*pte & PTE_W))) {
		*pa = (*pte & PTE_ADDR_MASK) | (va & PAGE_MASK);
		found = true;
	}
	simple_unlock_irq(&pmap->lock, s);
	return found;
}

void
pmap_activate(pmap_t pmap)
{
	if (pmap->pml4_pa == pmap_active_pa)
		return;
	pmap_active_pa = pmap->pml4_pa;
	write_cr3(pmap->pml4_pa);
}

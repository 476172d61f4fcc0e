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
 * Locking: pmap->lock, taken with interrupts off (simple_lock_irq);
 * vm_page_lock nests inside it when a table page is allocated.
 * pmap_activate() takes no lock: it runs on its own CPU at splsched.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/slab.h>
#include <kern/string.h>
#include <mach/kern_return.h>
#include <vm/vm_page.h>
#include <x86_64/cpu.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

#define PTE_P		0x001ULL
#define PTE_W		0x002ULL
#define PTE_U		0x004ULL
#define PTE_PS		0x080ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

#define PMAP_LEVELS	4
#define PMAP_USER_PML4_ENTRIES	256

extern uint64_t boot_pml4[512];

static struct pmap kernel_pmap_store;
pmap_t kernel_pmap = &kernel_pmap_store;
static struct kmem_cache pmap_cache;
static phys_addr_t pmap_active_pa;

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

static void
pmap_free_table(uint64_t *table, int level)
{
	for (int i = 0; level > 0 && i < 512; i++) {
		if (table[i] & PTE_P)
			pmap_free_table(pmap_table_at(table[i]), level - 1);
	}
	vm_page_release(vm_page_lookup_pa(kvtophys((vm_offset_t)table)));
}

void
pmap_destroy(pmap_t pmap)
{
	assert(pmap != kernel_pmap);
	assert(pmap->pml4_pa != pmap_active_pa);
	for (int i = 0; i < PMAP_USER_PML4_ENTRIES; i++) {
		if (pmap->pml4[i] & PTE_P)
			pmap_free_table(pmap_table_at(pmap->pml4[i]), 2);
	}
	vm_page_release(vm_page_lookup_pa(pmap->pml4_pa));
	kmem_cache_free(&pmap_cache, pmap);
}

/*
 * The leaf entry for va, allocating tables on the way if `allocate`.
 * Locks: pmap locked.  Returns NULL if absent (or no memory).
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
			m = vm_page_grab();
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

int
pmap_enter(pmap_t pmap, vm_offset_t va, phys_addr_t pa, vm_prot_t prot)
{
	uint64_t *pte;
	spl_t s;

	assert(pmap != kernel_pmap && va < VM_MAX_ADDRESS);
	assert((va & PAGE_MASK) == 0 && (pa & PAGE_MASK) == 0);
	s = simple_lock_irq(&pmap->lock);
	pte = pmap_walk(pmap, va, true);
	if (pte == NULL) {
		simple_unlock_irq(&pmap->lock, s);
		return KERN_RESOURCE_SHORTAGE;
	}
	if (!(*pte & PTE_P))
		pmap->resident_pages++;
	*pte = pa | pmap_pte_bits(prot);
	pmap_tlb_invalidate(pmap, va, va + PAGE_SIZE);
	simple_unlock_irq(&pmap->lock, s);
	return KERN_SUCCESS;
}

void
pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end)
{
	spl_t s = simple_lock_irq(&pmap->lock);

	for (vm_offset_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t *pte = pmap_walk(pmap, va, false);

		if (pte != NULL && (*pte & PTE_P)) {
			*pte = 0;
			pmap->resident_pages--;
		}
	}
	pmap_tlb_invalidate(pmap, start, end);
	simple_unlock_irq(&pmap->lock, s);
}

void
pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	spl_t s;

	if (prot == VM_PROT_NONE) {
		pmap_remove(pmap, start, end);
		return;
	}
	s = simple_lock_irq(&pmap->lock);
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t *pte = pmap_walk(pmap, va, false);

		if (pte != NULL && (*pte & PTE_P))
			*pte = (*pte & PTE_ADDR_MASK) | pmap_pte_bits(prot);
	}
	pmap_tlb_invalidate(pmap, start, end);
	simple_unlock_irq(&pmap->lock, s);
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

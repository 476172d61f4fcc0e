/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/kalloc.h: general-purpose kernel memory by size.
 *
 * kalloc(size) rounds size up to a power of two: 16 bytes to PAGE_SIZE
 * come from one kmem_cache per size (kern/slab.h), larger ones straight
 * from vm_page_alloc_pa() as 2^order pages (at most 2^VM_PAGE_MAX_ORDER).
 * Memory is not zeroed.  kfree() must get the size given to kalloc().
 * An object of size 2^k (k <= PAGE_SHIFT) is aligned on 2^k; larger
 * ones on a page.
 *
 * Locking: kalloc() and kfree() take only leaf locks (a cache lock or
 * vm_page_lock), one at a time, with interrupts masked inside; they may
 * be called with interrupts off.  The counters are updated atomically.
 *
 * Design: design/04-memory.md.
 */
#ifndef _KERN_KALLOC_H_
#define _KERN_KALLOC_H_

#include <stdint.h>
#include <mach/machine/vm_types.h>

/* Smallest kalloc size: 16 bytes, two pointers. */
#define KALLOC_MIN_SIZE		16

/* Set up the caches; after vm_page_bootstrap(), before any kalloc(). */
void		kalloc_init(void);

/* size bytes (size > 0), or NULL when memory is exhausted. */
void		*kalloc(vm_size_t size);
void		kfree(void *addr, vm_size_t size);

/* Bytes handed out and not yet freed, rounded sizes; and its high mark. */
uint64_t	kalloc_bytes_current(void);
uint64_t	kalloc_bytes_max(void);

#endif /* _KERN_KALLOC_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/slab.h: object caches (GNU Mach's kmem_cache).
 *
 * A cache hands out objects of one size and alignment, carved from slabs:
 * blocks of 2^slab_order pages from vm_page_alloc_pa(), used through the
 * direct map (no kernel virtual memory is allocated).  Every page of a
 * slab points back at its slab through struct vm_page's priv, so a freed
 * object finds its slab in constant time.
 *
 * The optional constructor runs once per object when its slab is made;
 * an object given back with kmem_cache_free() must be in its constructed
 * state again.  Objects of caches without a constructor are not zeroed.
 *
 * Locking: each cache has its own simple lock, taken with
 * simple_lock_irq() (objects may be allocated with interrupts off).  It
 * is a leaf: pages are taken from and given back to vm_page with the
 * cache lock dropped.  Caches are never destroyed; the list of all caches
 * only grows and is walked without a lock.
 *
 * Design: design/04-memory.md.
 */
#ifndef _KERN_SLAB_H_
#define _KERN_SLAB_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/lock.h>

/* kmem_cache_init() flags. */
#define KMEM_CACHE_NOOFFSLAB	0x1	/* keep the slab header in the slab */

/* Longest cache name kept (with the NUL). */
#define KMEM_CACHE_NAME_SIZE	32

/* A list link; first member of struct kmem_slab. */
struct kmem_slab_link {
	struct kmem_slab_link	*next;
	struct kmem_slab_link	*prev;
};

/* Counters of one cache, as read by kmem_cache_stats(). */
struct kmem_cache_stats {
	uint64_t	objects_current;	/* allocated, not yet freed */
	uint64_t	objects_max;		/* high mark of the above */
	uint64_t	slabs_current;		/* slabs the cache holds */
	uint64_t	allocations;		/* objects handed out */
	uint64_t	frees;			/* kmem_cache_free() calls */
	uint64_t	allocation_failures;	/* alloc returned NULL */
};

struct kmem_cache {
	/* Set by kmem_cache_init(), read-only afterwards. */
	char		name[KMEM_CACHE_NAME_SIZE];
	size_t		obj_size;	/* as asked */
	size_t		align;
	size_t		slot_size;	/* object + free link, aligned */
	size_t		free_link_offset; /* of the link inside a slot */
	unsigned int	slab_order;	/* slab is 2^slab_order pages */
	unsigned int	objects_per_slab;
	int		flags;		/* KMEM_CACHE_* */
	bool		header_in_slab;	/* else from kmem_slab_cache */
	void		(*ctor)(void *);
	struct kmem_cache *next;	/* list of all caches */

	/* Guarded by lock. */
	simple_lock_data_t	lock;
	struct kmem_slab_link	partial_slabs;	/* some objects free */
	struct kmem_slab_link	full_slabs;	/* no object free */
	struct kmem_slab_link	free_slabs;	/* every object free */
	unsigned long		free_slab_count;
	struct kmem_cache_stats	stats;
};

/* Make the internal cache of slab headers; kalloc_init() calls it. */
void	slab_bootstrap(void);

/*
 * Set up a cache of obj_size-byte objects aligned on align (a power of
 * two, 0 for the default of 8).  Caches live forever.
 */
void	kmem_cache_init(struct kmem_cache *cache, const char *name,
	    size_t obj_size, size_t align, void (*ctor)(void *), int flags);
/* An object, or NULL when memory is exhausted. */
void	*kmem_cache_alloc(struct kmem_cache *cache);
void	kmem_cache_free(struct kmem_cache *cache, void *obj);

/* A consistent copy of one cache's counters. */
void	kmem_cache_stats(struct kmem_cache *cache,
	    struct kmem_cache_stats *stats);
/* Sum of objects_current * obj_size over all caches but slab headers. */
uint64_t kmem_cache_total_in_use_bytes(void);
/* Sum over all caches of the memory their slabs occupy. */
uint64_t kmem_cache_total_slab_bytes(void);
/* One line per cache on the console. */
void	kmem_cache_info_print(void);
/* Gives every cache's empty slabs back to the page allocator. */
void	kmem_cache_reap_all(void);

#endif /* _KERN_SLAB_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_map.h: address maps and out-of-line copies (GNU Mach's names).
 *
 * A vm_map is a task's address space: a sorted, doubly linked list of
 * vm_map_entry, each a page-aligned range [start, end) backed by
 * (object, offset) with a protection, a maximum protection, an
 * inheritance, is_shared and a wired count, over one pmap.  An entry's
 * object is anonymous (internal), a pager's (external, vm_map of a
 * memory object), or an anonymous object shadowing either: a copy
 * mapping, or an entry's own shadow made at its first write after
 * task_create shared its object copy-on-write (needs_copy,
 * vm_map_fork_cow, vm_map_entry_shadow).  A
 * pager's pages are paged out (vm/vm_pageout.c) unless a wired entry
 * holds them (W1-W4, design/05-fault.md "Kernel writes and wiring").
 *
 * A vm_map_copy is out-of-line data in flight (a message, vm_read,
 * vm_write): a kernel buffer for small data, or an object of pages,
 * moved out of the sender without copying when page aligned and large
 * (design/05-vm-lite.md, "The out-of-line path"), or, when such a
 * region stays with the sender, the sender's own anonymous object
 * shared copy-on-write (needs_copy on both sides, design/12-ipc.md).
 *
 * Locking: map->lock, a simple lock taken without spl, guards every
 * field of the map and of its entries.  Order: (ipc_lock ->) map lock ->
 * object lock -> pmap lock -> vm_page_bucket_lock -> vm_page_lock.  No
 * vm routine takes ipc_lock or a task lock or holds a lock on return;
 * none blocks but vm_map_resolve, the copyin refaults, vm_map_pageable
 * (wiring), vm_map_copy_overwrite and vm_map_enter under VM_WIRE_FUTURE
 * (all in vm_fault, called with no lock held).  Two maps are never
 * locked at once except in vm_map_fork(), where the child is not yet
 * visible to anyone.
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/lock.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <vm/vm_object.h>

struct pmap;

struct vm_map_entry {
	struct vm_map_entry	*prev, *next;	/* sorted by start */
	vm_offset_t		start, end;	/* page aligned, start < end */
	vm_object_t		object;		/* never NULL (invariant M2) */
	vm_offset_t		offset;		/* of start in object */
	vm_prot_t		protection;	/* current */
	vm_prot_t		max_protection;
	vm_inherit_t		inheritance;
	/*
	 * Mapped by another map too (VM_INHERIT_SHARE across task_create,
	 * on both entries: GNU Mach's is_shared, what vm_region reports).
	 */
	bool			is_shared;
	/*
	 * 1 while the entry is wired (vm_wire, VM_WIRE_FUTURE): each of its
	 * pages is resident and holds one wire_count from it (W1); else 0.
	 */
	unsigned short		wired_count;
	/*
	 * Copy-on-write, not yet copied (GNU Mach's needs_copy): the
	 * object is shared with other needs_copy entries (a task_create
	 * of a private anonymous range) and written by none of them.  A
	 * read maps its pages without write; the first write, or any
	 * kernel access for write, gives the entry its own shadow of the
	 * object first (vm_map_entry_shadow) and clears the flag (N1-N5,
	 * vm/vm_map.c).
	 */
	bool			needs_copy;
};

typedef struct vm_map_entry *vm_map_entry_t;
#define VM_MAP_ENTRY_NULL	((vm_map_entry_t)0)

struct vm_map {
	/* Set at creation, read-only after. */
	struct pmap		*pmap;
	vm_offset_t		min_offset, max_offset;

	simple_lock_data_t	lock;
	/* Guarded by lock. */
	int			ref_count;
	struct vm_map_entry	header;		/* list head: start/end unused */
	int			nentries;
	vm_size_t		size;		/* bytes mapped */
	vm_size_t		size_wired;	/* bytes in wired entries */
	vm_size_t		size_cur_limit;	/* vm_set_size_limit */
	vm_size_t		size_max_limit;
	bool			wiring_required; /* VM_WIRE_FUTURE */
	/* Bumped on every change of the entries: fault revalidation. */
	unsigned int		timestamp;
	/*
	 * The entry vm_map_lookup_entry found last (GNU Mach's hint), or
	 * the header; never an unlinked entry (vm_map_entry_unlink).
	 */
	struct vm_map_entry	*hint;
};

typedef struct vm_map *vm_map_t;
#define VM_MAP_NULL		((vm_map_t)0)

#define vm_map_to_entry(map)	(&(map)->header)
#define vm_map_first_entry(map)	((map)->header.next)
#define vm_map_min(map)		((map)->min_offset)
#define vm_map_max(map)		((map)->max_offset)
#define vm_map_pmap(map)	((map)->pmap)

/*
 * User maps run from one page up (page 0 stays unmapped so that null
 * pointers fault) to VM_MAX_ADDRESS.
 */
#define VM_MAP_USER_MIN		PAGE_SIZE

/* Out-of-line data in flight. */
#define VM_MAP_COPY_OBJECT		1	/* pages in cpy_object */
#define VM_MAP_COPY_KERNEL_BUFFER	2	/* bytes in cpy_kdata */

struct vm_map_copy {
	int			type;
	vm_offset_t		offset;	/* of the data in its first page */
	vm_size_t		size;	/* bytes of data */
	/* OBJECT: the copy's first page is at cpy_object_offset. */
	vm_object_t		cpy_object;
	vm_offset_t		cpy_object_offset;
	/*
	 * OBJECT: cpy_object is its source's object, shared copy-on-write
	 * (the source entry is needs_copy; N5 in vm_map.c): read it
	 * through its (wholly anonymous) chain, never write it or take
	 * its pages while anyone else holds it.
	 */
	bool			cpy_needs_copy;
	void			*cpy_kdata;	/* KERNEL_BUFFER */
	vm_size_t		cpy_kalloc_size;
};

typedef struct vm_map_copy *vm_map_copy_t;
#define VM_MAP_COPY_NULL	((vm_map_copy_t)0)

/*
 * Pages of a page-aligned region of at least this many pages are moved
 * (remapped) rather than copied when the sender deallocates it, and
 * shared copy-on-write when it keeps it (N5 in vm_map.c).
 */
#define VM_MAP_COPY_MOVE_MIN_PAGES	2

/* Counters of the out-of-line path: struct vm_counters (vm/vm_stats.h). */

void		vm_map_bootstrap(void);

/* Maps. */
/* A map over pmap (which it then owns) for [min, max); or NULL. */
vm_map_t	vm_map_create(struct pmap *pmap, vm_offset_t min,
		    vm_offset_t max);
void		vm_map_reference(vm_map_t map);
/* Drops a reference; the last one calls vm_map_destroy(). */
void		vm_map_deallocate(vm_map_t map);
/* Frees every entry, page, object and the pmap; then the map. */
void		vm_map_destroy(vm_map_t map);
/* A new map (and pmap) inheriting old_map by each entry's inheritance. */
kern_return_t	vm_map_fork(vm_map_t old_map, vm_map_t *new_map);

kern_return_t	vm_map_enter(vm_map_t map, vm_offset_t *address,
		    vm_size_t size, vm_offset_t mask, boolean_t anywhere,
		    vm_object_t object, vm_offset_t offset,
		    boolean_t needs_copy, vm_prot_t cur_protection,
		    vm_prot_t max_protection, vm_inherit_t inheritance);
kern_return_t	vm_map_remove(vm_map_t map, vm_offset_t start,
		    vm_offset_t end);
kern_return_t	vm_map_protect(vm_map_t map, vm_offset_t start,
		    vm_offset_t end, vm_prot_t new_prot, boolean_t set_max);
kern_return_t	vm_map_inherit(vm_map_t map, vm_offset_t start,
		    vm_offset_t end, vm_inherit_t new_inheritance);
/* Wire (access) or unwire (VM_PROT_NONE) a range; may block (W3). */
kern_return_t	vm_map_pageable(vm_map_t map, vm_offset_t start,
		    vm_offset_t end, vm_prot_t access);
kern_return_t	vm_map_pageable_all(vm_map_t map, int flags);
/*
 * The entry at or after *address (vm_region's rule); *object gets its
 * object, with a reference the caller drops.
 */
kern_return_t	vm_map_region(vm_map_t map, vm_offset_t *address,
		    vm_size_t *size, vm_prot_t *protection,
		    vm_prot_t *max_protection, vm_inherit_t *inheritance,
		    boolean_t *is_shared, vm_object_t *object,
		    vm_offset_t *offset);

/*
 * Out-of-line copies.  A copy is owned by exactly one holder (a message,
 * a routine) and ends in vm_map_copyout, vm_map_copy_overwrite (both
 * consume it on success only) or vm_map_copy_discard.
 */
kern_return_t	vm_map_copyin(vm_map_t src_map, vm_offset_t src_addr,
		    vm_size_t len, boolean_t src_destroy,
		    vm_map_copy_t *copy_result);
/*
 * vm_map_copyin answers KERN_ABORTED, changing nothing, when a page of a
 * pager's object in the range is not resident (C1 in vm_map.c): only
 * vm_fault() may wait for a pager.  Then the caller drops its locks and
 * calls vm_map_copyin_refault (tries starting at 0), which faults the
 * range in, and copies again while it says KERN_SUCCESS.  Locks: none
 * held; may block.  Returns KERN_SUCCESS, the fault's error, or
 * KERN_MEMORY_FAILURE at the VM_MAP_COPYIN_REFAULTS_MAX-th refault.
 */
kern_return_t	vm_map_copyin_refault(vm_map_t map, vm_offset_t addr,
		    vm_size_t len, unsigned int *tries);
/*
 * Refaults of one copy before it is refused: a page is evicted again
 * only under memory pressure, between the prefault's fault of a later
 * page and the copy; 8 tries that all lose a page mean the range does
 * not stay resident, and an error beats sending zeroes.
 */
#define VM_MAP_COPYIN_REFAULTS_MAX	8
/* vm_map_copyin and its refaults, for callers holding no lock. */
kern_return_t	vm_map_copyin_resident(vm_map_t src_map,
		    vm_offset_t src_addr, vm_size_t len,
		    boolean_t src_destroy, vm_map_copy_t *copy_result);
kern_return_t	vm_map_copyout(vm_map_t dst_map, vm_offset_t *dst_addr,
		    vm_map_copy_t copy);
kern_return_t	vm_map_copy_overwrite(vm_map_t dst_map, vm_offset_t dst_addr,
		    vm_map_copy_t copy, boolean_t interruptible);
void		vm_map_copy_discard(vm_map_copy_t copy);
/* A one-page copy of m, moved out of its (locked) object. */
kern_return_t	vm_map_copyin_page(struct vm_page *m,
		    vm_map_copy_t *copy_result);
/* len bytes from position pos of the copy's data (inside it) into buf. */
kern_return_t	vm_map_copy_read_at(vm_map_copy_t copy, vm_offset_t pos,
		    void *buf, vm_size_t len);
vm_size_t	vm_map_copy_size(vm_map_copy_t copy);
/*
 * The page of the copy's data at pos, taken out of the copy (X2, in
 * vm_map.c), or NULL if it may not be taken: then copy the bytes.
 */
struct vm_page	*vm_map_copy_page_take(vm_map_copy_t copy, vm_offset_t pos);
/* A copy of len bytes of kernel memory (replies with OOL arrays). */
kern_return_t	vm_map_copyin_kernel_buffer(const void *data, vm_size_t len,
		    vm_map_copy_t *copy_result);
/* The first len bytes of copy into buf; the copy stays. */
kern_return_t	vm_map_copy_read(vm_map_copy_t copy, void *buf,
		    vm_size_t len);

/*
 * Kernel access to a map's memory (copyin/copyout, the loader): the
 * physical address of the byte at va after resolving it like a fault
 * for access (demand-zero fill included), with the map's protection.
 * KERN_SUCCESS, KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE or
 * KERN_RESOURCE_SHORTAGE.  Locks: takes and drops the map lock.
 */
kern_return_t	vm_map_resolve(vm_map_t map, vm_offset_t va,
		    vm_prot_t access, phys_addr_t *pa);

/*
 * Locking helpers and the lookup the fault path shares (map locked).
 * vm_map_lookup_entry: true and the entry containing address; else
 * false and the entry before it (maybe the header).
 */
#define vm_map_lock(map)	simple_lock(&(map)->lock)
#define vm_map_unlock(map)	simple_unlock(&(map)->lock)
boolean_t	vm_map_lookup_entry(vm_map_t map, vm_offset_t address,
		    vm_map_entry_t *entry);

/*
 * vm_map_entry_shadow: give a needs_copy entry its own shadow of its
 * object (the first write after a fork), clear needs_copy and bump the
 * map's timestamp.  Locks: map locked; takes object locks.  Returns:
 * KERN_SUCCESS, or KERN_RESOURCE_SHORTAGE (entry unchanged).
 */
kern_return_t	vm_map_entry_shadow(vm_map_t map, vm_map_entry_t entry);

/* Entries of a map (tests, debuggers). */
int		vm_map_entry_count(vm_map_t map);

#endif /* _VM_VM_MAP_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_object_cache.h: the object cache, external objects kept with
 * their resident pages after their last reference when their pager said
 * may_cache (vm/vm_object_cache.c).  Design: design/07-pager-protocol.md,
 * "The object cache" (states and invariants OC1-OC5).
 */
#ifndef _VM_VM_OBJECT_CACHE_H_
#define _VM_VM_OBJECT_CACHE_H_

#include <stdbool.h>
#include <vm/vm_object.h>

/*
 * Bound on the objects kept in the cache; past it the least recently
 * released one is terminated.  The bound is on objects (each holds a
 * send right to its pager, two kernel ports and a vm_object), not on
 * pages: cached pages stay pageable and the pageout daemon frees them
 * like any others.  100: GNU Mach's vm_object_cached_max from Mach 3
 * until 2013 (GNU Mach has since dropped the bound and lets the pageout
 * daemon collect cached objects it has emptied).
 */
#define VM_OBJECT_CACHE_MAX	100

/*
 * Keeps object, whose last reference just went, if its pager allows it.
 * Locks: object locked, ref_count 0.  Returns true if the object is (or
 * stays) cached: the caller then only calls vm_object_cache_trim() after
 * dropping the object lock; false: the caller terminates it.
 */
bool	vm_object_cache_insert(vm_object_t object);
/*
 * Terminates the least recently cached objects while more than
 * VM_OBJECT_CACHE_MAX are cached.  Locks: none held.  Blocks: no, but
 * sends the pagers their data_returns and terminates.
 */
void	vm_object_cache_trim(void);
/*
 * A mapping found object by its pager port: if it is cached, it leaves
 * the cache (in use again).  Locks: object locked.  Returns whether it
 * was cached.
 */
bool	vm_object_cache_remove(vm_object_t object);
/*
 * The pager gave up may_cache (memory_object_change_attributes): a
 * cached object leaves the cache and is terminated when the reference
 * the caller holds goes.  Locks: object locked; the caller holds a
 * reference.
 */
void	vm_object_cache_uncache(vm_object_t object);
/*
 * object's pager port died.  Locks: ipc_lock, the pager list lock and
 * object locked.  Returns true if object was cached and unreferenced:
 * it is off the cache and nothing else can reach it once the caller
 * takes it off the pager list, releases its ports and frees it
 * (vm_object_free); false otherwise (a cached object with a transient
 * reference leaves the cache and is terminated when that goes).
 */
bool	vm_object_cache_pager_died(vm_object_t object);
/* Objects cached now (the gauge objects_cached_current). */
unsigned long	vm_object_cache_count(void);

#endif /* _VM_VM_OBJECT_CACHE_H_ */

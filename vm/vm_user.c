/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_user.c: the vm_* routines a task calls on a map (mach.defs),
 * with GNU Mach's names and signatures (see vm/vm_user.h).
 *
 * Every value here comes from user space: a null map, unaligned or
 * wrapping ranges, bad protections, inheritances, flags and limits get a
 * KERN_* error, never a panic.  Ranges are widened to pages as GNU Mach
 * does: [trunc_page(start), round_page(start + size)).  The work is done
 * by vm/vm_map.c.
 *
 * Memory is anonymous or a pager's (vm_map of a memory object, shared
 * or as a copy).  vm_read and vm_copy copy pages (no copy-on-write of
 * copies yet); vm_write and vm_copy fault a pager's pages in (D2);
 * wiring makes pages resident and keeps them from pageout and flushes
 * (W1-W4).  Design: design/05-vm-lite.md, design/05-fault.md ("Kernel
 * writes and wiring").
 *
 * Locking: none of its own; each routine takes the map lock through
 * vm/vm_map.c.
 */
#include <stddef.h>
#include <kern/string.h>
#include <mach/vm_param.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <vm/vm_stats.h>
#include <vm/vm_user.h>
#include <ipc/ipc_port.h>

/*
 * vm_user_range: the page range [*lo, *hi) covering [start, start +
 * size), size > 0.
 * Returns: KERN_SUCCESS, or KERN_INVALID_ADDRESS if it wraps.
 */
static kern_return_t
vm_user_range(vm_offset_t start, vm_size_t size, vm_offset_t *lo,
    vm_offset_t *hi)
{
	if (start + size < start || round_page(start + size) < start + size)
		return KERN_INVALID_ADDRESS;
	*lo = trunc_page(start);
	*hi = round_page(start + size);
	return KERN_SUCCESS;
}

/*
 * vm_allocate: zero-filled memory, size bytes rounded up to pages, at
 * *addr (truncated to a page) or anywhere.
 * Returns: KERN_SUCCESS and *addr; KERN_INVALID_ARGUMENT (null map);
 * KERN_INVALID_ADDRESS (fixed range outside the map); KERN_NO_SPACE
 * (occupied, no room, or over the map's size limit);
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_allocate(vm_map_t map, vm_offset_t *addr, vm_size_t size,
    boolean_t anywhere)
{
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	if (round_page(size) < size)
		return KERN_NO_SPACE;
	if (anywhere)
		*addr = vm_map_min(map);
	else
		*addr = trunc_page(*addr);
	return vm_map_enter(map, addr, round_page(size), 0, anywhere,
	    VM_OBJECT_NULL, 0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
	    VM_INHERIT_DEFAULT);
}

/*
 * vm_deallocate: remove every mapping in the range (holes are fine).
 * Returns: KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_INVALID_ADDRESS,
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_deallocate(vm_map_t map, vm_offset_t start, vm_size_t size)
{
	vm_offset_t lo, hi;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (vm_user_range(start, size, &lo, &hi) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	return vm_map_remove(map, lo, hi);
}

/*
 * vm_protect: set the protection, or with set_maximum the maximum one.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (null map, unknown
 * bits); KERN_INVALID_ADDRESS (a hole); KERN_PROTECTION_FAILURE (above
 * the maximum); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_protect(vm_map_t map, vm_offset_t start, vm_size_t size,
    boolean_t set_maximum, vm_prot_t new_protection)
{
	vm_offset_t lo, hi;

	if (map == VM_MAP_NULL ||
	    (new_protection & ~(VM_PROT_ALL | VM_PROT_NOTIFY)) != 0)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (vm_user_range(start, size, &lo, &hi) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	/* VM_PROT_NOTIFY is for pagers (issue 5); nothing to do here. */
	return vm_map_protect(map, lo, hi, new_protection & VM_PROT_ALL,
	    set_maximum);
}

/*
 * vm_inherit: set what task_create with inherit_memory gives a child.
 * Returns: KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_INVALID_ADDRESS,
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_inherit(vm_map_t map, vm_offset_t start, vm_size_t size,
    vm_inherit_t new_inheritance)
{
	vm_offset_t lo, hi;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	switch (new_inheritance) {
	case VM_INHERIT_NONE:
	case VM_INHERIT_COPY:
	case VM_INHERIT_SHARE:
		break;
	default:
		return KERN_INVALID_ARGUMENT;
	}
	if (size == 0)
		return KERN_SUCCESS;
	if (vm_user_range(start, size, &lo, &hi) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	return vm_map_inherit(map, lo, hi, new_inheritance);
}

/*
 * vm_statistics: GNU Mach's machine-wide page counts, from struct
 * vm_counters (vm/vm_stats.h) and the page queues.  pageins are pages a
 * pager supplied (pages_supplied), pageouts pages sent back with
 * data_return (pages_returned), reactivations the pageout daemon's
 * pages_reactivated.  inactive_count is the inactive queue; active_count
 * every other resident page: the active queue holds only pager pages,
 * and anonymous pages, never aged (no default pager yet), count as
 * active.  lookups and hits are GNU Mach's: vm_object_enter calls, and
 * those that found the port's object (object_lookups, object_hits; a
 * hit may be a mapped object or a cached one).  The fields are 32-bit
 * (integer_t): a count past 2^31 wraps here, never in vm_counters.
 * Returns: KERN_SUCCESS or KERN_INVALID_ARGUMENT.
 */
kern_return_t
vm_statistics(vm_map_t map, vm_statistics_data_t *stat)
{
	struct vm_counters c;
	unsigned long resident, inactive;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	vm_counters_read(&c);
	resident = __atomic_load_n(&vm_page_resident_count, __ATOMIC_RELAXED);
	inactive = __atomic_load_n(&vm_page_inactive_count, __ATOMIC_RELAXED);
	memset(stat, 0, sizeof(*stat));
	stat->pagesize = PAGE_SIZE;
	stat->free_count = (integer_t)vm_page_free_count();
	stat->active_count = (integer_t)(resident > inactive ?
	    resident - inactive : 0);
	stat->inactive_count = (integer_t)inactive;
	stat->wire_count = (integer_t)__atomic_load_n(&vm_page_wire_count,
	    __ATOMIC_RELAXED);
	stat->zero_fill_count = (integer_t)c.zero_fills;
	stat->reactivations = (integer_t)c.pages_reactivated;
	stat->pageins = (integer_t)c.pages_supplied;
	stat->pageouts = (integer_t)c.pages_returned;
	stat->faults = (integer_t)c.faults;
	stat->cow_faults = (integer_t)c.cow_faults;
	stat->lookups = (integer_t)c.object_lookups;
	stat->hits = (integer_t)c.object_hits;
	return KERN_SUCCESS;
}

/*
 * vm_read: a copy of [address, address + size), returned out of line.
 * Returns: KERN_SUCCESS, *data (a vm_map_copy_t) and *data_size;
 * KERN_INVALID_ARGUMENT (null map, size beyond a message count);
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE,
 * KERN_RESOURCE_SHORTAGE; for pager-backed memory the pager's error
 * (KERN_MEMORY_ERROR) or KERN_MEMORY_FAILURE (pages kept being evicted,
 * vm_map_copyin_resident), never zeroes.  Blocks: for a pager's pages.
 */
kern_return_t
vm_read(vm_map_t map, vm_address_t address, vm_size_t size,
    pointer_t *data, mach_msg_type_number_t *data_size)
{
	vm_map_copy_t copy;
	kern_return_t kr;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size > (mach_msg_type_number_t)~0U)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_copyin_resident(map, address, size, FALSE, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	*data = (pointer_t)copy;
	*data_size = (mach_msg_type_number_t)size;
	return KERN_SUCCESS;
}

/*
 * vm_write: write out-of-line data (a vm_map_copy_t) over a writable
 * range.  Consumes the copy on success only.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (null map, size not the
 * copy's); KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE,
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_write(vm_map_t map, vm_address_t address, pointer_t data,
    mach_msg_type_number_t size)
{
	vm_map_copy_t copy = (vm_map_copy_t)data;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (vm_map_copy_size(copy) != size)
		return KERN_INVALID_ARGUMENT;
	return vm_map_copy_overwrite(map, address, copy, FALSE);
}

/*
 * vm_copy: copy [source_address, +size) over [dest_address, +size) of
 * the same map (eager copy).
 * Returns: as vm_map_copyin_resident (vm_read), then as
 * vm_map_copy_overwrite.  Blocks: for a pager's pages.
 */
kern_return_t
vm_copy(vm_map_t map, vm_address_t source_address, vm_size_t size,
    vm_address_t dest_address)
{
	vm_map_copy_t copy;
	kern_return_t kr;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_copyin_resident(map, source_address, size, FALSE, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_overwrite(map, dest_address, copy, FALSE);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

/*
 * vm_region: the region containing *address or the next one above it,
 * as GNU Mach describes it: is_shared says whether the entry is shared
 * with another map (VM_INHERIT_SHARE), not whether its object could be;
 * *object_name is a send right to the name port of the object at the
 * bottom of the entry's chain (vm_object_name): equal names, same
 * memory object.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_NO_SPACE (nothing
 * at or above *address).
 */
kern_return_t
vm_region(vm_map_t map, vm_offset_t *address, vm_size_t *size,
    vm_prot_t *protection, vm_prot_t *max_protection,
    vm_inherit_t *inheritance, boolean_t *is_shared,
    ipc_port_t *object_name, vm_offset_t *offset)
{
	vm_object_t object;
	kern_return_t kr;

	*object_name = IP_NULL;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_region(map, address, size, protection, max_protection,
	    inheritance, is_shared, &object, offset);
	if (kr != KERN_SUCCESS)
		return kr;
	*object_name = vm_object_name(object);
	vm_object_deallocate(object);
	return KERN_SUCCESS;
}

/*
 * vm_wire_access: wire (access != VM_PROT_NONE) or unwire the range.  Without
 * the privileged port, at most VM_WIRE_UNPRIV_MAX bytes per map.
 * Wired pages are resident and neither paged out nor flushed (W1-W4);
 * wiring a pager's memory waits for the pager.
 * Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_TASK;
 * KERN_INVALID_ARGUMENT; KERN_NO_ACCESS (over the unprivileged limit);
 * KERN_INVALID_ADDRESS; KERN_PROTECTION_FAILURE; KERN_RESOURCE_SHORTAGE;
 * KERN_MEMORY_ERROR (the pager's); KERN_MEMORY_FAILURE (W3's bound).
 */
kern_return_t
vm_wire_access(vm_host_access_t host, vm_map_t map, vm_offset_t start,
    vm_size_t size, vm_prot_t access)
{
	vm_offset_t lo, hi;

	if (host != VM_HOST_PLAIN && host != VM_HOST_PRIV)
		return KERN_INVALID_HOST;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	if ((access & ~VM_PROT_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (vm_user_range(start, size, &lo, &hi) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	/* Read without the lock: a bound, not an invariant. */
	if (host != VM_HOST_PRIV && access != VM_PROT_NONE &&
	    (hi - lo > VM_WIRE_UNPRIV_MAX ||
	    map->size_wired > VM_WIRE_UNPRIV_MAX - (hi - lo)))
		return KERN_NO_ACCESS;
	return vm_map_pageable(map, lo, hi, access);
}

/*
 * vm_wire_all_access: VM_WIRE_CURRENT / VM_WIRE_FUTURE / VM_WIRE_NONE for the
 * whole map; needs the privileged port.
 * Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_TASK;
 * KERN_INVALID_ARGUMENT (unknown flags); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_wire_all_access(vm_host_access_t host, vm_map_t map, vm_wire_t flags)
{
	if (host != VM_HOST_PRIV)
		return KERN_INVALID_HOST;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	if ((flags & ~VM_WIRE_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	return vm_map_pageable_all(map, flags);
}

/*
 * vm_set_size_limit_access: vm_set_size_limit (gnumach.defs, served by
 * kern/host_rpc.c) once the host port is judged: set the map's current
 * and maximum size limits; raising the maximum needs the privileged
 * port.  vm_allocate (every vm_map_enter) answers KERN_NO_SPACE beyond
 * the current limit.  Checked in GNU Mach's order, so that a call with
 * several bad arguments gets GNU Mach's code.
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (current > max);
 * KERN_INVALID_TASK; KERN_INVALID_HOST; KERN_NO_ACCESS.
 */
kern_return_t
vm_set_size_limit_access(vm_host_access_t host, vm_map_t map,
    vm_size_t current_limit, vm_size_t max_limit)
{
	if (current_limit > max_limit)
		return KERN_INVALID_ARGUMENT;
	if (map == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	if (host != VM_HOST_PLAIN && host != VM_HOST_PRIV)
		return KERN_INVALID_HOST;
	vm_map_lock(map);
	if (max_limit > map->size_max_limit && host != VM_HOST_PRIV) {
		vm_map_unlock(map);
		return KERN_NO_ACCESS;
	}
	map->size_cur_limit = current_limit;
	map->size_max_limit = max_limit;
	vm_map_unlock(map);
	return KERN_SUCCESS;
}

/*
 * vm_get_size_limit: the map's current and maximum size limits; the
 * MIG routine of gnumach.defs id 4216 (our gnumach_ext.defs).
 * Returns: KERN_SUCCESS or KERN_INVALID_TASK.
 */
kern_return_t
vm_get_size_limit(vm_map_t map, vm_size_t *current_limit,
    vm_size_t *max_limit)
{
	if (map == VM_MAP_NULL)
		return KERN_INVALID_TASK;
	vm_map_lock(map);
	*current_limit = map->size_cur_limit;
	*max_limit = map->size_max_limit;
	vm_map_unlock(map);
	return KERN_SUCCESS;
}

/*
 * vm_map: map a memory object (a pager's port) into map, shared (copy
 * FALSE: writes reach the pager's object) or as a private copy (copy
 * TRUE: a shadow object takes the writes); or anonymous memory when
 * memory_object is null.  The request's send right to memory_object
 * stays the message's (MIG's stub releases it on success, the message's
 * destruction on failure): the object takes a right of its own.  A
 * copy is the object's contents at this call (vm_object_copy): later
 * writes through other mappings and the pager's later answers do not
 * show through.  Blocks: for memory_object_ready, and for the pages of
 * an eager copy (MEMORY_OBJECT_COPY_NONE).
 * Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (bad size, offset,
 * protections or inheritance; not a port); KERN_NO_SPACE;
 * KERN_RESOURCE_SHORTAGE; for a copy, the error of a page an eager copy
 * could not read (KERN_MEMORY_ERROR, ...) or KERN_ABORTED (interrupted).
 */
kern_return_t
vm_map(vm_map_t map, vm_offset_t *address, vm_size_t size, vm_offset_t mask,
    boolean_t anywhere, ipc_port_t memory_object, vm_offset_t offset,
    boolean_t copy, vm_prot_t cur_protection, vm_prot_t max_protection,
    vm_inherit_t inheritance)
{
	vm_object_t object = VM_OBJECT_NULL, source;
	vm_offset_t object_offset;
	kern_return_t kr;

	if (map == VM_MAP_NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0 || (offset & PAGE_MASK) != 0 ||
	    round_page(size) < size || offset + round_page(size) < offset)
		return KERN_INVALID_ARGUMENT;
	size = round_page(size);
	if (!anywhere)
		*address = trunc_page(*address);
	object_offset = offset;
	if (IP_VALID(memory_object)) {
		kr = vm_object_enter(ipc_port_copy_send_unlocked(memory_object),
		    offset + size, &object);
		if (kr != KERN_SUCCESS)
			return kr;
		if (copy) {
			/* The object as of now (K1-K6, design/05-fault.md). */
			source = object;
			kr = vm_object_copy(source, offset, size, &object);
			vm_object_deallocate(source);
			if (kr != KERN_SUCCESS)
				return kr;
			object_offset = 0;
		}
	}
	kr = vm_map_enter(map, address, size, mask, anywhere, object,
	    object_offset, FALSE, cur_protection, max_protection, inheritance);
	if (kr != KERN_SUCCESS)
		vm_object_deallocate(object);
	return kr;
}

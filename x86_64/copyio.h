/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/copyio.h: copying between the kernel and a task's memory.
 *
 * Each user page is resolved through the task's vm_map like a fault
 * (vm_map_resolve): the access must be allowed by the map entry (copyout
 * needs VM_PROT_WRITE, copyin VM_PROT_READ), an absent anonymous page is
 * zero-filled on the way, and the page is reached through the direct
 * map.  A bad user address is an error return, never a fault in the
 * kernel.
 *
 * Locking: takes and drops the map lock per page; nothing held across.
 * (UP and no kernel preemption: the page cannot go away during the
 * memcpy.  SMP needs the page wired or the map lock held across it.)
 */
#ifndef _X86_64_COPYIO_H_
#define _X86_64_COPYIO_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_map;

/*
 * false if any byte of [uaddr, uaddr + len) is not mapped with the
 * access needed, or no page was free for a demand-zero page.
 */
bool	copyin(struct vm_map *map, uint64_t uaddr, void *kaddr, size_t len);
bool	copyout(struct vm_map *map, const void *kaddr, uint64_t uaddr,
	    size_t len);
/*
 * Copies a NUL-terminated string of at most max bytes (NUL included).
 * Returns its length, -1 if unmapped, -2 if no NUL within max.
 */
long	copyinstr(struct vm_map *map, uint64_t uaddr, char *kaddr,
	    size_t max);

#endif /* _X86_64_COPYIO_H_ */

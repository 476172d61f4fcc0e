/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/copyio.h: copying between the kernel and a task's memory.
 *
 * Each user page is looked up in the task's pmap and reached through the
 * direct map, so a bad user address is an error return, never a fault in
 * the kernel.  (The VM issue adds faulting-in of absent pages.)
 */
#ifndef _X86_64_COPYIO_H_
#define _X86_64_COPYIO_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmap;

/* false if any byte of [uaddr, uaddr + len) is not mapped. */
bool	copyin(struct pmap *pmap, uint64_t uaddr, void *kaddr, size_t len);
bool	copyout(struct pmap *pmap, const void *kaddr, uint64_t uaddr,
	    size_t len);
/*
 * Copies a NUL-terminated string of at most max bytes (NUL included).
 * Returns its length, -1 if unmapped, -2 if no NUL within max.
 */
long	copyinstr(struct pmap *pmap, uint64_t uaddr, char *kaddr, size_t max);

#endif /* _X86_64_COPYIO_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ksyms.h: kernel function names for backtraces.
 *
 * The build links the kernel twice: the first link's function symbols
 * (nm -n) become a sorted table (scripts/gen-ksyms.sh) linked into the
 * second.  The table is read-only data placed after all code, so code
 * addresses are the same in both links.
 */
#ifndef _KERN_KSYMS_H_
#define _KERN_KSYMS_H_

#include <stdint.h>

struct ksym {
	uint64_t	address;
	const char	*name;
};

/* The function containing address and the offset into it, or NULL. */
const char	*ksyms_lookup(uint64_t address, uint64_t *offset);

#endif /* _KERN_KSYMS_H_ */

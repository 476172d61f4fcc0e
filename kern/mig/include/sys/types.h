/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/include/sys/types.h: gnumach-dev's <mach_debug/slab_info.h>
 * (imported by mach_host.defs) includes <sys/types.h>, which a
 * freestanding kernel does not have.  Nothing from it is used there
 * beyond the standard integer types.
 */
#ifndef _KERN_MIG_SYS_TYPES_H_
#define _KERN_MIG_SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>

#endif /* _KERN_MIG_SYS_TYPES_H_ */

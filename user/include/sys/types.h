/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/sys/types.h: the little of <sys/types.h> that GNU Mach's
 * headers include it for (mach_debug/slab_info.h, reached from the MIG
 * stubs of gnumach.defs): the fixed-width and size types.
 */
#ifndef _CMUSER_SYS_TYPES_H_
#define _CMUSER_SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;

#endif /* _CMUSER_SYS_TYPES_H_ */

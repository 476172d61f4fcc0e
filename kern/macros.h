/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/macros.h: compiler shorthands that GNU Mach's interface headers
 * expect the kernel to provide (mach/machine/multiboot.h uses __packed).
 */
#ifndef _KERN_MACROS_H_
#define _KERN_MACROS_H_

#ifndef __packed
#define __packed	__attribute__((packed))
#endif

#endif /* _KERN_MACROS_H_ */

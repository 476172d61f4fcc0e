/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/device_types_kernel.h: the kernel's side of gnumach-dev's
 * <device/device_types.h>, which includes this file when MACH_KERNEL is
 * defined (our -I$(top_srcdir) comes before the gnumach-dev headers).
 */
#ifndef _DEVICE_DEVICE_TYPES_KERNEL_H_
#define _DEVICE_DEVICE_TYPES_KERNEL_H_

#include <device/dev_hdr.h>

#endif /* _DEVICE_DEVICE_TYPES_KERNEL_H_ */

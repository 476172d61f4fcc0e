/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/ds_routines.h: the device.defs routines (device/ds_routines.c)
 * and the table of devices device_open knows.
 */
#ifndef _DEVICE_DS_ROUTINES_H_
#define _DEVICE_DS_ROUTINES_H_

#include <device/dev_hdr.h>

/* Largest device_write served in one call; more is a partial write. */
#define DS_WRITE_MAX_BYTES	(64 * 1024)

/* The device called name, or DEVICE_NULL.  Locks: none. */
device_t	ds_device_lookup(const char *name);

#endif /* _DEVICE_DS_ROUTINES_H_ */

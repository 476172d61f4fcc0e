/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/console.h: the console as a device ("console" for device_open):
 * writes go to the kernel console (serial COM1), reads find no input.
 */
#ifndef _DEVICE_CONSOLE_H_
#define _DEVICE_CONSOLE_H_

#include <device/dev_hdr.h>

extern struct device console_device;

#endif /* _DEVICE_CONSOLE_H_ */

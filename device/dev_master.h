/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/dev_master.h: the device master port, through which device_open
 * reaches the kernel's devices (device.defs).
 */
#ifndef _DEVICE_DEV_MASTER_H_
#define _DEVICE_DEV_MASTER_H_

#include <ipc/ipc_types.h>

extern ipc_port_t master_device_port;

void	device_bootstrap(void);

#endif /* _DEVICE_DEV_MASTER_H_ */

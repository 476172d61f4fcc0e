/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/dev_master.c: the device master port (IKOT_MASTER_DEVICE).
 * Made once at boot; read-only after.  The devices themselves and the
 * device.defs routines live beside it in device/.
 */
#include <kern/debug.h>
#include <device/dev_master.h>
#include <ipc/ipc_port.h>

ipc_port_t master_device_port;

void
device_bootstrap(void)
{
	master_device_port = ipc_port_alloc_kernel(IKOT_MASTER_DEVICE, NULL);
	if (master_device_port == IP_NULL)
		panic("device_bootstrap: no memory for the master port");
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/dev_hdr.h: devices as kernel objects (device.defs' device_t).
 *
 * A device is a static kernel structure with a name, the operations its
 * driver gives, and one port (IKOT_DEVICE, its kernel object the device)
 * made at its first open and kept for the kernel's life, as GNU Mach
 * keeps a device's port while it is open.  ClusterMach's devices are
 * known at build time (the console now, disks with issue 5), so a device
 * is never freed: its reference count only says how many converted
 * device_t's are in use, for leak checks.
 *
 * Locking: ipc_lock guards ref_count and port (a device's port is read
 * by dev_port_lookup() under it); open_count is touched only by the
 * device routines, which run one at a time on our uniprocessor without
 * kernel preemption (SMP: a per-device lock).
 */
#ifndef _DEVICE_DEV_HDR_H_
#define _DEVICE_DEV_HDR_H_

#include <stdbool.h>
#include <stdint.h>
#include <mach/kern_return.h>
#include <ipc/ipc_types.h>

struct device;

/*
 * A driver's operations.  Each returns a D_* code (device_types.h) and
 * never blocks for longer than its own I/O.  NULL: D_INVALID_OPERATION.
 */
struct device_ops {
	kern_return_t	(*write)(struct device *dev, const char *data,
			    size_t len, size_t *written);
	kern_return_t	(*read)(struct device *dev, char *data, size_t len,
			    int mode, size_t *read);
};

struct device {
	const char		*name;		/* device_open's name */
	const struct device_ops	*ops;
	/* Guarded by ipc_lock. */
	ipc_port_t		port;	/* IKOT_DEVICE, or IP_NULL */
	uint32_t		ref_count;	/* converted device_t's */
	/* Device routines only (see Locking above). */
	uint32_t		open_count;
};

typedef struct device *device_t;
#define DEVICE_NULL	((device_t)0)

/*
 * Conversions (device_types.defs).  dev_port_lookup() returns the device
 * a port names, with a reference, or DEVICE_NULL; device_deallocate()
 * drops it (NULL is fine).  convert_device_to_port() makes a send right
 * for a reply and consumes the caller's reference.  Locks: none; they
 * take ipc_lock.
 */
device_t	dev_port_lookup(ipc_port_t port);
ipc_port_t	convert_device_to_port(device_t device);
void		device_reference(device_t device);
void		device_deallocate(device_t device);

#endif /* _DEVICE_DEV_HDR_H_ */

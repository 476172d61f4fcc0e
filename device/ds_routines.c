/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/ds_routines.c: the device.defs routines (MIG server prefix ds_)
 * and the conversions of device ports.
 *
 * A task opens a device by name on the device master port
 * (device_open / device_open_new) and gets a send right to the device's
 * port; device_write / device_read and friends arrive on that port.  The
 * devices are static (device/dev_hdr.h); the table below lists them.
 * Every routine answers synchronously: the reply port MIG hands us is for
 * GNU Mach's deferred replies (a disk read that completes later), which no
 * device here needs.
 *
 * Who owns what (ipc/ipc_kobject.c): on D_SUCCESS a routine owns the
 * request's out-of-line data and must consume it; on any error the
 * request is destroyed for it.  The device_t MIG passes in carries a
 * reference the stub drops after the call.
 *
 * Locking: ipc_lock for the conversions; nothing held across a driver
 * call.  Design: design/13-kernel-objects.md, "Devices".
 */
#include <stddef.h>
#include <device/console.h>
#include <device/dev_master.h>
#include <device/device_types.h>
#include <device/ds_routines.h>
#include <ipc/ipc_port.h>
#include <kern/assert.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/mig/device_server.h>
#include <kern/string.h>
#include <vm/vm_map.h>

/* The devices device_open knows, by name. */
static struct device *const ds_devices[] = {
	&console_device,
};

device_t
ds_device_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(ds_devices) / sizeof(ds_devices[0]); i++)
		if (strcmp(ds_devices[i]->name, name) == 0)
			return ds_devices[i];
	return DEVICE_NULL;
}

/* Conversions (device/dev_hdr.h). */

device_t
dev_port_lookup(ipc_port_t port)
{
	device_t device = DEVICE_NULL;

	if (!IP_VALID(port))
		return DEVICE_NULL;
	ipc_lock_take();
	if (port->ip_active && port->ip_kotype == IKOT_DEVICE) {
		device = port->ip_kobject;
		device->ref_count++;
	}
	ipc_lock_release();
	return device;
}

void
device_reference(device_t device)
{
	ipc_lock_take();
	device->ref_count++;
	ipc_lock_release();
}

void
device_deallocate(device_t device)
{
	if (device == DEVICE_NULL)
		return;
	ipc_lock_take();
	assert(device->ref_count > 0);
	device->ref_count--;
	ipc_lock_release();
}

ipc_port_t
convert_device_to_port(device_t device)
{
	ipc_port_t port = IP_NULL;

	if (device == DEVICE_NULL)
		return IP_NULL;
	ipc_lock_take();
	if (device->port != IP_NULL)
		port = ipc_port_make_send(device->port);
	assert(device->ref_count > 0);
	device->ref_count--;
	ipc_lock_release();
	return port;
}

/*
 * ds_device_port: makes device's port at its first open.
 * Locks: none.  Does not block, so on our uniprocessor without kernel
 * preemption no other open can run between the test and the store.
 * Returns: D_SUCCESS, or D_NO_MEMORY.
 */
static kern_return_t
ds_device_port(device_t device)
{
	ipc_port_t port;

	if (device->port != IP_NULL)
		return D_SUCCESS;
	port = ipc_port_alloc_kernel(IKOT_DEVICE, device);
	if (port == IP_NULL)
		return D_NO_MEMORY;
	ipc_lock_take();
	device->port = port;
	ipc_lock_release();
	return D_SUCCESS;
}

/*
 * ds_device_open: opens the device called name; *devicep gets it with a
 * reference, which MIG's convert_device_to_port() turns into a send right.
 * Returns: D_SUCCESS; D_INVALID_OPERATION if master_port is not the device
 * master port (GNU Mach's answer); D_NO_SUCH_DEVICE; D_NO_MEMORY.
 */
kern_return_t
ds_device_open(ipc_port_t master_port, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode,
    const_dev_name_t name, device_t *devicep)
{
	device_t device;
	kern_return_t kr;

	(void)reply_port;
	(void)reply_port_type;
	(void)mode;
	if (master_port != master_device_port)
		return D_INVALID_OPERATION;
	device = ds_device_lookup(name);	/* MIG ended name with NUL */
	if (device == DEVICE_NULL)
		return D_NO_SUCH_DEVICE;
	kr = ds_device_port(device);
	if (kr != D_SUCCESS)
		return kr;
	device->open_count++;
	device_reference(device);
	*devicep = device;
	return D_SUCCESS;
}

kern_return_t
ds_device_open_new(ipc_port_t master_port, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode,
    const_dev_name_t name, device_t *devicep)
{
	return ds_device_open(master_port, reply_port, reply_port_type, mode,
	    name, devicep);
}

/*
 * ds_device_close: one open fewer.  The port stays (other holders of a
 * send right may still use the device, as on GNU Mach until the last
 * close).  Returns: D_SUCCESS; D_NO_SUCH_DEVICE for a port that is not a
 * device.
 */
kern_return_t
ds_device_close(device_t device)
{
	if (device == DEVICE_NULL)
		return D_NO_SUCH_DEVICE;
	if (device->open_count > 0)
		device->open_count--;
	return D_SUCCESS;
}

static kern_return_t
ds_write(device_t device, const char *data, size_t len, int *bytes_written)
{
	size_t written = 0;
	kern_return_t kr;

	if (device == DEVICE_NULL)
		return D_NO_SUCH_DEVICE;
	if (device->ops->write == NULL)
		return D_INVALID_OPERATION;
	kr = device->ops->write(device, data, len, &written);
	if (kr == D_SUCCESS)
		*bytes_written = (int)written;
	return kr;
}

/*
 * ds_device_write: writes out-of-line data (a vm_map_copy_t in the kernel
 * form of the message).  At most DS_WRITE_MAX_BYTES are written per call
 * (*bytes_written says how many, as a partial write may).
 * Returns: D_SUCCESS, and the copy is consumed; D_NO_SUCH_DEVICE;
 * D_INVALID_OPERATION; D_NO_MEMORY; D_INVALID_SIZE if the copy is shorter
 * than data_count.  On an error the request (and the copy) is destroyed
 * by ipc_kobject_server().
 */
kern_return_t
ds_device_write(device_t device, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode, recnum_t recnum,
    io_buf_ptr_t data, mach_msg_type_number_t data_count, int *bytes_written)
{
	vm_map_copy_t copy = (vm_map_copy_t)data;
	size_t len = data_count;
	char *buf;
	kern_return_t kr;

	(void)reply_port;
	(void)reply_port_type;
	(void)mode;
	(void)recnum;
	if (device == DEVICE_NULL)
		return D_NO_SUCH_DEVICE;
	if (device->ops->write == NULL)
		return D_INVALID_OPERATION;
	if (copy == VM_MAP_COPY_NULL || len == 0) {
		*bytes_written = 0;
		if (copy != VM_MAP_COPY_NULL)
			vm_map_copy_discard(copy);
		return D_SUCCESS;
	}
	if (vm_map_copy_size(copy) < len)
		return D_INVALID_SIZE;
	if (len > DS_WRITE_MAX_BYTES)
		len = DS_WRITE_MAX_BYTES;
	buf = kalloc(len);
	if (buf == NULL)
		return D_NO_MEMORY;
	if (vm_map_copy_read(copy, buf, len) != KERN_SUCCESS)
		kr = D_INVALID_SIZE;
	else
		kr = ds_write(device, buf, len, bytes_written);
	kfree(buf, len);
	if (kr == D_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

/* ds_device_write_inband: the same for at most IO_INBAND_MAX inline bytes. */
kern_return_t
ds_device_write_inband(device_t device, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode, recnum_t recnum,
    const io_buf_ptr_inband_t data, mach_msg_type_number_t data_count,
    int *bytes_written)
{
	(void)reply_port;
	(void)reply_port_type;
	(void)mode;
	(void)recnum;
	if (data_count > IO_INBAND_MAX)
		return D_INVALID_SIZE;	/* MIG checked it already */
	return ds_write(device, data, data_count, bytes_written);
}

static kern_return_t
ds_read(device_t device, char *data, size_t len, int mode, size_t *got)
{
	if (device == DEVICE_NULL)
		return D_NO_SUCH_DEVICE;
	if (device->ops->read == NULL)
		return D_INVALID_OPERATION;
	if (len > IO_INBAND_MAX)
		len = IO_INBAND_MAX;	/* ds_device_read's buffer */
	return device->ops->read(device, data, len, mode, got);
}

/*
 * ds_device_read: reads at most bytes_wanted bytes into fresh out-of-line
 * memory.  The console gives no bytes (device/console.c); a driver that
 * does gets them sent as a vm_map_copy_t of a kernel buffer.
 * Returns: D_SUCCESS; D_WOULD_BLOCK (D_NOWAIT and no input);
 * D_NO_SUCH_DEVICE; D_INVALID_OPERATION; D_INVALID_SIZE (bytes_wanted < 0);
 * D_NO_MEMORY.
 */
kern_return_t
ds_device_read(device_t device, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode, recnum_t recnum,
    int bytes_wanted, io_buf_ptr_t *data, mach_msg_type_number_t *data_count)
{
	char buf[IO_INBAND_MAX];
	vm_map_copy_t copy = VM_MAP_COPY_NULL;
	size_t got = 0;
	kern_return_t kr;

	(void)reply_port;
	(void)reply_port_type;
	(void)recnum;
	if (bytes_wanted < 0)
		return D_INVALID_SIZE;
	kr = ds_read(device, buf, (size_t)bytes_wanted, (int)mode, &got);
	if (kr != D_SUCCESS)
		return kr;
	if (got > 0 &&
	    vm_map_copyin_kernel_buffer(buf, got, &copy) != KERN_SUCCESS)
		return D_NO_MEMORY;
	*data = (io_buf_ptr_t)copy;
	*data_count = (mach_msg_type_number_t)got;
	return D_SUCCESS;
}

kern_return_t
ds_device_read_inband(device_t device, ipc_port_t reply_port,
    mach_msg_type_name_t reply_port_type, dev_mode_t mode, recnum_t recnum,
    int bytes_wanted, io_buf_ptr_inband_t data,
    mach_msg_type_number_t *data_count)
{
	size_t got = 0;
	kern_return_t kr;

	(void)reply_port;
	(void)reply_port_type;
	(void)recnum;
	if (bytes_wanted < 0)
		return D_INVALID_SIZE;
	kr = ds_read(device, data, (size_t)bytes_wanted, (int)mode, &got);
	if (kr == D_SUCCESS)
		*data_count = (mach_msg_type_number_t)got;
	return kr;
}

/*
 * The operations no device here has.  Each answers D_NO_SUCH_DEVICE for a
 * port that is not a device, D_INVALID_OPERATION otherwise.
 */
static kern_return_t
ds_no_operation(device_t device)
{
	return device == DEVICE_NULL ? D_NO_SUCH_DEVICE : D_INVALID_OPERATION;
}

kern_return_t
ds_device_map(device_t device, vm_prot_t prot, vm_offset_t offset,
    vm_size_t size, ipc_port_t *pager, int unmap)
{
	(void)prot;
	(void)offset;
	(void)size;
	(void)pager;
	(void)unmap;
	return ds_no_operation(device);
}

kern_return_t
ds_device_set_status(device_t device, dev_flavor_t flavor,
    const dev_status_t status, mach_msg_type_number_t status_count)
{
	(void)flavor;
	(void)status;
	(void)status_count;
	return ds_no_operation(device);
}

kern_return_t
ds_device_get_status(device_t device, dev_flavor_t flavor,
    dev_status_t status, mach_msg_type_number_t *status_count)
{
	(void)flavor;
	(void)status;
	(void)status_count;
	return ds_no_operation(device);
}

/*
 * ds_device_set_filter: on success GNU Mach keeps receive_port (a send
 * right); we never succeed, so ipc_kobject_server() releases it.
 */
kern_return_t
ds_device_set_filter(device_t device, ipc_port_t receive_port, int priority,
    const filter_array_t filter, mach_msg_type_number_t filter_count)
{
	(void)receive_port;
	(void)priority;
	(void)filter;
	(void)filter_count;
	return ds_no_operation(device);
}

kern_return_t
ds_device_intr_register(device_t device, int id, int flags,
    ipc_port_t receive_port)
{
	(void)id;
	(void)flags;
	(void)receive_port;
	return ds_no_operation(device);
}

kern_return_t
ds_device_intr_ack(device_t device, ipc_port_t receive_port)
{
	(void)receive_port;
	return ds_no_operation(device);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device/console.c: the console device.
 *
 * Output is the kernel console's (x86_64/console.c: serial COM1, what the
 * test harness reads), byte for byte: a program's device_write and the
 * kernel's printf share the line, as on GNU Mach.
 *
 * Input: the console driver has no receive path yet, so a read never
 * finds a byte.  With D_NOWAIT it answers D_WOULD_BLOCK; without, it
 * reports end of input (0 bytes) rather than sleeping forever: no test
 * waits for console input, and a reader that loops on 0 bytes is easier
 * to see than one that hangs.  Locking: none (one processor, no kernel
 * preemption: one write's bytes stay together).
 */
#include <device/console.h>
#include <device/device_types.h>
#include <x86_64/console.h>

static kern_return_t
console_device_write(struct device *dev, const char *data, size_t len,
    size_t *written)
{
	(void)dev;
	console_write(data, len);
	*written = len;
	return D_SUCCESS;
}

static kern_return_t
console_device_read(struct device *dev, char *data, size_t len, int mode,
    size_t *read)
{
	(void)dev;
	(void)data;
	(void)len;
	*read = 0;
	if (mode & D_NOWAIT)
		return D_WOULD_BLOCK;
	return D_SUCCESS;
}

static const struct device_ops console_device_ops = {
	.write = console_device_write,
	.read = console_device_read,
};

struct device console_device = {
	.name = "console",
	.ops = &console_device_ops,
};

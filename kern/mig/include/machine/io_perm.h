/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/include/machine/io_perm.h: I/O port permissions
 * (mach_i386.defs, io_perm_t), which ClusterMach does not give to user
 * tasks.  No port denotes an io_perm, so every conversion gives NULL and
 * i386_io_perm_create / _modify stay unimplemented
 * (design/13-kernel-objects.md).  GNU Mach: i386/i386/io_perm.h.
 */
#ifndef _KERN_MIG_MACHINE_IO_PERM_H_
#define _KERN_MIG_MACHINE_IO_PERM_H_

#include <ipc/ipc_types.h>

/* An x86 I/O port number (GNU Mach: i386/i386/io_perm.h). */
typedef unsigned short	io_port_t;

struct io_perm;
typedef struct io_perm *io_perm_t;
#define IO_PERM_NULL	((io_perm_t)0)

static inline io_perm_t
convert_port_to_io_perm(ipc_port_t port)
{
	(void)port;
	return IO_PERM_NULL;
}

static inline ipc_port_t
convert_io_perm_to_port(io_perm_t io_perm)
{
	(void)io_perm;
	return IP_NULL;
}

static inline void
io_perm_deallocate(io_perm_t io_perm)
{
	(void)io_perm;
}

#endif /* _KERN_MIG_MACHINE_IO_PERM_H_ */

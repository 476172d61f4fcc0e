/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_kobject.h: GNU Mach's path for the kernel-object interface,
 * which mach_types.defs imports first into every generated server stub
 * and server header.  Ours is ipc/ipc_kobject.h; the rest of what the
 * stubs need from the kernel is kern/mig/mig_kernel.h.
 */
#ifndef _KERN_IPC_KOBJECT_H_
#define _KERN_IPC_KOBJECT_H_

#include <ipc/ipc_kobject.h>
#include <kern/mig/mig_kernel.h>

#endif /* _KERN_IPC_KOBJECT_H_ */

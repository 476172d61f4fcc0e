/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/include/mach/mig_support.h: what MIG's kernel stubs expect
 * beside the .defs' imports.  Only the kernel sees this folder
 * (kern/mig/Makefrag.am); user programs have their own
 * user/include/mach/mig_support.h.
 *
 * The generated server (kern/mig/X_server.c, build tree) includes this
 * before the routines.  It defines MIG_EOPNOTSUPP, which makes MIG emit a
 * weak default for every routine: a routine nobody implements answers
 * KERN_FAILURE and prints its name once (kern/mig/mig_kernel.c); the
 * kernel's real routine, a strong symbol, replaces the default at link
 * time.  design/13-kernel-objects.md, "Routines not implemented".
 */
#ifndef _KERN_MIG_MACH_MIG_SUPPORT_H_
#define _KERN_MIG_MACH_MIG_SUPPORT_H_

#include <kern/mig/mig_kernel.h>
#include <ipc/ipc_kmsg_kernel.h>

/* The weak defaults' body: { return MIG_EOPNOTSUPP; } in the routine. */
#define MIG_EOPNOTSUPP	(mig_unimplemented(__func__), KERN_FAILURE)

/*
 * After a successful call, a stub releases the send right of an argument
 * it converted (vm_wire's task, vm_map's memory object, ...) without
 * ipc_lock, which GNU Mach's ipc_port_release_send() takes for itself.
 * Ours wants ipc_lock held; the stubs run without it
 * (ipc/ipc_kobject.c), so they call the form that takes it.  This file
 * comes before <ipc/ipc_port.h> in every generated stub, so the
 * declaration there is renamed alike (an identical redeclaration).
 */
#define ipc_port_release_send	ipc_port_release_send_unlocked

#endif /* _KERN_MIG_MACH_MIG_SUPPORT_H_ */

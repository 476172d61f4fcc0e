/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/mig_kernel.h: the kernel's support for MIG's generated stubs
 * (kern/mig/X_server.c and exc_user.c, made at build time by
 * kern/mig/Makefrag.am).
 *
 *   - the weak defaults of routines nobody implements report themselves
 *     with mig_unimplemented() (through MIG_EOPNOTSUPP, see
 *     kern/mig/include/mach/mig_support.h);
 *   - null_conversion, the identity translation of the .defs;
 *   - declarations of translations whose owners have not written them
 *     yet; kern/mig/mig_kernel.c gives them weak fallbacks.
 *
 * Design: design/13-kernel-objects.md.
 */
#ifndef _KERN_MIG_MIG_KERNEL_H_
#define _KERN_MIG_MIG_KERNEL_H_

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <ipc/ipc_types.h>

/*
 * Reports a call of a routine that has no kernel implementation: prints
 * "mig: <name> is not implemented" the first time per name.
 * Locks: none.  Never blocks.
 */
void		mig_unimplemented(const char *routine_name);
/* Calls of unimplemented routines so far (kern/mig/ktest_mig.c). */
extern uint64_t	mig_unimplemented_calls;

/*
 * The .defs' translations of integers (mach/machine/vm_types.h maps
 * convert_vm_from_user & co. to null_conversion for a 64-bit kernel with
 * 64-bit tasks) and of memory_object_t (the port itself): no change.
 */
#define null_conversion(value)	(value)

/*
 * memory_object_control_t / memory_object_name_t (mach_types.defs).  The
 * VM owns them (issue 5); until it has pager-backed objects no port
 * names a vm_object, and the weak fallbacks answer VM_OBJECT_NULL.  The
 * lookup returns a reference, which vm_object_deallocate() drops.
 */
struct vm_object;
struct vm_object *vm_object_lookup(ipc_port_t port);
struct vm_object *vm_object_lookup_name(ipc_port_t port);

/* emulation_vector_t: the kernel's view (mach_types.h gives only user's). */
typedef vm_offset_t	*emulation_vector_t;

#endif /* _KERN_MIG_MIG_KERNEL_H_ */

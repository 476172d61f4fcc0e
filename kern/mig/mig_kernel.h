/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/mig_kernel.h: the kernel's support for MIG's generated stubs
 * (kern/mig/X_server.c, made at build time by kern/mig/Makefrag.am),
 * included through kern/ipc_kobject.h, which every stub and server
 * header includes first among the kernel's headers.
 *
 *   - the weak defaults of routines nobody implements report themselves
 *     with mig_unimplemented() (through MIG_EOPNOTSUPP, see
 *     kern/mig/include/mach/mig_support.h);
 *   - null_conversion, the identity translation of the .defs;
 *   - the kernel's array types MIG's prototypes use;
 *   - declarations of translations whose owners have not written them
 *     yet; kern/mig/mig_kernel.c gives them weak fallbacks.
 *
 * Design: design/13-kernel-objects.md.
 */
#ifndef _KERN_MIG_MIG_KERNEL_H_
#define _KERN_MIG_MIG_KERNEL_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/cpu.h>		/* NCPUS, before <mach/machine.h> */
#include <kern/string.h>	/* strlen, in the stubs of strings */
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

/*
 * The kernel's array types of mach_types.defs, which <mach/mach_types.h>
 * gives only to user programs (GNU Mach: kern/task.h, kern/thread.h);
 * repeating an identical typedef is allowed, so their owners may add
 * them too.
 */
typedef vm_offset_t	*emulation_vector_t;
typedef struct task	**task_array_t;
typedef struct thread	**thread_array_t;

/*
 * True if moving the receive right port into a message bound for dest
 * would make port reachable only through itself (GNU Mach's
 * ipc_port_check_circularity, used by mach_port_extract_right's stub to
 * mark the reply MACH_MSGH_BITS_CIRCULAR).  The IPC core owns it
 * (ipc/ipc_port.c, P6).  Locks: none.
 */
bool		ipc_port_check_circularity(ipc_port_t port,
		    ipc_port_t dest);

#endif /* _KERN_MIG_MIG_KERNEL_H_ */

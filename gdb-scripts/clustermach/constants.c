/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gdb-scripts/clustermach/constants.c: the C side of the GDB package's
 * generated constants.py (build tree, never committed).
 *
 * GDB cannot read macros from the debug information, so the values the
 * package needs are taken here from the very headers the kernel is built
 * with: compiled with the kernel's flags (gdb-scripts/Makefrag.am), each
 * CM_GDB_VALUE leaves a line "value NAME NUMBER" in the section
 * .cm_gdb_constants of the object, the compiler having evaluated the C
 * expression (casts, macros of macros); scripts/gen-gdb-constants.sh
 * turns the lines into Python.  Nothing here is linked into the kernel.
 *
 * How commands spell these values (RUN, SEND, "share") is not C's and
 * stays in gdb-scripts/clustermach/words.py.  Learned from Linux's
 * scripts/gdb/linux/constants.py.in and its asm-offsets (read only).
 */
#include <ipc/ipc_port.h>
#include <kern/cpu.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/vm_inherit.h>
#include <mach/vm_param.h>
#include <mach/vm_prot.h>

/* kind: value (NAME = NUMBER), kern_return (a KERN_* name), counter. */
#define CM_GDB_LINE(kind, name, number)					\
	__asm__ volatile(".pushsection .cm_gdb_constants,\"\",@progbits\n" \
	    ".ascii \"" kind " " name " %0\\n\"\n.popsection"		\
	    : : "i" ((long)(number)))

#define CM_GDB_VALUE(name)		CM_GDB_LINE("value", #name, name)
#define CM_GDB_KERN_RETURN(name)	CM_GDB_LINE("kern_return", #name, name)

void cm_gdb_constants(void);

void
cm_gdb_constants(void)
{
	/* Thread state bits, kern/thread.h. */
	CM_GDB_VALUE(TH_WAIT);
	CM_GDB_VALUE(TH_SUSP);
	CM_GDB_VALUE(TH_RUN);
	CM_GDB_VALUE(TH_UNINT);
	CM_GDB_VALUE(TH_HALTED);
	CM_GDB_VALUE(TH_IDLE);
	CM_GDB_VALUE(NCPUS);

	/* Entry types (ie_type), mach/port.h. */
	CM_GDB_VALUE(MACH_PORT_TYPE_SEND);
	CM_GDB_VALUE(MACH_PORT_TYPE_RECEIVE);
	CM_GDB_VALUE(MACH_PORT_TYPE_SEND_ONCE);
	CM_GDB_VALUE(MACH_PORT_TYPE_PORT_SET);
	CM_GDB_VALUE(MACH_PORT_TYPE_DEAD_NAME);
	CM_GDB_VALUE(MACH_PORT_TYPE_DNREQUEST);

	/* Kernel object types (ip_kotype), ipc/ipc_port.h. */
	CM_GDB_VALUE(IKOT_NONE);
	CM_GDB_VALUE(IKOT_TASK);
	CM_GDB_VALUE(IKOT_THREAD);
	CM_GDB_VALUE(IKOT_HOST);
	CM_GDB_VALUE(IKOT_HOST_PRIV);
	CM_GDB_VALUE(IKOT_DEVICE);
	CM_GDB_VALUE(IKOT_MASTER_DEVICE);
	CM_GDB_VALUE(IKOT_PSET);
	CM_GDB_VALUE(IKOT_PSET_NAME);
	CM_GDB_VALUE(IKOT_PAGER);
	CM_GDB_VALUE(IKOT_PAGING_NAME);

	/* Kernel-form message rights and header bits, mach/message.h. */
	CM_GDB_VALUE(MACH_MSG_TYPE_PORT_RECEIVE);
	CM_GDB_VALUE(MACH_MSG_TYPE_PORT_SEND);
	CM_GDB_VALUE(MACH_MSG_TYPE_PORT_SEND_ONCE);
	CM_GDB_VALUE(MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CM_GDB_VALUE(MACH_MSGH_BITS_REMOTE_MASK);
	CM_GDB_VALUE(MACH_MSGH_BITS_LOCAL_MASK);
	CM_GDB_VALUE(MACH_MSGH_BITS_COMPLEX);
	/* Bits of a pointer: IP_DEAD is ((ipc_port_t)-1). */
	CM_GDB_LINE("value", "POINTER_BITS", sizeof(void *) * 8);

	/* Protections, inheritance, pages: mach/vm_*.h. */
	CM_GDB_VALUE(VM_PROT_READ);
	CM_GDB_VALUE(VM_PROT_WRITE);
	CM_GDB_VALUE(VM_PROT_EXECUTE);
	CM_GDB_VALUE(VM_INHERIT_SHARE);
	CM_GDB_VALUE(VM_INHERIT_COPY);
	CM_GDB_VALUE(VM_INHERIT_NONE);
	CM_GDB_VALUE(PAGE_SIZE);

	/* The kern_return_t values a fault or a copy may hold. */
	CM_GDB_KERN_RETURN(KERN_SUCCESS);
	CM_GDB_KERN_RETURN(KERN_INVALID_ADDRESS);
	CM_GDB_KERN_RETURN(KERN_PROTECTION_FAILURE);
	CM_GDB_KERN_RETURN(KERN_NO_SPACE);
	CM_GDB_KERN_RETURN(KERN_INVALID_ARGUMENT);
	CM_GDB_KERN_RETURN(KERN_FAILURE);
	CM_GDB_KERN_RETURN(KERN_RESOURCE_SHORTAGE);
	CM_GDB_KERN_RETURN(KERN_MEMORY_FAILURE);
	CM_GDB_KERN_RETURN(KERN_MEMORY_ERROR);
	CM_GDB_KERN_RETURN(KERN_ABORTED);
	CM_GDB_KERN_RETURN(KERN_MEMORY_PRESENT);

	/* The VM counters, in vm/vm_stats.def's order. */
#define VM_STAT(name, comment)	CM_GDB_LINE("counter", #name, 0);
#include <vm/vm_stats.def>
#undef VM_STAT
}

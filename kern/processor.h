/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/processor.h: processors and processor sets as MIG sees them
 * (mach_types.defs imports this for processor_t and processor_set_t).
 *
 * ClusterMach runs on one processor in one implicit set and gives neither
 * a port yet: every conversion answers NULL, so the processor and
 * processor-set routines of mach_host.defs answer KERN_INVALID_ARGUMENT
 * or stay unimplemented (design/13-kernel-objects.md).  GNU Mach:
 * kern/processor.h (struct processor, struct processor_set, pset_sys).
 */
#ifndef _KERN_PROCESSOR_H_
#define _KERN_PROCESSOR_H_

#include <kern/cpu.h>		/* NCPUS, before <mach/machine.h> */
#include <mach/mach_types.h>
#include <ipc/ipc_types.h>

#define PROCESSOR_NULL		((processor_t)0)
#define PROCESSOR_SET_NULL	((processor_set_t)0)

/* The kernel's arrays (out-of-line arrays of port rights in replies). */
typedef processor_t		*processor_array_t;
typedef processor_set_t		processor_set_name_t;
typedef processor_set_t		*processor_set_array_t;
typedef processor_set_t		*processor_set_name_array_t;

/* Conversions (mach_types.defs).  Locks: none. */
processor_t	convert_port_to_processor(ipc_port_t port);
ipc_port_t	convert_processor_to_port(processor_t processor);
processor_set_t	convert_port_to_pset(ipc_port_t port);
processor_set_t	convert_port_to_pset_name(ipc_port_t port);
ipc_port_t	convert_pset_to_port(processor_set_t pset);
ipc_port_t	convert_pset_name_to_port(processor_set_t pset);
void		pset_deallocate(processor_set_t pset);

#endif /* _KERN_PROCESSOR_H_ */

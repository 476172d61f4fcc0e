/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_port.h: the kernel routines of mach_port.defs (their MIG
 * server prototypes), for the fast traps and kernel callers.
 */
#ifndef _IPC_MACH_PORT_H_
#define _IPC_MACH_PORT_H_

#include <ipc/ipc_types.h>
#include <mach/kern_return.h>

kern_return_t	mach_port_allocate(ipc_space_t space, mach_port_right_t right,
		    mach_port_name_t *namep);
kern_return_t	mach_port_allocate_name(ipc_space_t space,
		    mach_port_right_t right, mach_port_name_t name);
kern_return_t	mach_port_destroy(ipc_space_t space, mach_port_name_t name);
kern_return_t	mach_port_deallocate(ipc_space_t space,
		    mach_port_name_t name);
kern_return_t	mach_port_insert_right(ipc_space_t space,
		    mach_port_name_t name, ipc_port_t port,
		    mach_msg_type_name_t type);
kern_return_t	mach_port_type(ipc_space_t space, mach_port_name_t name,
		    mach_port_type_t *typep);
kern_return_t	mach_port_mod_refs(ipc_space_t space, mach_port_name_t name,
		    mach_port_right_t right, mach_port_delta_t delta);
kern_return_t	mach_port_get_refs(ipc_space_t space, mach_port_name_t name,
		    mach_port_right_t right, mach_port_urefs_t *refsp);

#endif /* _IPC_MACH_PORT_H_ */

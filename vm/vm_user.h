/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_user.h: the vm_* routines of mach.defs as plain C functions with
 * GNU Mach's signatures (the MIG server stubs call them).
 *
 * Out-of-line data: as in GNU Mach, a `pointer_t' argument or result in
 * the kernel is a vm_map_copy_t cast to pointer_t (vm_read returns one,
 * vm_write takes one and consumes it on success only; on failure the
 * request message, which still holds it, discards it).
 *
 * Host port arguments: GNU Mach passes the port and converts it inside;
 * here the MIG routine converts it and passes what it found, so that
 * this file does not depend on ipc/.  Design: design/05-vm-lite.md.
 */
#ifndef _VM_VM_USER_H_
#define _VM_VM_USER_H_

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/std_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>
#include <mach/vm_wire.h>
#include <ipc/ipc_types.h>
#include <vm/vm_map.h>

/* What a host port argument denotes (KERN_INVALID_HOST if NONE). */
typedef enum {
	VM_HOST_NONE,		/* not a valid host port */
	VM_HOST_PLAIN,		/* the host name port */
	VM_HOST_PRIV,		/* the host privileged port */
} vm_host_access_t;

/* Above this many wired bytes, vm_wire wants the privileged port. */
#define VM_WIRE_UNPRIV_MAX	(8UL << 20)

kern_return_t	vm_allocate(vm_map_t map, vm_offset_t *addr, vm_size_t size,
		    boolean_t anywhere);
kern_return_t	vm_deallocate(vm_map_t map, vm_offset_t start,
		    vm_size_t size);
kern_return_t	vm_map(vm_map_t map, vm_offset_t *address, vm_size_t size,
		    vm_offset_t mask, boolean_t anywhere,
		    ipc_port_t memory_object, vm_offset_t offset,
		    boolean_t copy, vm_prot_t cur_protection,
		    vm_prot_t max_protection, vm_inherit_t inheritance);
kern_return_t	vm_protect(vm_map_t map, vm_offset_t start, vm_size_t size,
		    boolean_t set_maximum, vm_prot_t new_protection);
kern_return_t	vm_inherit(vm_map_t map, vm_offset_t start, vm_size_t size,
		    vm_inherit_t new_inheritance);
kern_return_t	vm_statistics(vm_map_t map, vm_statistics_data_t *stat);
kern_return_t	vm_read(vm_map_t map, vm_address_t address, vm_size_t size,
		    pointer_t *data, mach_msg_type_number_t *data_size);
kern_return_t	vm_write(vm_map_t map, vm_address_t address, pointer_t data,
		    mach_msg_type_number_t size);
kern_return_t	vm_copy(vm_map_t map, vm_address_t source_address,
		    vm_size_t size, vm_address_t dest_address);
kern_return_t	vm_region(vm_map_t map, vm_offset_t *address,
		    vm_size_t *size, vm_prot_t *protection,
		    vm_prot_t *max_protection, vm_inherit_t *inheritance,
		    boolean_t *is_shared, ipc_port_t *object_name,
		    vm_offset_t *offset);
kern_return_t	vm_wire_access(vm_host_access_t host, vm_map_t map,
		    vm_offset_t start, vm_size_t size, vm_prot_t access);
kern_return_t	vm_wire_all_access(vm_host_access_t host, vm_map_t map,
		    vm_wire_t flags);
kern_return_t	vm_set_size_limit_access(vm_host_access_t host,
		    vm_map_t map, vm_size_t current_limit,
		    vm_size_t max_limit);
kern_return_t	vm_get_size_limit(vm_map_t map, vm_size_t *current_limit,
		    vm_size_t *max_limit);

#endif /* _VM_VM_USER_H_ */

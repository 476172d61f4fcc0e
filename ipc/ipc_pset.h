/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_pset.h: port sets.  A set has members (ports whose receive
 * rights are in the same space) and receivers (threads receiving on the
 * set); messages stay queued on the member ports.  A port is in at most
 * one set.  Locking: ipc_lock.
 */
#ifndef _IPC_IPC_PSET_H_
#define _IPC_IPC_PSET_H_

#include <ipc/ipc_port.h>

struct ipc_pset {
	bool			ips_active;
	ipc_space_t		ips_space;
	mach_port_name_t	ips_name;
	uint32_t		ips_references;	/* entry + waiting receivers */
	queue_head_t		ips_members;	/* ports, by ip_pset_links */
	struct ipc_mqueue	ips_mqueue;	/* receivers only */
};

void		ipc_pset_bootstrap(void);
/* Locks: ipc_lock held for all. */
ipc_pset_t	ipc_pset_alloc(ipc_space_t space, mach_port_name_t name);
void		ipc_pset_add(ipc_pset_t pset, ipc_port_t port);
void		ipc_pset_remove(ipc_pset_t pset, ipc_port_t port);
/* Removes every member, wakes receivers, drops the entry's reference. */
void		ipc_pset_destroy(ipc_pset_t pset);
void		ipc_pset_reference(ipc_pset_t pset);
void		ipc_pset_release(ipc_pset_t pset);
/* The first member with a queued message, or IP_NULL. */
ipc_port_t	ipc_pset_first_ready(ipc_pset_t pset);

extern uint64_t ipc_psets_live;

#endif /* _IPC_IPC_PSET_H_ */

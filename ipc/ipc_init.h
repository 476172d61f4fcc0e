/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_init.h: bringing IPC up at boot (after the allocators, before
 * the first task).
 */
#ifndef _IPC_IPC_INIT_H_
#define _IPC_IPC_INIT_H_

#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_pset.h>
#include <ipc/ipc_space.h>

static inline void
ipc_bootstrap(void)
{
	ipc_space_bootstrap();
	ipc_port_bootstrap();
	ipc_pset_bootstrap();
	ipc_kmsg_bootstrap();
}

#endif /* _IPC_IPC_INIT_H_ */

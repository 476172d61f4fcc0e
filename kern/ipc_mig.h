/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_mig.h: what MIG's KernelUser stubs expect of the kernel (the
 * name GNU Mach gives this header): mach_msg_send_from_kernel().
 */
#ifndef _KERN_IPC_MIG_H_
#define _KERN_IPC_MIG_H_

#include <ipc/ipc_kmsg_kernel.h>

#endif /* _KERN_IPC_MIG_H_ */

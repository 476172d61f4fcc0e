/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_host.h: host, processor and processor-set ports (GNU Mach's
 * file name; mach_types.defs imports it).  The host's conversions are
 * in kern/host.h, the processors' in kern/processor.h.
 */
#ifndef _KERN_IPC_HOST_H_
#define _KERN_IPC_HOST_H_

#include <kern/host.h>
#include <kern/processor.h>

#endif /* _KERN_IPC_HOST_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/mach/mig_support.h: what MIG-generated stubs expect from
 * the runtime (user/lib/mig_support.c, user/lib/mach_msg.c).
 *
 * Every stub MIG writes includes <mach/mig_support.h>; gnumach-dev does
 * not ship one (glibc's lives in glibc), so this is ours, with the names
 * and meanings glibc's stubs and servers use:
 *
 *   mig_get_reply_port()      the calling thread's reply port, made on
 *                             first use; a user stub sends its request
 *                             with it and receives the reply on it.
 *   mig_dealloc_reply_port(p) the reply port may hold a stale reply (the
 *                             RPC was interrupted or failed): destroy it,
 *                             the next mig_get_reply_port() makes another.
 *   mig_put_reply_port(p)     the RPC is over and p is clean: keep it.
 *   mig_allocate(addr, size)  / mig_deallocate(addr, size): memory for
 *                             out-of-line data a server stub returns
 *                             (vm_allocate / vm_deallocate of this task).
 *   mig_strncpy(dst, src, n)  copy at most n - 1 characters and a NUL;
 *                             returns the length copied (without NUL).
 *   mig_init(first)           resets the reply port bookkeeping; the
 *                             runtime calls it from cm_start().
 */
#ifndef _MACH_MIG_SUPPORT_H_
#define _MACH_MIG_SUPPORT_H_

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/std_types.h>
#include <stddef.h>
#include <string.h>

void
mig_init(void *first);

mach_port_t
mig_get_reply_port(void);

void
mig_dealloc_reply_port(mach_port_t reply_port);

void
mig_put_reply_port(mach_port_t reply_port);

void
mig_allocate(vm_address_t *addr, vm_size_t size);

void
mig_deallocate(vm_address_t addr, vm_size_t size);

vm_size_t
mig_strncpy(char *dst, const char *src, vm_size_t len);

/* Fills a reply header for request `in` (server side helper). */
void
mig_reply_setup(const mach_msg_header_t *in, mach_msg_header_t *out);

#endif /* _MACH_MIG_SUPPORT_H_ */

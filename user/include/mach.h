/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/mach.h: everything a GNU Mach program usually includes,
 * as the Hurd's <mach.h> gives it: the types, the trap prototypes, the
 * MIG user stubs generated from gnumach-dev's .defs (user/mig/ in the
 * build tree, see user/Makefrag.am), mach_msg() and the server loops.
 */
#ifndef _CMUSER_MACH_H_
#define _CMUSER_MACH_H_

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <mach/notify.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_host.h>
#include <mach/gnumach.h>
#include <mach/mach4.h>
#include <mach/mach_i386.h>
#include <device/device.h>
#include <mach_user_traps.h>

/*
 * Server loops (user/lib/msg_server.c), with glibc's semantics: receive
 * a request of at most max_size bytes on rcv_name, hand it to demux
 * (a MIG *_server function: returns FALSE for a message id it does not
 * know), send the reply (MACH_SEND_TIMEOUT 0: a client that stopped
 * listening does not block the server), destroy what was not used.
 * mach_msg_server returns only on a receive error; _once after one
 * request.
 */
typedef boolean_t (*cm_demux_t)(mach_msg_header_t *in,
    mach_msg_header_t *out);

mach_msg_return_t
mach_msg_server(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name);

mach_msg_return_t
mach_msg_server_once(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name);

mach_msg_return_t
mach_msg_server_timeout(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name, mach_msg_option_t option,
    mach_msg_timeout_t timeout);

/* Demux functions of the server stubs made from notify.defs (handlers
 * do_mach_notify_*) and exc.defs (handler catch_exception_raise). */
boolean_t
notify_server(mach_msg_header_t *in, mach_msg_header_t *out);

boolean_t
exc_server(mach_msg_header_t *in, mach_msg_header_t *out);

/* Destroys every right and out-of-line region a received message holds. */
void
mach_msg_destroy(mach_msg_header_t *msg);

/* GSYNC_* flags of gsync_wait/gsync_wake (gnumach.defs): GNU Mach's
 * kern/gsync.h values, which gnumach-dev does not export. */
#define GSYNC_SHARED	0x01
#define GSYNC_QUAD	0x02
#define GSYNC_TIMED	0x04
#define GSYNC_BROADCAST	0x08
#define GSYNC_MUTATE	0x10

/* host_reboot options: BSD's <sys/reboot.h> values, which GNU Mach's
 * kern/host.c reads and gnumach-dev does not export.  RB_HALT halts,
 * RB_DEBUGGER enters the kernel debugger (GNU Mach without a debugger:
 * panics); anything else reboots.  ClusterMach reads them as the end of
 * a test run: design/06-user-runtime.md, "Ending the machine". */
#define RB_AUTOBOOT	0x0000
#define RB_HALT		0x0008
#define RB_DEBUGGER	0x1000

#endif /* _CMUSER_MACH_H_ */

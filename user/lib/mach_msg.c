/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/mach_msg.c: mach_msg(), the C entry to mach_msg_trap (-25).
 *
 * The trap itself is a stub in traps.S.  mach_msg() adds what libmach
 * and glibc add: a send the kernel interrupted (MACH_SEND_INTERRUPTED,
 * nothing was sent) is tried again unless the caller asked to see
 * interruptions with MACH_SEND_INTERRUPT; a receive the kernel interrupted
 * (MACH_RCV_INTERRUPTED: thread_abort, a signal on the Hurd) is tried
 * again, receive only, unless the caller passed MACH_RCV_INTERRUPT.  The
 * two options are for the library: the kernel ignores them.
 */
#include <mach.h>

mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
    mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
    mach_port_name_t notify)
{
	mach_msg_return_t mr;

	do {
		mr = mach_msg_trap(msg, option, send_size, rcv_size,
		    rcv_name, timeout, notify);
	} while (mr == MACH_SEND_INTERRUPTED &&
	    (option & MACH_SEND_INTERRUPT) == 0);

	/* The send part, if any, is done: go on receiving only. */
	while (mr == MACH_RCV_INTERRUPTED &&
	    (option & MACH_RCV_INTERRUPT) == 0) {
		mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0,
		    rcv_size, rcv_name, timeout, notify);
	}
	return mr;
}

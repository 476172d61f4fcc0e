/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_msg.h: the mach_msg_trap and its counters.
 */
#ifndef _IPC_MACH_MSG_H_
#define _IPC_MACH_MSG_H_

#include <stdbool.h>
#include <stdint.h>
#include <ipc/ipc_types.h>
#include <x86_64/thread_state.h>

/* The trap (-25); returns %rax or resumes in a continuation. */
uint64_t	mach_msg_trap_kernel(struct x86_64_saved_state *iss);

extern uint64_t mach_msg_sends;
extern uint64_t mach_msg_receives;
extern uint64_t mach_msg_fast_rpcs;	/* messages the fast path delivered */

/* Between ipc/mach_msg.c and ipc/mach_msg_fast.c. */
struct ipc_kmsg;

/*
 * The object a receive names: a receive right (not in a set) or a port
 * set.  MACH_RCV_INVALID_NAME or MACH_RCV_IN_SET otherwise.
 * Locks: ipc_lock held.
 */
mach_msg_return_t mach_msg_receive_object(ipc_space_t space,
		    mach_port_name_t name, void **object, bool *is_pset);
/* Where a receiver resumes: every waiting receiver blocked in it. */
void		mach_msg_receive_continue(void) __attribute__((noreturn));
/*
 * The RPC fast path (ipc/mach_msg_fast.c) for a combined send and
 * receive whose message ipc_kmsg_get() has read, with the receive's
 * arguments in saved.receive.  Returns, with the message untouched and
 * no lock held, when the message is not for it; otherwise the trap ends
 * there.
 */
void		mach_msg_fast_rpc(struct ipc_kmsg *kmsg);

#endif /* _IPC_MACH_MSG_H_ */

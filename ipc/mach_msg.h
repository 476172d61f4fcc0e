/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/mach_msg.h: the mach_msg_trap and its counters.
 */
#ifndef _IPC_MACH_MSG_H_
#define _IPC_MACH_MSG_H_

#include <stdint.h>
#include <x86_64/thread_state.h>

/* The trap (-25); returns %rax or resumes in a continuation. */
uint64_t	mach_msg_trap_kernel(struct x86_64_saved_state *iss);

extern uint64_t mach_msg_sends;
extern uint64_t mach_msg_receives;

#endif /* _IPC_MACH_MSG_H_ */

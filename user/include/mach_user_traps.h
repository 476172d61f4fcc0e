/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/mach_user_traps.h: user-side prototypes of GNU Mach's
 * x86_64 traps.
 *
 * gnumach-dev lists the trap numbers (mach/syscall_sw.h) but ships no C
 * prototypes for them, so this header declares the ones our runtime
 * implements (user/lib/traps.S), with GNU Mach's names and types.
 * Every trap here is an ordinary C function: arguments follow the System V
 * ABI and the stub moves them where the kernel wants them.
 *
 * Also declares clustermach_test_control(), our private trap -120
 * (include/clustermach/test_control.h); it does not exist on GNU Mach.
 */
#ifndef _MACH_USER_TRAPS_H_
#define _MACH_USER_TRAPS_H_

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/message.h>

/* -30: print a NUL-terminated string on the kernel console (GNU Mach:
 * only with MACH_KDB). */
void
mach_print(const char *s);

/* -26 .. -29: names for this task's standard ports; no new reference is
 * taken for the task, thread and host names beyond the first. */
mach_port_name_t
mach_reply_port(void);

mach_port_name_t
mach_thread_self(void);

mach_port_name_t
mach_task_self(void);

/*
 * The name the trap returns never changes (the kernel takes no new
 * reference after the first), so, as glibc's mach_init.h does with
 * __mach_task_self_, the start code (user/lib/cmstart.c) asks once and
 * every mach_task_self() call reads the variable: a load instead of a
 * trap of about 250 instructions.  The trap itself is still there, as
 * (mach_task_self)() or through a pointer to it.
 */
extern mach_port_name_t cm_task_self_name;
#define mach_task_self()	(cm_task_self_name + 0)

mach_port_name_t
mach_host_self(void);

/* -59 .. -61: give up the processor. */
boolean_t
swtch_pri(int priority);

boolean_t
swtch(void);

kern_return_t
thread_switch(mach_port_name_t thread_name, int option,
    mach_msg_timeout_t option_time);

/* -120: ClusterMach only; op and arg from <clustermach/test_control.h>. */
long
clustermach_test_control(int op, long arg);

#endif /* _MACH_USER_TRAPS_H_ */

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
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/mach_types.h>

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

/*
 * -64 .. -77: GNU Mach's fast traps, shortcuts for the RPCs of the same
 * name without the prefix (kern/ipc_mig.c there, kern/syscall_sw.c
 * here).  The first argument is a task (thread) name in the caller's
 * space; if it names none the answer is MACH_SEND_INTERRUPTED, meaning
 * "make the RPC instead".
 */
kern_return_t
syscall_vm_map(mach_port_t target_task, vm_address_t *address,
    vm_size_t size, vm_address_t mask, boolean_t anywhere,
    mach_port_t memory_object, vm_offset_t offset, boolean_t copy,
    vm_prot_t cur_protection, vm_prot_t max_protection,
    vm_inherit_t inheritance);

kern_return_t
syscall_vm_allocate(mach_port_t target_task, vm_address_t *address,
    vm_size_t size, boolean_t anywhere);

kern_return_t
syscall_vm_deallocate(mach_port_t target_task, vm_address_t address,
    vm_size_t size);

kern_return_t
syscall_task_create(mach_port_t parent_task, boolean_t inherit_memory,
    mach_port_t *child_task);

kern_return_t
syscall_task_terminate(mach_port_t task);

kern_return_t
syscall_task_suspend(mach_port_t task);

kern_return_t
syscall_task_set_special_port(mach_port_t task, int which_port,
    mach_port_t special_port);

kern_return_t
syscall_mach_port_allocate(mach_port_t task, mach_port_right_t right,
    mach_port_t *name);

kern_return_t
syscall_mach_port_deallocate(mach_port_t task, mach_port_t name);

kern_return_t
syscall_mach_port_insert_right(mach_port_t task, mach_port_t name,
    mach_port_t right, mach_msg_type_name_t right_type);

kern_return_t
syscall_mach_port_allocate_name(mach_port_t task, mach_port_right_t right,
    mach_port_t name);

kern_return_t
syscall_thread_depress_abort(mach_port_t thread);

/* -77: the calling thread's registers become *state; on success it
 * returns into them, not here. */
kern_return_t
thread_set_self_state(int flavor, natural_t *state,
    mach_msg_type_number_t count);

/* -120: ClusterMach only; op and arg from <clustermach/test_control.h>. */
long
clustermach_test_control(int op, long arg);

#endif /* _MACH_USER_TRAPS_H_ */

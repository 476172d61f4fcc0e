/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * include/clustermach/test_control.h: ClusterMach's private test trap.
 *
 * Shared by the kernel (kern/test_control.c) and user test programs.
 * Not part of GNU Mach: a test program that must also run on GNU Mach
 * ends with host_reboot() instead, once IPC exists (issue 4).
 *
 * Trap CLUSTERMACH_TEST_CONTROL_TRAP (-120, unused by GNU Mach), called
 * like every Mach trap on x86_64: number in %rax, op in %rdi, argument in
 * %rsi, `syscall`, result in %rax.
 *
 *   TEST_CONTROL_MACHINE_EXIT   arg 0: end the machine with success,
 *                               otherwise with failure.  Does not return.
 *   TEST_CONTROL_TASK_EXIT      end the calling task; arg is its status,
 *                               printed on the console.  Does not return.
 *   TEST_CONTROL_COUNTER        returns kernel counter number arg (below),
 *                               or -1 for an unknown number.
 *   TEST_CONTROL_TASK_COUNT     returns the number of live user tasks.
 *   TEST_CONTROL_REAP           gives cached kernel memory (empty slabs,
 *                               spare kernel stacks) back to the page
 *                               allocator, so free page counts compare;
 *                               returns the free page count after.
 *   TEST_CONTROL_SHADOW_DEPTH   returns how many objects lie below the
 *                               object mapped at address arg in the
 *                               calling task (its shadow chain,
 *                               vm/vm_object_collapse.c), or -1 if
 *                               nothing is mapped there.
 *   TEST_CONTROL_FAIL_RETURN_COPIES  makes the kernel's next arg copies
 *                               of a page for a memory_object_data_return
 *                               fail as if memory were short (the page
 *                               must then stay dirty and resident:
 *                               vm/memory_object.c, MO2); arg 0 clears
 *                               it.  Returns the failures still pending
 *                               before the call.
 *
 * Bad ops return KERN_INVALID_ARGUMENT (4).
 */
#ifndef _CLUSTERMACH_TEST_CONTROL_H_
#define _CLUSTERMACH_TEST_CONTROL_H_

#define CLUSTERMACH_TEST_CONTROL_TRAP	(-120)

#define TEST_CONTROL_MACHINE_EXIT	1
#define TEST_CONTROL_TASK_EXIT		2
#define TEST_CONTROL_COUNTER		3
#define TEST_CONTROL_TASK_COUNT		4
#define TEST_CONTROL_REAP		5
#define TEST_CONTROL_SHADOW_DEPTH	6
#define TEST_CONTROL_FAIL_RETURN_COPIES	7

/* Counter numbers for TEST_CONTROL_COUNTER. */
#define TEST_COUNTER_STACKS_IN_USE	0	/* kernel stacks allocated now */
#define TEST_COUNTER_STACKS_MAX		1	/* high-water mark of the above */
#define TEST_COUNTER_STACK_HANDOFFS	2	/* stack_handoff() calls */
#define TEST_COUNTER_CONTEXT_SWITCHES	3	/* switch_context() calls */
#define TEST_COUNTER_CONTINUATIONS	4	/* blocks with a continuation */
#define TEST_COUNTER_TIMER_TICKS	5	/* clock interrupts */
#define TEST_COUNTER_FREE_PAGES		6	/* vm_page free count */
#define TEST_COUNTER_PREEMPTIONS	7	/* reschedules on the way to user
						   mode (quantum over, or a more
						   urgent thread woke) */
#define TEST_COUNTER_KMEM_BYTES		8	/* kmem caches + kalloc in use
						   (not pv entries kept spare) */
#define TEST_COUNTER_PORTS		9	/* live ports */
#define TEST_COUNTER_KMSGS		10	/* messages in the kernel */
#define TEST_COUNTER_OOL_PAGES_MOVED	11	/* out-of-line pages remapped */
#define TEST_COUNTER_OOL_BYTES_COPIED	12	/* out-of-line bytes memcpy'd */
#define TEST_COUNTER_EXCEPTIONS		13	/* exception_raise sent */
#define TEST_COUNTER_COPIES		14	/* vm_map_copy objects alive */
#define TEST_COUNTER_MSG_FAST		15	/* messages the RPC fast path
						   delivered (ipc/mach_msg_fast.c) */
#define TEST_COUNTER_COUNT		16

#endif /* _CLUSTERMACH_TEST_CONTROL_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/cpu.h: per-CPU data.
 *
 * One struct cpu_data per processor.  ClusterMach runs on one CPU today;
 * every per-CPU value is reached through current_cpu() so that a second
 * CPU needs only a real cpu_number() (from %gs) and a larger array.
 * Fields are touched only by their own CPU, with interrupts off where an
 * interrupt handler also uses them.
 */
#ifndef _KERN_CPU_H_
#define _KERN_CPU_H_

#include <stdbool.h>
#include <stdint.h>

struct thread;

#define NCPUS	1

struct cpu_data {
	int		number;
	struct thread	*active_thread;		/* current_thread() */
	struct thread	*idle_thread;
	int		simple_locks_held;	/* check_simple_locks() */
	bool		need_ast;		/* reschedule before user return */
	/*
	 * Top of the active thread's kernel stack: where the entry code
	 * switches to after saving user state in the thread's pcb.
	 */
	uint64_t	kernel_stack_top;
	/* syscall entry: the user %rsp while the entry code runs. */
	uint64_t	syscall_user_rsp;
	/* Where the CPU pushes user state on a trap: pcb of the thread. */
	uint64_t	pcb_stack_top;
};

extern struct cpu_data cpu_data[NCPUS];

static inline int
cpu_number(void)
{
	return 0;
}

static inline struct cpu_data *
current_cpu(void)
{
	return &cpu_data[cpu_number()];
}

static inline struct thread *
current_thread(void)
{
	return current_cpu()->active_thread;
}

#endif /* _KERN_CPU_H_ */

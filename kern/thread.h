/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/thread.h: threads.
 *
 * A thread is a schedulable flow of control in a task (or in the kernel,
 * task == NULL).  Its fields are grouped below by what guards them, as
 * xv6's struct proc.  The scheduler's side (state, queues, priorities,
 * wait events, continuation) is guarded by sched_lock (kern/sched_prim.c)
 * taken at splsched.
 *
 * Kernel stack: kernel_stack is 0 while the thread is blocked with a
 * continuation (swap_func != NULL), before it first runs, and after it
 * halted; it is non-zero while the thread runs and while it is blocked
 * without a continuation.  Kept by thread_block() and stack_handoff(),
 * checked by gdb-scripts' cm-check-threads:
 *   T1. kernel_stack == 0 and not TH_HALTED  =>  swap_func is the
 *       continuation to resume in (the first one, for a new thread).
 *   T2. The running thread always has a kernel stack.
 *
 * `saved` is the per-thread scratch state of continuations (GNU Mach's
 * ith_other / saved.* role): the code that blocks with a continuation
 * fills its own member before thread_block(cont), the continuation reads
 * it, and nobody else touches it.  It is valid from the thread_block()
 * call until the continuation has read it; it never holds pointers into
 * a kernel stack.
 */
#ifndef _KERN_THREAD_H_
#define _KERN_THREAD_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/continuation.h>
#include <kern/queue.h>
#include <vm/vm_fault.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <x86_64/thread_state.h>

struct task;

/* Thread state bits, GNU Mach's meanings. */
#define TH_WAIT		0x01	/* waiting for an event */
#define TH_SUSP		0x02	/* stopped by thread/task suspend */
#define TH_RUN		0x04	/* running or on a run queue */
#define TH_UNINT	0x08	/* the wait may not be interrupted */
#define TH_HALTED	0x10	/* terminated; waiting for the reaper */
#define TH_IDLE		0x80	/* the idle thread */

/* wait_result values. */
#define THREAD_AWAKENED		0
#define THREAD_TIMED_OUT	1
#define THREAD_INTERRUPTED	2
#define THREAD_RESTART		3

typedef uintptr_t event_t;

/* Priorities: 0 is the most urgent (GNU Mach's order). */
#define NRQS			32
#define BASEPRI_KERNEL		4
#define BASEPRI_USER		12
#define THREAD_QUANTUM_TICKS	5	/* 50 ms at 100 Hz */

#define THREAD_NAME_MAX		24

/* Per-user scratch for continuations, see `saved` above. */
union thread_saved {
	struct {				/* kern/ktest_continuation.c */
		uint64_t	wakeups;
		uint64_t	cookie;
	} ktest;
	struct {				/* user trap continuations */
		uint64_t	result;
	} trap;
	struct {				/* vm/vm_fault.c */
		struct vm_fault_state	state;
		void	(*done)(kern_return_t result, vm_offset_t vaddr);
	} fault;
	struct {				/* kern/exception.c */
		int		exception;
		int		code;
		int64_t		subcode;
		int		level;		/* 0 thread, 1 task, 2 none */
		char		why[120];	/* console line if unhandled */
	} exception;
	struct {				/* ipc/mach_msg.c receive */
		uint64_t	msg_addr;	/* user buffer */
		uint32_t	option;
		uint32_t	rcv_size;
		uint32_t	rcv_name;
		uint32_t	notify;
	} receive;
};

/*
 * IPC state of a thread (ipc/), guarded by ipc_lock.  A thread waiting
 * to receive is on its message queue's receiver list; a sender may hand
 * it a message directly (ith_kmsg) and wake it.
 */
struct ipc_kmsg;
struct ipc_mqueue;
struct ipc_port;
struct thread_ipc_state {
	queue_chain_t		waitq_links;	/* on mqueue->receivers */
	struct ipc_mqueue	*mqueue;	/* where it waits, or NULL */
	void			*object;	/* port or set received on */
	bool			object_is_pset;
	struct ipc_kmsg		*kmsg;		/* handed over by a sender */
	bool			copied_out;	/* kmsg is in this space's names
						   (the RPC fast path) */
	int			state;		/* mach_msg_return_t for it */
	uint32_t		seqno;
	uint32_t		rcv_size;	/* for the too-large check */
	struct ipc_port		*self;		/* the thread's kernel port */
	struct ipc_port		*exception;	/* thread exception port */
	struct ipc_port		*reply;		/* kernel's reply port */
	uint64_t		fault_address;	/* of the user page fault */
};

struct pcb {
	struct x86_64_saved_state	iss;	/* user registers */
	struct x86_64_kernel_state	kss;	/* switch_context() */
};

struct thread {
	/* Guarded by sched_lock. */
	queue_chain_t		links;		/* run queue or wait bucket */
	int			state;		/* TH_* */
	event_t			wait_event;	/* valid with TH_WAIT */
	int			wait_result;	/* THREAD_* */
	int			sched_pri;	/* 0..NRQS-1 */
	int			priority;	/* base priority */
	int			quantum_ticks;	/* left before preemption */
	continuation_t		swap_func;	/* resume here, or NULL */
	vm_offset_t		kernel_stack;	/* bottom of stack, or 0 */
	uint32_t		suspend_count;	/* holds: thread/task_suspend */
	bool			halt_requested;	/* halt at the next boundary */
	uint64_t		timeout_tick;	/* wait ends at this tick, or 0 */
	queue_chain_t		timeout_links;	/* on the timeout list */

	/* Set at creation, read-only after. */
	struct pcb		*pcb;
	struct task		*task;		/* NULL for kernel threads */
	continuation_t		start;		/* first continuation */
	uint64_t		id;
	char			name[THREAD_NAME_MAX];

	/* Guarded by the task lock (task->threads). */
	queue_chain_t		task_threads;
	/* Guarded by threads_lock: every thread, for debuggers and tests. */
	queue_chain_t		all_threads;
	uint32_t		ref_count;	/* life + holders */
	/* Guarded by the reaper lock. */
	queue_chain_t		reaper_links;

	/* Owned by whoever blocks with a continuation. */
	union thread_saved	saved;

	struct thread_ipc_state	ith;
};

typedef struct thread *thread_t;
#define THREAD_NULL	((thread_t)0)

/* All threads not yet reaped (kern/thread.c; walked by gdb-scripts). */
extern queue_head_t	all_threads;

void		thread_bootstrap(void);
/*
 * Creates a thread that will start by calling `start` (a continuation)
 * on a fresh stack.  It is not runnable until thread_resume_initial().
 */
thread_t	thread_create_kernel(struct task *task, continuation_t start,
		    const char *name, int priority);
void		thread_resume_initial(thread_t thread);
/* Ends the current thread; never returns. */
void		thread_terminate_self(void) __attribute__((noreturn));
void		thread_reference(thread_t thread);
void		thread_deallocate(thread_t thread);
/* kern/thread_rpc.c (mach.defs), for kernel callers too. */
kern_return_t	thread_set_state(thread_t thread, int flavor,
		    natural_t *state, natural_t count);
kern_return_t	thread_depress_abort(thread_t thread);
/* Suspension and halting of another thread (kern/sched_prim.c). */
void		thread_hold(thread_t thread);
void		thread_release(thread_t thread);
void		thread_halt_request(thread_t thread);
/* Returns to user mode from the thread's pcb; never returns. */
void		thread_exception_return(void) __attribute__((noreturn));
/* First continuation of a user thread: enters user mode. */
void		thread_bootstrap_return(void) __attribute__((noreturn));

#endif /* _KERN_THREAD_H_ */

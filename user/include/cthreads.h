/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/include/cthreads.h: a minimal threads library over GNU Mach's
 * thread_create / thread_set_state / thread_resume (user/lib/cthreads.c).
 *
 *   cm_thread_create(fn, arg)   a new thread in this task runs fn(arg) on
 *                               a vm_allocate'd stack; NULL on failure.
 *   cm_thread_join(t)           waits until fn returned (or the thread
 *                               called cm_thread_exit), then frees it;
 *                               returns fn's value.
 *   cm_thread_exit(value)       ends the calling (created) thread.
 *   cm_thread_self()            the calling thread's descriptor; the
 *                               main thread has one too.
 *   cm_thread_data(t),          one pointer per thread for a library
 *   cm_thread_set_data(t, p)    above this one (Mach's cthread_data);
 *                               NULL at creation, never freed here.
 *                               One user: libpager's answer page.
 *   cm_spin_lock/unlock         a test-and-set lock that yields (swtch)
 *                               while it waits: no kernel support needed.
 *   cm_mutex_*                  the same, under the usual name.
 *
 * A thread is found from its stack pointer (the descriptor table lists
 * every stack this library made), so the library needs no TLS register
 * and no kernel support beyond the RPCs above.  Per-thread data kept
 * here: the MIG reply port (user/lib/mig_support.c).
 *
 * Join waits with gsync_wait on the thread's `done` word when the kernel
 * has gsync (gnumach.defs), else polls with swtch().
 */
#ifndef _CMUSER_CTHREADS_H_
#define _CMUSER_CTHREADS_H_

#include <mach.h>

/* Stack of each created thread; one guard page below it stays unmapped. */
#define CM_THREAD_STACK_BYTES	(32 * 1024)

/* Most threads alive at once, the main thread included. */
#define CM_THREAD_MAX		512

typedef void *(*cm_thread_fn_t)(void *arg);

struct cm_thread {
	/* Set by cm_thread_create, read-only afterwards. */
	mach_port_t		kernel_thread;	/* send right; NULL for main */
	vm_address_t		stack_base;	/* lowest byte, guard included */
	vm_size_t		stack_bytes;
	cm_thread_fn_t		fn;
	void			*arg;
	/* Owned by the thread itself. */
	mach_port_t		reply_port;	/* MIG reply port, or NULL */
	int			reply_dealloc_depth; /* mig_dealloc_reply_port */
	void			*result;
	void			*data;		/* cm_thread_set_data */
	/* 0 while running, 1 once fn returned; gsync word (32 bits). */
	volatile unsigned int	done;
	int			in_use;		/* slot taken (table lock) */
};

typedef struct {
	volatile int	locked;
} cm_spin_lock_t;

#define CM_SPIN_LOCK_INITIALIZER	{ 0 }

void
cm_spin_lock(cm_spin_lock_t *lock);

int
cm_spin_try_lock(cm_spin_lock_t *lock);

void
cm_spin_unlock(cm_spin_lock_t *lock);

typedef cm_spin_lock_t cm_mutex_t;
#define CM_MUTEX_INITIALIZER	CM_SPIN_LOCK_INITIALIZER
#define cm_mutex_lock		cm_spin_lock
#define cm_mutex_unlock		cm_spin_unlock

struct cm_thread *
cm_thread_create(cm_thread_fn_t fn, void *arg);

void *
cm_thread_join(struct cm_thread *thread);

void
cm_thread_exit(void *result) __attribute__((noreturn));

struct cm_thread *
cm_thread_self(void);

/* The per-thread pointer (only the thread itself should use its own). */
static inline void *
cm_thread_data(struct cm_thread *thread)
{
	return thread->data;
}

static inline void
cm_thread_set_data(struct cm_thread *thread, void *data)
{
	thread->data = data;
}

/* Number of created threads not yet joined. */
int
cm_thread_count(void);

/* How many of threads[0..n) the kernel reports TH_STATE_WAITING. */
int
cm_threads_waiting(struct cm_thread **threads, int n);

/* Whether gsync_wait answered (after the first join or cm_gsync_probe). */
int
cm_thread_gsync_works(void);

#endif /* _CMUSER_CTHREADS_H_ */

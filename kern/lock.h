/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/lock.h: simple locks and interrupt priority levels.
 *
 * A simple lock is a real spinlock: simple_lock() spins on an atomic
 * exchange, so the same code is correct once a second CPU runs.  A simple
 * lock never sleeps and must never be held across thread_block():
 * thread_block() calls check_simple_locks(), which panics if this CPU
 * holds any (the count is kept per CPU by simple_lock/simple_unlock).
 *
 * Interrupt masking is separate, as in GNU Mach: a lock that an
 * interrupt handler also takes is taken as
 *
 *	s = splsched(); simple_lock(&l); ... simple_unlock(&l); splx(s);
 *
 * or with the two helpers simple_lock_irq()/simple_unlock_irq(), which do
 * exactly that.  spl levels are only "all interrupts on" (SPL0) and
 * "all off" (SPLHIGH); splsched() and splclock() are SPLHIGH.
 *
 * Misuse is caught where it happens: taking a lock this CPU already holds,
 * or releasing one it does not hold, panics.
 */
#ifndef _KERN_LOCK_H_
#define _KERN_LOCK_H_

#include <stdbool.h>
#include <stdint.h>
#include <kern/cpu.h>
#include <x86_64/cpu.h>

typedef unsigned long spl_t;

struct simple_lock_data {
	volatile uint32_t	lock_data;	/* 0 free, 1 held */
	int			holder_cpu;	/* -1 when free */
	const char		*name;		/* for panics and GDB */
};
typedef struct simple_lock_data simple_lock_data_t;
typedef struct simple_lock_data *simple_lock_t;

#define decl_simple_lock_data(class, name) class simple_lock_data_t name;
#define SIMPLE_LOCK_INITIALIZER(lname) \
	{ .lock_data = 0, .holder_cpu = -1, .name = (lname) }

void	simple_lock_init(simple_lock_t l, const char *name);
bool	simple_lock_try(simple_lock_t l);
/* Number of simple locks this CPU holds now. */
int	simple_locks_held(void);
/* Panics if this CPU holds any simple lock (called by thread_block). */
void	check_simple_locks(void);
/* The panics of simple_lock()/simple_unlock(), out of line. */
void	simple_lock_panic_held(const simple_lock_data_t *l)
	    __attribute__((noreturn, cold));
void	simple_unlock_panic_not_held(const simple_lock_data_t *l)
	    __attribute__((noreturn, cold));

/*
 * simple_lock: spin until l is ours.  Inline: it is taken a dozen times
 * per message, and the checks are two compares.
 * Locks: panics if this CPU already holds l.
 */
static inline void
simple_lock(simple_lock_t l)
{
	int me = cpu_number();

	if (l->lock_data != 0 && l->holder_cpu == me)
		simple_lock_panic_held(l);
	while (__atomic_exchange_n(&l->lock_data, 1, __ATOMIC_ACQUIRE) != 0) {
		while (l->lock_data != 0)
			__builtin_ia32_pause();
	}
	l->holder_cpu = me;
	current_cpu()->simple_locks_held++;
}

/*
 * simple_unlock: release l.
 * Locks: panics if this CPU does not hold l.
 */
static inline void
simple_unlock(simple_lock_t l)
{
	if (l->lock_data == 0 || l->holder_cpu != cpu_number())
		simple_unlock_panic_not_held(l);
	l->holder_cpu = -1;
	current_cpu()->simple_locks_held--;
	__atomic_store_n(&l->lock_data, 0, __ATOMIC_RELEASE);
}

static inline bool
simple_lock_taken(const simple_lock_data_t *l)
{
	return l->lock_data != 0;
}

/* Whether this CPU holds l (the current thread: no lock is held across
 * a block, and the kernel is not preempted). */
static inline bool
simple_lock_held_here(const simple_lock_data_t *l)
{
	return l->lock_data != 0 && l->holder_cpu == cpu_number();
}

/*
 * Interrupt masking; the returned value restores the previous state.
 * Only the interrupt flag matters: splsched() and splclock() are
 * splhigh().
 */
static inline spl_t
splhigh(void)
{
	spl_t s = read_rflags() & RFLAGS_IF;

	cpu_cli();
	return s;
}

static inline spl_t
splsched(void)
{
	return splhigh();
}

static inline spl_t
splclock(void)
{
	return splhigh();
}

static inline spl_t
spl0(void)
{
	spl_t s = read_rflags() & RFLAGS_IF;

	cpu_sti();
	return s;
}

static inline void
splx(spl_t s)
{
	if (s & RFLAGS_IF)
		cpu_sti();
	else
		cpu_cli();
}

static inline bool
spl_interrupts_enabled(void)
{
	return (read_rflags() & RFLAGS_IF) != 0;
}

static inline spl_t
simple_lock_irq(simple_lock_t l)
{
	spl_t s = splsched();

	simple_lock(l);
	return s;
}

static inline void
simple_unlock_irq(simple_lock_t l, spl_t s)
{
	simple_unlock(l);
	splx(s);
}

#endif /* _KERN_LOCK_H_ */

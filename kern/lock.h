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
void	simple_lock(simple_lock_t l);
void	simple_unlock(simple_lock_t l);
bool	simple_lock_try(simple_lock_t l);
bool	simple_lock_taken(const simple_lock_data_t *l);
/* Number of simple locks this CPU holds now. */
int	simple_locks_held(void);
/* Panics if this CPU holds any simple lock (called by thread_block). */
void	check_simple_locks(void);

/* Interrupt masking; the returned value restores the previous state. */
spl_t	splhigh(void);
spl_t	splsched(void);
spl_t	splclock(void);
spl_t	spl0(void);
void	splx(spl_t s);
bool	spl_interrupts_enabled(void);

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

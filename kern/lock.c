/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/lock.c: the out-of-line part of simple locks (kern/lock.h has
 * the rules, and simple_lock/simple_unlock and the spl calls, inline).
 *
 * The lock word is taken with an atomic exchange and released with a
 * release store, so the code is right on SMP; on one CPU the spin never
 * spins, and a lock found held by this CPU is a kernel bug: panic.  The
 * panics live here, out of the inline fast path.
 */
#include <kern/assert.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/lock.h>
#include <x86_64/cpu.h>

void
simple_lock_init(simple_lock_t l, const char *name)
{
	l->lock_data = 0;
	l->holder_cpu = -1;
	l->name = name;
}

void
simple_lock_panic_held(const simple_lock_data_t *l)
{
	panic("simple_lock: %s already held by this cpu",
	    l->name != NULL ? l->name : "?");
}

void
simple_unlock_panic_not_held(const simple_lock_data_t *l)
{
	panic("simple_unlock: %s not held by this cpu",
	    l->name != NULL ? l->name : "?");
}

bool
simple_lock_try(simple_lock_t l)
{
	if (__atomic_exchange_n(&l->lock_data, 1, __ATOMIC_ACQUIRE) != 0)
		return false;
	l->holder_cpu = cpu_number();
	current_cpu()->simple_locks_held++;
	return true;
}

int
simple_locks_held(void)
{
	return current_cpu()->simple_locks_held;
}

void
check_simple_locks(void)
{
	if (current_cpu()->simple_locks_held != 0)
		panic("thread_block with %d simple lock(s) held",
		    current_cpu()->simple_locks_held);
}

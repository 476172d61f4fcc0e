/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/lock.c: simple locks and spl (see kern/lock.h for the rules).
 *
 * The lock word is taken with an atomic exchange and released with a
 * release store, so the code is right on SMP; on one CPU the spin never
 * spins, and a lock found held by this CPU is a kernel bug: panic.
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
simple_lock(simple_lock_t l)
{
	int me = cpu_number();

	if (l->lock_data != 0 && l->holder_cpu == me)
		panic("simple_lock: %s already held by this cpu",
		    l->name != NULL ? l->name : "?");
	while (__atomic_exchange_n(&l->lock_data, 1, __ATOMIC_ACQUIRE) != 0) {
		while (l->lock_data != 0)
			__builtin_ia32_pause();
	}
	l->holder_cpu = me;
	current_cpu()->simple_locks_held++;
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

void
simple_unlock(simple_lock_t l)
{
	if (l->lock_data == 0 || l->holder_cpu != cpu_number())
		panic("simple_unlock: %s not held by this cpu",
		    l->name != NULL ? l->name : "?");
	l->holder_cpu = -1;
	current_cpu()->simple_locks_held--;
	__atomic_store_n(&l->lock_data, 0, __ATOMIC_RELEASE);
}

bool
simple_lock_taken(const simple_lock_data_t *l)
{
	return l->lock_data != 0;
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

spl_t
splhigh(void)
{
	spl_t s = read_rflags() & RFLAGS_IF;

	cpu_cli();
	return s;
}

spl_t
splsched(void)
{
	return splhigh();
}

spl_t
splclock(void)
{
	return splhigh();
}

spl_t
spl0(void)
{
	spl_t s = read_rflags() & RFLAGS_IF;

	cpu_sti();
	return s;
}

void
splx(spl_t s)
{
	if (s & RFLAGS_IF)
		cpu_sti();
	else
		cpu_cli();
}

bool
spl_interrupts_enabled(void)
{
	return (read_rflags() & RFLAGS_IF) != 0;
}

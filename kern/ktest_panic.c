/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ktest_panic.c: ktest=panic: panic() from two calls deep, so the
 * harness can check the exit status and that the backtrace names
 * ktest_panic_inner and ktest_panic_outer.
 */
#include <kern/debug.h>
#include <kern/ktest.h>

__attribute__((noinline)) static void
ktest_panic_inner(int depth)
{
	panic("ktest: deliberate panic at depth %d", depth);
}

__attribute__((noinline)) static void
ktest_panic_outer(int depth)
{
	ktest_panic_inner(depth + 1);
	__asm__ volatile("" ::: "memory");	/* keep the frame */
}

static const char *
ktest_panic(void)
{
	ktest_panic_outer(1);
	return "panic() returned";
}
KTEST("panic", ktest_panic);

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/gsync.h: gsync, the kernel half of user-space locks (futexes):
 * gsync_wait / gsync_wake / gsync_requeue of gnumach.defs, served in
 * kern/gsync.c.  The flags are GNU Mach's kern/gsync.h values (gnumach-dev
 * does not export them; user/include/mach.h repeats them for programs).
 */
#ifndef _KERN_GSYNC_H_
#define _KERN_GSYNC_H_

#define GSYNC_SHARED	0x01	/* key by physical page: across tasks */
#define GSYNC_QUAD	0x02	/* compare 8 bytes (val1, then val2) */
#define GSYNC_TIMED	0x04	/* gsync_wait: give up after msec */
#define GSYNC_BROADCAST	0x08	/* gsync_wake: every waiter */
#define GSYNC_MUTATE	0x10	/* gsync_wake: store val first */

/* Threads in gsync_wait now (tests and GDB). */
extern unsigned long gsync_waiters_current;

#endif /* _KERN_GSYNC_H_ */

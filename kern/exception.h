/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/exception.h: raising Mach exceptions (exc.defs) for user faults.
 */
#ifndef _KERN_EXCEPTION_H_
#define _KERN_EXCEPTION_H_

#include <stdint.h>

/*
 * Sends exception_raise for the current thread to its exception port,
 * else its task's; resumes the thread if the handler answers
 * KERN_SUCCESS, tries the task's port if the thread's failed, and ends
 * the task with `why` on the console if nobody handles it.  Never
 * returns; blocks with a continuation while the handler works.
 */
void	exception_raise_current(int exception, int code, int64_t subcode,
	    const char *why) __attribute__((noreturn));

extern uint64_t exceptions_raised;	/* exception_raise messages sent */

#endif /* _KERN_EXCEPTION_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/debug.h: panic() and the kernel's printf.
 *
 * panic() prints its message, the current thread and a frame-pointer
 * backtrace on the console, then ends the machine with the panic status
 * (x86_64/debug_exit.h).  It is for impossible kernel states only: input
 * from user space or from a pager never reaches it.
 */
#ifndef _KERN_DEBUG_H_
#define _KERN_DEBUG_H_

#include <stdarg.h>
#include <stddef.h>

void	printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vprintf(const char *fmt, va_list ap);
int	snprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void	panic(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));

#endif /* _KERN_DEBUG_H_ */

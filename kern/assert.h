/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/assert.h: assert() for kernel bugs only.
 *
 * Always compiled in (test builds are the only builds).  Never used on a
 * value that user space or a pager controls: those are checked and
 * answered with an error code instead.
 */
#ifndef _KERN_ASSERT_H_
#define _KERN_ASSERT_H_

void	assert_failed(const char *expr, const char *file, int line,
	    const char *func) __attribute__((noreturn));

#define assert(expr)							\
	((expr) ? (void)0 :						\
	    assert_failed(#expr, __FILE__, __LINE__, __func__))

#endif /* _KERN_ASSERT_H_ */

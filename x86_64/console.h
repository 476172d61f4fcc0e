/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/console.h: the COM1 serial console, the kernel's only output.
 */
#ifndef _X86_64_CONSOLE_H_
#define _X86_64_CONSOLE_H_

void	console_init(void);
void	console_putc(char c);
void	console_write(const char *s, unsigned long len);

#endif /* _X86_64_CONSOLE_H_ */

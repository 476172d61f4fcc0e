/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pic.h: the 8259 interrupt controllers and the 8254 timer.
 */
#ifndef _X86_64_PIC_H_
#define _X86_64_PIC_H_

#include <stdint.h>

#define CLOCK_HZ	100

void	pic_init(void);
void	pic_unmask(unsigned int irq);
void	pic_eoi(unsigned int irq);
void	clock_init(void);

#endif /* _X86_64_PIC_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/gdt.h: segments, the TSS and the IDT.
 */
#ifndef _X86_64_GDT_H_
#define _X86_64_GDT_H_

#include <stdint.h>

void	gdt_init(void);
void	idt_init(void);
/* Where the CPU pushes a user-mode trap frame (end of the pcb's iss). */
void	tss_set_rsp0(uint64_t rsp0);

#endif /* _X86_64_GDT_H_ */

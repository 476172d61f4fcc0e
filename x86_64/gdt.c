/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/gdt.c: the GDT, the TSS and the IDT of the (single) CPU.
 *
 * Selectors are fixed in x86_64/thread_state.h; user data sits just below
 * user code as SYSRET requires.  The TSS's rsp0 is rewritten on every
 * context switch to the end of the new thread's saved-state frame
 * (x86_64/pcb.c), so a trap from user mode saves into the pcb.  Only
 * vectors 0-47 have gates: 32 exceptions and 16 PIC interrupts.
 * Written once at boot and then only rsp0 changes, by its own CPU.
 */
#include <stdint.h>
#include <kern/string.h>
#include <x86_64/gdt.h>
#include <x86_64/thread_state.h>

#define IDT_VECTORS	48

struct tss64 {
	uint32_t	reserved0;
	uint64_t	rsp[3];
	uint64_t	reserved1;
	uint64_t	ist[7];
	uint64_t	reserved2;
	uint16_t	reserved3;
	uint16_t	iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t	offset_low;
	uint16_t	selector;
	uint8_t		ist;
	uint8_t		type_attr;
	uint16_t	offset_mid;
	uint32_t	offset_high;
	uint32_t	reserved;
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t	limit;
	uint64_t	base;
} __attribute__((packed));

static uint64_t gdt[7] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

extern const uint64_t trap_vector_table[IDT_VECTORS];

void
gdt_init(void)
{
	struct descriptor_pointer gdtr;
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL;		/* kernel code, 64-bit */
	gdt[2] = 0x00cf92000000ffffULL;		/* kernel data */
	gdt[3] = 0x00cff2000000ffffULL;		/* user data, DPL 3 */
	gdt[4] = 0x00affa000000ffffULL;		/* user code, 64-bit, DPL 3 */
	/* Available 64-bit TSS: a 16-byte descriptor. */
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	    (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
	    (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;

	memset(&tss, 0, sizeof(tss));
	tss.iomap_base = sizeof(tss);		/* no I/O bitmap */

	gdtr.limit = sizeof(gdt) - 1;
	gdtr.base = (uint64_t)gdt;
	__asm__ volatile(
	    "lgdt %0\n\t"
	    "pushq %1\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movl %2, %%eax\n\t"
	    "movl %%eax, %%ds\n\t"
	    "movl %%eax, %%es\n\t"
	    "movl %%eax, %%ss\n\t"
	    "xorl %%eax, %%eax\n\t"
	    "movl %%eax, %%fs\n\t"
	    "movl %%eax, %%gs\n\t"
	    "ltr %w3"
	    : : "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(KERNEL_TSS)
	    : "rax", "memory");
}

void
tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}

void
idt_init(void)
{
	struct descriptor_pointer idtr;

	for (int v = 0; v < IDT_VECTORS; v++) {
		uint64_t handler = trap_vector_table[v];

		idt[v].offset_low = handler & 0xffff;
		idt[v].selector = KERNEL_CS;
		idt[v].ist = 0;
		/* Present, interrupt gate; int3 may be raised from user. */
		idt[v].type_attr = v == 3 ? 0xee : 0x8e;
		idt[v].offset_mid = (handler >> 16) & 0xffff;
		idt[v].offset_high = handler >> 32;
		idt[v].reserved = 0;
	}
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

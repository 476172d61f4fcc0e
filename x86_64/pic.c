/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pic.c: the two 8259 PICs (IRQs 0-15 at vectors 32-47) and the
 * 8254 PIT channel 0 as the clock at CLOCK_HZ.
 *
 * Everything is masked except what pic_unmask() opens; the clock is
 * IRQ 0.  Called with interrupts off at boot; pic_eoi() from interrupt
 * handlers (interrupts off).
 */
#include <x86_64/cpu.h>
#include <x86_64/pic.h>
#include <x86_64/thread_state.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_EOI		0x20

#define PIT_CHANNEL0	0x40
#define PIT_MODE	0x43
#define PIT_HZ		1193182

static uint16_t pic_mask = 0xffff;

static void
pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask & 0xff);
	outb(PIC2_DATA, pic_mask >> 8);
}

void
pic_init(void)
{
	outb(PIC1_CMD, 0x11);			/* ICW1: init, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, T_IRQ_BASE);		/* ICW2: vector base */
	outb(PIC2_DATA, T_IRQ_BASE + 8);
	outb(PIC1_DATA, 0x04);			/* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);			/* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_mask = 0xffff & ~(1u << 2);		/* cascade stays open */
	pic_write_mask();
}

void
pic_unmask(unsigned int irq)
{
	pic_mask &= ~(1u << irq);
	pic_write_mask();
}

void
pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void
clock_init(void)
{
	unsigned int divisor = PIT_HZ / CLOCK_HZ;

	outb(PIT_MODE, 0x34);			/* channel 0, lo/hi, rate gen */
	outb(PIT_CHANNEL0, divisor & 0xff);
	outb(PIT_CHANNEL0, divisor >> 8);
	pic_unmask(0);
}

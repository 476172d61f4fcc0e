/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/console.c: COM1 (16550 UART at 0x3f8), polled output.
 *
 * Output only, polled: the console must work before interrupts, inside
 * panic() and with any lock held.  Lines from different CPUs or threads
 * are kept whole by kern/printf.c's console lock, not here.  Also
 * machine_exit(), which needs nothing but a port write.
 */
#include <x86_64/console.h>
#include <x86_64/cpu.h>
#include <x86_64/debug_exit.h>

#define COM1		0x3f8
#define COM_THR		0	/* transmit holding register */
#define COM_IER		1
#define COM_FCR		2
#define COM_LCR		3
#define COM_MCR		4
#define COM_LSR		5
#define COM_LSR_THRE	0x20	/* transmitter ready for a byte */

void
console_init(void)
{
	outb(COM1 + COM_IER, 0x00);
	outb(COM1 + COM_LCR, 0x80);	/* divisor latch: 115200 baud */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + COM_LCR, 0x03);	/* 8N1 */
	outb(COM1 + COM_FCR, 0xc7);
	outb(COM1 + COM_MCR, 0x03);
}

void
console_putc(char c)
{
	int spins = 100000;

	if (c == '\n')
		console_putc('\r');
	while ((inb(COM1 + COM_LSR) & COM_LSR_THRE) == 0 && --spins > 0)
		continue;
	outb(COM1 + COM_THR, (uint8_t)c);
}

void
console_write(const char *s, unsigned long len)
{
	while (len-- > 0)
		console_putc(*s++);
}

void
machine_exit(unsigned int value)
{
	cpu_cli();
	outl(MACHINE_EXIT_PORT, value);
	/* Without the device (or on real hardware): stop here for good. */
	for (;;)
		cpu_halt();
}

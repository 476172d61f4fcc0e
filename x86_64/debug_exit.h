/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/debug_exit.h: ending the machine with a status the host reads.
 *
 * QEMU's isa-debug-exit device (iobase 0xf4) exits QEMU with status
 * (value << 1) | 1.  A triple fault under -no-reboot exits 0 and QEMU's
 * own errors exit 1, so neither may mean anything here:
 *
 *	MACHINE_EXIT_SUCCESS	0x10 -> exit status 33
 *	MACHINE_EXIT_FAILURE	0x11 -> exit status 35
 *	MACHINE_EXIT_PANIC	0x12 -> exit status 37
 *
 * tests/harness/qemu.py knows these three numbers.
 */
#ifndef _X86_64_DEBUG_EXIT_H_
#define _X86_64_DEBUG_EXIT_H_

#define MACHINE_EXIT_PORT	0xf4
#define MACHINE_EXIT_SUCCESS	0x10
#define MACHINE_EXIT_FAILURE	0x11
#define MACHINE_EXIT_PANIC	0x12

void	machine_exit(unsigned int value) __attribute__((noreturn));

#endif /* _X86_64_DEBUG_EXIT_H_ */

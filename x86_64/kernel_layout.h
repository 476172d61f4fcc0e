/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/kernel_layout.h: where the kernel lives in virtual memory.
 *
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (VM_MAX_ADDRESS)
 *   0xffff800000000000 .. +4 GiB               direct map of physical memory
 *   0xffffffff80000000 .. +1 GiB               kernel image (-mcmodel=kernel),
 *                                              loaded at physical 1 MiB
 *
 * The direct map covers the first PHYS_MAP_SIZE bytes of physical memory
 * from the first instruction on (x86_64/boot.S builds it with 2 MiB pages),
 * so phystokv() is valid for every page the page allocator hands out;
 * RAM above PHYS_MAP_SIZE is ignored (design/01-overview.md).
 */
#ifndef _X86_64_KERNEL_LAYOUT_H_
#define _X86_64_KERNEL_LAYOUT_H_

#define KERNEL_VIRT_BASE	0xffffffff80000000
#define KERNEL_PHYS_LOAD	0x100000
#define PHYS_MAP_BASE		0xffff800000000000
#define PHYS_MAP_SIZE		0x100000000	/* 4 GiB: 4 boot page dirs */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <mach/machine/vm_types.h>

/* Linker symbols (x86_64/kernel.ld): the image, physical addresses. */
extern char _kernel_phys_start[], _kernel_phys_end[];

static inline vm_offset_t
phystokv(phys_addr_t pa)
{
	return (vm_offset_t)(pa + PHYS_MAP_BASE);
}

/* Valid for direct-map addresses and for the kernel image. */
static inline phys_addr_t
kvtophys(vm_offset_t va)
{
	if (va >= KERNEL_VIRT_BASE)
		return va - KERNEL_VIRT_BASE;
	return va - PHYS_MAP_BASE;
}
#endif

#endif /* _X86_64_KERNEL_LAYOUT_H_ */

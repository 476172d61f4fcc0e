/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/boot.S: multiboot header and the 32-bit entry into long mode.
 *
 * QEMU's multiboot (v1) loader refuses a plain ELF64, but loads this image
 * through the header's address fields (flag bit 16): it copies the file to
 * physical 1 MiB, zeroes the bss and jumps to boot_entry32 in 32-bit
 * protected mode, paging off, with the magic in %eax and the physical
 * address of the multiboot info in %ebx.
 *
 * boot_entry32 builds the boot page tables (in .bss, which the loader has
 * zeroed), all with 2 MiB pages:
 *   - identity map of the first 1 GiB, only to survive the switch to paging
 *   - direct map: PHYS_MAP_BASE + [0, 4 GiB) -> [0, 4 GiB)
 *   - kernel image: KERNEL_VIRT_BASE + [0, 1 GiB) -> [0, 1 GiB)
 * then turns on PAE, long mode and NX, and jumps to 64-bit code in the
 * higher half, which drops the identity map and calls c_boot_entry().
 * The magic and info address travel in %edi/%esi (a stack in .bss would
 * have been zeroed under them).
 */
#include <x86_64/kernel_layout.h>

#define V2P(x)		((x) - KERNEL_VIRT_BASE)
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00010003	/* page align, mem info, addresses */

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

	.section .note.GNU-stack, "", @progbits

	.section .multiboot_header, "a"
	.align	4
multiboot_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	V2P(multiboot_header)	/* header_addr */
	.long	KERNEL_PHYS_LOAD		/* load_addr */
	.long	V2P(_edata)		/* load_end_addr */
	.long	V2P(_end)		/* bss_end_addr */
	.long	V2P(boot_entry32)	/* entry_addr */

	.section .boot.text, "ax"
	.code32
	.globl	boot_entry32
boot_entry32:
	cli
	cld
	movl	%eax, %edi
	movl	%ebx, %esi

	/* PML4: [0] identity, [256] direct map, [511] kernel image. */
	movl	$V2P(boot_pdpt_low), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, V2P(boot_pml4)
	movl	$V2P(boot_pdpt_phys), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, V2P(boot_pml4) + 256 * 8
	movl	$V2P(boot_pdpt_kernel), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, V2P(boot_pml4) + 511 * 8

	/* Four page directories of 2 MiB pages cover [0, 4 GiB). */
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, V2P(boot_pd)(,%ecx,8)
	movl	%ecx, %eax
	shrl	$11, %eax		/* high bits of (ecx << 21) */
	movl	%eax, V2P(boot_pd) + 4(,%ecx,8)
	incl	%ecx
	cmpl	$2048, %ecx
	jne	1b

	/* The direct map uses all four; identity and image the first. */
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$V2P(boot_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, V2P(boot_pdpt_phys)(,%ecx,8)
	incl	%ecx
	cmpl	$4, %ecx
	jne	2b
	movl	$V2P(boot_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, V2P(boot_pdpt_low)
	movl	%eax, V2P(boot_pdpt_kernel) + 510 * 8

	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	$V2P(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	orl	$0x901, %eax		/* SCE | LME | NXE */
	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0

	lgdt	V2P(boot_gdt_desc)
	ljmp	$0x08, $V2P(boot_entry64_low)

	.code64
boot_entry64_low:
	movabsq	$boot_entry64, %rax
	jmp	*%rax

	.text
boot_entry64:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	/* Drop the identity map: nothing below the higher half runs now. */
	movabsq	$boot_pml4, %rax
	movq	$0, (%rax)
	movq	%cr3, %rax
	movq	%rax, %cr3
	/* c_boot_entry(magic, mbi_pa): %edi and %esi already. */
	call	c_boot_entry
3:	cli
	hlt
	jmp	3b

	.section .rodata
	.align	16
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
boot_gdt_end:
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	V2P(boot_gdt)

	.bss
	.align	4096
	.globl	boot_pml4
boot_pml4:		.skip	4096
boot_pdpt_low:		.skip	4096
boot_pdpt_phys:		.skip	4096
boot_pdpt_kernel:	.skip	4096
	.globl	boot_pd
boot_pd:		.skip	4096 * 4
	.globl	boot_stack, boot_stack_top
boot_stack:		.skip	16384
boot_stack_top:

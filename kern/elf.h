/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/elf.h: the parts of the ELF64 format the boot loader reads (the
 * System V ABI's names).  gnumach-dev's mach/exec/elf.h needs a
 * machine header Debian does not ship, so the kernel has its own.
 */
#ifndef _KERN_ELF_H_
#define _KERN_ELF_H_

#include <stdint.h>

#define EI_NIDENT	16
#define EI_CLASS	4
#define ELFCLASS64	2
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

typedef struct {
	unsigned char	e_ident[EI_NIDENT];
	uint16_t	e_type;
	uint16_t	e_machine;
	uint32_t	e_version;
	uint64_t	e_entry;
	uint64_t	e_phoff;
	uint64_t	e_shoff;
	uint32_t	e_flags;
	uint16_t	e_ehsize;
	uint16_t	e_phentsize;
	uint16_t	e_phnum;
	uint16_t	e_shentsize;
	uint16_t	e_shnum;
	uint16_t	e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t	p_type;
	uint32_t	p_flags;
	uint64_t	p_offset;
	uint64_t	p_vaddr;
	uint64_t	p_paddr;
	uint64_t	p_filesz;
	uint64_t	p_memsz;
	uint64_t	p_align;
} Elf64_Phdr;

#endif /* _KERN_ELF_H_ */

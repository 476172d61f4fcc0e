/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/elf_load.c: the ELF64 loader for boot modules.
 *
 * Checks every header field it uses against the module's size before
 * reading through it (a module is input the kernel does not trust: a bad
 * one gets an error and a console line, never a fault), then gives each
 * page of each PT_LOAD segment a zeroed page of the task, copies the file
 * bytes that fall in it, and maps it with the segment's protection (NX
 * unless PF_X).  Two segments sharing a page share it, with the union of
 * their protections.
 *
 * Locking: none of its own; the task is not running yet.
 */
#include <stdbool.h>
#include <kern/elf_load.h>
#include <kern/string.h>
#include <kern/elf.h>
#include <mach/vm_param.h>
#include <mach/vm_prot.h>
#include <vm/vm_page.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pmap.h>

#define ELF_LOAD_MAX_SEGMENTS	16
/* User code lives below the stack area of kern/bootstrap.c. */
#define ELF_LOAD_USER_LIMIT	0x00007f0000000000ULL

static vm_prot_t
elf_load_prot(uint32_t flags)
{
	vm_prot_t prot = VM_PROT_READ;

	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

static const char *
elf_load_check_header(const Elf64_Ehdr *ehdr, size_t size)
{
	if (size < sizeof(*ehdr))
		return "shorter than an ELF header";
	if (memcmp(ehdr->e_ident, "\177ELF", 4) != 0)
		return "not an ELF file";
	if (ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
	    ehdr->e_machine != EM_X86_64)
		return "not an x86_64 ELF64 file";
	if (ehdr->e_type != ET_EXEC)
		return "not an executable (ET_EXEC)";
	if (ehdr->e_phentsize != sizeof(Elf64_Phdr) || ehdr->e_phnum == 0 ||
	    ehdr->e_phnum > ELF_LOAD_MAX_SEGMENTS)
		return "bad program header table";
	if (ehdr->e_phoff > size ||
	    size - ehdr->e_phoff < ehdr->e_phnum * sizeof(Elf64_Phdr))
		return "program headers beyond the end of the file";
	return NULL;
}

static const char *
elf_load_check_segment(const Elf64_Phdr *ph, size_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return "segment file size above its memory size";
	if (ph->p_offset > size || size - ph->p_offset < ph->p_filesz)
		return "segment beyond the end of the file";
	if (ph->p_vaddr >= ELF_LOAD_USER_LIMIT ||
	    ELF_LOAD_USER_LIMIT - ph->p_vaddr < ph->p_memsz)
		return "segment outside user space";
	if ((ph->p_vaddr & PAGE_MASK) != (ph->p_offset & PAGE_MASK))
		return "segment offset and address differ within a page";
	return NULL;
}

/* Maps one page of a segment and copies the file bytes that fall in it. */
static kern_return_t
elf_load_page(task_t task, const Elf64_Phdr *ph, const char *image,
    uint64_t page_va, vm_prot_t previous_prot)
{
	vm_prot_t prot = elf_load_prot(ph->p_flags);
	uint64_t file_start = ph->p_vaddr, file_end = ph->p_vaddr + ph->p_filesz;
	uint64_t copy_start, copy_end;
	struct vm_page *m = NULL;
	phys_addr_t pa;
	kern_return_t kr;

	if (pmap_extract(task->pmap, page_va, &pa)) {
		/* Shared with the previous segment: both protections. */
		m = vm_page_lookup_pa(pa);
		kr = pmap_enter(task->pmap, page_va, pa, prot | previous_prot);
		if (kr != KERN_SUCCESS)
			return kr;
	} else {
		kr = task_memory_map_page(task, page_va, prot, &m);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	copy_start = page_va > file_start ? page_va : file_start;
	copy_end = page_va + PAGE_SIZE < file_end ? page_va + PAGE_SIZE : file_end;
	if (copy_start < copy_end)
		memcpy((char *)phystokv(vm_page_to_pa(m)) + (copy_start - page_va),
		    image + ph->p_offset + (copy_start - ph->p_vaddr),
		    copy_end - copy_start);
	return KERN_SUCCESS;
}

kern_return_t
elf_load(task_t task, const void *image, size_t size, uint64_t *entry,
    const char **reason)
{
	const Elf64_Ehdr *ehdr = image;
	const Elf64_Phdr *phdrs;
	bool entry_mapped = false;
	vm_prot_t previous_prot = VM_PROT_NONE;

	*reason = elf_load_check_header(ehdr, size);
	if (*reason != NULL)
		return KERN_INVALID_ARGUMENT;
	phdrs = (const Elf64_Phdr *)((const char *)image + ehdr->e_phoff);
	for (int i = 0; i < ehdr->e_phnum; i++) {
		const Elf64_Phdr *ph = &phdrs[i];
		uint64_t va;

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		*reason = elf_load_check_segment(ph, size);
		if (*reason != NULL)
			return KERN_INVALID_ARGUMENT;
		for (va = trunc_page(ph->p_vaddr);
		    va < ph->p_vaddr + ph->p_memsz; va += PAGE_SIZE) {
			if (elf_load_page(task, ph, image, va, previous_prot) !=
			    KERN_SUCCESS) {
				*reason = "out of memory";
				return KERN_RESOURCE_SHORTAGE;
			}
		}
		previous_prot = elf_load_prot(ph->p_flags);
		if ((ph->p_flags & PF_X) && ehdr->e_entry >= ph->p_vaddr &&
		    ehdr->e_entry < ph->p_vaddr + ph->p_memsz)
			entry_mapped = true;
	}
	if (!entry_mapped) {
		*reason = "entry point not in an executable segment";
		return KERN_INVALID_ARGUMENT;
	}
	*entry = ehdr->e_entry;
	return KERN_SUCCESS;
}

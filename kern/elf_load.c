/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/elf_load.c: the ELF64 loader for boot modules.
 *
 * Checks every header field it uses against the module's size before
 * reading through it (a module is input the kernel does not trust: a bad
 * one gets an error and a console line, never a fault), then maps each
 * PT_LOAD segment as anonymous (demand-zero) memory of the task's
 * vm_map at its fixed address, read/write, copies the file bytes in
 * with copyout() (which faults the pages in), and last sets each
 * segment's protection (NX unless PF_X).  Segments must come in
 * ascending order, as the ELF specification says; two segments may
 * share only a page, which gets the union of their protections.
 * The bss beyond the file bytes stays absent until touched.
 *
 * Locking: none of its own; the task is not running yet.
 */
#include <stdbool.h>
#include <kern/elf_load.h>
#include <kern/string.h>
#include <kern/elf.h>
#include <mach/vm_param.h>
#include <mach/vm_prot.h>
#include <vm/vm_map.h>
#include <x86_64/copyio.h>

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

/* A loaded segment, for the protection pass. */
struct elf_load_region {
	vm_offset_t	start, end;	/* page aligned */
	vm_prot_t	prot;
	bool		shares_first_page; /* with the previous segment */
};

/*
 * Maps ph's pages not yet mapped (all but a page shared with the
 * previous segment, which ends at prev_end) and copies the file bytes.
 * Returns KERN_SUCCESS, or KERN_INVALID_ARGUMENT / KERN_RESOURCE_SHORTAGE
 * with *reason set.
 */
static kern_return_t
elf_load_segment(task_t task, const Elf64_Phdr *ph, const char *image,
    vm_offset_t prev_end, struct elf_load_region *region,
    const char **reason)
{
	vm_offset_t start = trunc_page(ph->p_vaddr);
	vm_offset_t end = round_page(ph->p_vaddr + ph->p_memsz);
	vm_offset_t map_start = start;
	kern_return_t kr;

	region->start = start;
	region->end = end;
	region->prot = elf_load_prot(ph->p_flags);
	region->shares_first_page = false;
	if (start < prev_end) {
		if (start != prev_end - PAGE_SIZE) {
			*reason = "segments overlap or are out of order";
			return KERN_INVALID_ARGUMENT;
		}
		region->shares_first_page = true;
		map_start = prev_end;
	}
	if (map_start < end) {
		kr = vm_map_enter(task->map, &map_start, end - map_start, 0,
		    FALSE, VM_OBJECT_NULL, 0, FALSE, VM_PROT_DEFAULT,
		    VM_PROT_ALL, VM_INHERIT_DEFAULT);
		if (kr == KERN_RESOURCE_SHORTAGE) {
			*reason = "out of memory";
			return kr;
		}
		if (kr != KERN_SUCCESS) {
			*reason = "segment overlaps another or is outside "
			    "user space";
			return KERN_INVALID_ARGUMENT;
		}
	}
	/* Every page is read/write until the protection pass. */
	if (!copyout(task->map, image + ph->p_offset, ph->p_vaddr,
	    ph->p_filesz)) {
		*reason = "out of memory";
		return KERN_RESOURCE_SHORTAGE;
	}
	return KERN_SUCCESS;
}

kern_return_t
elf_load(task_t task, const void *image, size_t size, uint64_t *entry,
    const char **reason)
{
	const Elf64_Ehdr *ehdr = image;
	const Elf64_Phdr *phdrs;
	bool entry_mapped = false;
	struct elf_load_region regions[ELF_LOAD_MAX_SEGMENTS];
	unsigned int nregions = 0;
	vm_offset_t prev_end = 0;
	kern_return_t kr;

	*reason = elf_load_check_header(ehdr, size);
	if (*reason != NULL)
		return KERN_INVALID_ARGUMENT;
	phdrs = (const Elf64_Phdr *)((const char *)image + ehdr->e_phoff);
	for (int i = 0; i < ehdr->e_phnum; i++) {
		const Elf64_Phdr *ph = &phdrs[i];

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		*reason = elf_load_check_segment(ph, size);
		if (*reason != NULL)
			return KERN_INVALID_ARGUMENT;
		kr = elf_load_segment(task, ph, image, prev_end,
		    &regions[nregions], reason);
		if (kr != KERN_SUCCESS)
			return kr;
		prev_end = regions[nregions++].end;
		if ((ph->p_flags & PF_X) && ehdr->e_entry >= ph->p_vaddr &&
		    ehdr->e_entry < ph->p_vaddr + ph->p_memsz)
			entry_mapped = true;
	}
	/* Now that every byte is in, the segments' own protections. */
	for (unsigned int i = 0; i < nregions; i++) {
		struct elf_load_region *r = &regions[i];

		kr = vm_map_protect(task->map, r->start, r->end, r->prot, FALSE);
		if (kr == KERN_SUCCESS && r->shares_first_page)
			kr = vm_map_protect(task->map, r->start,
			    r->start + PAGE_SIZE, r->prot | regions[i - 1].prot,
			    FALSE);
		if (kr != KERN_SUCCESS) {
			*reason = "out of memory";
			return KERN_RESOURCE_SHORTAGE;
		}
	}
	if (!entry_mapped) {
		*reason = "entry point not in an executable segment";
		return KERN_INVALID_ARGUMENT;
	}
	*entry = ehdr->e_entry;
	return KERN_SUCCESS;
}

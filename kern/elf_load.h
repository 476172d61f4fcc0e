/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/elf_load.h: loading a boot module's ELF64 executable into a task.
 */
#ifndef _KERN_ELF_LOAD_H_
#define _KERN_ELF_LOAD_H_

#include <stddef.h>
#include <stdint.h>
#include <kern/task.h>
#include <mach/kern_return.h>

/*
 * Maps the PT_LOAD segments of the ELF image [image, image + size) into
 * task.  Returns KERN_SUCCESS and the entry point, or an error with a
 * reason for the console: KERN_INVALID_ARGUMENT (not an x86_64 ELF64
 * executable, or a segment outside the file or user space),
 * KERN_RESOURCE_SHORTAGE (no memory).
 */
kern_return_t	elf_load(task_t task, const void *image, size_t size,
		    uint64_t *entry, const char **reason);

#endif /* _KERN_ELF_LOAD_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/bootstrap.h: starting the boot modules as tasks.
 */
#ifndef _KERN_BOOTSTRAP_H_
#define _KERN_BOOTSTRAP_H_

#include <stdbool.h>
#include <stdint.h>

/* Remembers the multiboot information for the bootstrap thread. */
void		bootstrap_set_multiboot(uint32_t mbi_pa);
/* The kernel command line ("" when the loader gave none). */
const char	*bootstrap_kernel_cmdline(void);
/* Value of NAME=VALUE on the kernel command line, or NULL. */
const char	*bootstrap_option(const char *name, char *buffer,
		    unsigned long buffer_bytes);
/* Body of the bootstrap thread: loads and starts every boot module. */
void		bootstrap_create_tasks(void);
/* A task started from a module ended with status (or was killed). */
void		bootstrap_task_ended(int status, bool killed);

#endif /* _KERN_BOOTSTRAP_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/startup.c: from c_boot_entry() to the first thread.
 *
 * Order matters and is the whole content of this file: console, CPU
 * tables, physical memory, allocators, scheduler, traps and clock, the
 * idle and reaper threads, and the bootstrap thread, which then runs a
 * kernel self-test (ktest=NAME) or starts the boot modules as tasks.
 * c_boot_entry() runs on the boot stack of x86_64/boot.S, with
 * interrupts off, and leaves it for good when the first thread starts.
 */
#include <kern/bootstrap.h>
#include <kern/host.h>
#include <device/dev_master.h>
#include <ipc/ipc_init.h>
#include <kern/continuation.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/kalloc.h>
#include <kern/ktest.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/machine/multiboot.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#include <x86_64/console.h>
#include <x86_64/cpu.h>
#include <x86_64/debug_exit.h>
#include <x86_64/gdt.h>
#include <x86_64/pcb.h>
#include <x86_64/pic.h>
#include <x86_64/pmap.h>

struct cpu_data cpu_data[NCPUS];

void c_boot_entry(uint32_t magic, uint32_t mbi_pa) __attribute__((noreturn));
void syscall_init(void);

static void
kernel_bootstrap_continue(void)
{
	char name[64];

	if (bootstrap_option("ktest", name, sizeof(name)) != NULL)
		ktest_run(name);
	bootstrap_create_tasks();
	thread_terminate_self();
}

static thread_t
startup_kernel_thread(continuation_t start, const char *name, int priority)
{
	thread_t thread = thread_create_kernel(NULL, start, name, priority);

	if (thread == THREAD_NULL)
		panic("startup: no memory for thread %s", name);
	return thread;
}

void
c_boot_entry(uint32_t magic, uint32_t mbi_pa)
{
	thread_t first;

	console_init();
	printf("ClusterMach x86_64 booting\n");
	if (magic != MULTIBOOT_VALID)
		panic("not started by a multiboot loader (magic %#x)", magic);
	gdt_init();
	idt_init();
	pmap_bootstrap();
	vm_page_bootstrap(mbi_pa);
	kalloc_init();
	pmap_init();
	stack_bootstrap();
	sched_init();
	task_bootstrap();
	ipc_bootstrap();
	host_bootstrap();
	device_bootstrap();
	bootstrap_set_multiboot(mbi_pa);
	syscall_init();
	pic_init();
	clock_init();
	printf("kernel command line: \"%s\"\n", bootstrap_kernel_cmdline());

	thread_bootstrap();
	vm_pageout_bootstrap();
	current_cpu()->idle_thread = startup_kernel_thread(idle_thread,
	    "idle", NRQS - 1);
	current_cpu()->idle_thread->state = TH_IDLE | TH_RUN;
	first = startup_kernel_thread(kernel_bootstrap_continue, "bootstrap",
	    BASEPRI_KERNEL);

	/* Become the first thread: a stack of its own, then its start. */
	first->state = TH_RUN;
	first->swap_func = CONTINUATION_NULL;
	stack_alloc(first);
	pcb_load_machine_state(first);
	cpu_sti();
	call_continuation(kernel_bootstrap_continue, thread_stack_top(first));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/bootstrap.c: boot modules become tasks, by GNU Mach's boot script.
 *
 * Each multiboot module's command line is a boot-script line
 * (kern/boot_script.c), e.g. as GRUB passes it on from grub.cfg:
 *
 *	prog ${host-port} ${device-port} $(task-create) $(task-resume)
 *
 * In GNU Mach's order: parse every line; create a task for each line
 * with $(task-create), in module order; then for each such task expand
 * its variables, load its ELF image, build its initial stack and create
 * its thread; then resume, in module order, the tasks that asked for it.
 * A line the parser rejects, or a module that does not load, is skipped
 * with one console line naming the module; the rest go on.
 *
 * Variables: ${host-port} and ${device-port} are the names of send
 * rights to the host-priv and device-master ports, inserted into the new
 * task's space when first used; ${NAME} of a $(NAME=task-create) names
 * a send right to that task's kernel port, likewise.
 * ${kernel-command-line} and NAME=VALUE words of the kernel command line
 * are also variables.
 *
 * When the last started task has ended, the machine ends: with success
 * if every task exited by itself with status 0, with failure otherwise.
 * With no module at all, the kernel says so and ends with success.
 *
 * Locking: runs in the bootstrap thread alone; the end-of-task
 * accounting is under bootstrap_lock.
 */
#include <stdbool.h>
#include <kern/boot_script.h>
#include <kern/bootstrap.h>
#include <kern/debug.h>
#include <kern/elf_load.h>
#include <kern/host.h>
#include <kern/ipc_tt.h>
#include <device/dev_master.h>
#include <kern/kalloc.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/machine/multiboot.h>
#include <mach/vm_param.h>
#include <mach/vm_prot.h>
#include <vm/vm_map.h>
#include <vm/vm_user.h>
#include <x86_64/copyio.h>
#include <x86_64/debug_exit.h>
#include <x86_64/kernel_layout.h>
#include <x86_64/pcb.h>

#define BOOTSTRAP_MAX_MODULES	16
#define BOOTSTRAP_ARGS_BYTES	2048
/* User stack: below VM_MAX_ADDRESS, 128 KiB as GNU Mach gives. */
#define BOOTSTRAP_STACK_TOP	0x00007ffffffff000ULL
#define BOOTSTRAP_STACK_BYTES	(128 * 1024)

struct bootstrap_module {
	const char		*source;	/* the module's command line */
	const void		*image;
	size_t			size;
	struct boot_script_line	line;
	bool			parsed;		/* line is valid */
	task_t			task;		/* from $(task-create) */
	thread_t		thread;
};

static const struct multiboot_raw_info *bootstrap_mbi;
static char bootstrap_empty_cmdline[] = "";
static struct bootstrap_module *bootstrap_modules;
static unsigned int bootstrap_module_count;

static simple_lock_data_t bootstrap_lock =
	SIMPLE_LOCK_INITIALIZER("bootstrap");
static int bootstrap_tasks_running;
static bool bootstrap_any_failed;

void
bootstrap_set_multiboot(uint32_t mbi_pa)
{
	bootstrap_mbi = (const struct multiboot_raw_info *)phystokv(mbi_pa);
}

const char *
bootstrap_kernel_cmdline(void)
{
	if (bootstrap_mbi == NULL || !(bootstrap_mbi->flags & MULTIBOOT_CMDLINE))
		return bootstrap_empty_cmdline;
	return (const char *)phystokv(bootstrap_mbi->cmdline);
}

const char *
bootstrap_option(const char *name, char *buffer, unsigned long buffer_bytes)
{
	return boot_script_cmdline_lookup(bootstrap_kernel_cmdline(), name,
	    buffer, buffer_bytes);
}

static void
bootstrap_report(unsigned int index, const char *source, const char *message,
    const char *detail)
{
	char buf[256];

	boot_script_format_message(buf, sizeof(buf), index, source, message,
	    detail);
	printf("%s\n", buf);
}

/*
 * The boot-script lookup: variables as seen by the module being set up
 * (task).  A port variable inserts a send right into task's space on
 * first use and expands to its name, as GNU Mach does.
 */
struct bootstrap_lookup_context {
	task_t	task;
	char	number[24];
	char	option[256];
};

static const char *
bootstrap_lookup_port(struct bootstrap_lookup_context *lc, ipc_port_t port)
{
	mach_port_name_t name = ipc_task_insert_send(lc->task, port);

	if (name == MACH_PORT_NAME_NULL)
		return NULL;
	return boot_script_format_unsigned(lc->number, sizeof(lc->number),
	    name);
}

static const char *
bootstrap_lookup(void *ctx, const char *name)
{
	struct bootstrap_lookup_context *lc = ctx;

	if (strcmp(name, "host-port") == 0)
		return bootstrap_lookup_port(lc, realhost.host_priv_self);
	if (strcmp(name, "device-port") == 0)
		return bootstrap_lookup_port(lc, master_device_port);
	if (strcmp(name, "kernel-command-line") == 0)
		return bootstrap_kernel_cmdline();
	for (unsigned int i = 0; i < bootstrap_module_count; i++) {
		struct bootstrap_module *mod = &bootstrap_modules[i];

		if (mod->parsed && mod->task != TASK_NULL &&
		    mod->line.task_name != NULL &&
		    strcmp(mod->line.task_name, name) == 0)
			return bootstrap_lookup_port(lc, mod->task->itk_self);
	}
	return boot_script_cmdline_lookup(bootstrap_kernel_cmdline(), name,
	    lc->option, sizeof(lc->option));
}

/*
 * Builds the System V initial stack: argc, argv[], NULL, envp NULL,
 * an empty auxiliary vector, then the strings.  Returns the user %rsp.
 */
static kern_return_t
bootstrap_build_stack(task_t task, const struct boot_script_args *args,
    uint64_t *user_rsp)
{
	uint64_t words[BOOT_SCRIPT_MAX_WORDS + 6];
	uint64_t strings_va, sp, va;
	unsigned int n = 0;
	size_t offset = 0;

	kern_return_t kr;

	/* Demand-zero: only the pages the strings and words touch fill. */
	va = BOOTSTRAP_STACK_TOP - BOOTSTRAP_STACK_BYTES;
	kr = vm_allocate(task->map, &va, BOOTSTRAP_STACK_BYTES, FALSE);
	if (kr != KERN_SUCCESS)
		return kr;
	strings_va = (BOOTSTRAP_STACK_TOP - args->strings_bytes - 64) & ~15ULL;
	words[n++] = args->argc;
	for (int i = 0; i < args->argc; i++) {
		size_t len = strlen(args->argv[i]) + 1;

		words[n++] = strings_va + offset;
		if (!copyout(task->map, args->argv[i],
		    strings_va + offset, len))
			return KERN_FAILURE;
		offset += len;
	}
	words[n++] = 0;			/* end of argv */
	words[n++] = 0;			/* envp: empty */
	words[n++] = 0;			/* auxv: AT_NULL */
	words[n++] = 0;
	sp = (strings_va - n * sizeof(uint64_t)) & ~15ULL;
	if (!copyout(task->map, words, sp, n * sizeof(uint64_t)))
		return KERN_FAILURE;
	*user_rsp = sp;
	return KERN_SUCCESS;
}

static void
bootstrap_parse_modules(void)
{
	const struct multiboot_raw_module *mods;

	mods = (const struct multiboot_raw_module *)
	    phystokv(bootstrap_mbi->mods_addr);
	for (unsigned int i = 0; i < bootstrap_module_count; i++) {
		struct bootstrap_module *mod = &bootstrap_modules[i];
		enum boot_script_error err;

		mod->source = mods[i].string != 0 ?
		    (const char *)phystokv(mods[i].string) : "";
		mod->image = (const void *)phystokv(mods[i].mod_start);
		mod->size = mods[i].mod_end - mods[i].mod_start;
		err = boot_script_parse(&mod->line, mod->source);
		if (err != BOOT_SCRIPT_OK) {
			bootstrap_report(i, mod->source,
			    boot_script_error_string(err),
			    mod->line.error_token);
			continue;
		}
		mod->parsed = !mod->line.comment;
		if (mod->parsed && !mod->line.task_create)
			bootstrap_report(i, mod->source,
			    "not started (no $(task-create)), kept as data", "");
	}
}

/* The task's name: the last path component of its program. */
static const char *
bootstrap_task_name(const char *program)
{
	const char *slash = program, *p;

	for (p = program; *p != '\0'; p++) {
		if (*p == '/')
			slash = p + 1;
	}
	return slash;
}

static void
bootstrap_create_task_for(unsigned int i)
{
	struct bootstrap_module *mod = &bootstrap_modules[i];

	mod->task = task_create_user(bootstrap_task_name(mod->line.program),
	    TASK_NULL, false);
	if (mod->task == TASK_NULL)
		bootstrap_report(i, mod->source, "no memory for the task", "");
}

/* Expands, loads and gives a thread to module i's task. */
static bool
bootstrap_load(unsigned int i, char *args_buffer)
{
	struct bootstrap_module *mod = &bootstrap_modules[i];
	struct bootstrap_lookup_context lc;
	struct boot_script_args args;
	enum boot_script_error err;
	const char *reason;
	uint64_t entry, rsp;

	lc.task = mod->task;
	err = boot_script_expand(&mod->line, bootstrap_lookup, &lc,
	    args_buffer, BOOTSTRAP_ARGS_BYTES, &args);
	if (err != BOOT_SCRIPT_OK) {
		bootstrap_report(i, mod->source, boot_script_error_string(err),
		    mod->line.error_token);
		return false;
	}
	if (elf_load(mod->task, mod->image, mod->size, &entry, &reason) !=
	    KERN_SUCCESS) {
		bootstrap_report(i, mod->source, "cannot load:", reason);
		return false;
	}
	if (bootstrap_build_stack(mod->task, &args, &rsp) != KERN_SUCCESS) {
		bootstrap_report(i, mod->source, "no memory for the stack", "");
		return false;
	}
	mod->thread = thread_create_kernel(mod->task, thread_bootstrap_return,
	    mod->task->name, BASEPRI_USER);
	if (mod->thread == THREAD_NULL) {
		bootstrap_report(i, mod->source, "no memory for a thread", "");
		return false;
	}
	pcb_set_user_entry(mod->thread, entry, rsp, 0);
	return true;
}

/* A task that could not be set up: end it, thread or not. */
static void
bootstrap_discard(struct bootstrap_module *mod)
{
	if (mod->thread != THREAD_NULL) {
		/* Never ran: let it start straight into its own end. */
		mod->thread->swap_func = thread_terminate_self;
		thread_resume_initial(mod->thread);
	}
	task_end(mod->task, 0, true, "boot module not started");
	mod->task = TASK_NULL;
}

static void
bootstrap_resume_all(void)
{
	for (unsigned int i = 0; i < bootstrap_module_count; i++) {
		struct bootstrap_module *mod = &bootstrap_modules[i];

		if (mod->task == TASK_NULL)
			continue;
		if (!mod->line.task_resume) {
			printf("boot: module %u: task %s created, not resumed "
			    "(no $(task-resume))\n", i, mod->task->name);
			continue;
		}
		if (mod->line.prompt)
			printf("boot: module %u: $(prompt-task-resume): "
			    "resuming without a prompt\n", i);
		thread_resume_initial(mod->thread);
	}
}

void
bootstrap_create_tasks(void)
{
	static char args_buffer[BOOTSTRAP_ARGS_BYTES];
	spl_t s;

	if (bootstrap_mbi == NULL || !(bootstrap_mbi->flags & MULTIBOOT_MODS) ||
	    bootstrap_mbi->mods_count == 0) {
		printf("bootstrap: no boot modules; nothing to run\n");
		machine_exit(MACHINE_EXIT_SUCCESS);
	}
	bootstrap_module_count = bootstrap_mbi->mods_count;
	if (bootstrap_module_count > BOOTSTRAP_MAX_MODULES) {
		printf("bootstrap: %u boot modules, only the first %u used\n",
		    bootstrap_module_count, BOOTSTRAP_MAX_MODULES);
		bootstrap_module_count = BOOTSTRAP_MAX_MODULES;
	}
	bootstrap_modules = kalloc(bootstrap_module_count *
	    sizeof(*bootstrap_modules));
	if (bootstrap_modules == NULL)
		panic("bootstrap: no memory for the module table");
	memset(bootstrap_modules, 0,
	    bootstrap_module_count * sizeof(*bootstrap_modules));
	bootstrap_parse_modules();
	for (unsigned int i = 0; i < bootstrap_module_count; i++) {
		if (bootstrap_modules[i].parsed &&
		    bootstrap_modules[i].line.task_create)
			bootstrap_create_task_for(i);
	}
	for (unsigned int i = 0; i < bootstrap_module_count; i++) {
		struct bootstrap_module *mod = &bootstrap_modules[i];

		if (mod->task == TASK_NULL)
			continue;
		if (!bootstrap_load(i, args_buffer))
			bootstrap_discard(mod);
		else if (mod->line.task_resume) {
			mod->task->bootstrap = true;
			s = simple_lock_irq(&bootstrap_lock);
			bootstrap_tasks_running++;
			simple_unlock_irq(&bootstrap_lock, s);
		}
	}
	if (bootstrap_tasks_running == 0) {
		printf("bootstrap: no boot module could be started\n");
		machine_exit(MACHINE_EXIT_FAILURE);
	}
	bootstrap_resume_all();
}

void
bootstrap_task_ended(int status, bool killed)
{
	bool last;
	spl_t s = simple_lock_irq(&bootstrap_lock);

	if (killed || status != 0)
		bootstrap_any_failed = true;
	last = --bootstrap_tasks_running == 0;
	simple_unlock_irq(&bootstrap_lock, s);
	if (!last)
		return;
	printf("bootstrap: all tasks ended%s\n",
	    bootstrap_any_failed ? " (some failed)" : "");
	machine_exit(bootstrap_any_failed ? MACHINE_EXIT_FAILURE :
	    MACHINE_EXIT_SUCCESS);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/trap.c: what happens after x86_64/locore.S has saved a frame.
 *
 *   trap_from_user()     exception or interrupt in user mode; ends in
 *                        thread_exception_return()
 *   syscall_from_user()  the `syscall` instruction; ends the same way
 *   trap_from_kernel()   interrupt or exception in kernel mode; returns
 *
 * A user page fault goes to vm_fault_user() first (vm/vm_fault.c: zero
 * fill, copy-on-write, a pager's page).  A user exception the kernel
 * cannot resolve (vm_fault's error, or any other exception) is raised
 * to the thread's, then the task's exception port
 * (exception_raise_current, kern/exception.c); when nobody handles it
 * the task ends with one console line: the task, the address, %rip and
 * the reason.  The kernel and other tasks go on.  An exception in kernel
 * mode is a kernel bug: panic with the same details; the one exception
 * is a page fault on a user address in copyio_direct(), which makes the
 * copy fail over to the slow path (trap_copyio_recover).
 *
 * Interrupts: entered with interrupts off; the clock interrupt is
 * handled with them off and acknowledged before anything may block.
 * Exceptions and system calls run with interrupts on.
 */
#include <stdbool.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/exception.h>
#include <mach/exception.h>
#include <kern/sched_prim.h>
#include <kern/syscall_sw.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <x86_64/cpu.h>
#include <x86_64/pic.h>
#include <x86_64/thread_state.h>
#include <mach/vm_param.h>
#include <vm/vm_fault.h>

#define T_DIVIDE_ERROR		0
#define T_DEBUG			1
#define T_BREAKPOINT		3
#define T_INVALID_OPCODE	6
#define T_GENERAL_PROTECTION	13
#define T_PAGE_FAULT		14
#define PF_PRESENT	0x01
#define PF_WRITE	0x02
#define PF_USER		0x04
#define PF_INSTRUCTION	0x10

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization",
	"control protection",
};

static const char *
trap_name(uint64_t trapno)
{
	if (trapno < 32 && trap_names[trapno] != NULL)
		return trap_names[trapno];
	return "reserved exception";
}

/* Describes a page fault's error code, e.g. "write to a missing page". */
static const char *
trap_page_fault_reason(uint64_t err)
{
	if (err & PF_INSTRUCTION)
		return err & PF_PRESENT ? "execute in a no-execute page" :
		    "execute from a missing page";
	if (err & PF_WRITE)
		return err & PF_PRESENT ? "write to a read-only page" :
		    "write to a missing page";
	return err & PF_PRESENT ? "read of a protected page" :
	    "read of a missing page";
}

/* The access a page fault's error code asks vm_fault() for. */
static vm_prot_t
trap_fault_type(uint64_t err)
{
	if (err & PF_INSTRUCTION)
		return VM_PROT_EXECUTE;
	return err & PF_WRITE ? VM_PROT_WRITE : VM_PROT_READ;
}

/* Interrupts: IRQ 0 is the clock; others are acknowledged and ignored. */
static void
trap_interrupt(const struct x86_64_saved_state *iss)
{
	unsigned int irq = iss->trapno - T_IRQ_BASE;

	pic_eoi(irq);
	if (irq == 0)
		sched_clock_tick(x86_64_saved_state_from_user(iss));
}

/* The Mach exception of a CPU exception (GNU Mach's mapping). */
static void __attribute__((noreturn))
trap_raise_exception(const struct x86_64_saved_state *iss, const char *why)
{
	switch (iss->trapno) {
	case T_DIVIDE_ERROR:
		exception_raise_current(EXC_ARITHMETIC, EXC_I386_DIV, 0, why);
	case T_BREAKPOINT:
		exception_raise_current(EXC_BREAKPOINT, EXC_I386_BPT, 0, why);
	case T_DEBUG:
		exception_raise_current(EXC_BREAKPOINT, EXC_I386_SGL, 0, why);
	case T_INVALID_OPCODE:
		exception_raise_current(EXC_BAD_INSTRUCTION, EXC_I386_INVOP, 0,
		    why);
	case T_GENERAL_PROTECTION:
		exception_raise_current(EXC_BAD_INSTRUCTION, EXC_I386_GPFLT,
		    (int64_t)iss->err, why);
	default:
		exception_raise_current(EXC_BAD_INSTRUCTION, (int)iss->trapno,
		    (int64_t)iss->err, why);
	}
}

void trap_from_user(struct x86_64_saved_state *iss) __attribute__((noreturn));
void trap_from_kernel(struct x86_64_saved_state *iss);
void syscall_from_user(struct x86_64_saved_state *iss)
	__attribute__((noreturn));

/*
 * trap_user_fault_done: how a user page fault ends (vm_fault_user's
 * done callback, run on whatever stack the thread has when the fault
 * completes; the trap frame is still in the pcb).  Never returns.
 */
static void __attribute__((noreturn))
trap_user_fault_done(kern_return_t kr, vm_offset_t vaddr)
{
	struct x86_64_saved_state *iss = &current_thread()->pcb->iss;
	uint64_t cr2 = current_thread()->ith.fault_address;
	char why[160];

	/* Resolved, or interrupted: a halt or a retry on the way out. */
	if (kr == KERN_SUCCESS || kr == KERN_ABORTED)
		thread_exception_return();
	snprintf(why, sizeof(why),
	    "unresolved page fault at 0x%lx, rip 0x%lx (%s)",
	    (unsigned long)cr2, (unsigned long)iss->rip,
	    trap_page_fault_reason(iss->err));
	exception_raise_current(EXC_BAD_ACCESS, kr, (int64_t)cr2, why);
}

void
trap_from_user(struct x86_64_saved_state *iss)
{
	thread_t self = current_thread();
	uint64_t cr2;
	char why[160];

	if (iss->trapno >= T_IRQ_BASE && iss->trapno < T_IRQ_BASE + 16) {
		trap_interrupt(iss);
		thread_exception_return();
	}
	if (iss->trapno == T_PAGE_FAULT) {
		cr2 = read_cr2();
		cpu_sti();
		/* The exact address, for the exception and its console line. */
		self->ith.fault_address = cr2;
		vm_fault_user(self->task->map, cr2, trap_fault_type(iss->err),
		    trap_user_fault_done);
	}
	cpu_sti();
	snprintf(why, sizeof(why),
	    "unhandled %s (trap %lu, error 0x%lx), rip 0x%lx",
	    trap_name(iss->trapno), (unsigned long)iss->trapno,
	    (unsigned long)iss->err, (unsigned long)iss->rip);
	trap_raise_exception(iss, why);
}

/*
 * trap_copyio_recover: a page fault on a user address inside
 * copyio_direct() (x86_64/locore.S) is not a kernel bug: the copy
 * returns failure and copyio.c takes the slow path, which resolves the
 * page through the map.  Returns: true if iss now resumes there.
 */
static bool
trap_copyio_recover(struct x86_64_saved_state *iss)
{
	extern char copyio_direct_start[], copyio_direct_end[];
	extern char copyio_direct_fault[];

	if (iss->trapno != T_PAGE_FAULT ||
	    iss->rip < (uint64_t)copyio_direct_start ||
	    iss->rip >= (uint64_t)copyio_direct_end ||
	    read_cr2() >= VM_MAX_ADDRESS)
		return false;
	iss->rip = (uint64_t)copyio_direct_fault;
	return true;
}

void
trap_from_kernel(struct x86_64_saved_state *iss)
{
	if (iss->trapno >= T_IRQ_BASE && iss->trapno < T_IRQ_BASE + 16) {
		trap_interrupt(iss);
		return;
	}
	if (trap_copyio_recover(iss))
		return;
	if (iss->trapno == T_PAGE_FAULT)
		panic("kernel page fault at 0x%lx, rip 0x%lx (%s)",
		    (unsigned long)read_cr2(), (unsigned long)iss->rip,
		    trap_page_fault_reason(iss->err));
	panic("kernel %s (trap %lu, error 0x%lx), rip 0x%lx",
	    trap_name(iss->trapno), (unsigned long)iss->trapno,
	    (unsigned long)iss->err, (unsigned long)iss->rip);
}

void
syscall_from_user(struct x86_64_saved_state *iss)
{
	cpu_sti();
	iss->rax = mach_trap_dispatch(iss);
	thread_exception_return();
}

/* `syscall` enters syscall_entry with interrupts, traps and DF off. */
void
syscall_init(void)
{
	extern char syscall_entry[];

	wrmsr(MSR_STAR, ((uint64_t)(USER_DS - 8 - 3) << 48) |
	    ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, 0x40000 | 0x400 | 0x200 | 0x100);
}

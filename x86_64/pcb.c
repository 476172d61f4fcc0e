/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64/pcb.c: per-thread machine state and the switch between threads.
 *
 * Three ways to run another thread, chosen by kern/sched_prim.c:
 *   switch_context()   both keep their stacks; old resumes in it later
 *   stack_handoff()    old blocked with a continuation and next has no
 *                      stack: next takes old's stack as it is
 *   a fresh stack      next has no stack and old keeps its own:
 *                      pcb_prepare_fresh_stack() then switch_context()
 * In each case pcb_load_machine_state() points the TSS, the per-CPU
 * stack pointers and %cr3 at the thread that will run.
 *
 * Called with sched_lock held at splsched; the caller keeps it across.
 */
#include <stddef.h>
#include <kern/assert.h>
#include <kern/continuation.h>
#include <kern/cpu.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <x86_64/gdt.h>
#include <x86_64/pcb.h>
#include <x86_64/pmap.h>

/* Offsets x86_64/locore.S relies on. */
_Static_assert(offsetof(struct cpu_data, kernel_stack_top) == 32, "cpu");
_Static_assert(offsetof(struct cpu_data, syscall_user_rsp) == 40, "cpu");
_Static_assert(offsetof(struct cpu_data, pcb_stack_top) == 48, "cpu");
_Static_assert(offsetof(struct x86_64_saved_state, rax) == ISS_RAX, "iss");
_Static_assert(offsetof(struct x86_64_saved_state, trapno) == ISS_TRAPNO,
    "iss");
_Static_assert(offsetof(struct x86_64_saved_state, rip) == ISS_RIP, "iss");
_Static_assert(offsetof(struct x86_64_saved_state, cs) == ISS_CS, "iss");
_Static_assert(sizeof(struct x86_64_saved_state) == ISS_SIZE, "iss");
_Static_assert(offsetof(struct x86_64_kernel_state, rip) == KSS_RIP, "kss");
/* The CPU aligns the frame it pushes to 16 bytes: keep the end aligned. */
_Static_assert(offsetof(struct pcb, iss) == 0, "pcb");
_Static_assert(sizeof(struct x86_64_saved_state) % 16 == 0, "pcb");

void
pcb_init(thread_t thread)
{
	memset(thread->pcb, 0, sizeof(*thread->pcb));
}

void
pcb_set_user_entry(thread_t thread, uint64_t rip, uint64_t rsp, uint64_t arg0)
{
	struct x86_64_saved_state *iss = &thread->pcb->iss;

	memset(iss, 0, sizeof(*iss));
	iss->rip = rip;
	iss->cs = USER_CS;
	iss->ss = USER_DS;
	iss->rsp = rsp;
	iss->rflags = 0x202;		/* IF, and the always-one bit */
	iss->rdi = arg0;
}

void
pcb_prepare_fresh_stack(thread_t thread)
{
	struct x86_64_kernel_state *kss = &thread->pcb->kss;

	assert(thread->kernel_stack != 0);
	memset(kss, 0, sizeof(*kss));
	kss->rsp = thread_stack_top(thread);
	kss->rip = (uint64_t)thread_continue_trampoline;
}

void
pcb_load_machine_state(thread_t thread)
{
	struct cpu_data *cpu = current_cpu();
	uint64_t iss_end = (uint64_t)(&thread->pcb->iss + 1);

	assert(thread->kernel_stack != 0);
	cpu->kernel_stack_top = thread_stack_top(thread);
	cpu->pcb_stack_top = iss_end;
	tss_set_rsp0(iss_end);
	pmap_activate(thread->task != NULL ? thread->task->pmap : kernel_pmap);
	cpu->active_thread = thread;
}

thread_t
switch_context(thread_t old, thread_t next)
{
	pcb_load_machine_state(next);
	return switch_context_kss(&old->pcb->kss, &next->pcb->kss, old);
}

void
stack_handoff(thread_t old, thread_t next)
{
	assert(old->kernel_stack != 0 && next->kernel_stack == 0);
	next->kernel_stack = old->kernel_stack;
	old->kernel_stack = 0;
	pcb_load_machine_state(next);
}

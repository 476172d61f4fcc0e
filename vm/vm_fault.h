/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_fault.h: page faults, as a state machine that can wait for a
 * pager without holding a kernel stack.  Design: design/05-fault.md.
 */
#ifndef _VM_VM_FAULT_H_
#define _VM_VM_FAULT_H_

#include <stdbool.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_prot.h>
#include <vm/vm_map.h>

/* The steps of a fault (vm/vm_fault.c has one function per step). */
enum vm_fault_step {
	VM_FAULT_STEP_LOOKUP,		/* map entry -> object, offset */
	VM_FAULT_STEP_FIND_PAGE,	/* walk the object and its shadows */
	VM_FAULT_STEP_REVALIDATE,	/* after a block: is the lookup good? */
	VM_FAULT_STEP_ENTER,		/* map the page in the pmap */
	VM_FAULT_STEP_DONE,		/* result is final */
};

/*
 * struct vm_fault_state: all a fault needs after it blocks.  It lives in
 * the thread (thread->saved.fault), not on the stack: a user fault
 * blocks with thread_block(vm_fault_continue), which drops the stack.
 * No pointer into a map entry and no page pointer survives a block:
 * the object (referenced) and offsets do, and the map's timestamp says
 * whether the lookup still holds (invariant F2 of design/05-fault.md).
 */
struct vm_fault_state {
	/* Set once, by vm_fault_start(). */
	vm_map_t		map;	/* NULL: vm_fault_object_page */
	vm_offset_t		vaddr;		/* page aligned */
	vm_prot_t		fault_type;
	bool			user;		/* continue in user mode */
	/* Set by the LOOKUP step; checked again after every block. */
	unsigned int		map_version;
	vm_object_t		first_object;	/* holds a reference */
	vm_offset_t		first_offset;
	vm_prot_t		entry_protection;
	/* Where FIND_PAGE found the page (valid until the next block). */
	vm_object_t		page_object;
	vm_offset_t		page_offset;
	enum vm_fault_step	step;		/* next step to run */
	kern_return_t		result;
};

/*
 * vm_fault: make the page at vaddr resident and mapped for fault_type,
 * waiting (with this thread's stack) for a pager if needed.  For kernel
 * callers (copyin/copyout, self-tests).
 * Locks: none held.  Blocks: yes, without a continuation.
 * Returns: KERN_SUCCESS; KERN_INVALID_ADDRESS; KERN_PROTECTION_FAILURE;
 * KERN_RESOURCE_SHORTAGE; KERN_MEMORY_ERROR (the pager said so);
 * KERN_ABORTED (the wait was interrupted).
 */
kern_return_t	vm_fault(vm_map_t map, vm_offset_t vaddr,
		    vm_prot_t fault_type);

/*
 * vm_fault_user: the user page fault of the current thread at vaddr.
 * Never returns: when the fault is resolved or has failed it calls
 * done(result, vaddr) (x86_64/trap.c: back to user mode, or the memory
 * exception), which does not return either.
 * Blocks: with continuation vm_fault_continue while a pager works.
 */
void		vm_fault_user(vm_map_t map, vm_offset_t vaddr,
		    vm_prot_t fault_type,
		    void (*done)(kern_return_t result, vm_offset_t vaddr))
		    __attribute__((noreturn));

/*
 * vm_fault_page_locked: the resident page of entry at va (page aligned,
 * inside entry) for access when it can be had without waiting.  A
 * copy-on-write entry (needs_copy) first gets its own shadow for a
 * write (vm_map_entry_shadow: the map's timestamp changes), and is
 * mapped without write for a read.  The page: resident
 * in the entry's object or its anonymous shadows (copied up into the
 * entry's object for a write), or a zero fill when that whole chain is
 * anonymous.  Entered in the pmap with the entry's protection (without
 * write for a page left below the top, or for a pager's page when the
 * access is a read); *m gets it.  A page mapped writable is marked
 * dirty (D1, design/05-fault.md): the caller may write it through the
 * kernel's direct map, which leaves no trace in any PTE.
 * Locks: map locked (held throughout); takes the object lock.
 * Returns: KERN_SUCCESS, KERN_RESOURCE_SHORTAGE, or KERN_ABORTED when
 * only vm_fault() can get the page (a pager is involved, or the page
 * is busy).
 */
kern_return_t	vm_fault_page_locked(vm_map_t map, vm_map_entry_t entry,
		    vm_offset_t va, vm_prot_t access, struct vm_page **m);

/*
 * vm_fault_object_page: make the page at (object, offset) resident for
 * a read, as a kernel fault would through a mapping of object: asks the
 * pager (and waits) if needed.  Nothing is mapped; the page may leave
 * again once this returns, so the caller reads it under the object
 * lock and retries if it is gone (an eager copy, vm/vm_object_copy.c).
 * Locks: none held.  Blocks: yes, without a continuation.
 * Returns: as vm_fault, but never KERN_INVALID_ADDRESS or
 * KERN_PROTECTION_FAILURE.
 */
kern_return_t	vm_fault_object_page(vm_object_t object,
		    vm_offset_t offset, vm_prot_t access);

/* Counters: struct vm_counters (vm/vm_stats.h). */

#endif /* _VM_VM_FAULT_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm_fork_copy.c: task_create's VM_INHERIT_COPY of memory
 * that cannot be made copy-on-write by needs_copy (vm_map_fork_cow) is a
 * copy as of the call: a shared anonymous object whose pages lie below
 * it on a shadow chain (a delayed copy, K1-K4 of design/05-fault.md),
 * and a wired range (an eager copy, K5).
 *
 *   shared  region R (4 pages) holds 100 + page; child 1 takes it by
 *           copy-on-write (R's data now lies below R's object, on the
 *           shadow chain), child 2 by VM_INHERIT_SHARE (R's object is
 *           shared), child 3 by VM_INHERIT_COPY again: one copy
 *           object.  The parent then writes 200 + page: child 3 reads
 *           100 + page (not zeroes), child 2 reads 200 + page; child
 *           3's vm_write of 300 reaches neither the parent nor child 2.
 *   wired   region W (2 pages) holds 400 + page and is wired; child 4
 *           (only W inherited) gets an eager copy of both pages.  The
 *           parent writes 500 + page: child 4 still reads 400 + page.
 *
 * Keys: fork_copy.<what>=N for tests/harness/test_vm_fork_copy.py.
 */
#include <clustermach/vm_counters.h>
#include <cmtest.h>

#define FORK_PAGE	4096UL
#define FORK_R_PAGES	4
#define FORK_W_PAGES	2

static mach_port_t me;
static long fork_word[FORK_PAGE / sizeof(long)]
    __attribute__((aligned(4096)));

/* The first word of page `page' of region base in task, or -1. */
static long
fork_word_of(mach_port_t task, vm_address_t base, unsigned int page)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	long word;

	if (vm_read(task, base + page * FORK_PAGE, FORK_PAGE, &data,
	    &count) != KERN_SUCCESS)
		return -1;
	word = *(long *)data;
	(void)vm_deallocate(me, data, count);
	return word;
}

/* Pages of [base, +pages) in task whose first word is not first + page. */
static long
fork_pages_not(mach_port_t task, vm_address_t base, unsigned int pages,
    long first)
{
	unsigned int page;
	long bad = 0;

	for (page = 0; page < pages; page++)
		bad += fork_word_of(task, base, page) != first + (long)page;
	return bad;
}

static void
fork_fill(vm_address_t base, unsigned int pages, long first)
{
	unsigned int page;

	for (page = 0; page < pages; page++)
		*(volatile long *)(base + page * FORK_PAGE) = first + page;
}

static mach_port_t
fork_child(void)
{
	mach_port_t child = MACH_PORT_NULL;

	if (!cm_check_kr("task_create", task_create(me, TRUE, &child)))
		cm_test_end();
	return child;
}

static void
fork_end(mach_port_t child)
{
	cm_check_kr("task_terminate", task_terminate(child));
	(void)mach_port_deallocate(me, child);
}

/* The shared phase (see the header). */
static void
fork_shared(vm_address_t r)
{
	mach_port_t child1, child2, child3;
	uint64_t objects;
	vm_size_t bytes = FORK_R_PAGES * FORK_PAGE;

	fork_fill(r, FORK_R_PAGES, 100);
	child1 = fork_child();
	cm_check_kr("inherit share", vm_inherit(me, r, bytes,
	    VM_INHERIT_SHARE));
	child2 = fork_child();
	cm_check_kr("inherit copy", vm_inherit(me, r, bytes, VM_INHERIT_COPY));
	objects = cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED);
	child3 = fork_child();
	printf("fork_copy.shared_copy_objects=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COPY_OBJECTS_CREATED) - objects));
	fork_fill(r, FORK_R_PAGES, 200);
	printf("fork_copy.child3_not_100=%ld\n",
	    fork_pages_not(child3, r, FORK_R_PAGES, 100));
	printf("fork_copy.child3_page0=%ld\n", fork_word_of(child3, r, 0));
	printf("fork_copy.child2_not_200=%ld\n",
	    fork_pages_not(child2, r, FORK_R_PAGES, 200));
	fork_word[0] = 300;
	cm_check_kr("vm_write child 3", vm_write(child3, r,
	    (vm_offset_t)fork_word, FORK_PAGE));
	printf("fork_copy.child3_own=%ld\n", fork_word_of(child3, r, 0));
	printf("fork_copy.parent_page0=%ld\n", *(volatile long *)r);
	printf("fork_copy.child2_page0=%ld\n", fork_word_of(child2, r, 0));
	printf("fork_copy.child1_not_100=%ld\n",
	    fork_pages_not(child1, r, FORK_R_PAGES, 100));
	fork_end(child1);
	fork_end(child2);
	fork_end(child3);
	cm_check_kr("inherit none", vm_inherit(me, r, bytes, VM_INHERIT_NONE));
}

/* The wired phase (see the header). */
static void
fork_wired(vm_address_t w)
{
	mach_port_t child4;
	uint64_t eager, pages;
	vm_size_t bytes = FORK_W_PAGES * FORK_PAGE;

	fork_fill(w, FORK_W_PAGES, 400);
	cm_check_kr("vm_wire", vm_wire(cm_host_priv_port, me, w, bytes,
	    VM_PROT_READ | VM_PROT_WRITE));
	eager = cm_vm_counter(VM_COUNTER_EAGER_COPIES);
	pages = cm_vm_counter(VM_COUNTER_EAGER_COPY_PAGES);
	child4 = fork_child();
	printf("fork_copy.wired_eager_copies=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_EAGER_COPIES) - eager));
	printf("fork_copy.wired_eager_pages=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_EAGER_COPY_PAGES) - pages));
	fork_fill(w, FORK_W_PAGES, 500);
	printf("fork_copy.child4_not_400=%ld\n",
	    fork_pages_not(child4, w, FORK_W_PAGES, 400));
	printf("fork_copy.parent_not_500=%ld\n",
	    fork_pages_not(me, w, FORK_W_PAGES, 500));
	fork_end(child4);
	cm_check_kr("vm_wire none", vm_wire(cm_host_priv_port, me, w, bytes,
	    VM_PROT_NONE));
}

/* Every region VM_INHERIT_NONE: children get only what a phase opens. */
static void
fork_inherit_none(vm_address_t addr, vm_size_t size, vm_inherit_t inherit,
    boolean_t shared, void *arg)
{
	(void)inherit;
	(void)shared;
	(void)arg;
	(void)vm_inherit(me, addr, size, VM_INHERIT_NONE);
}

int
main(int argc, char **argv, char **envp)
{
	vm_address_t r = 0, w = 0;

	(void)envp;
	cm_test_begin(argc, argv, "vm_fork_copy");
	me = mach_task_self();
	if (!cm_check_kr("allocate R", vm_allocate(me, &r,
	    FORK_R_PAGES * FORK_PAGE, TRUE)) ||
	    !cm_check_kr("allocate W", vm_allocate(me, &w,
	    FORK_W_PAGES * FORK_PAGE, TRUE)))
		cm_test_end();
	(void)cm_regions(fork_inherit_none, NULL);
	cm_check_kr("inherit R", vm_inherit(me, r, FORK_R_PAGES * FORK_PAGE,
	    VM_INHERIT_COPY));
	fork_shared(r);
	cm_check_kr("inherit W", vm_inherit(me, w, FORK_W_PAGES * FORK_PAGE,
	    VM_INHERIT_COPY));
	fork_wired(w);
	cm_test_end();
}

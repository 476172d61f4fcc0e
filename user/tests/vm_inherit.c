/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm_inherit.c: task_create with inherit_memory TRUE gives
 * the child its parent's memory by each region's inheritance.
 *
 * Three pages, written 1, 2, 3 before the child is made: COPY (the
 * default), SHARE, NONE.  Then the parent writes 11, 12 and reads the
 * child's memory with vm_read / writes it with vm_write:
 *   COPY   the child still has 1, and its writes do not reach us
 *   SHARE  the child sees 12, and our reads see its writes
 *   NONE   nothing is mapped there in the child
 * Prints vm_inherit.<region>=<value the child has>.
 *
 * COPY is copy-on-write (vm/vm_map.c, vm_map_fork_cow): task_create
 * counts one cow_fork per private region it made copy-on-write (every
 * region with inheritance COPY that is not shared: the program's own
 * segments and stack count too, so the expectation is made from
 * vm_region), and the child's first write to its copy copies exactly
 * one page up (cow_faults), its write to the shared page none.
 * The copy is lazy (needs_copy): a fourth region, never touched before
 * task_create, is read by us (a user read fault: no shadow object made)
 * and then written (our first write: exactly one cow_shadow).
 */
#include <clustermach/vm_counters.h>
#include <cmtest.h>

#define VM_INHERIT_PAGE	4096UL

static mach_port_t me;
static long vm_inherit_page[VM_INHERIT_PAGE / sizeof(long)]
    __attribute__((aligned(4096)));

static void
vm_inherit_count_cow(vm_address_t addr, vm_size_t size, vm_inherit_t inherit,
    boolean_t shared, void *arg)
{
	(void)addr;
	(void)size;
	if (inherit == VM_INHERIT_COPY && !shared)
		++*(long *)arg;
}

/* Regions of our map that task_create should make copy-on-write. */
static long
vm_inherit_cow_regions(void)
{
	long n = 0;

	(void)cm_regions(vm_inherit_count_cow, &n);
	return n;
}

/* The first word of the child's page at addr, or -1. */
static long
vm_inherit_child_word(mach_port_t child, vm_address_t addr)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	long word;

	if (vm_read(child, addr, VM_INHERIT_PAGE, &data, &count) !=
	    KERN_SUCCESS)
		return -1;
	word = *(long *)data;
	(void)vm_deallocate(me, data, count);
	return word;
}

static void
vm_inherit_child_write(mach_port_t child, vm_address_t addr, long word)
{
	vm_inherit_page[0] = word;
	cm_check_kr("vm_write to the child", vm_write(child, addr,
	    (vm_offset_t)vm_inherit_page, VM_INHERIT_PAGE));
}

int
main(int argc, char **argv, char **envp)
{
	vm_address_t base = 0, fresh = 0, copy, share, none;
	mach_port_t child = MACH_PORT_NULL;
	uint64_t forks, cow, shadows;
	long word;
	long regions;

	(void)envp;
	cm_test_begin(argc, argv, "vm_inherit");
	me = mach_task_self();
	if (!cm_check_kr("allocate", vm_allocate(me, &base,
	    3 * VM_INHERIT_PAGE, TRUE)) || !cm_check_kr("allocate fresh",
	    vm_allocate(me, &fresh, VM_INHERIT_PAGE, TRUE)))
		cm_test_end();
	copy = base;
	share = base + VM_INHERIT_PAGE;
	none = base + 2 * VM_INHERIT_PAGE;
	*(volatile long *)copy = 1;
	*(volatile long *)share = 2;
	*(volatile long *)none = 3;
	cm_check_kr("inherit share", vm_inherit(me, share, VM_INHERIT_PAGE,
	    VM_INHERIT_SHARE));
	cm_check_kr("inherit none", vm_inherit(me, none, VM_INHERIT_PAGE,
	    VM_INHERIT_NONE));
	regions = vm_inherit_cow_regions();
	forks = cm_vm_counter(VM_COUNTER_COW_FORKS);
	if (!cm_check_kr("task_create", task_create(me, TRUE, &child)))
		cm_test_end();
	forks = cm_vm_counter(VM_COUNTER_COW_FORKS) - forks;
	printf("vm_inherit.cow_forks=%lu\n", (unsigned long)forks);
	printf("vm_inherit.cow_regions=%ld\n", regions);
	cm_check_eq("one cow_fork per private COPY region", (long)forks,
	    regions);
	/*
	 * Our stack's and data's first writes since task_create made their
	 * shadows (one per entry); done by the first counter read.
	 */
	(void)cm_vm_counter(VM_COUNTER_COW_SHADOWS);
	shadows = cm_vm_counter(VM_COUNTER_COW_SHADOWS);
	word = *(volatile long *)fresh;
	printf("vm_inherit.read_fault_cow_shadows=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COW_SHADOWS) - shadows));
	shadows = cm_vm_counter(VM_COUNTER_COW_SHADOWS);
	*(volatile long *)fresh = word + 5;
	*(volatile long *)(fresh + 8) = 6;
	printf("vm_inherit.first_write_cow_shadows=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_COW_SHADOWS) - shadows));
	cm_check_eq("the child's fresh page stays zero",
	    vm_inherit_child_word(child, fresh), 0);
	cm_check_eq("our write to it stays ours", *(volatile long *)fresh, 5);
	/*
	 * Taking write away and giving it back must not make our PTE of
	 * the shared page below our shadow writable (pmap_protect never
	 * adds a right): the write below still copies the page up.
	 */
	cm_check_kr("read-only", vm_protect(me, copy, VM_INHERIT_PAGE, FALSE,
	    VM_PROT_READ));
	cm_check_kr("read-write again", vm_protect(me, copy, VM_INHERIT_PAGE,
	    FALSE, VM_PROT_READ | VM_PROT_WRITE));
	*(volatile long *)copy = 11;
	*(volatile long *)share = 12;
	printf("vm_inherit.copy=%ld\n", vm_inherit_child_word(child, copy));
	printf("vm_inherit.share=%ld\n", vm_inherit_child_word(child, share));
	printf("vm_inherit.none=%ld\n", vm_inherit_child_word(child, none));
	cm_check_eq("child's copy kept the old value",
	    vm_inherit_child_word(child, copy), 1);
	cm_check_eq("child's shared page sees our write",
	    vm_inherit_child_word(child, share), 12);
	cm_check_eq("nothing inherited under NONE",
	    vm_inherit_child_word(child, none), -1);
	/* Our own first writes since task_create copy up; done now. */
	vm_inherit_page[0] = 0;
	(void)cm_vm_counter(VM_COUNTER_COW_FAULTS);
	cow = cm_vm_counter(VM_COUNTER_COW_FAULTS);
	vm_inherit_child_write(child, copy, 21);
	cow = cm_vm_counter(VM_COUNTER_COW_FAULTS) - cow;
	printf("vm_inherit.child_copy_cow_faults=%lu\n", (unsigned long)cow);
	cm_check_eq("the child's write copied one page up", (long)cow, 1);
	cow = cm_vm_counter(VM_COUNTER_COW_FAULTS);
	vm_inherit_child_write(child, share, 22);
	cow = cm_vm_counter(VM_COUNTER_COW_FAULTS) - cow;
	printf("vm_inherit.child_share_cow_faults=%lu\n", (unsigned long)cow);
	cm_check_eq("a write to the shared page copies nothing", (long)cow,
	    0);
	cm_check_eq("child's write to its copy stays there",
	    *(volatile long *)copy, 11);
	cm_check_eq("child's write to the shared page reaches us",
	    *(volatile long *)share, 22);
	cm_check_kr("task_terminate", task_terminate(child));
	(void)mach_port_deallocate(me, child);
	cm_test_end();
}

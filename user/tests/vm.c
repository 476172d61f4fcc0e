/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm.c: anonymous memory through the VM RPCs.
 *
 * vm_allocate (anywhere, and at a fixed address: the second time
 * KERN_NO_SPACE), zero fill, vm_write into it and vm_read back (a new
 * region with the same bytes), vm_protect (read-only, then back),
 * vm_deallocate (a vm_read of the hole then fails), vm_statistics
 * (pagesize 4096; touching VM_TOUCH_PAGES pages takes at least that many
 * free pages, deallocating gives them back) and vm_wire_all on the
 * privileged host port.  vm_set_size_limit / vm_get_size_limit are not
 * in Debian 13's gnumach-dev (no stubs): vm.size_limit=absent says so.
 */
#include <cmtest.h>

#define VM_PAGE			4096UL
#define VM_TOUCH_PAGES		64
#define VM_FIXED_ADDRESS	0x40000000UL

static mach_port_t me;

static void
vm_read_write(void)
{
	vm_address_t a = 0, copy = 0;
	mach_msg_type_number_t copy_bytes = 0;
	unsigned char src[256];
	unsigned char *p;
	size_t i;
	int zero = 1, same = 1;

	cm_check_kr("vm_allocate 4 pages", vm_allocate(me, &a, 4 * VM_PAGE,
	    TRUE));
	cm_check(a != 0 && (a & (VM_PAGE - 1)) == 0, "page-aligned address");
	p = (unsigned char *)a;
	for (i = 0; i < 4 * VM_PAGE; i++)
		zero &= p[i] == 0;
	cm_check(zero, "new memory reads as zero");
	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i ^ 0xa5);
	cm_check_kr("vm_write", vm_write(me, a + VM_PAGE, (vm_offset_t)src,
	    sizeof(src)));
	cm_check(memcmp(p + VM_PAGE, src, sizeof(src)) == 0,
	    "vm_write wrote the bytes");
	for (i = 0; i < 4 * VM_PAGE; i++)
		p[i] = (unsigned char)(i * 13);
	cm_check_kr("vm_read", vm_read(me, a, 2 * VM_PAGE, &copy,
	    &copy_bytes));
	cm_check_eq("vm_read size", copy_bytes, 2 * VM_PAGE);
	cm_check(copy != a, "vm_read gives a new region");
	for (i = 0; i < 2 * VM_PAGE && copy != 0; i++)
		same &= ((unsigned char *)copy)[i] == (unsigned char)(i * 13);
	cm_check(same, "vm_read copy has the bytes");
	printf("vm.read_ok=%d\n", same);
	cm_check_kr("vm_protect read-only", vm_protect(me, a, VM_PAGE, FALSE,
	    VM_PROT_READ));
	cm_check_eq("read-only page still reads", p[5], (unsigned char)65);
	cm_check_kr("vm_protect back", vm_protect(me, a, VM_PAGE, FALSE,
	    VM_PROT_READ | VM_PROT_WRITE));
	p[5] = 1;
	cm_check_kr("deallocate copy", vm_deallocate(me, copy, copy_bytes));
	cm_check_kr("vm_deallocate", vm_deallocate(me, a, 4 * VM_PAGE));
	copy = 0;
	cm_check(vm_read(me, a, VM_PAGE, &copy, &copy_bytes) != KERN_SUCCESS,
	    "vm_read of a hole fails");
}

static void
vm_fixed(void)
{
	vm_address_t a = VM_FIXED_ADDRESS;

	cm_check_kr("vm_allocate fixed", vm_allocate(me, &a, VM_PAGE, FALSE));
	cm_check_eq("fixed address kept", a, VM_FIXED_ADDRESS);
	cm_check_code("vm_allocate fixed again", vm_allocate(me, &a, VM_PAGE,
	    FALSE), KERN_NO_SPACE);
	cm_check_kr("deallocate fixed", vm_deallocate(me, VM_FIXED_ADDRESS,
	    VM_PAGE));
}

static void
vm_statistics_pages(void)
{
	struct vm_statistics stats;
	vm_address_t a = 0;
	long before, touched, after;
	size_t i;

	cm_check_kr("vm_statistics", vm_statistics(me, &stats));
	cm_check_eq("pagesize", stats.pagesize, VM_PAGE);
	before = stats.free_count;
	cm_check(before > VM_TOUCH_PAGES, "free pages available");
	cm_check_kr("allocate to touch", vm_allocate(me, &a,
	    VM_TOUCH_PAGES * VM_PAGE, TRUE));
	for (i = 0; i < VM_TOUCH_PAGES; i++)
		((volatile char *)a)[i * VM_PAGE] = 1;
	touched = cm_free_pages();
	cm_check(touched <= before - VM_TOUCH_PAGES,
	    "touching takes free pages");
	cm_check_kr("deallocate touched", vm_deallocate(me, a,
	    VM_TOUCH_PAGES * VM_PAGE));
	after = cm_free_pages();
	cm_check(after >= touched + VM_TOUCH_PAGES,
	    "deallocate gives the pages back");
	printf("vm.free_before=%ld\n", before);
	printf("vm.free_touched=%ld\n", touched);
	printf("vm.free_after=%ld\n", after);
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "vm");
	me = mach_task_self();
	vm_read_write();
	vm_fixed();
	vm_statistics_pages();
	cm_check_kr("vm_wire_all", vm_wire_all(cm_host_priv_port, me,
	    VM_WIRE_ALL));
	cm_check_kr("vm_wire_all none", vm_wire_all(cm_host_priv_port, me,
	    VM_WIRE_NONE));
	printf("vm.size_limit=absent\n");
	cm_test_end();
}

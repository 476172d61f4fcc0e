/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm.c: anonymous memory through the VM RPCs.
 *
 * vm_allocate (anywhere, and at a fixed address: the second time
 * KERN_NO_SPACE), zero fill, vm_write into it and vm_read back (a new
 * region with the same bytes), vm_protect (read-only, then back),
 * vm_deallocate (a vm_read of the hole then fails), vm_statistics
 * (pagesize 4096; touching VM_TOUCH_PAGES pages takes at least that many
 * free pages, deallocating gives them back), vm_wire_all on the
 * privileged host port, and vm_set_size_limit / vm_get_size_limit (ids
 * 4215 / 4216 of GNU Mach's gnumach.defs; the stubs come from our
 * include/clustermach/gnumach_ext.defs, Debian 13's gnumach-dev has none):
 * the errors in GNU Mach's order, the privilege to raise the maximum,
 * vm_allocate beyond the limit, and the raw message ids.
 */
#include <clustermach/gnumach_ext.h>
#include <cmtest.h>
#include <mach/mig_errors.h>

#define VM_PAGE			4096UL
#define VM_TOUCH_PAGES		64
#define VM_FIXED_ADDRESS	0x40000000UL
/* upstream's tests/test-vm.c figures; vm_allocate never touches them */
#define VM_LIMIT_CUR		(128UL << 20)
#define VM_LIMIT_MAX		(512UL << 20)
#define VM_LIMIT_RAISED_CUR	(640UL << 20)
#define VM_LIMIT_RAISED_MAX	(1024UL << 20)
/* gnumach.defs: subsystem 4200, the two routines after thread_get_name */
#define VM_GET_SIZE_LIMIT_ID	4216

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

/* vm_get_size_limit's reply as MIG lays it out (8-byte type words). */
struct vm_size_limit_reply {
	mach_msg_header_t	head;
	mach_msg_type_t		ret_code_type;
	kern_return_t		ret_code;
	mach_msg_type_t		current_limit_type;
	vm_size_t		current_limit;
	mach_msg_type_t		max_limit_type;
	vm_size_t		max_limit;
};

/*
 * vm_size_limit_raw: sends id to this task's port as a bare request
 * (what vm_get_size_limit's stub sends, written without it) and
 * receives the reply into *reply.  Returns mach_msg's code.
 */
static mach_msg_return_t
vm_size_limit_raw(mach_msg_id_t id, struct vm_size_limit_reply *reply)
{
	mach_port_t reply_port = mach_reply_port();
	mach_msg_return_t mr;

	memset(reply, 0, sizeof(*reply));
	reply->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	reply->head.msgh_size = sizeof(mach_msg_header_t);
	reply->head.msgh_remote_port = me;
	reply->head.msgh_local_port = reply_port;
	reply->head.msgh_id = id;
	mr = mach_msg(&reply->head, MACH_SEND_MSG | MACH_RCV_MSG,
	    sizeof(mach_msg_header_t), sizeof(*reply), reply_port,
	    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	mach_port_destroy(me, reply_port);
	return mr;
}

/* The ids on the wire: 4216 answers with 4316, 4217 is nobody's. */
static void
vm_size_limit_ids(vm_size_t cur, vm_size_t max)
{
	struct vm_size_limit_reply r;

	cm_check_kr("raw vm_get_size_limit",
	    vm_size_limit_raw(VM_GET_SIZE_LIMIT_ID, &r));
	cm_check_eq("raw reply id", r.head.msgh_id, VM_GET_SIZE_LIMIT_ID + 100);
	cm_check_code("raw reply code", r.ret_code, KERN_SUCCESS);
	cm_check_eq("raw current_limit", r.current_limit, cur);
	cm_check_eq("raw max_limit", r.max_limit, max);
	printf("vm.size_limit_reply_id=%d\n", (int)r.head.msgh_id);
	cm_check_kr("raw id after vm_get_size_limit",
	    vm_size_limit_raw(VM_GET_SIZE_LIMIT_ID + 1, &r));
	cm_print_code("vm.size_limit_next_id", r.ret_code);
}

/* The size limit errors, in the order GNU Mach checks them. */
static void
vm_size_limit_errors(mach_port_t host)
{
	vm_size_t cur, max;

	cm_print_code("vm.size_limit_cur_above_max", vm_set_size_limit(host,
	    me, VM_LIMIT_MAX + 1, VM_LIMIT_MAX));
	cm_print_code("vm.size_limit_raise_unprivileged", vm_set_size_limit(
	    host, me, VM_LIMIT_CUR, VM_LIMIT_RAISED_MAX));
	cm_print_code("vm.size_limit_set_not_task", vm_set_size_limit(host,
	    host, VM_LIMIT_CUR, VM_LIMIT_MAX));
	cm_print_code("vm.size_limit_set_null_task", vm_set_size_limit(host,
	    MACH_PORT_NULL, VM_LIMIT_CUR, VM_LIMIT_MAX));
	cm_print_code("vm.size_limit_set_not_host", vm_set_size_limit(me, me,
	    VM_LIMIT_CUR, VM_LIMIT_MAX));
	cm_print_code("vm.size_limit_get_not_task", vm_get_size_limit(host,
	    &cur, &max));
}

/*
 * vm_size_limits: upstream's tests/test-vm.c sequence: lower both limits
 * on the plain host port, fail to raise the maximum there, hit the
 * current limit, raise both on host_priv; then put the limits back.
 */
static void
vm_size_limits(void)
{
	mach_port_t host = mach_host_self();
	vm_size_t cur0, max0, cur, max;
	vm_address_t a = 0;

	cm_check_kr("vm_get_size_limit", vm_get_size_limit(me, &cur0, &max0));
	printf("vm.size_limit_initial_cur=0x%lx\n", (unsigned long)cur0);
	printf("vm.size_limit_initial_max=0x%lx\n", (unsigned long)max0);
	cm_check_kr("lower limits", vm_set_size_limit(host, me, VM_LIMIT_CUR,
	    VM_LIMIT_MAX));
	cm_check_kr("get lowered", vm_get_size_limit(me, &cur, &max));
	cm_check_eq("lowered cur", cur, VM_LIMIT_CUR);
	cm_check_eq("lowered max", max, VM_LIMIT_MAX);
	vm_size_limit_ids(VM_LIMIT_CUR, VM_LIMIT_MAX);
	vm_size_limit_errors(host);
	cm_check_kr("allocate below the limit", vm_allocate(me, &a,
	    128UL << 10, TRUE));
	cm_check_kr("deallocate below", vm_deallocate(me, a, 128UL << 10));
	cm_print_code("vm.size_limit_allocate_above", vm_allocate(me, &a,
	    2 * VM_LIMIT_CUR, TRUE));
	cm_check_kr("raise on host_priv", vm_set_size_limit(cm_host_priv_port,
	    me, VM_LIMIT_RAISED_CUR, VM_LIMIT_RAISED_MAX));
	cm_check_kr("get raised", vm_get_size_limit(me, &cur, &max));
	printf("vm.size_limit_raised_cur=0x%lx\n", (unsigned long)cur);
	printf("vm.size_limit_raised_max=0x%lx\n", (unsigned long)max);
	cm_check_kr("allocate under the raised limit", vm_allocate(me, &a,
	    2 * VM_LIMIT_CUR, TRUE));
	cm_check_kr("deallocate raised", vm_deallocate(me, a,
	    2 * VM_LIMIT_CUR));
	cm_check_kr("restore limits", vm_set_size_limit(cm_host_priv_port,
	    me, cur0, max0));
	mach_port_deallocate(me, host);
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
	vm_size_limits();
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm_exhaust.c: a task that touches more anonymous memory
 * than the machine has gets an error, and the kernel goes on.
 *
 * There is no default pager yet (design/05-fault.md), so anonymous
 * pages cannot be paged out: a fault that finds no free page and
 * nothing the pageout daemon could clean ends with
 * KERN_RESOURCE_SHORTAGE (vm_fault_no_page), which the faulting thread
 * gets as EXC_BAD_ACCESS.  A second thread writes one word into every
 * page of a region twice the machine's memory; the main thread serves
 * the task's exception port, records the exception, frees the region
 * and terminates the thread (no reply).  Then it checks that the free
 * page count came back, and that new memory can be touched again.
 *
 * Keys: exhaust.exception, exhaust.code, exhaust.subcode_in_region,
 * exhaust.pages_touched_some, exhaust.free_recovered, exhaust.after_ok.
 */
#include <cmtest.h>
#include <cthreads.h>
#include <mach/exception.h>

#define EXHAUST_PAGE		4096UL
#define EXHAUST_AFTER_PAGES	64
/*
 * Pages that stay used after the region is freed: its user page
 * tables (one per 512 pages touched, kept until the pmap goes, as in
 * GNU Mach), and at most this many more (the killed thread's stack,
 * which cthreads never got back, and kernel bookkeeping).
 */
#define EXHAUST_SLACK_PAGES	32
#define EXHAUST_PAGES_PER_TABLE	512

static mach_port_t me, exc_port;
static vm_address_t exhaust_base;
static vm_size_t exhaust_size;
static volatile unsigned long exhaust_touched;
static struct cm_exception seen;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
    integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	(void)port;
	cm_exception_note(&seen, exception, code, subcode);
	/* Memory first, so that the rest of the test has some. */
	cm_check_kr("free the region", vm_deallocate(me, exhaust_base,
	    exhaust_size));
	return cm_exception_kill(thread, task);
}

static void *
exhaust_touch(void *arg)
{
	vm_address_t va;

	(void)arg;
	for (va = exhaust_base; va < exhaust_base + exhaust_size;
	    va += EXHAUST_PAGE) {
		*(volatile unsigned long *)va = va;
		exhaust_touched++;
	}
	return NULL;			/* not reached: memory ran out */
}

static integer_t
exhaust_free_pages(void)
{
	struct vm_statistics stat;

	if (!cm_check_kr("vm_statistics", vm_statistics(me, &stat)))
		return 0;
	return stat.free_count;
}

/* Touches `pages` new pages and checks them; whether all was right. */
static int
exhaust_touch_again(vm_size_t pages)
{
	vm_address_t base = 0, va;
	int ok = 1;

	if (!cm_check_kr("vm_allocate after", vm_allocate(me, &base,
	    pages * EXHAUST_PAGE, TRUE)))
		return 0;
	for (va = base; va < base + pages * EXHAUST_PAGE; va += EXHAUST_PAGE)
		*(volatile unsigned long *)va = va;
	for (va = base; va < base + pages * EXHAUST_PAGE; va += EXHAUST_PAGE)
		ok &= *(volatile unsigned long *)va == va;
	(void)vm_deallocate(me, base, pages * EXHAUST_PAGE);
	return ok;
}

int
main(int argc, char **argv, char **envp)
{
	struct vm_statistics stat;
	integer_t free_before, free_after;
	int in_region;

	(void)envp;
	cm_test_begin(argc, argv, "vm_exhaust");
	me = mach_task_self();
	if (!cm_check_kr("vm_statistics", vm_statistics(me, &stat)))
		cm_test_end();
	exhaust_size = 2 * (vm_size_t)(stat.free_count + stat.active_count +
	    stat.inactive_count + stat.wire_count) * EXHAUST_PAGE;
	if (!cm_check_kr("vm_allocate", vm_allocate(me, &exhaust_base,
	    exhaust_size, TRUE)))
		cm_test_end();
	cm_check_kr("exception port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &exc_port));
	cm_check_kr("send right", mach_port_insert_right(me, exc_port,
	    exc_port, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("task exception port", task_set_exception_port(me,
	    exc_port));
	free_before = exhaust_free_pages();

	if (!cm_check(cm_thread_create(exhaust_touch, NULL) != NULL,
	    "toucher thread"))
		cm_test_end();
	cm_check_kr("serve one exception", mach_msg_server_once(exc_server,
	    4096, exc_port));

	in_region = seen.subcode >= (rpc_long_integer_t)exhaust_base &&
	    seen.subcode < (rpc_long_integer_t)(exhaust_base + exhaust_size);
	free_after = exhaust_free_pages();
	printf("exhaust.exceptions=%d\n", seen.count);
	printf("exhaust.exception=%d\n", (int)seen.exception);
	printf("exhaust.code=%d\n", (int)seen.code);
	printf("exhaust.subcode_in_region=%d\n", in_region);
	printf("exhaust.pages_touched_some=%d\n", exhaust_touched > 0);
	printf("exhaust.free_before=%d\n", (int)free_before);
	printf("exhaust.free_after=%d\n", (int)free_after);
	printf("exhaust.free_recovered=%d\n",
	    free_after + (integer_t)(exhaust_touched /
	    EXHAUST_PAGES_PER_TABLE) + 1 + EXHAUST_SLACK_PAGES >= free_before);
	printf("exhaust.after_ok=%d\n",
	    exhaust_touch_again(EXHAUST_AFTER_PAGES));
	cm_check_eq("one exception", seen.count, 1);
	cm_check_eq("EXC_BAD_ACCESS", seen.exception, EXC_BAD_ACCESS);
	cm_check_eq("KERN_RESOURCE_SHORTAGE", seen.code,
	    KERN_RESOURCE_SHORTAGE);
	cm_test_end();
}

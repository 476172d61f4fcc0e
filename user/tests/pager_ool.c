/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_ool.c: out-of-line data taken from pager-backed
 * memory that is not resident carries the pager's data, not zeroes.
 *
 *   pager_ool HOST DEVICE [switches]              (default --pages=8)
 *
 * Maps the object shared (A) and as a copy (B) and, before touching
 * either, sends A's whole range to itself as out-of-line data (not
 * deallocated), receives it and checks every page's pattern; then the
 * same from B (now its pages come from the object below B's shadow,
 * resident since A's send).  The kernel's copyin finds A's pages not
 * resident, refuses to copy zeroes (C1, vm/vm_map.c), drops the IPC
 * lock and faults the range in (vm_map_copyin_refault: one
 * data_request per page, all during A's send), then copies: one
 * refault.  B's send needs none.  Last, vm_read of a third, fresh
 * mapping (C) of a second object, untouched too: the same holds for
 * the kernel's RPCs that copy memory (vm_read, vm_copy): one refault.
 *
 * Keys: pool.pages, pool.shared_errors, pool.copy_errors,
 * pool.requests_after_shared, pool.requests_after_copy,
 * pool.vm_read_errors, pool.refaults_shared, pool.refaults_copy,
 * pool.refaults_vm_read (deltas of the kernel's copyin_refaults),
 * pool.freed, pager.*.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

/* The kernel's copyin_refaults since the last call. */
static uint64_t
pool_refaults(void)
{
	static uint64_t last;
	uint64_t now = cm_vm_counter(VM_COUNTER_COPYIN_REFAULTS);
	uint64_t delta = now - last;

	last = now;
	return delta;
}

struct pool_message {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

static mach_port_t me, pool_port;

/* Sends [addr, +bytes) to ourselves out of line; the received copy's
 * page errors against seed 0, or bytes / page (all wrong) on failure. */
static unsigned long
pool_send_and_check(const char *what, vm_address_t addr, vm_size_t bytes)
{
	struct pool_message m;
	union {
		struct pool_message	m;
		unsigned char		bytes[256];
	} r;
	unsigned long bad = 0;
	vm_size_t page;

	cm_ool_message_init(&m.head, sizeof(m), &m.type, pool_port, 78,
	    bytes, FALSE);
	m.data = addr;
	if (!cm_check_kr(what, mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL)))
		return bytes / PAGER_TEST_PAGE;
	if (!cm_check_kr(what, mach_msg(&r.m.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(r), pool_port, 0, MACH_PORT_NULL)) ||
	    !cm_check(r.m.type.msgtl_number == bytes && r.m.data != 0, what))
		return bytes / PAGER_TEST_PAGE;
	for (page = 0; page < bytes / PAGER_TEST_PAGE; page++)
		bad += pager_test_check_page(r.m.data, page, 0) != 0;
	(void)vm_deallocate(me, r.m.data, bytes);
	return bad;
}

/* vm_read of an untouched mapping of a second RAM pager's object. */
static void
pool_vm_read_check(const struct ram_pager_config *config)
{
	struct ram_pager *rp = ram_pager_create(config);
	vm_size_t bytes = config->pages * PAGER_TEST_PAGE, page;
	vm_address_t c = 0;
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	unsigned long bad = config->pages;
	mach_port_t port;

	if (!cm_check(rp != NULL, "second ram pager"))
		return;
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map C", pager_test_map(port, bytes, 0, &c));
	(void)mach_port_deallocate(me, port);
	(void)pool_refaults();
	if (cm_check_kr("vm_read", vm_read(me, c, bytes, &data, &count)) &&
	    cm_check(count == bytes, "vm_read count")) {
		bad = 0;
		for (page = 0; page < config->pages; page++)
			bad += pager_test_check_page(data, page, 0) != 0;
		(void)vm_deallocate(me, data, count);
	}
	printf("pool.refaults_vm_read=%lu\n", (unsigned long)pool_refaults());
	printf("pool.vm_read_errors=%lu\n", bad);
	cm_check_eq("vm_read of pager memory", bad, 0);
	cm_check_kr("vm_deallocate C", vm_deallocate(me, c, bytes));
	(void)pager_test_wait_freed(ram_pager_pager(rp), 10000);
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager_stats stats;
	mach_port_t port;
	vm_address_t a = 0, b = 0;
	vm_size_t bytes;
	unsigned long bad_a, bad_b;

	(void)envp;
	cm_test_begin(argc, argv, "pager_ool");
	me = mach_task_self();
	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &pool_port));
	rp = pager_test_start(&config, argc, argv, 8);
	bytes = config.pages * PAGER_TEST_PAGE;
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map shared", pager_test_map(port, bytes, 0, &a));
	cm_check_kr("vm_map copy", pager_test_map(port, bytes, 1, &b));
	(void)mach_port_deallocate(me, port);
	printf("pool.pages=%lu\n", (unsigned long)config.pages);

	(void)pool_refaults();
	bad_a = pool_send_and_check("send from the shared mapping", a, bytes);
	printf("pool.refaults_shared=%lu\n", (unsigned long)pool_refaults());
	pager_get_stats(ram_pager_pager(rp), &stats);
	printf("pool.requests_after_shared=%lu\n",
	    (unsigned long)stats.data_requests);
	bad_b = pool_send_and_check("send from the copy mapping", b, bytes);
	printf("pool.refaults_copy=%lu\n", (unsigned long)pool_refaults());
	pager_get_stats(ram_pager_pager(rp), &stats);
	printf("pool.requests_after_copy=%lu\n",
	    (unsigned long)stats.data_requests);
	printf("pool.shared_errors=%lu\n", bad_a);
	printf("pool.copy_errors=%lu\n", bad_b);
	cm_check_eq("shared mapping's data", bad_a, 0);
	cm_check_eq("copy mapping's data", bad_b, 0);
	pool_vm_read_check(&config);

	cm_check_kr("vm_deallocate copy", vm_deallocate(me, b, bytes));
	cm_check_kr("vm_deallocate shared", vm_deallocate(me, a, bytes));
	printf("pool.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

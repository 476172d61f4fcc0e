/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/ipc_kmsg_pager.c: messages whose out-of-line parts live in
 * a pager's memory.  The kernel touches the sender's memory during
 * copyin with ipc_lock dropped (L2, L3 in design/locking.md): a fault
 * there blocks, and the deallocation of a pager's last mapping sends
 * memory_object_data_return and _terminate, through ipc_lock.
 *
 *   ipc_kmsg_pager HOST DEVICE
 *
 * Phases (each on a fresh RAM pager object):
 *   array   an out-of-line port array of 1,026 names: 2 real names at
 *           the end of page 0 (written, resident), 1,024 null names in
 *           page 1, not resident (--unavailable: zeroes).  Reading it
 *           faults page 1 in.  Before: "thread_block with 1 simple
 *           lock(s) held".  The message is received into a buffer in
 *           page 2 of the same object, not resident either.
 *   ool     one dirty page (pattern, seed 7) sent out of line with
 *           deallocate: the last mapping goes inside copyin and the
 *           object ends: data_return of the page, then terminate.
 *           Before: "simple_lock: ipc_lock already held".
 *   ports   the same with a port array of 2 names at the start of a
 *           dirty page (the array's deallocation ends the object).
 *
 * Keys: array.send, array.receive, array.count, array.name0_is_port,
 * array.name1_is_port, array.nulls, array.requests, array.urefs;
 * ool.send, ool.receive, ool.errors, ool.returns, ool.terminates,
 * ool.page_seed; ports.send, ports.receive, ports.count,
 * ports.names_are_port, ports.returns, ports.terminates, ports.urefs.
 */
#include "pager_test.h"

#define ARRAY_NAMES	1026		/* 2 in page 0, 1,024 in page 1 */

struct kmsg_pager_message {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

static mach_port_t me, pool_port;

/* A fresh RAM pager object of `pages` pages mapped at *addr. */
static struct ram_pager *
kmsg_pager_object(struct ram_pager_config *config, vm_size_t pages,
    vm_address_t *addr)
{
	struct ram_pager *rp;
	mach_port_t port;

	config->pages = pages;
	rp = ram_pager_create(config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, pages * PAGER_TEST_PAGE,
	    0, addr));
	(void)mach_port_deallocate(me, port);
	return rp;
}

/* After rp's object's last mapping went: wait for its end, print
 * what the pager got back. */
static void
kmsg_pager_ended(struct ram_pager *rp, const char *phase)
{
	struct pager_stats stats;

	(void)pager_test_wait_freed(ram_pager_pager(rp), 10000);
	pager_get_stats(ram_pager_pager(rp), &stats);
	printf("%s.returns=%lu\n", phase, (unsigned long)stats.pages_returned);
	printf("%s.terminates=%lu\n", phase, (unsigned long)stats.terminates);
}

/* An out-of-line port array message (MAKE_SEND) to pool_port. */
static void
kmsg_pager_ports_init(struct kmsg_pager_message *m, vm_address_t names,
    mach_msg_type_number_t count, int deallocate)
{
	cm_ool_message_init(&m->head, sizeof(*m), &m->type, pool_port, 79,
	    0, deallocate);
	m->type.msgtl_name = MACH_MSG_TYPE_MAKE_SEND;
	m->type.msgtl_size = 32;
	m->type.msgtl_number = count;
	m->data = names;
}

static void
kmsg_pager_array(void)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager_stats before, after;
	struct kmsg_pager_message m, *r;
	vm_address_t base = 0, names;
	mach_port_t *got;
	mach_msg_return_t mr;
	long nulls = 0;

	ram_pager_config_init(&config);
	(void)ram_pager_parse_arg(&config, "--unavailable=1+2");
	rp = kmsg_pager_object(&config, 3, &base);
	names = base + PAGER_TEST_PAGE - 2 * sizeof(mach_port_t);
	((mach_port_t *)names)[0] = pool_port;	/* page 0 now resident */
	((mach_port_t *)names)[1] = pool_port;
	pager_get_stats(ram_pager_pager(rp), &before);
	kmsg_pager_ports_init(&m, names, ARRAY_NAMES, FALSE);
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL);
	cm_print_code("array.send", mr);
	pager_get_stats(ram_pager_pager(rp), &after);
	printf("array.requests=%lu\n",
	    (unsigned long)(after.data_requests - before.data_requests));
	/* The receive buffer: page 2, not resident either. */
	r = (struct kmsg_pager_message *)(base + 2 * PAGER_TEST_PAGE);
	mr = mach_msg(&r->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*r),
	    pool_port, 0, MACH_PORT_NULL);
	cm_print_code("array.receive", mr);
	if (mr != MACH_MSG_SUCCESS)
		return;
	got = (mach_port_t *)r->data;
	printf("array.count=%u\n", r->type.msgtl_number);
	printf("array.name0_is_port=%d\n", got[0] == pool_port);
	printf("array.name1_is_port=%d\n", got[1] == pool_port);
	for (unsigned int i = 2; i < r->type.msgtl_number; i++)
		nulls += got[i] == MACH_PORT_NULL;
	printf("array.nulls=%ld\n", nulls);
	(void)vm_deallocate(me, r->data, ARRAY_NAMES * sizeof(mach_port_t));
	/* The two received send rights joined our receive right's name. */
	printf("array.urefs=%ld\n", cm_urefs(pool_port,
	    MACH_PORT_RIGHT_SEND));
	(void)mach_port_mod_refs(me, pool_port, MACH_PORT_RIGHT_SEND, -2);
	cm_check_kr("vm_deallocate array object", vm_deallocate(me, base,
	    3 * PAGER_TEST_PAGE));
}

static void
kmsg_pager_ool(void)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct kmsg_pager_message m;
	union {
		struct kmsg_pager_message	m;
		char				bytes[256];
	} r;
	vm_address_t base = 0;
	uint64_t seed = 0;
	mach_msg_return_t mr;

	ram_pager_config_init(&config);
	rp = kmsg_pager_object(&config, 1, &base);
	pager_test_fill_page(base, 0, 7);	/* dirty */
	cm_ool_message_init(&m.head, sizeof(m), &m.type, pool_port, 78,
	    PAGER_TEST_PAGE, TRUE);
	m.data = base;
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL);
	cm_print_code("ool.send", mr);
	mr = mach_msg(&r.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(r), pool_port, 0, MACH_PORT_NULL);
	cm_print_code("ool.receive", mr);
	if (mr == MACH_MSG_SUCCESS) {
		printf("ool.errors=%u\n", pager_test_check_page(r.m.data, 0,
		    7));
		(void)vm_deallocate(me, r.m.data, PAGER_TEST_PAGE);
	}
	kmsg_pager_ended(rp, "ool");
	(void)ram_pager_page_state(rp, 0, &seed);
	printf("ool.page_seed=%lu\n", (unsigned long)seed);
}

static void
kmsg_pager_ports(void)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct kmsg_pager_message m;
	union {
		struct kmsg_pager_message	m;
		char				bytes[256];
	} r;
	vm_address_t base = 0;
	mach_port_t *got;
	mach_msg_return_t mr;

	ram_pager_config_init(&config);
	rp = kmsg_pager_object(&config, 1, &base);
	((mach_port_t *)base)[0] = pool_port;	/* dirty */
	((mach_port_t *)base)[1] = pool_port;
	kmsg_pager_ports_init(&m, base, 2, TRUE);
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL);
	cm_print_code("ports.send", mr);
	mr = mach_msg(&r.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(r), pool_port, 0, MACH_PORT_NULL);
	cm_print_code("ports.receive", mr);
	if (mr == MACH_MSG_SUCCESS) {
		got = (mach_port_t *)r.m.data;
		printf("ports.count=%u\n", r.m.type.msgtl_number);
		printf("ports.names_are_port=%d\n", got[0] == pool_port &&
		    got[1] == pool_port);
		(void)vm_deallocate(me, r.m.data, 2 * sizeof(mach_port_t));
		printf("ports.urefs=%ld\n", cm_urefs(pool_port,
		    MACH_PORT_RIGHT_SEND));
		(void)mach_port_mod_refs(me, pool_port, MACH_PORT_RIGHT_SEND,
		    -2);
	}
	kmsg_pager_ended(rp, "ports");
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;

	(void)envp;
	cm_test_begin(argc, argv, "ipc_kmsg_pager");
	me = mach_task_self();
	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &pool_port));
	ram_pager_config_init(&config);
	pager_test_serve(&config);
	kmsg_pager_array();
	kmsg_pager_ool();
	kmsg_pager_ports();
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_protocol.c: libpager against a fake kernel.
 *
 *   pager_protocol HOST DEVICE
 *
 * This program plays the kernel's side of memory_object.defs with the
 * MIG user stubs (mach/memory_object_user.h) against the RAM pager in
 * its own task, and reads the pager's answers (mach.defs messages:
 * memory_object_ready, _data_supply, _data_unavailable, _data_error) off
 * a control port of its own.  So it tests the library's multi-page
 * answers without any kernel VM:
 *
 *   init                          -> ready (may_cache 0, COPY_DELAY)
 *   data_request 0, 8 pages       (page 2 unavailable, page 5 error)
 *                                 -> every page answered exactly once:
 *                                    data 0 1 3 4 6 7, unavailable 2,
 *                                    error 5 (KERN_MEMORY_ERROR)
 *   data_request 0, 2 pages       -> one data_supply of 2 pages
 *   data_return page 3 (seed S), then data_request page 3
 *                                 -> page 3 with seed S (P3)
 *   data_request 0, 3 pages + 1   -> rejected (not a page multiple),
 *                                    counted in bad_messages
 *   terminate                     -> no-senders, the pager is freed
 *
 * Keys: protocol.ready, protocol.ready_copy_strategy,
 * protocol.req8.messages, protocol.req8.data_pages,
 * protocol.req8.unavailable_pages, protocol.req8.error_pages,
 * protocol.req8.pages_answered_twice, protocol.req8.bad_data_pages,
 * protocol.req2.messages, protocol.req2.supply_bytes,
 * protocol.after_return_ok, protocol.freed, pager.*.
 */
#include "pager_test.h"
#include <mach/memory_object_user.h>

/* mach.defs message ids (subsystem 2000) of the pager's answers. */
#define PROTO_ID_DATA_UNAVAILABLE	2039
#define PROTO_ID_DATA_ERROR		2090
#define PROTO_ID_DATA_SUPPLY		2093
#define PROTO_ID_READY			2094

#define PROTO_PAGES		8
#define PROTO_SEED		0x5eed5eed5eed5eedULL
#define PROTO_TIMEOUT_MS	10000

/* One typed item of a received message. */
struct proto_item {
	int		ool;
	uint64_t	value;		/* inline: the first 8 bytes */
	vm_address_t	addr;		/* out of line */
	vm_size_t	bytes;
};

struct proto_msg {
	mach_msg_id_t		id;
	int			count;
	struct proto_item	items[8];
};

/* Splits a received message into its items (x86_64: every type
 * descriptor is 8 bytes, long form or not). */
static void
proto_parse(mach_msg_header_t *m, struct proto_msg *out)
{
	unsigned char *p = (unsigned char *)(m + 1);
	unsigned char *end = (unsigned char *)m + m->msgh_size;

	memset(out, 0, sizeof(*out));
	out->id = m->msgh_id;
	while (p + sizeof(mach_msg_type_t) <= end && out->count < 8) {
		const mach_msg_type_t *t = (const mach_msg_type_t *)p;
		struct proto_item *it = &out->items[out->count++];
		vm_size_t bytes = ((vm_size_t)t->msgt_size * t->msgt_number +
		    7) / 8;

		p += sizeof(mach_msg_type_t);
		if (t->msgt_inline) {
			memcpy(&it->value, p, bytes < 8 ? bytes : 8);
			p += (bytes + 7) & ~(vm_size_t)7;
		} else {
			it->ool = 1;
			it->addr = *(vm_address_t *)p;
			it->bytes = bytes;
			p += sizeof(vm_address_t);
		}
	}
}

/* Receives one answer on the fake control port.  Returns 0 on timeout. */
static int
proto_receive(mach_port_t control, struct proto_msg *msg)
{
	union {
		mach_msg_header_t	head;
		char			bytes[512];
	} buf;

	if (mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(buf), control, PROTO_TIMEOUT_MS, MACH_PORT_NULL) !=
	    MACH_MSG_SUCCESS)
		return 0;
	proto_parse(&buf.head, msg);
	/* The pager's send rights to control arrive as our own name. */
	return 1;
}

struct proto_tally {
	int	messages;
	int	answered[PROTO_PAGES];
	int	data_pages, unavailable_pages, error_pages, bad_data_pages;
	kern_return_t error_value;
	vm_size_t last_supply_bytes;
};

/* Records one answer message in tally.  Returns the pages it covered. */
static vm_size_t
proto_tally_add(struct proto_tally *t, const struct proto_msg *m,
    uint64_t seed_of_page3)
{
	vm_offset_t offset = m->items[0].value, o;
	vm_size_t bytes = 0, page;

	t->messages++;
	if (m->id == PROTO_ID_DATA_SUPPLY && m->count >= 2 &&
	    m->items[1].ool) {
		bytes = m->items[1].bytes;
		t->last_supply_bytes = bytes;
		for (o = 0; o < bytes; o += PAGER_TEST_PAGE) {
			page = (offset + o) / PAGER_TEST_PAGE;
			t->data_pages++;
			t->bad_data_pages += ram_pager_check((const uint64_t *)
			    (m->items[1].addr + o), page, page == 3 ?
			    seed_of_page3 : 0) != 0;
		}
		(void)vm_deallocate(mach_task_self(), m->items[1].addr,
		    bytes);
	} else if ((m->id == PROTO_ID_DATA_UNAVAILABLE ||
	    m->id == PROTO_ID_DATA_ERROR) && m->count >= 2) {
		bytes = m->items[1].value;
		if (m->id == PROTO_ID_DATA_ERROR) {
			t->error_pages += bytes / PAGER_TEST_PAGE;
			t->error_value = m->count >= 3 ?
			    (kern_return_t)m->items[2].value : 0;
		} else {
			t->unavailable_pages += bytes / PAGER_TEST_PAGE;
		}
	}
	for (o = 0; o < bytes; o += PAGER_TEST_PAGE) {
		page = (offset + o) / PAGER_TEST_PAGE;
		if (page < PROTO_PAGES)
			t->answered[page]++;
	}
	return bytes / PAGER_TEST_PAGE;
}

/* Receives answers until `pages` pages are covered. */
static void
proto_collect(mach_port_t control, struct proto_tally *t, vm_size_t pages,
    uint64_t seed_of_page3)
{
	struct proto_msg m;
	vm_size_t covered = 0;

	memset(t, 0, sizeof(*t));
	while (covered < pages && proto_receive(control, &m))
		covered += proto_tally_add(t, &m, seed_of_page3);
	cm_check_eq("pages answered", covered, pages);
}

static void
proto_ready(mach_port_t port, mach_port_t control, mach_port_t name)
{
	struct proto_msg m;
	int ok;

	cm_check_kr("init", memory_object_init(port, control, name,
	    PAGER_TEST_PAGE));
	ok = proto_receive(control, &m) && m.id == PROTO_ID_READY;
	cm_check(ok, "ready");
	printf("protocol.ready=%d\n", ok);
	printf("protocol.ready_may_cache=%lu\n",
	    (unsigned long)m.items[0].value);
	printf("protocol.ready_copy_strategy=%lu\n",
	    (unsigned long)m.items[1].value);
}

static void
proto_requests(mach_port_t port, mach_port_t control)
{
	struct proto_tally t;
	int i, twice = 0;

	cm_check_kr("request 8", memory_object_data_request(port, control, 0,
	    PROTO_PAGES * PAGER_TEST_PAGE, VM_PROT_READ));
	proto_collect(control, &t, PROTO_PAGES, 0);
	for (i = 0; i < PROTO_PAGES; i++)
		twice += t.answered[i] != 1;
	printf("protocol.req8.messages=%d\n", t.messages);
	printf("protocol.req8.data_pages=%d\n", t.data_pages);
	printf("protocol.req8.unavailable_pages=%d\n", t.unavailable_pages);
	printf("protocol.req8.error_pages=%d\n", t.error_pages);
	printf("protocol.req8.error_value=%d\n", t.error_value);
	printf("protocol.req8.pages_answered_twice=%d\n", twice);
	printf("protocol.req8.bad_data_pages=%d\n", t.bad_data_pages);
	cm_check_eq("every page answered once", twice, 0);

	cm_check_kr("request 2", memory_object_data_request(port, control, 0,
	    2 * PAGER_TEST_PAGE, VM_PROT_READ));
	proto_collect(control, &t, 2, 0);
	printf("protocol.req2.messages=%d\n", t.messages);
	printf("protocol.req2.supply_bytes=%lu\n",
	    (unsigned long)t.last_supply_bytes);
	printf("protocol.req2.bad_data_pages=%d\n", t.bad_data_pages);
}

static void
proto_return(mach_port_t port, mach_port_t control)
{
	struct proto_tally t;
	vm_address_t data = 0;

	cm_check_kr("page to return", vm_allocate(mach_task_self(), &data,
	    PAGER_TEST_PAGE, TRUE));
	ram_pager_fill((uint64_t *)data, 3, PROTO_SEED);
	cm_check_kr("return", memory_object_data_return(port, control,
	    3 * PAGER_TEST_PAGE, data, PAGER_TEST_PAGE, TRUE, FALSE));
	(void)vm_deallocate(mach_task_self(), data, PAGER_TEST_PAGE);
	cm_check_kr("request 3", memory_object_data_request(port, control,
	    3 * PAGER_TEST_PAGE, PAGER_TEST_PAGE, VM_PROT_READ));
	proto_collect(control, &t, 1, PROTO_SEED);
	printf("protocol.after_return_ok=%d\n", t.data_pages == 1 &&
	    t.bad_data_pages == 0);

	/* A malformed request is dropped, not answered. */
	cm_check_kr("bad request", memory_object_data_request(port, control,
	    0, 3 * PAGER_TEST_PAGE + 1, VM_PROT_READ));
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me, port, control = MACH_PORT_NULL, name = MACH_PORT_NULL;

	(void)envp;
	cm_test_begin(argc, argv, "pager_protocol");
	me = mach_task_self();
	ram_pager_config_init(&config);
	config.pages = PROTO_PAGES;
	config.unavailable[0].first_page = 2;
	config.unavailable[0].pages = 1;
	config.unavailable_count = 1;
	config.error[0].first_page = 5;
	config.error[0].pages = 1;
	config.error_count = 1;
	ram_pager_parse_args(&config, argc, argv, 3);
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("control port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &control));
	cm_check_kr("name port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &name));

	proto_ready(port, control, name);
	proto_requests(port, control);
	proto_return(port, control);
	/* Moves our send right to the object and both receive rights. */
	cm_check_kr("terminate", memory_object_terminate(port, control,
	    name));
	printf("protocol.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), PROTO_TIMEOUT_MS));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

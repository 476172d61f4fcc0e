/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_wire.c: the kernel's own writes into a pager's
 * memory, wiring of a pager's memory, and vm_region of it.
 *
 *   pager_wire HOST DEVICE --case=NAME [ram_pager switches]
 *
 * The RAM pager runs in this task.  Cases (one per boot):
 *
 *   write_resident  vm_write over a page that was read (resident, mapped
 *                   read-only), then lock_request return+flush: the
 *                   pager gets the new data back (D1).
 *   write_absent    vm_write and vm_copy onto pages never touched: they
 *                   succeed, each page is requested once, and the data
 *                   comes back at the flush (D2).
 *   receive         mach_msg receives an inline message into one
 *                   read-faulted page and an out-of-line one into
 *                   another; the flush returns both, and reading them
 *                   again gives what was received (D1).
 *   wire            vm_wire of 8 pages: every page requested once; a
 *                   flush and a pass over a second object larger than
 *                   memory take none of them; after vm_wire(NONE) a
 *                   flush does (W1-W4).
 *   wire_future     vm_wire_all(VM_WIRE_FUTURE), then vm_map of a
 *                   pager's object: mapped, wired, requested (W3).
 *   region          vm_region of pager mappings: is_shared and
 *                   object_name as GNU Mach gives them.
 *   send_wired      8 wired anonymous pages sent out of line with
 *                   deallocate: copied, not moved (a moved page would
 *                   keep its wire_count in the receiver, W1), and no
 *                   page stays wired once the sender's range is gone.
 *
 * Keys: wire.<case>.* (see each case), pager.* (ram_pager_print: the
 * request list pager.request=<offset>,<length>, pager.return=...).
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define WIRE_SEED	0x77ee0000a5a5ULL
#define PAGE		PAGER_TEST_PAGE

static mach_port_t me;

/* vm_statistics' wire_count: pages wired in the whole machine. */
static long
wire_count(void)
{
	struct vm_statistics stats;

	if (vm_statistics(me, &stats) != KERN_SUCCESS)
		return -1;
	return (long)stats.wire_count;
}

/* Maps the pager's object (shared, or a copy); ends the test if not. */
static vm_address_t
wire_map(struct ram_pager *rp, vm_size_t pages, int copy)
{
	mach_port_t port = pager_get_port(ram_pager_pager(rp));
	vm_address_t base = 0;

	if (!cm_check_kr("vm_map", pager_test_map(port, pages * PAGE, copy,
	    &base)))
		cm_test_end();
	(void)mach_port_deallocate(me, port);
	return base;
}

/* Return and flush every page of the object, and wait for it. */
static void
wire_flush(struct ram_pager *rp, vm_size_t pages)
{
	cm_check_kr("return and flush", pager_return_range(
	    ram_pager_pager(rp), 0, pages * PAGE, 1, 1));
}

/* 1 if the pager's store holds page with seed's pattern. */
static int
wire_stored(struct ram_pager *rp, vm_size_t page, uint64_t seed)
{
	uint64_t stored;

	return ram_pager_page_state(rp, page, &stored) == 0 &&
	    stored == seed;
}

static void
wire_case_write_resident(struct ram_pager *rp)
{
	vm_address_t base = wire_map(rp, 4, 0);
	static uint64_t data[RAM_PAGER_PAGE_WORDS];

	printf("wire.write_resident.read_errors=%u\n",
	    pager_test_check_page(base, 0, 0));
	ram_pager_fill(data, 0, WIRE_SEED);
	cm_print_code("wire.write_resident.vm_write", vm_write(me, base,
	    (vm_offset_t)data, PAGE));
	wire_flush(rp, 4);
	printf("wire.write_resident.stored_new=%d\n",
	    wire_stored(rp, 0, WIRE_SEED));
	printf("wire.write_resident.reread_errors=%u\n",
	    pager_test_check_page(base, 0, WIRE_SEED));
	(void)vm_deallocate(me, base, 4 * PAGE);
}

static void
wire_case_write_absent(struct ram_pager *rp)
{
	vm_address_t base = wire_map(rp, 4, 0), buffer = 0;
	static uint64_t data[RAM_PAGER_PAGE_WORDS];

	ram_pager_fill(data, 1, WIRE_SEED);
	cm_print_code("wire.write_absent.vm_write", vm_write(me,
	    base + PAGE, (vm_offset_t)data, PAGE));
	cm_check_kr("vm_allocate", vm_allocate(me, &buffer, PAGE, TRUE));
	ram_pager_fill((uint64_t *)buffer, 2, WIRE_SEED);
	cm_print_code("wire.write_absent.vm_copy", vm_copy(me, buffer, PAGE,
	    base + 2 * PAGE));
	printf("wire.write_absent.requests_before_flush=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	wire_flush(rp, 4);
	printf("wire.write_absent.stored_new=%d\n",
	    wire_stored(rp, 1, WIRE_SEED) + wire_stored(rp, 2, WIRE_SEED));
	printf("wire.write_absent.reread_errors=%u\n",
	    pager_test_check_page(base, 1, WIRE_SEED) +
	    pager_test_check_page(base, 2, WIRE_SEED));
	(void)vm_deallocate(me, buffer, PAGE);
	(void)vm_deallocate(me, base, 4 * PAGE);
}

struct wire_inline_message {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	uint64_t		words[64];
};

struct wire_ool_message {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

/* Sends m to port and receives it into the page at rcv. */
static void
wire_send_receive(mach_msg_header_t *m, mach_msg_size_t size,
    mach_port_t port, vm_address_t rcv)
{
	cm_check_kr("send", mach_msg(m, MACH_SEND_MSG, size, 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
	cm_check_kr("receive into the pager's page", mach_msg(
	    (mach_msg_header_t *)rcv, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    PAGE, port, 0, MACH_PORT_NULL));
}

static void
wire_case_receive(struct ram_pager *rp)
{
	vm_address_t base = wire_map(rp, 2, 0), ool = 0;
	static struct wire_inline_message in;
	static struct wire_ool_message out;
	static unsigned char saved[2][PAGE];
	mach_port_t port;
	unsigned int i, same;

	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &port));
	/* Both pages read first: resident, mapped read-only. */
	printf("wire.receive.read_errors=%u\n",
	    pager_test_check_page(base, 0, 0) +
	    pager_test_check_page(base, 1, 0));
	in.type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_64,
	    .msgt_size = 64, .msgt_number = 64, .msgt_inline = TRUE };
	for (i = 0; i < 64; i++)
		in.words[i] = WIRE_SEED + i;
	in.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	in.head.msgh_remote_port = port;
	in.head.msgh_size = sizeof(in);
	in.head.msgh_id = 78;
	wire_send_receive(&in.head, sizeof(in), port, base);
	cm_check_kr("vm_allocate", vm_allocate(me, &ool, PAGE, TRUE));
	cm_ool_message_init(&out.head, sizeof(out), &out.type, port, 79,
	    PAGE, FALSE);
	out.data = ool;
	wire_send_receive(&out.head, sizeof(out), port, base + PAGE);
	memcpy(saved[0], (const void *)base, PAGE);
	memcpy(saved[1], (const void *)(base + PAGE), PAGE);
	wire_flush(rp, 2);
	/* Read back from the pager: what was received, not seed 0. */
	same = memcmp(saved[0], (const void *)base, PAGE) == 0;
	same += memcmp(saved[1], (const void *)(base + PAGE), PAGE) == 0;
	printf("wire.receive.pages_kept=%u\n", same);
	printf("wire.receive.inline_words_kept=%d\n",
	    ((struct wire_inline_message *)base)->words[63] ==
	    WIRE_SEED + 63);
	(void)vm_deallocate(me, ool, PAGE);
	(void)vm_deallocate(me, base, 2 * PAGE);
}

/* Reads every page of an object larger than memory: pageout pressure. */
static void
wire_pressure(vm_size_t pages)
{
	struct ram_pager_config config;
	struct ram_pager *big;
	vm_address_t base;
	vm_size_t page;
	unsigned long bad = 0;
	uint64_t freed = cm_vm_counter(VM_COUNTER_PAGES_FREED_CLEAN);

	ram_pager_config_init(&config);
	config.pages = pages;
	config.log_max = 0;
	big = ram_pager_create(&config);
	if (!cm_check(big != NULL, "second ram pager"))
		cm_test_end();
	base = wire_map(big, pages, 0);
	for (page = 0; page < pages; page++)
		bad += pager_test_page(base, page)[0] !=
		    ram_pager_word(page, 0, 0);
	printf("wire.wire.pressure_bad_pages=%lu\n", bad);
	/* Most of the object went again to make room for the rest. */
	printf("wire.wire.pressure_evicted_most=%d\n",
	    cm_vm_counter(VM_COUNTER_PAGES_FREED_CLEAN) - freed >= pages / 2);
	printf("wire.wire.pressure_freed=%lu\n", (unsigned long)(
	    cm_vm_counter(VM_COUNTER_PAGES_FREED_CLEAN) - freed));
	(void)vm_deallocate(me, base, pages * PAGE);
}

/* Words of pages [0, pages) not holding seed 0's pattern. */
static unsigned int
wire_check_all(vm_address_t base, vm_size_t pages)
{
	unsigned int bad = 0;
	vm_size_t page;

	for (page = 0; page < pages; page++)
		bad += pager_test_check_page(base, page, 0);
	return bad;
}

static void
wire_case_wire(struct ram_pager *rp)
{
	vm_address_t base = wire_map(rp, 8, 0);
	long wired = wire_count();

	cm_print_code("wire.wire.vm_wire", vm_wire(cm_host_priv_port, me,
	    base, 8 * PAGE, VM_PROT_READ | VM_PROT_WRITE));
	printf("wire.wire.requests_after_wire=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	printf("wire.wire.wired_pages=%ld\n", wire_count() - wired);
	wire_flush(rp, 8);
	printf("wire.wire.read_errors_after_flush=%u\n",
	    wire_check_all(base, 8));
	printf("wire.wire.requests_after_flush=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	wire_pressure(96 * 256);
	printf("wire.wire.read_errors_after_pressure=%u\n",
	    wire_check_all(base, 8));
	printf("wire.wire.requests_after_pressure=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	cm_print_code("wire.wire.vm_unwire", vm_wire(cm_host_priv_port, me,
	    base, 8 * PAGE, VM_PROT_NONE));
	printf("wire.wire.wired_pages_after_unwire=%ld\n",
	    wire_count() - wired);
	wire_flush(rp, 8);
	printf("wire.wire.read_errors_after_unwire=%u\n",
	    wire_check_all(base, 8));
	printf("wire.wire.requests_after_unwire=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	(void)vm_deallocate(me, base, 8 * PAGE);
}

static void
wire_case_wire_future(struct ram_pager *rp)
{
	mach_port_t port = pager_get_port(ram_pager_pager(rp));
	vm_address_t base = wire_map(rp, 4, 0);
	long wired;

	/*
	 * The server thread's reply buffer is made now, not wired later;
	 * our send right keeps the pager alive across the unmap (which
	 * terminates the object: it is not cached).
	 */
	printf("wire.wire_future.warm_up_errors=%u\n",
	    pager_test_check_page(base, 0, 0));
	(void)vm_deallocate(me, base, 4 * PAGE);
	wired = wire_count();
	cm_print_code("wire.wire_future.vm_wire_all", vm_wire_all(
	    cm_host_priv_port, me, VM_WIRE_FUTURE));
	cm_print_code("wire.wire_future.vm_map", pager_test_map(port,
	    4 * PAGE, 0, &base));
	printf("wire.wire_future.requests_after_map=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	printf("wire.wire_future.wired_pages=%ld\n", wire_count() - wired);
	cm_print_code("wire.wire_future.vm_wire_none", vm_wire_all(
	    cm_host_priv_port, me, VM_WIRE_NONE));
	printf("wire.wire_future.wired_pages_after_none=%ld\n",
	    wire_count() - wired);
	printf("wire.wire_future.read_errors=%u\n", wire_check_all(base, 4));
	printf("wire.wire_future.requests_after_read=%lu\n",
	    (unsigned long)pager_test_data_requests(rp));
	(void)vm_deallocate(me, base, 4 * PAGE);
	(void)mach_port_deallocate(me, port);
}

/* vm_region at addr: prints <key>.is_shared; returns the name. */
static mach_port_t
wire_region(const char *key, mach_port_t task, vm_address_t addr)
{
	vm_address_t at = addr;
	vm_size_t size;
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t offset;

	cm_check_kr(key, vm_region(task, &at, &size, &prot, &max_prot,
	    &inherit, &shared, &name, &offset));
	cm_check(at == addr, "region found where asked");
	printf("wire.region.%s.is_shared=%d\n", key, (int)shared);
	printf("wire.region.%s.has_name=%d\n", key, MACH_PORT_VALID(name));
	return name;
}

static void
wire_case_region(struct ram_pager *rp)
{
	vm_address_t x = wire_map(rp, 4, 0), y = wire_map(rp, 4, 0);
	vm_address_t z = wire_map(rp, 4, 1), w = 0;
	mach_port_t nx, ny, nz, nw, child;

	cm_check_kr("vm_allocate", vm_allocate(me, &w, PAGE, TRUE));
	cm_check_kr("vm_inherit", vm_inherit(me, w, PAGE, VM_INHERIT_SHARE));
	nx = wire_region("shared_map", me, x);
	ny = wire_region("second_map", me, y);
	nz = wire_region("copy_map", me, z);
	nw = wire_region("anonymous", me, w);
	printf("wire.region.same_object_same_name=%d\n", nx == ny);
	printf("wire.region.copy_names_the_pager_object=%d\n", nx == nz);
	printf("wire.region.anonymous_other_name=%d\n", nw != nx);
	cm_check_kr("task_create", task_create(me, TRUE, &child));
	(void)wire_region("anonymous_after_share", me, w);
	(void)wire_region("anonymous_in_child", child, w);
	(void)wire_region("shared_map_after_fork", me, x);
	(void)task_terminate(child);
	(void)vm_deallocate(me, x, 4 * PAGE);
	(void)vm_deallocate(me, y, 4 * PAGE);
	(void)vm_deallocate(me, z, 4 * PAGE);
	(void)vm_deallocate(me, w, PAGE);
}

static void
wire_case_send_wired(struct ram_pager *rp)
{
	static struct wire_ool_message out;
	static union {
		struct wire_ool_message	m;
		unsigned char		buffer[256];
	} in;
	vm_address_t data = 0;
	mach_port_t port;
	uint64_t moved;
	long wired = wire_count();
	vm_size_t page;
	unsigned int bad = 0;

	(void)rp;
	cm_check_kr("port", mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    &port));
	cm_check_kr("vm_allocate", vm_allocate(me, &data, 8 * PAGE, TRUE));
	for (page = 0; page < 8; page++)
		pager_test_fill_page(data, page, WIRE_SEED);
	cm_check_kr("vm_wire", vm_wire(cm_host_priv_port, me, data, 8 * PAGE,
	    VM_PROT_READ | VM_PROT_WRITE));
	printf("wire.send_wired.wired_pages=%ld\n", wire_count() - wired);
	moved = cm_vm_counter(VM_COUNTER_PAGES_MOVED);
	cm_ool_message_init(&out.head, sizeof(out), &out.type, port, 80,
	    8 * PAGE, TRUE);
	out.data = data;
	cm_check_kr("send", mach_msg(&out.head, MACH_SEND_MSG, sizeof(out), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
	printf("wire.send_wired.pages_moved=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_PAGES_MOVED) - moved));
	printf("wire.send_wired.wired_after_send=%ld\n",
	    wire_count() - wired);
	cm_check_kr("receive", mach_msg(&in.m.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(in), port, 1000, MACH_PORT_NULL));
	for (page = 0; page < 8; page++)
		bad += pager_test_check_page(in.m.data, page, WIRE_SEED);
	printf("wire.send_wired.received_errors=%u\n", bad);
	cm_check_kr("vm_deallocate received", vm_deallocate(me, in.m.data,
	    8 * PAGE));
	printf("wire.send_wired.wired_at_end=%ld\n", wire_count() - wired);
	(void)mach_port_destroy(me, port);
}

/* The value of --case= in argv, or "". */
static const char *
wire_case_name(int argc, char **argv)
{
	for (int i = 3; i < argc; i++)
		if (strncmp(argv[i], "--case=", 7) == 0)
			return argv[i] + 7;
	return "";
}

int
main(int argc, char **argv, char **envp)
{
	static const struct {
		const char	*name;
		void		(*run)(struct ram_pager *rp);
	} cases[] = {
		{ "write_resident", wire_case_write_resident },
		{ "write_absent", wire_case_write_absent },
		{ "receive", wire_case_receive },
		{ "wire", wire_case_wire },
		{ "wire_future", wire_case_wire_future },
		{ "region", wire_case_region },
		{ "send_wired", wire_case_send_wired },
	};
	struct ram_pager_config config;
	struct ram_pager *rp;
	const char *name;
	unsigned int i;

	(void)envp;
	cm_test_begin(argc, argv, "pager_wire");
	me = mach_task_self();
	name = wire_case_name(argc, argv);
	rp = pager_test_start(&config, argc, argv, 8);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(name, cases[i].name) == 0)
			break;
	if (!cm_check(i < sizeof(cases) / sizeof(cases[0]), "known case"))
		cm_test_end();
	cases[i].run(rp);
	ram_pager_print(rp, "pager");
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/ipc_kmsg_rights.c: receive rights sent into circles, and
 * what a receive reports when rights or memory do not fit.
 *
 *   ipc_kmsg_rights HOST DEVICE
 *
 * circle  a port's receive right sent to the port itself; then A's
 *         receive right sent to B, and B's to A (queued on A, which is
 *         inside the message on B).  Each send succeeds and its message
 *         is destroyed (MACH_MSGH_BITS_CIRCULAR, P6): the ports die and
 *         the kernel's port count returns to where it was.  Before,
 *         each port lived forever, reachable only through itself.
 * vm      out-of-line data received with the address space full:
 *         MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE, address and size 0.
 * space   65,536 send-once rights received in one array fill the space:
 *         MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE, one null name per
 *         name the space held before; then a message whose reply right
 *         finds no name: MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE, the
 *         header alone written (its inline word untouched in the
 *         buffer), the destination's name in msgh_local_port.  (The
 *         header's port is another one: the send-once rights that
 *         found no name were destroyed, and their notifications fill
 *         the first port's queue.)
 *
 * circle_full  a port's receive right sent to itself while its queue
 *         is full, timeout 0: MACH_SEND_TIMED_OUT and the right back
 *         (GNU Mach waits for room first); with room, the port dies.
 * too_large  a complex message into a buffer of one header, without
 *         MACH_RCV_LARGE: its header, in our names, and nothing else;
 *         its reply and body rights destroyed.
 * vm_ports  an out-of-line array of two send-once rights received with
 *         the address space full: the rights destroyed, not named.
 *
 * Keys: circle.self_send, circle.self_ports_delta, circle.pair_send_a,
 * circle.pair_send_b, circle.a_type, circle.pair_ports_delta,
 * circle.pair_names_delta;
 * vm.receive, vm.address, vm.size; space.receive, space.nulls_minus_before,
 * space.header_receive, space.header_local_is_port,
 * space.header_remote, space.header_word; circle_full.queued,
 * circle_full.send, circle_full.type, circle_full.send_with_room,
 * circle_full.type_after; too_large.receive, too_large.header (bits,
 * size, id, local is the port, remote, seqno), too_large.word,
 * too_large.gone, too_large.send_once_notifications; vm_ports.receive,
 * vm_ports.address, vm_ports.size, vm_ports.names_delta,
 * vm_ports.ports_delta, vm_ports.send_once_notifications.
 */
#include <cmtest.h>

#define SPACE_RIGHTS	65536		/* IPC_SPACE_MAX_ENTRIES */

struct rights_carry {
	mach_msg_header_t		head;
	mach_msg_type_t			type;
	mach_port_name_inlined_t	port;
};

struct rights_ool {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

struct rights_word {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	uint64_t		word;
};

static mach_port_t me;

static mach_port_t
rights_port(void)
{
	mach_port_t p = MACH_PORT_NULL;

	cm_check_kr("mach_port_allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	return p;
}

/* Our send right to port's name, so it stays after its receive right
 * leaves. */
static void
rights_keep_name(mach_port_t port)
{
	cm_check_kr("insert send", mach_port_insert_right(me, port, port,
	    MACH_MSG_TYPE_MAKE_SEND));
}

static void
rights_circle(void)
{
	long ports, names;
	mach_port_t p, a, b;

	/* The library's reply port is made by the first RPC: not counted. */
	(void)mach_port_destroy(me, rights_port());
	(void)cm_port_name_count();
	ports = cm_counter(TEST_COUNTER_PORTS);
	p = rights_port();
	cm_print_code("circle.self_send", cm_send_receive_right(p,
	    MACH_MSG_TYPE_MAKE_SEND, p));
	printf("circle.self_ports_delta=%ld\n",
	    cm_counter(TEST_COUNTER_PORTS) - ports);

	ports = cm_counter(TEST_COUNTER_PORTS);
	names = cm_port_name_count();
	a = rights_port();
	b = rights_port();
	rights_keep_name(a);
	cm_print_code("circle.pair_send_a", cm_send_receive_right(b,
	    MACH_MSG_TYPE_MAKE_SEND, a));
	cm_print_code("circle.pair_send_b", cm_send_receive_right(a,
	    MACH_MSG_TYPE_COPY_SEND, b));
	/* Our send right to a is a dead name now; b's name is gone. */
	printf("circle.a_type=0x%lx\n", cm_port_type(a));
	(void)mach_port_deallocate(me, a);
	printf("circle.pair_ports_delta=%ld\n",
	    cm_counter(TEST_COUNTER_PORTS) - ports);
	printf("circle.pair_names_delta=%ld\n", cm_port_name_count() - names);
}

/* Fills the address space: regions halving in size down to a page. */
static unsigned int
rights_fill_map(vm_address_t *addrs, vm_size_t *sizes, unsigned int max)
{
	unsigned int n = 0;
	vm_size_t size;

	for (size = (vm_size_t)1 << 46; size >= 4096; size >>= 1) {
		while (n < max) {
			addrs[n] = 0;
			if (vm_allocate(me, &addrs[n], size, TRUE) !=
			    KERN_SUCCESS)
				break;
			sizes[n++] = size;
		}
	}
	return n;
}

/* Receives one message on port into head while the address space is
 * full. */
static mach_msg_return_t
rights_receive_map_full(mach_port_t port, mach_msg_header_t *head,
    mach_msg_size_t size)
{
	static vm_address_t addrs[512];
	static vm_size_t sizes[512];
	unsigned int n = rights_fill_map(addrs, sizes, 512);
	mach_msg_return_t mr;

	mr = mach_msg(head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, size, port, 0,
	    MACH_PORT_NULL);
	while (n-- > 0)
		(void)vm_deallocate(me, addrs[n], sizes[n]);
	return mr;
}

static void
rights_vm(mach_port_t port)
{
	static char page[8192];
	struct rights_ool m;
	union {
		struct rights_ool	m;
		char			bytes[256];
	} r;
	mach_msg_return_t mr;

	memset(page, 0x5a, sizeof(page));
	cm_ool_message_init(&m.head, sizeof(m), &m.type, port, 80,
	    sizeof(page), FALSE);
	m.data = (vm_address_t)page;
	cm_check_kr("vm send", mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
	mr = rights_receive_map_full(port, &r.m.head, sizeof(r));
	printf("vm.receive=0x%x\n", mr);
	printf("vm.address=%lu\n", (unsigned long)r.m.data);
	printf("vm.size=%u\n", r.m.type.msgtl_size);
}

/* Receives SPACE_RIGHTS send-once rights to port in one array. */
static void
rights_space_array(mach_port_t port)
{
	struct rights_ool m;
	union {
		struct rights_ool	m;
		char			bytes[256];
	} r;
	vm_address_t names = 0;
	mach_port_t *got;
	long before, nulls = 0;
	mach_msg_return_t mr;

	cm_check_kr("names", vm_allocate(me, &names,
	    SPACE_RIGHTS * sizeof(mach_port_t), TRUE));
	for (unsigned int i = 0; i < SPACE_RIGHTS; i++)
		((mach_port_t *)names)[i] = port;
	cm_ool_message_init(&m.head, sizeof(m), &m.type, port, 81, 0, TRUE);
	m.type.msgtl_name = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	m.type.msgtl_size = 32;
	m.type.msgtl_number = SPACE_RIGHTS;
	m.data = names;
	cm_check_kr("space send", mach_msg(&m.head, MACH_SEND_MSG, sizeof(m),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	before = cm_port_name_count();
	mr = mach_msg(&r.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	    port, 0, MACH_PORT_NULL);
	printf("space.receive=0x%x\n", mr);
	got = (mach_port_t *)r.m.data;
	for (unsigned int i = 0; got != NULL && i < SPACE_RIGHTS; i++)
		nulls += got[i] == MACH_PORT_NULL;
	printf("space.nulls_minus_before=%ld\n", nulls - before);
}

static void
rights_space_header(mach_port_t port)
{
	struct rights_word m, r;
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = port;
	m.head.msgh_local_port = port;
	m.head.msgh_id = 82;
	m.type.msgt_name = MACH_MSG_TYPE_INTEGER_64;
	m.type.msgt_size = 64;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.word = 0x1234;
	cm_check_kr("header send", mach_msg(&m.head, MACH_SEND_MSG, sizeof(m),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	memset(&r, 0xa5, sizeof(r));
	mr = mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	    port, 0, MACH_PORT_NULL);
	printf("space.header_receive=0x%x\n", mr);
	printf("space.header_local_is_port=%d\n",
	    r.head.msgh_local_port == port);
	printf("space.header_remote=%u\n", r.head.msgh_remote_port);
	printf("space.header_word=0x%lx\n", (unsigned long)r.word);
}

/* The send-once notifications queued on port; drains them. */
static long
rights_drain_sonce(mach_port_t port)
{
	struct rights_word r;
	long n = 0;

	while (mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(r), port, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		n += r.head.msgh_id == MACH_NOTIFY_SEND_ONCE;
	return n;
}

/*
 * too_large: a complex message (a send-once right in its body, another
 * as its reply right, both to notify) into a buffer of one header,
 * without MACH_RCV_LARGE.
 */
static void
rights_too_large(void)
{
	mach_port_t port = rights_port(), notify = rights_port();
	struct rights_carry m;
	struct rights_word r;
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(
	    MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = port;
	m.head.msgh_local_port = notify;
	m.head.msgh_id = 83;
	m.type.msgt_name = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	m.type.msgt_size = 64;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.port.name = notify;
	cm_check_kr("too_large send", mach_msg(&m.head, MACH_SEND_MSG,
	    sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	memset(&r, 0xa5, sizeof(r));
	mr = mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(r.head), port, 0, MACH_PORT_NULL);
	cm_print_code("too_large.receive", mr);
	printf("too_large.header=0x%x,%u,%d,%d,%u,%u\n", r.head.msgh_bits,
	    r.head.msgh_size, r.head.msgh_id, r.head.msgh_local_port == port,
	    r.head.msgh_remote_port, r.head.msgh_seqno);
	printf("too_large.word=0x%lx\n", (unsigned long)r.word);
	printf("too_large.gone=%d\n", mach_msg(&r.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(r), port, 0, MACH_PORT_NULL) ==
	    MACH_RCV_TIMED_OUT);
	printf("too_large.send_once_notifications=%ld\n",
	    rights_drain_sonce(notify));
	(void)mach_port_destroy(me, port);
	(void)mach_port_destroy(me, notify);
}

/*
 * vm_ports: two send-once rights in an out-of-line array, received with
 * the address space full: no room for the names, so the rights must be
 * destroyed (two notifications), not left in our space.
 */
static void
rights_vm_ports(void)
{
	mach_port_t port = rights_port(), notify = rights_port();
	mach_port_t array[2] = { notify, notify };
	struct rights_ool m;
	union {
		struct rights_ool	m;
		char			bytes[256];
	} r;
	long names, ports;
	mach_msg_return_t mr;

	cm_ool_message_init(&m.head, sizeof(m), &m.type, port, 84, 0, FALSE);
	m.type.msgtl_name = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	m.type.msgtl_size = 32;
	m.type.msgtl_number = 2;
	m.data = (vm_address_t)array;
	cm_check_kr("vm_ports send", mach_msg(&m.head, MACH_SEND_MSG,
	    sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	names = cm_port_name_count();
	ports = cm_counter(TEST_COUNTER_PORTS);
	mr = rights_receive_map_full(port, &r.m.head, sizeof(r));
	printf("vm_ports.receive=0x%x\n", mr);
	printf("vm_ports.address=%lu\n", (unsigned long)r.m.data);
	printf("vm_ports.size=%u\n", r.m.type.msgtl_size);
	printf("vm_ports.names_delta=%ld\n", cm_port_name_count() - names);
	printf("vm_ports.ports_delta=%ld\n",
	    cm_counter(TEST_COUNTER_PORTS) - ports);
	printf("vm_ports.send_once_notifications=%ld\n",
	    rights_drain_sonce(notify));
	(void)mach_port_destroy(me, port);
	(void)mach_port_destroy(me, notify);
}

/*
 * circle_full: a port's receive right sent to the port itself while its
 * queue is full, with MACH_SEND_TIMEOUT 0: GNU Mach waits for room
 * before it destroys a circular message, so the send times out and the
 * right comes back.  With room, the same send destroys the port.
 */
static void
rights_circle_full(void)
{
	mach_port_t p = rights_port();
	struct rights_word w, r;
	unsigned int queued = 0;

	rights_keep_name(p);
	memset(&w, 0, sizeof(w));
	w.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	w.head.msgh_size = sizeof(w);
	w.head.msgh_remote_port = p;
	w.head.msgh_id = 85;
	w.type.msgt_name = MACH_MSG_TYPE_INTEGER_64;
	w.type.msgt_size = 64;
	w.type.msgt_number = 1;
	w.type.msgt_inline = 1;
	while (queued < 100 && mach_msg(&w.head, MACH_SEND_MSG |
	    MACH_SEND_TIMEOUT, sizeof(w), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		queued++;
	printf("circle_full.queued=%u\n", queued);
	cm_print_code("circle_full.send", cm_send_receive_right(p,
	    MACH_MSG_TYPE_COPY_SEND, p));
	printf("circle_full.type=0x%lx\n", cm_port_type(p));
	cm_check_kr("circle_full drain one", mach_msg(&r.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(r), p, 0, MACH_PORT_NULL));
	cm_print_code("circle_full.send_with_room", cm_send_receive_right(p,
	    MACH_MSG_TYPE_COPY_SEND, p));
	printf("circle_full.type_after=0x%lx\n", cm_port_type(p));
	(void)mach_port_destroy(me, p);
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_t port, header_port;

	(void)envp;
	cm_test_begin(argc, argv, "ipc_kmsg_rights");
	me = mach_task_self();
	rights_circle();
	rights_circle_full();
	rights_too_large();
	rights_vm_ports();
	port = rights_port();
	header_port = rights_port();
	rights_vm(port);
	rights_space_array(port);
	rights_space_header(header_port);
	cm_test_end();
}

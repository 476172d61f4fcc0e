/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/gdb_ports.c: port name spaces for GDB to inspect
 * (tests/harness/test_gdb_ipc.py, design/08-gdb.md).
 *
 * Usage: gdb_ports HOST DEVICE scene | waiter
 *
 * `waiter` makes one receive right, prints its name and blocks in
 * mach_msg receive on it for ever: a thread on that port's receivers.
 *
 * `scene` sets up one name of each kind, then calls the test trap's
 * counter read (cm_counter) as a marker: the test's GDB stops the
 * machine in test_control_counter() and reads this task's space with
 * cm-ports, cm-port and cm-check-ports.  At the marker:
 *
 *   task_self  SEND to the task's kernel port (mach_task_self)
 *   thread     SEND to the thread's kernel port (mach_thread_self)
 *   host       SEND to the host port (mach_host_self)
 *   receive    SEND|RECEIVE, urefs 1, two messages queued: ids
 *              GDB_PORTS_ID_PLAIN then GDB_PORTS_ID_CARRY (queue 2/5)
 *   send_once  SEND_ONCE on receive, under the chosen name
 *              GDB_PORTS_SEND_ONCE_NAME (same hash bucket as name 1)
 *   notified   RECEIVE: its send right was moved into the body of the
 *              second message (MACH_MSG_TYPE_MOVE_SEND)
 *   pset       PORT_SET, no members
 *   dead       DEAD_NAME, urefs 1
 *
 * plus host_priv and device_master from the boot script.  Each name is
 * printed as gdb_ports.<what>=<name> before the marker.  After it (GDB
 * detached), the program receives both messages, checks them and the
 * rights, and ends the machine: a disturbed space fails the boot.
 *
 * Only traps (mach_reply_port, mach_msg and the fast mach_port_* traps
 * of kern/syscall_sw.c, called through our own stubs below) are used,
 * so the program does not need the kernel's MIG server stubs.
 */
#include <cmtest.h>

#define GDB_PORTS_ID_PLAIN		1001
#define GDB_PORTS_ID_CARRY		1002
#define GDB_PORTS_PLAIN_WORD		0x600dcafe
#define GDB_PORTS_SEND_ONCE_NAME	257
#define GDB_PORTS_MARKER_SPINS		20

/* The fast port traps (mach/syscall_sw.h numbers), as traps.S does. */
kern_return_t gdb_ports_port_allocate(mach_port_t task,
    mach_port_right_t right, mach_port_t *name);
kern_return_t gdb_ports_port_insert_right(mach_port_t task,
    mach_port_t name, mach_port_t poly, mach_msg_type_name_t type);

__asm__(
	".text\n"
	".globl gdb_ports_port_allocate\n"
	".type gdb_ports_port_allocate, @function\n"
	"gdb_ports_port_allocate:\n"
	"	movq $-72, %rax\n"
	"	movq %rcx, %r10\n"
	"	syscall\n"
	"	ret\n"
	".size gdb_ports_port_allocate, . - gdb_ports_port_allocate\n"
	".globl gdb_ports_port_insert_right\n"
	".type gdb_ports_port_insert_right, @function\n"
	"gdb_ports_port_insert_right:\n"
	"	movq $-74, %rax\n"
	"	movq %rcx, %r10\n"
	"	syscall\n"
	"	ret\n"
	".size gdb_ports_port_insert_right, . - gdb_ports_port_insert_right\n");

struct gdb_ports_plain {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	uint32_t		word;
	uint32_t		pad;
};

struct gdb_ports_carry {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	mach_port_name_inlined_t port;
};

union gdb_ports_buffer {
	mach_msg_header_t	head;
	struct gdb_ports_plain	plain;
	struct gdb_ports_carry	carry;
	unsigned char		bytes[512];
};

static void
gdb_ports_type(mach_msg_type_t *t, unsigned int name, unsigned int bits)
{
	memset(t, 0, sizeof(*t));
	t->msgt_name = name;
	t->msgt_size = bits;
	t->msgt_number = 1;
	t->msgt_inline = TRUE;
}

static void
gdb_ports_waiter(void)
{
	union gdb_ports_buffer b;
	mach_port_t w = mach_reply_port();

	printf("gdb_ports.waiter_port=%u\n", w);
	for (;;) {
		(void)mach_msg(&b.head, MACH_RCV_MSG, 0, sizeof(b), w,
		    MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	}
}

static void
gdb_ports_send(mach_msg_header_t *h, const char *what)
{
	cm_check_kr(what, mach_msg(h, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	    h->msgh_size, 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
}

static void
gdb_ports_scene(void)
{
	mach_port_t me, thread, host, receive, notified, pset, dead;
	struct gdb_ports_plain plain;
	struct gdb_ports_carry carry;
	union gdb_ports_buffer b;
	int i;

	me = mach_task_self();
	thread = mach_thread_self();
	host = mach_host_self();
	receive = mach_reply_port();
	cm_check_kr("make send", gdb_ports_port_insert_right(me, receive,
	    receive, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("make send-once", gdb_ports_port_insert_right(me,
	    GDB_PORTS_SEND_ONCE_NAME, receive, MACH_MSG_TYPE_MAKE_SEND_ONCE));
	notified = mach_reply_port();
	cm_check_kr("send to notified", gdb_ports_port_insert_right(me,
	    notified, notified, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("allocate set", gdb_ports_port_allocate(me,
	    MACH_PORT_RIGHT_PORT_SET, &pset));
	cm_check_kr("allocate dead name", gdb_ports_port_allocate(me,
	    MACH_PORT_RIGHT_DEAD_NAME, &dead));

	/* Two messages to ourselves, left queued. */
	memset(&plain, 0, sizeof(plain));
	plain.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	plain.head.msgh_size = sizeof(plain);
	plain.head.msgh_remote_port = receive;
	plain.head.msgh_id = GDB_PORTS_ID_PLAIN;
	gdb_ports_type(&plain.type, MACH_MSG_TYPE_INTEGER_32, 32);
	plain.word = GDB_PORTS_PLAIN_WORD;
	gdb_ports_send(&plain.head, "send plain");
	memset(&carry, 0, sizeof(carry));
	carry.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	carry.head.msgh_size = sizeof(carry);
	carry.head.msgh_remote_port = receive;
	carry.head.msgh_id = GDB_PORTS_ID_CARRY;
	gdb_ports_type(&carry.type, MACH_MSG_TYPE_MOVE_SEND, 64);
	carry.port.name = notified;
	gdb_ports_send(&carry.head, "send carry");

	printf("gdb_ports.host_priv=%u\n", cm_host_priv_port);
	printf("gdb_ports.device_master=%u\n", cm_device_master_port);
	printf("gdb_ports.task_self=%u\n", me);
	printf("gdb_ports.thread=%u\n", thread);
	printf("gdb_ports.host=%u\n", host);
	printf("gdb_ports.receive=%u\n", receive);
	printf("gdb_ports.send_once=%u\n", GDB_PORTS_SEND_ONCE_NAME);
	printf("gdb_ports.notified=%u\n", notified);
	printf("gdb_ports.pset=%u\n", pset);
	printf("gdb_ports.dead=%u\n", dead);

	/* Let a waiter task reach its receive first. */
	for (i = 0; i < GDB_PORTS_MARKER_SPINS; i++)
		swtch();
	/* The marker: GDB stops in test_control_counter(). */
	printf("gdb_ports.marker=%ld\n",
	    cm_counter(TEST_COUNTER_STACKS_IN_USE));

	/* GDB has detached: everything must be as it was left. */
	cm_check_kr("receive plain", mach_msg(&b.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(b), receive, 0, MACH_PORT_NULL));
	cm_check_eq("first id", b.head.msgh_id, GDB_PORTS_ID_PLAIN);
	cm_check_eq("first seqno", b.head.msgh_seqno, 0);
	cm_check_eq("first word", b.plain.word, GDB_PORTS_PLAIN_WORD);
	cm_check_kr("receive carry", mach_msg(&b.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(b), receive, 0, MACH_PORT_NULL));
	cm_check_eq("second id", b.head.msgh_id, GDB_PORTS_ID_CARRY);
	cm_check_eq("second seqno", b.head.msgh_seqno, 1);
	cm_check_eq("carried name", b.carry.port.name, notified);
	cm_check_code("queue empty", mach_msg(&b.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(b), receive, 0, MACH_PORT_NULL),
	    MACH_RCV_TIMED_OUT);
	printf("gdb_ports.after=ok\n");
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "gdb_ports");
	if (argc > 3 && strcmp(argv[3], "waiter") == 0)
		gdb_ports_waiter();
	if (argc > 3 && strcmp(argv[3], "scene") == 0)
		gdb_ports_scene();
	else
		cm_check(0, "usage: gdb_ports HOST DEVICE scene | waiter");
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/bad_messages.c: one malformed message per row of a table,
 * each answered with GNU Mach's own code for it.
 *
 * Every row builds one message to `target` (a port whose receive and
 * send rights we hold), changes one thing, and sends it with
 * MACH_SEND_TIMEOUT; the code must be the row's (GNU Mach
 * ipc/ipc_kmsg.c: ipc_kmsg_get, ipc_kmsg_copyin_header,
 * ipc_kmsg_copyin_body).  After each row: nothing was delivered (a
 * receive with timeout 0 on target times out), and our port names, the
 * send urefs on target and the kernel's counts of ports and messages
 * are what they were.  Then the receive side: MACH_RCV_INVALID_NAME,
 * MACH_RCV_TOO_LARGE with and without MACH_RCV_LARGE (the message stays
 * queued only with it), MACH_RCV_INVALID_DATA and MACH_SEND_INVALID_DATA
 * for unusable buffers.  And the two reply fields GNU Mach accepts: a
 * dead name, and a send type with no name (bad_reply_passes).
 *
 * Rows about descriptors mark the message complex: like GNU Mach's
 * ipc_kmsg_copyin, the kernel reads the body of a complex message only,
 * so a simple one goes through whatever its body holds.
 *
 * Prints bad_messages.rows=<n> and one bad_messages.<row>=<code> per
 * row, so the harness sees each code by name.
 */
#include <cmtest.h>
#include <clustermach/test_control.h>

#define BAD_NAME		0x7fffff01u	/* in no space */
#define BAD_ADDRESS		0xdeadbeef000UL	/* never mapped */

/* The message every row starts from: one inline 32-bit integer. */
struct bad_message {
	mach_msg_header_t	head;
	mach_msg_type_t		type;
	uint64_t		words[6];
};

/* A message being built and the size it will be sent with. */
struct bad_case {
	struct bad_message	m;
	mach_msg_size_t		size;
};

struct bad_row {
	const char		*name;
	void			(*mutate)(struct bad_case *c);
	mach_msg_return_t	expected;
};

static mach_port_t me, target, receive_only, dead, send_only;

static void
bad_set_type(mach_msg_type_t *t, unsigned int name, unsigned int bits,
    unsigned int number, int is_inline)
{
	memset(t, 0, sizeof(*t));
	t->msgt_name = name;
	t->msgt_size = bits;
	t->msgt_number = number;
	t->msgt_inline = is_inline;
}

/* A valid message: header, one int32 descriptor and its data. */
static void
bad_base(struct bad_case *c)
{
	memset(c, 0, sizeof(*c));
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	c->m.head.msgh_remote_port = target;
	c->m.head.msgh_local_port = MACH_PORT_NULL;
	c->m.head.msgh_id = 4242;
	bad_set_type(&c->m.type, MACH_MSG_TYPE_INTEGER_32, 32, 1, TRUE);
	c->m.words[0] = 7;
	c->size = sizeof(c->m.head) + sizeof(c->m.type) + 8;
	c->m.head.msgh_size = c->size;
}

static void
bad_short(struct bad_case *c)
{
	c->size = sizeof(c->m.head) - 8;
}

static void
bad_misaligned(struct bad_case *c)
{
	c->size += 4;
}

static void
bad_dest_receive(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0);
}

static void
bad_dest_zero(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(0, 0);
}

static void
bad_reply_name_without_type(struct bad_case *c)
{
	c->m.head.msgh_local_port = target;
}

static void
bad_reply_type_receive(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MOVE_RECEIVE);
	c->m.head.msgh_local_port = receive_only;
}

/* A reply type without a name is still checked: it must be a send. */
static void
bad_reply_type_receive_no_name(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MOVE_RECEIVE);
}

static void
bad_dest_null(struct bad_case *c)
{
	c->m.head.msgh_remote_port = MACH_PORT_NULL;
}

static void
bad_dest_unknown(struct bad_case *c)
{
	c->m.head.msgh_remote_port = BAD_NAME;
}

static void
bad_dest_receive_only(struct bad_case *c)
{
	c->m.head.msgh_remote_port = receive_only;
}

static void
bad_dest_dead(struct bad_case *c)
{
	c->m.head.msgh_remote_port = dead;
}

static void
bad_reply_unknown(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	c->m.head.msgh_local_port = BAD_NAME;
}

static void
bad_reply_not_receiver(struct bad_case *c)
{
	c->m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	c->m.head.msgh_local_port = send_only;
}

static void
bad_complex(struct bad_case *c)
{
	c->m.head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void
bad_data_missing(struct bad_case *c)
{
	bad_complex(c);
	/* The descriptor is all that is sent, not its 4 bytes of data. */
	c->size = sizeof(c->m.head) + sizeof(c->m.type);
}

static void
bad_inline_data_cut(struct bad_case *c)
{
	bad_complex(c);
	c->m.type.msgt_number = 4;	/* 16 bytes, 8 sent */
}

static void
bad_type_unused(struct bad_case *c)
{
	bad_complex(c);
	c->m.type.msgt_unused = 1;
}

static void
bad_inline_deallocate(struct bad_case *c)
{
	bad_complex(c);
	c->m.type.msgt_deallocate = TRUE;
}

static void
bad_port_size(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_COPY_SEND, 32, 1, TRUE);
	c->m.words[0] = target;
}

static void
bad_ool_address(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_BYTE, 8, 4096, FALSE);
	c->m.words[0] = BAD_ADDRESS;
}

static void
bad_ool_ports_address(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_COPY_SEND, 32, 2, FALSE);
	c->m.words[0] = BAD_ADDRESS;
}

static void
bad_ool_address_cut(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_BYTE, 8, 4096, FALSE);
	c->size = sizeof(c->m.head) + sizeof(c->m.type);
}

static void
bad_body_port_unknown(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_COPY_SEND, 64, 1, TRUE);
	c->m.words[0] = BAD_NAME;
}

static void
bad_body_port_no_send(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_COPY_SEND, 64, 1, TRUE);
	c->m.words[0] = receive_only;
}

static void
bad_body_port_no_receive(struct bad_case *c)
{
	bad_complex(c);
	bad_set_type(&c->m.type, MACH_MSG_TYPE_MAKE_SEND, 64, 1, TRUE);
	c->m.words[0] = send_only;
}

static const struct bad_row bad_rows[] = {
	{ "header_too_small", bad_short, MACH_SEND_MSG_TOO_SMALL },
	{ "size_misaligned", bad_misaligned, MACH_SEND_MSG_TOO_SMALL },
	{ "dest_type_receive", bad_dest_receive, MACH_SEND_INVALID_HEADER },
	{ "dest_type_zero", bad_dest_zero, MACH_SEND_INVALID_HEADER },
	{ "reply_name_without_type", bad_reply_name_without_type,
	  MACH_SEND_INVALID_HEADER },
	{ "reply_type_receive", bad_reply_type_receive,
	  MACH_SEND_INVALID_HEADER },
	{ "reply_type_receive_without_name", bad_reply_type_receive_no_name,
	  MACH_SEND_INVALID_HEADER },
	{ "dest_null", bad_dest_null, MACH_SEND_INVALID_DEST },
	{ "dest_unknown", bad_dest_unknown, MACH_SEND_INVALID_DEST },
	{ "dest_receive_only", bad_dest_receive_only,
	  MACH_SEND_INVALID_DEST },
	{ "dest_dead_name", bad_dest_dead, MACH_SEND_INVALID_DEST },
	{ "reply_unknown", bad_reply_unknown, MACH_SEND_INVALID_REPLY },
	{ "reply_not_receiver", bad_reply_not_receiver,
	  MACH_SEND_INVALID_REPLY },
	{ "data_missing", bad_data_missing, MACH_SEND_MSG_TOO_SMALL },
	{ "inline_data_cut", bad_inline_data_cut, MACH_SEND_MSG_TOO_SMALL },
	{ "type_unused_bits", bad_type_unused, MACH_SEND_INVALID_TYPE },
	{ "inline_deallocate", bad_inline_deallocate,
	  MACH_SEND_INVALID_TYPE },
	{ "port_size_32", bad_port_size, MACH_SEND_INVALID_TYPE },
	{ "ool_bad_address", bad_ool_address, MACH_SEND_INVALID_MEMORY },
	{ "ool_ports_bad_address", bad_ool_ports_address,
	  MACH_SEND_INVALID_MEMORY },
	{ "ool_address_cut", bad_ool_address_cut, MACH_SEND_MSG_TOO_SMALL },
	{ "body_port_unknown", bad_body_port_unknown,
	  MACH_SEND_INVALID_RIGHT },
	{ "body_port_no_send", bad_body_port_no_send,
	  MACH_SEND_INVALID_RIGHT },
	{ "body_port_no_receive", bad_body_port_no_receive,
	  MACH_SEND_INVALID_RIGHT },
};

/* What a refused message must leave as it was. */
struct bad_counts {
	long	names;
	long	target_send_urefs;
	long	send_only_urefs;
	long	ports;
	long	kmsgs;
};

static void
bad_counts(struct bad_counts *c)
{
	c->names = cm_port_name_count();
	c->target_send_urefs = cm_urefs(target, MACH_PORT_RIGHT_SEND);
	c->send_only_urefs = cm_urefs(send_only, MACH_PORT_RIGHT_SEND);
	c->ports = cm_counter(TEST_COUNTER_PORTS);
	c->kmsgs = cm_counter(TEST_COUNTER_KMSGS);
}

/* Receives with timeout 0 on port: MACH_RCV_TIMED_OUT if empty. */
static mach_msg_return_t
bad_poll(mach_port_t port, mach_msg_size_t rcv_size, mach_msg_option_t extra)
{
	union {
		mach_msg_header_t	head;
		unsigned char		bytes[512];
	} r;
	mach_msg_return_t mr;

	mr = mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT | extra, 0,
	    rcv_size, port, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS)
		mach_msg_destroy(&r.head);
	return mr;
}

static void
bad_run_row(const struct bad_row *row)
{
	struct bad_case c;
	struct bad_counts before, after;
	mach_msg_return_t mr;
	char what[96];

	bad_base(&c);
	row->mutate(&c);
	bad_counts(&before);
	mr = mach_msg(&c.m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, c.size, 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL);
	snprintf(what, sizeof(what), "bad_messages.%s", row->name);
	cm_print_code(what, mr);
	snprintf(what, sizeof(what), "%s: code", row->name);
	cm_check_code(what, mr, row->expected);
	snprintf(what, sizeof(what), "%s: nothing delivered", row->name);
	cm_check_code(what, bad_poll(target, 512, 0), MACH_RCV_TIMED_OUT);
	bad_counts(&after);
	snprintf(what, sizeof(what), "%s: names", row->name);
	cm_check_eq(what, after.names, before.names);
	snprintf(what, sizeof(what), "%s: target send urefs", row->name);
	cm_check_eq(what, after.target_send_urefs, before.target_send_urefs);
	snprintf(what, sizeof(what), "%s: send-only urefs", row->name);
	cm_check_eq(what, after.send_only_urefs, before.send_only_urefs);
	snprintf(what, sizeof(what), "%s: kernel ports", row->name);
	cm_check_eq(what, after.ports, before.ports);
	snprintf(what, sizeof(what), "%s: kernel messages", row->name);
	cm_check_eq(what, after.kmsgs, before.kmsgs);
}

/* Sends the valid base message to target (the receive-side rows). */
static mach_msg_return_t
bad_send_valid(void)
{
	struct bad_case c;

	bad_base(&c);
	return mach_msg(&c.m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, c.size, 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static void
bad_receive_side(void)
{
	cm_check_code("receive on a name in no space",
	    bad_poll(BAD_NAME, 512, 0), MACH_RCV_INVALID_NAME);
	cm_check_code("receive on a send right",
	    bad_poll(send_only, 512, 0), MACH_RCV_INVALID_NAME);
	cm_check_code("receive on a dead name", bad_poll(dead, 512, 0),
	    MACH_RCV_INVALID_NAME);
	cm_check_kr("send for too-large (large)", bad_send_valid());
	cm_check_code("too large, MACH_RCV_LARGE",
	    bad_poll(target, sizeof(mach_msg_header_t), MACH_RCV_LARGE),
	    MACH_RCV_TOO_LARGE);
	cm_check_code("it stays queued", bad_poll(target, 512, 0),
	    MACH_MSG_SUCCESS);
	cm_check_kr("send for too-large", bad_send_valid());
	cm_check_code("too large", bad_poll(target,
	    sizeof(mach_msg_header_t), 0), MACH_RCV_TOO_LARGE);
	cm_check_code("without MACH_RCV_LARGE it is gone",
	    bad_poll(target, 512, 0), MACH_RCV_TIMED_OUT);
	cm_check_kr("send for unwritable buffer", bad_send_valid());
	cm_check_code("receive into an unmapped buffer",
	    mach_msg((mach_msg_header_t *)BAD_ADDRESS, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, 512, target, 0, MACH_PORT_NULL),
	    MACH_RCV_INVALID_DATA);
	cm_check_code("that message is gone", bad_poll(target, 512, 0),
	    MACH_RCV_TIMED_OUT);
	cm_check_code("send from an unmapped buffer",
	    mach_msg((mach_msg_header_t *)BAD_ADDRESS, MACH_SEND_MSG |
	    MACH_SEND_TIMEOUT, sizeof(struct bad_message), 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL), MACH_SEND_INVALID_DATA);
}

/*
 * Two reply fields GNU Mach lets through (ipc_kmsg_copyin_header): the
 * name MACH_PORT_DEAD, delivered as the dead name, and a send type with
 * no name, delivered as a null reply keeping its type.  Prints
 * bad_messages.<case>.send, .reply (the name received) and .reply_type.
 */
static void
bad_reply_passes(const char *name, mach_port_t reply)
{
	struct bad_case c;
	union {
		mach_msg_header_t	head;
		unsigned char		bytes[512];
	} r;
	char key[64];

	bad_base(&c);
	c.m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	    MACH_MSG_TYPE_COPY_SEND);
	c.m.head.msgh_local_port = reply;
	snprintf(key, sizeof(key), "bad_messages.%s.send", name);
	cm_print_code(key, mach_msg(&c.m.head, MACH_SEND_MSG |
	    MACH_SEND_TIMEOUT, c.size, 0, MACH_PORT_NULL, 0,
	    MACH_PORT_NULL));
	memset(&r, 0, sizeof(r));
	cm_check_kr("receive it", mach_msg(&r.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(r), target, 0, MACH_PORT_NULL));
	printf("bad_messages.%s.reply=0x%lx\n", name,
	    (unsigned long)r.head.msgh_remote_port);
	printf("bad_messages.%s.reply_type=%u\n", name,
	    (unsigned int)MACH_MSGH_BITS_REMOTE(r.head.msgh_bits));
}

static void
bad_setup(void)
{
	(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &target);
	(void)mach_port_insert_right(me, target, target,
	    MACH_MSG_TYPE_MAKE_SEND);
	(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &receive_only);
	(void)mach_port_allocate(me, MACH_PORT_RIGHT_DEAD_NAME, &dead);
	send_only = mach_host_self();	/* a send right, no receive right */
}

int
main(int argc, char **argv, char **envp)
{
	unsigned int i, rows = sizeof(bad_rows) / sizeof(bad_rows[0]);

	(void)envp;
	cm_test_begin(argc, argv, "bad_messages");
	me = mach_task_self();
	bad_setup();
	printf("bad_messages.rows=%u\n", rows);
	for (i = 0; i < rows; i++)
		bad_run_row(&bad_rows[i]);
	bad_reply_passes("dead_reply", MACH_PORT_DEAD);
	bad_reply_passes("typed_null_reply", MACH_PORT_NULL);
	bad_receive_side();
	cm_test_end();
}

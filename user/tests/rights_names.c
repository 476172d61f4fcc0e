/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/rights_names.c: which rights may share a name.
 *
 * For every right a name N of a child task's space can hold (nothing;
 * send, send-once or receive of the port X being inserted; send,
 * send-once or receive of another port Y; a dead name; a port set), one
 * right to X is inserted at N with mach_port_insert_right: a send right
 * (COPY_SEND), a send-once right (MOVE_SEND_ONCE) or the receive right
 * (MOVE_RECEIVE).  Each case runs on fresh ports and a fresh name and
 * prints
 *
 *	rights.<way>.<existing>.<inserted>=<code>,<type of N>,<send urefs>
 *
 * for <way> mig (the mach_port.defs RPC) and trap (the fast trap -74,
 * which copies the right in from our own space); the harness holds both
 * tables to GNU Mach's answers (ipc_object_copyout_name): a send or
 * receive right joins the name holding the other of the two for its
 * port, a send-once right never shares, and anything else at N is
 * KERN_NAME_EXISTS.  Three more cases: a send right inserted at a free
 * name while another name of the space holds the port
 * (KERN_RIGHT_EXISTS), MACH_PORT_DEAD inserted (KERN_INVALID_CAPABILITY),
 * and the audit's sequence in our own space (send at a send-once name,
 * then move the send, then deallocate): the name keeps its send-once
 * right and deallocating it sends the send-once notification.
 */
#include <cmtest.h>
#include <clustermach/test_control.h>

#define RIGHTS_NAME		0x4000	/* N, in the child */
#define RIGHTS_OTHER_NAME	0x4100	/* another name, in the child */

kern_return_t rights_trap_insert_right(mach_port_t task, mach_port_t name,
    mach_port_t poly, mach_msg_type_name_t type);

/* The fast trap -74 (mach/syscall_sw.h), as traps.S would call it. */
__asm__(
	".text\n"
	".globl rights_trap_insert_right\n"
	".type rights_trap_insert_right, @function\n"
	"rights_trap_insert_right:\n"
	"	movq $-74, %rax\n"
	"	movq %rcx, %r10\n"
	"	syscall\n"
	"	ret\n"
	".size rights_trap_insert_right, . - rights_trap_insert_right\n");

enum rights_existing {
	EXISTING_NONE, EXISTING_SEND, EXISTING_SEND_ONCE, EXISTING_RECEIVE,
	EXISTING_OTHER_SEND, EXISTING_OTHER_SEND_ONCE, EXISTING_OTHER_RECEIVE,
	EXISTING_DEAD_NAME, EXISTING_PORT_SET, EXISTING_COUNT
};
static const char *const rights_existing_names[EXISTING_COUNT] = {
	"none", "send", "send_once", "receive", "other_send",
	"other_send_once", "other_receive", "dead_name", "port_set",
};

enum rights_inserted { INSERTED_SEND, INSERTED_SEND_ONCE, INSERTED_RECEIVE,
	INSERTED_COUNT };
static const char *const rights_inserted_names[INSERTED_COUNT] = {
	"send", "send_once", "receive",
};

static mach_port_t me, child;
static int rights_use_trap;

/* A send-once right to p, under a new name of ours. */
static mach_port_t
rights_send_once(mach_port_t p)
{
	mach_port_t so = MACH_PORT_NULL;
	mach_msg_type_name_t type;

	cm_check_kr("extract send-once", mach_port_extract_right(me, p,
	    MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &type));
	return so;
}

static kern_return_t
rights_insert(mach_port_t task, mach_port_t name, mach_port_t poly,
    mach_msg_type_name_t disposition)
{
	if (rights_use_trap)
		return rights_trap_insert_right(task, name, poly, disposition);
	return mach_port_insert_right(task, name, poly, disposition);
}

/* Gives N the existing right: to x, or to the other port y. */
static void
rights_make_existing(enum rights_existing existing, mach_port_t x,
    mach_port_t y)
{
	kern_return_t kr = KERN_SUCCESS;

	switch (existing) {
	case EXISTING_NONE:
		break;
	case EXISTING_SEND:
	case EXISTING_OTHER_SEND:
		kr = mach_port_insert_right(child, RIGHTS_NAME,
		    existing == EXISTING_SEND ? x : y, MACH_MSG_TYPE_COPY_SEND);
		break;
	case EXISTING_SEND_ONCE:
	case EXISTING_OTHER_SEND_ONCE:
		kr = mach_port_insert_right(child, RIGHTS_NAME,
		    rights_send_once(existing == EXISTING_SEND_ONCE ? x : y),
		    MACH_MSG_TYPE_MOVE_SEND_ONCE);
		break;
	case EXISTING_RECEIVE:
	case EXISTING_OTHER_RECEIVE:
		kr = mach_port_insert_right(child, RIGHTS_NAME,
		    existing == EXISTING_RECEIVE ? x : y,
		    MACH_MSG_TYPE_MOVE_RECEIVE);
		break;
	case EXISTING_DEAD_NAME:
		kr = mach_port_allocate_name(child, MACH_PORT_RIGHT_DEAD_NAME,
		    RIGHTS_NAME);
		break;
	case EXISTING_PORT_SET:
		kr = mach_port_allocate_name(child, MACH_PORT_RIGHT_PORT_SET,
		    RIGHTS_NAME);
		break;
	default:
		break;
	}
	cm_check_kr("existing right", kr);
}

/* One case: prints code, N's type and N's send urefs afterwards. */
static void
rights_case(enum rights_existing existing, enum rights_inserted inserted)
{
	mach_port_t x = cm_port_with_send(), y = cm_port_with_send();
	mach_port_t x_once = rights_send_once(x);
	mach_port_type_t type = 0;
	mach_port_urefs_t urefs = 0;
	kern_return_t kr;

	rights_make_existing(existing, x, y);
	if (inserted == INSERTED_SEND)
		kr = rights_insert(child, RIGHTS_NAME, x,
		    MACH_MSG_TYPE_COPY_SEND);
	else if (inserted == INSERTED_SEND_ONCE)
		kr = rights_insert(child, RIGHTS_NAME, x_once,
		    MACH_MSG_TYPE_MOVE_SEND_ONCE);
	else
		kr = rights_insert(child, RIGHTS_NAME, x,
		    MACH_MSG_TYPE_MOVE_RECEIVE);
	if (mach_port_type(child, RIGHTS_NAME, &type) != KERN_SUCCESS)
		type = 0;
	if (mach_port_get_refs(child, RIGHTS_NAME, MACH_PORT_RIGHT_SEND,
	    &urefs) != KERN_SUCCESS)
		urefs = 0;
	printf("rights.%s.%s.%s=%s,0x%x,%u\n", rights_use_trap ? "trap" : "mig",
	    rights_existing_names[existing], rights_inserted_names[inserted],
	    cm_error_name(kr), type, urefs);
	/* Everything goes: N (and what it holds), our names, the ports. */
	(void)mach_port_destroy(child, RIGHTS_NAME);
	(void)mach_port_destroy(me, x_once);
	(void)mach_port_destroy(me, x);
	(void)mach_port_destroy(me, y);
}

/* Another name of the space holds X: a send right at N is refused. */
static void
rights_case_right_exists(void)
{
	mach_port_t x = cm_port_with_send();

	cm_check_kr("send at other name", mach_port_insert_right(child,
	    RIGHTS_OTHER_NAME, x, MACH_MSG_TYPE_COPY_SEND));
	cm_print_code("rights.right_exists.send", mach_port_insert_right(
	    child, RIGHTS_NAME, x, MACH_MSG_TYPE_COPY_SEND));
	cm_print_code("rights.right_exists.receive", mach_port_insert_right(
	    child, RIGHTS_NAME, x, MACH_MSG_TYPE_MOVE_RECEIVE));
	(void)mach_port_destroy(child, RIGHTS_OTHER_NAME);
	(void)mach_port_destroy(me, x);
}

/*
 * The audit's sequence in our own space: a send right refused at a
 * send-once name; the name can still not be used as a send right, and
 * deallocating it destroys the send-once right (its notification
 * arrives on the port).
 */
static void
rights_case_own_space(void)
{
	mach_port_t r = cm_port_with_send(), so = rights_send_once(r);
	mach_msg_header_t h;
	struct {
		mach_msg_header_t head;
		char body[64];
	} rcv;

	cm_print_code("rights.own.insert_send_at_send_once",
	    mach_port_insert_right(me, so, r, MACH_MSG_TYPE_MAKE_SEND));
	cm_print_code("rights.own.trap_insert_send_at_send_once",
	    rights_trap_insert_right(me, so, r, MACH_MSG_TYPE_MAKE_SEND));
	printf("rights.own.type=0x%lx\n", cm_port_type(so));
	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = so;
	cm_print_code("rights.own.move_send", mach_msg(&h, MACH_SEND_MSG,
	    sizeof(h), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	cm_print_code("rights.own.deallocate", mach_port_deallocate(me, so));
	printf("rights.own.type_after=%ld\n", cm_port_type(so));
	memset(&rcv, 0, sizeof(rcv));
	cm_check_kr("notification", mach_msg(&rcv.head, MACH_RCV_MSG |
	    MACH_RCV_TIMEOUT, 0, sizeof(rcv), r, 0, MACH_PORT_NULL));
	printf("rights.own.notification_id=%d\n", rcv.head.msgh_id);
	(void)mach_port_destroy(me, r);
}

int
main(int argc, char **argv, char **envp)
{
	long ports_before;

	(void)envp;
	cm_test_begin(argc, argv, "rights_names");
	me = mach_task_self();
	cm_check_kr("task_create", task_create(me, FALSE, &child));
	ports_before = cm_counter(TEST_COUNTER_PORTS);
	for (rights_use_trap = 0; rights_use_trap < 2; rights_use_trap++)
		for (int e = 0; e < EXISTING_COUNT; e++)
			for (int i = 0; i < INSERTED_COUNT; i++)
				rights_case(e, i);
	rights_case_right_exists();
	cm_print_code("rights.dead.send", mach_port_insert_right(child,
	    RIGHTS_NAME, MACH_PORT_DEAD, MACH_MSG_TYPE_COPY_SEND));
	rights_case_own_space();
	printf("rights.ports_delta=%ld\n",
	    cm_counter(TEST_COUNTER_PORTS) - ports_before);
	cm_check_kr("task_terminate child", task_terminate(child));
	cm_check_kr("deallocate child", mach_port_deallocate(me, child));
	cm_test_end();
}

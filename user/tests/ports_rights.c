/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/ports_rights.c: port names and rights in one task's space.
 *
 * mach_port_allocate (receive, port set, dead name), allocate_name,
 * insert_right, mod_refs, get_refs, type, rename, names, deallocate and
 * destroy, each result and right count checked exactly; a name turns
 * into a dead name when its port's receive right goes, in this task and
 * in a child task (mach_port_destroy).  Prints ports.<what>=<value>.
 */
#include <cmtest.h>

/* Names chosen for allocate_name/rename: any valid, unused name. */
#define PORTS_NAME_A	0x4d01
#define PORTS_NAME_B	0x4e01

static mach_port_t me;

static void
ports_check_rights(const char *what, mach_port_t name, long type,
    long send_refs)
{
	char key[96];

	snprintf(key, sizeof(key), "%s type", what);
	cm_check_eq(key, cm_port_type(name), type);
	snprintf(key, sizeof(key), "%s send urefs", what);
	cm_check_eq(key, cm_urefs(name, MACH_PORT_RIGHT_SEND), send_refs);
}

static void
ports_receive_and_send(void)
{
	mach_port_t p = MACH_PORT_NULL;
	mach_port_urefs_t refs;

	cm_check_kr("allocate receive",
	    mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check(MACH_PORT_VALID(p), "allocated name is valid");
	printf("ports.receive_name=%u\n", p);
	ports_check_rights("new port", p, MACH_PORT_TYPE_RECEIVE, 0);
	cm_check_eq("receive urefs", cm_urefs(p, MACH_PORT_RIGHT_RECEIVE), 1);
	cm_check_kr("insert make-send",
	    mach_port_insert_right(me, p, p, MACH_MSG_TYPE_MAKE_SEND));
	ports_check_rights("after make-send", p,
	    MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND, 1);
	cm_check_kr("insert make-send again",
	    mach_port_insert_right(me, p, p, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_eq("send urefs after 2", cm_urefs(p, MACH_PORT_RIGHT_SEND),
	    2);
	cm_check_kr("mod_refs send +3",
	    mach_port_mod_refs(me, p, MACH_PORT_RIGHT_SEND, 3));
	cm_check_eq("send urefs after +3", cm_urefs(p, MACH_PORT_RIGHT_SEND),
	    5);
	printf("ports.send_urefs=%ld\n", cm_urefs(p, MACH_PORT_RIGHT_SEND));
	cm_check_code("mod_refs send -6 (too many)",
	    mach_port_mod_refs(me, p, MACH_PORT_RIGHT_SEND, -6),
	    KERN_INVALID_VALUE);
	cm_check_kr("deallocate one send", mach_port_deallocate(me, p));
	cm_check_eq("send urefs after deallocate",
	    cm_urefs(p, MACH_PORT_RIGHT_SEND), 4);
	cm_check_kr("mod_refs send -4",
	    mach_port_mod_refs(me, p, MACH_PORT_RIGHT_SEND, -4));
	ports_check_rights("send gone", p, MACH_PORT_TYPE_RECEIVE, 0);
	cm_check_code("deallocate on receive only",
	    mach_port_deallocate(me, p), KERN_INVALID_RIGHT);
	cm_check_code("get_refs bad right", mach_port_get_refs(me, p,
	    MACH_PORT_RIGHT_NUMBER, &refs), KERN_INVALID_VALUE);
	cm_check_kr("destroy", mach_port_destroy(me, p));
	cm_check_eq("type after destroy", cm_port_type(p), -1);
	cm_check_code("deallocate after destroy",
	    mach_port_deallocate(me, p), KERN_INVALID_NAME);
}

static void
ports_names_and_rename(void)
{
	mach_port_t set = MACH_PORT_NULL, dead = MACH_PORT_NULL;
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t names_count = 0, types_count = 0, i;
	long before = cm_port_name_count();
	int found_b = 0, found_set = 0;

	cm_check_kr("allocate_name",
	    mach_port_allocate_name(me, MACH_PORT_RIGHT_RECEIVE,
	    PORTS_NAME_A));
	cm_check_eq("allocate_name type", cm_port_type(PORTS_NAME_A),
	    MACH_PORT_TYPE_RECEIVE);
	cm_check_code("allocate_name again",
	    mach_port_allocate_name(me, MACH_PORT_RIGHT_RECEIVE,
	    PORTS_NAME_A), KERN_NAME_EXISTS);
	cm_check_kr("rename", mach_port_rename(me, PORTS_NAME_A,
	    PORTS_NAME_B));
	cm_check_eq("old name after rename", cm_port_type(PORTS_NAME_A), -1);
	cm_check_eq("new name after rename", cm_port_type(PORTS_NAME_B),
	    MACH_PORT_TYPE_RECEIVE);
	cm_check_kr("allocate port set",
	    mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET, &set));
	cm_check_eq("port set type", cm_port_type(set),
	    MACH_PORT_TYPE_PORT_SET);
	cm_check_kr("allocate dead name",
	    mach_port_allocate(me, MACH_PORT_RIGHT_DEAD_NAME, &dead));
	cm_check_eq("dead name type", cm_port_type(dead),
	    MACH_PORT_TYPE_DEAD_NAME);
	cm_check_eq("dead name urefs",
	    cm_urefs(dead, MACH_PORT_RIGHT_DEAD_NAME), 1);
	cm_check_kr("names", mach_port_names(me, &names, &names_count,
	    &types, &types_count));
	cm_check_eq("names count == types count", names_count, types_count);
	cm_check_eq("names count grew by 3", names_count, before + 3);
	printf("ports.names_count=%u\n", names_count);
	for (i = 0; i < names_count && i < types_count; i++) {
		if (names[i] == PORTS_NAME_B)
			found_b = types[i] == MACH_PORT_TYPE_RECEIVE;
		if (names[i] == set)
			found_set = types[i] == MACH_PORT_TYPE_PORT_SET;
	}
	cm_check(found_b, "names lists the renamed port as receive");
	cm_check(found_set, "names lists the port set");
	(void)vm_deallocate(me, (vm_address_t)names,
	    names_count * sizeof(*names));
	(void)vm_deallocate(me, (vm_address_t)types,
	    types_count * sizeof(*types));
	cm_check_kr("destroy renamed", mach_port_destroy(me, PORTS_NAME_B));
	cm_check_kr("destroy set", mach_port_destroy(me, set));
	cm_check_kr("deallocate dead name", mach_port_deallocate(me, dead));
	cm_check_eq("names back to start", cm_port_name_count(), before);
}

/* A name with send and receive loses its receive right: a dead name
 * that keeps the send urefs. */
static void
ports_dead_name_in_task(void)
{
	mach_port_t p = MACH_PORT_NULL;

	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check_kr("make send", mach_port_insert_right(me, p, p,
	    MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("send +1", mach_port_mod_refs(me, p,
	    MACH_PORT_RIGHT_SEND, 1));
	cm_check_kr("drop receive", mach_port_mod_refs(me, p,
	    MACH_PORT_RIGHT_RECEIVE, -1));
	cm_check_eq("dead name after receive dropped", cm_port_type(p),
	    MACH_PORT_TYPE_DEAD_NAME);
	cm_check_eq("dead name urefs", cm_urefs(p, MACH_PORT_RIGHT_DEAD_NAME),
	    2);
	printf("ports.dead_urefs=%ld\n", cm_urefs(p,
	    MACH_PORT_RIGHT_DEAD_NAME));
	cm_check_kr("deallocate dead name", mach_port_mod_refs(me, p,
	    MACH_PORT_RIGHT_DEAD_NAME, -2));
	cm_check_eq("dead name gone", cm_port_type(p), -1);
}

/* The child holds a send right to our port; destroying ours kills it. */
static void
ports_dead_name_in_child(void)
{
	mach_port_t child = MACH_PORT_NULL, p = MACH_PORT_NULL;
	mach_port_type_t type = 0;
	kern_return_t kr;

	cm_check_kr("task_create", task_create(me, FALSE, &child));
	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check_kr("insert send into child", mach_port_insert_right(child,
	    PORTS_NAME_A, p, MACH_MSG_TYPE_MAKE_SEND));
	kr = mach_port_type(child, PORTS_NAME_A, &type);
	cm_check_kr("child type", kr);
	cm_check_eq("child holds send", type, MACH_PORT_TYPE_SEND);
	cm_check_kr("destroy ours", mach_port_destroy(me, p));
	kr = mach_port_type(child, PORTS_NAME_A, &type);
	cm_check_kr("child type after destroy", kr);
	cm_check_eq("child holds a dead name", type,
	    MACH_PORT_TYPE_DEAD_NAME);
	printf("ports.child_type_after_destroy=0x%x\n", type);
	cm_check_kr("task_terminate child", task_terminate(child));
	cm_check_kr("deallocate child name", mach_port_deallocate(me, child));
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "ports_rights");
	me = mach_task_self();
	ports_receive_and_send();
	ports_names_and_rename();
	ports_dead_name_in_task();
	ports_dead_name_in_child();
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/traps.c: GNU Mach's fast traps -64 .. -77
 * (mach/syscall_sw.h; kern/syscall_sw.c), each result and effect exact.
 *
 * Each trap is called on this task (or a child made by
 * syscall_task_create) and its effect read back through the RPCs:
 * rights and urefs (mach_port_type, get_refs), memory (vm_read of the
 * child, a touch of our own), suspend counts (task_info), special ports
 * (task_get_special_port).  Then the bad cases: a first argument that
 * names no task or thread answers MACH_SEND_INTERRUPTED, as in GNU Mach
 * ("make the RPC instead"); a bad port argument KERN_INVALID_NAME or
 * KERN_INVALID_RIGHT; a bad type KERN_INVALID_VALUE; an unwritable
 * result address KERN_INVALID_ADDRESS, with nothing allocated.
 * thread_set_self_state (-77) is last: it jumps to traps_landing() on a
 * stack of its own, with arguments chosen here, which ends the test.
 *
 * Prints traps.<what>=<value> for the values the harness checks.
 */
#include <cmtest.h>
#include <mach_user_traps.h>
#include <mach/task_special_ports.h>

#define TRAPS_BAD_NAME		0x7fffff01u	/* in no space */
#define TRAPS_CHOSEN_NAME	0x5301u		/* free here and in the child */
#define TRAPS_UNMAPPED		0xdeadbeef000UL	/* as badptr.c: never mapped */
#define TRAPS_MAGIC		0x5e1f5e1f5e1f5e1fUL
#define TRAPS_STACK_BYTES	16384

static mach_port_t me;

/* The names that are not a task: checked against every task trap. */
static void
traps_bad_task(const char *trap, kern_return_t (*call)(mach_port_t))
{
	mach_port_t receive = MACH_PORT_NULL;
	char what[96];

	(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &receive);
	snprintf(what, sizeof(what), "%s: name in no space", trap);
	cm_check_code(what, call(TRAPS_BAD_NAME), MACH_SEND_INTERRUPTED);
	snprintf(what, sizeof(what), "%s: MACH_PORT_NULL", trap);
	cm_check_code(what, call(MACH_PORT_NULL), MACH_SEND_INTERRUPTED);
	snprintf(what, sizeof(what), "%s: receive right only", trap);
	cm_check_code(what, call(receive), MACH_SEND_INTERRUPTED);
	snprintf(what, sizeof(what), "%s: the host port", trap);
	cm_check_code(what, call(mach_host_self()), MACH_SEND_INTERRUPTED);
	(void)mach_port_destroy(me, receive);
}

static kern_return_t
traps_call_vm_allocate(mach_port_t task)
{
	vm_address_t a = 0;

	return syscall_vm_allocate(task, &a, 4096, TRUE);
}

static kern_return_t
traps_call_vm_deallocate(mach_port_t task)
{
	return syscall_vm_deallocate(task, 0x10000000, 4096);
}

static kern_return_t
traps_call_vm_map(mach_port_t task)
{
	vm_address_t a = 0;

	return syscall_vm_map(task, &a, 4096, 0, TRUE, MACH_PORT_NULL, 0,
	    FALSE, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY);
}

static kern_return_t
traps_call_task_create(mach_port_t task)
{
	mach_port_t child = MACH_PORT_NULL;

	return syscall_task_create(task, FALSE, &child);
}

static kern_return_t
traps_call_set_special(mach_port_t task)
{
	return syscall_task_set_special_port(task, TASK_BOOTSTRAP_PORT,
	    MACH_PORT_NULL);
}

static kern_return_t
traps_call_port_allocate(mach_port_t task)
{
	mach_port_t name = MACH_PORT_NULL;

	return syscall_mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE,
	    &name);
}

static kern_return_t
traps_call_port_allocate_name(mach_port_t task)
{
	return syscall_mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
	    TRAPS_CHOSEN_NAME);
}

static kern_return_t
traps_call_port_deallocate(mach_port_t task)
{
	return syscall_mach_port_deallocate(task, TRAPS_CHOSEN_NAME);
}

static kern_return_t
traps_call_insert_right(mach_port_t task)
{
	return syscall_mach_port_insert_right(task, TRAPS_CHOSEN_NAME,
	    MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND);
}

/* Every trap whose first argument is a task, with a name that is none. */
static void
traps_bad_tasks(void)
{
	long names = cm_port_name_count();

	traps_bad_task("vm_map", traps_call_vm_map);
	traps_bad_task("vm_allocate", traps_call_vm_allocate);
	traps_bad_task("vm_deallocate", traps_call_vm_deallocate);
	traps_bad_task("task_create", traps_call_task_create);
	traps_bad_task("task_terminate", syscall_task_terminate);
	traps_bad_task("task_suspend", syscall_task_suspend);
	traps_bad_task("task_set_special_port", traps_call_set_special);
	traps_bad_task("mach_port_allocate", traps_call_port_allocate);
	traps_bad_task("mach_port_deallocate", traps_call_port_deallocate);
	traps_bad_task("mach_port_insert_right", traps_call_insert_right);
	traps_bad_task("mach_port_allocate_name",
	    traps_call_port_allocate_name);
	cm_check_eq("bad task names leave no name", cm_port_name_count(),
	    names);
}

/* -65, -66: memory in our own map. */
static void
traps_vm_allocate(void)
{
	vm_address_t a = 0, b;
	long names = cm_port_name_count();

	cm_check_kr("vm_allocate anywhere",
	    syscall_vm_allocate(me, &a, 3 * 4096, TRUE));
	cm_check(a != 0 && (a & 4095) == 0, "vm_allocate: aligned address");
	cm_check_eq("vm_allocate: zero fill", *(volatile long *)(a + 8192), 0);
	*(volatile long *)(a + 8192) = 77;
	b = a;
	cm_check_code("vm_allocate over it, fixed",
	    syscall_vm_allocate(me, &b, 4096, FALSE), KERN_NO_SPACE);
	cm_check_code("vm_allocate: unwritable address argument",
	    syscall_vm_allocate(me, (vm_address_t *)TRAPS_UNMAPPED, 4096,
	    TRUE), KERN_INVALID_ADDRESS);
	cm_check_kr("vm_deallocate", syscall_vm_deallocate(me, a, 3 * 4096));
	b = a;
	cm_check_kr("vm_allocate fixed where it was",
	    syscall_vm_allocate(me, &b, 3 * 4096, FALSE));
	cm_check_eq("vm_allocate fixed: same address", (long)b, (long)a);
	cm_check_eq("fresh memory is zero", *(volatile long *)(a + 8192), 0);
	cm_check_kr("vm_deallocate again",
	    syscall_vm_deallocate(me, a, 3 * 4096));
	cm_check_eq("vm traps leave the names", cm_port_name_count(), names);
}

/* Waits for the kernel's first message to a new pager: its id. */
static long
traps_receive_id(mach_port_t port)
{
	union {
		mach_msg_header_t	head;
		unsigned char		bytes[1024];
	} m;

	if (mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(m), port, 1000, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return -1;
	mach_msg_destroy(&m.head);
	return m.head.msgh_id;
}

/* -64: anonymous memory, then a memory object of ours. */
static void
traps_vm_map(void)
{
	vm_address_t a = 0;
	mach_port_t pager = MACH_PORT_NULL;

	cm_check_kr("vm_map anonymous", syscall_vm_map(me, &a, 2 * 4096, 0,
	    TRUE, MACH_PORT_NULL, 0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
	    VM_INHERIT_COPY));
	*(volatile long *)(a + 4096) = 5;
	cm_check_eq("vm_map anonymous: memory works",
	    *(volatile long *)(a + 4096), 5);
	cm_check_kr("vm_deallocate the vm_map", vm_deallocate(me, a, 8192));
	cm_check_code("vm_map: offset not aligned", syscall_vm_map(me, &a,
	    4096, 0, TRUE, MACH_PORT_NULL, 12, FALSE, VM_PROT_DEFAULT,
	    VM_PROT_ALL, VM_INHERIT_COPY), KERN_INVALID_ARGUMENT);
	cm_check_code("vm_map: size 0", syscall_vm_map(me, &a, 0, 0, TRUE,
	    MACH_PORT_NULL, 0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
	    VM_INHERIT_COPY), KERN_INVALID_ARGUMENT);
	cm_check_code("vm_map: memory object name in no space",
	    syscall_vm_map(me, &a, 4096, 0, TRUE, TRAPS_BAD_NAME, 0, FALSE,
	    VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
	    KERN_INVALID_NAME);
	(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &pager);
	cm_check_code("vm_map: memory object without a send right",
	    syscall_vm_map(me, &a, 4096, 0, TRUE, pager, 0, FALSE,
	    VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
	    KERN_INVALID_RIGHT);
	(void)mach_port_insert_right(me, pager, pager,
	    MACH_MSG_TYPE_MAKE_SEND);
	a = 0;
	cm_check_kr("vm_map a memory object", syscall_vm_map(me, &a, 4096, 0,
	    TRUE, pager, 0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
	    VM_INHERIT_COPY));
	cm_check_eq("vm_map: our send urefs unchanged",
	    cm_urefs(pager, MACH_PORT_RIGHT_SEND), 1);
	printf("traps.vm_map_pager_first_id=%ld\n", traps_receive_id(pager));
	cm_check_kr("vm_deallocate the object's mapping",
	    vm_deallocate(me, a, 4096));
	(void)mach_port_destroy(me, pager);
}

/* -68 .. -70: a child task, with a copy of our memory. */
static mach_port_t
traps_task_create(void)
{
	static volatile long marker = 0x600d;
	mach_port_t child = MACH_PORT_NULL;
	long names = cm_port_name_count();
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;

	cm_check_code("task_create: unwritable result", syscall_task_create(
	    me, TRUE, (mach_port_t *)TRAPS_UNMAPPED), KERN_INVALID_ADDRESS);
	cm_check_eq("task_create failed: no new name", cm_port_name_count(),
	    names);
	cm_check_kr("task_create", syscall_task_create(me, TRUE, &child));
	cm_check_eq("task_create: one new name", cm_port_name_count(),
	    names + 1);
	cm_check_eq("task_create: a send right", cm_port_type(child),
	    MACH_PORT_TYPE_SEND);
	cm_check_kr("vm_read the child", vm_read(child,
	    (vm_address_t)&marker & ~4095UL, 4096, &data, &count));
	if (data != 0) {
		cm_check_eq("child has our memory", *(long *)(data +
		    ((vm_address_t)&marker & 4095)), 0x600d);
		(void)vm_deallocate(me, data, count);
	}
	return child;
}

static long
traps_suspend_count(mach_port_t task)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	if (task_info(task, TASK_BASIC_INFO, (task_info_t)&info, &count) !=
	    KERN_SUCCESS)
		return -1;
	return info.suspend_count;
}

static void
traps_task_suspend_terminate(mach_port_t child)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	cm_check_eq("child starts unsuspended", traps_suspend_count(child), 0);
	cm_check_kr("task_suspend", syscall_task_suspend(child));
	cm_check_kr("task_suspend again", syscall_task_suspend(child));
	cm_check_eq("suspend count after two", traps_suspend_count(child), 2);
	cm_check_kr("task_resume", task_resume(child));
	cm_check_eq("suspend count after resume", traps_suspend_count(child),
	    1);
	cm_check_kr("task_terminate", syscall_task_terminate(child));
	cm_check_code("task_info after terminate", task_info(child,
	    TASK_BASIC_INFO, (task_info_t)&info, &count),
	    MACH_SEND_INVALID_DEST);
	cm_check_eq("child's name is dead", cm_port_type(child),
	    MACH_PORT_TYPE_DEAD_NAME);
	cm_check_code("task_terminate on the dead name",
	    syscall_task_terminate(child), MACH_SEND_INTERRUPTED);
	(void)mach_port_deallocate(me, child);
}

/* -71: the child's bootstrap port, read back with the RPC. */
static void
traps_task_special_port(mach_port_t child)
{
	mach_port_t p = MACH_PORT_NULL, got = MACH_PORT_NULL;

	(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p);
	cm_check_code("set_special_port: receive right only",
	    syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT, p),
	    KERN_INVALID_RIGHT);
	(void)mach_port_insert_right(me, p, p, MACH_MSG_TYPE_MAKE_SEND);
	cm_check_code("set_special_port: name in no space",
	    syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT,
	    TRAPS_BAD_NAME), KERN_INVALID_NAME);
	cm_check_code("set_special_port: no such port",
	    syscall_task_set_special_port(child, 99, p),
	    KERN_INVALID_ARGUMENT);
	cm_check_eq("refused: our urefs unchanged",
	    cm_urefs(p, MACH_PORT_RIGHT_SEND), 1);
	cm_check_kr("set_special_port bootstrap",
	    syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT, p));
	cm_check_eq("set: our urefs unchanged",
	    cm_urefs(p, MACH_PORT_RIGHT_SEND), 1);
	cm_check_kr("get_special_port bootstrap", task_get_special_port(child,
	    TASK_BOOTSTRAP_PORT, &got));
	cm_check_eq("get: the same port, same name", got, p);
	cm_check_eq("get: one more uref", cm_urefs(p, MACH_PORT_RIGHT_SEND),
	    2);
	cm_check_kr("set_special_port null",
	    syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT,
	    MACH_PORT_NULL));
	cm_check_kr("get_special_port after null", task_get_special_port(
	    child, TASK_BOOTSTRAP_PORT, &got));
	cm_check_eq("get: null", got, MACH_PORT_NULL);
	(void)mach_port_destroy(me, p);
}

/*
 * Trap -74 with a dead name as the right: it carries no port, so GNU
 * Mach's mach_port_insert_right answers KERN_INVALID_CAPABILITY.  The
 * dead name is gone again on return.
 */
static kern_return_t
traps_insert_dead_right(void)
{
	mach_port_t dead = MACH_PORT_NULL;
	kern_return_t kr;

	cm_check_kr("dead: port_allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &dead));
	cm_check_kr("dead: make send", mach_port_insert_right(me, dead, dead,
	    MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("dead: receive right gone", mach_port_mod_refs(me, dead,
	    MACH_PORT_RIGHT_RECEIVE, -1));
	cm_check_eq("dead: a dead name", cm_port_type(dead),
	    MACH_PORT_TYPE_DEAD_NAME);
	kr = syscall_mach_port_insert_right(me, TRAPS_CHOSEN_NAME, dead,
	    MACH_MSG_TYPE_COPY_SEND);
	(void)mach_port_deallocate(me, dead);
	return kr;
}

/* -72 .. -75: names in our space and in the child's. */
static void
traps_ports(mach_port_t child)
{
	mach_port_t p = MACH_PORT_NULL, s = MACH_PORT_NULL;
	long names = cm_port_name_count();
	mach_port_type_t type = 0;

	cm_check_kr("port_allocate receive",
	    syscall_mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check_eq("receive type", cm_port_type(p), MACH_PORT_TYPE_RECEIVE);
	cm_check_kr("port_allocate set",
	    syscall_mach_port_allocate(me, MACH_PORT_RIGHT_PORT_SET, &s));
	cm_check_eq("set type", cm_port_type(s), MACH_PORT_TYPE_PORT_SET);
	cm_check_code("port_allocate: bad right", syscall_mach_port_allocate(
	    me, 99, &s), KERN_INVALID_VALUE);
	cm_check_code("port_allocate: unwritable result",
	    syscall_mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
	    (mach_port_t *)TRAPS_UNMAPPED), KERN_INVALID_ADDRESS);
	cm_check_eq("two new names", cm_port_name_count(), names + 2);
	cm_check_kr("insert make-send", syscall_mach_port_insert_right(me, p,
	    p, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("insert copy-send", syscall_mach_port_insert_right(me, p,
	    p, MACH_MSG_TYPE_COPY_SEND));
	cm_check_eq("send urefs 2", cm_urefs(p, MACH_PORT_RIGHT_SEND), 2);
	cm_check_code("insert: not a disposition",
	    syscall_mach_port_insert_right(me, TRAPS_CHOSEN_NAME, p,
	    MACH_MSG_TYPE_PORT_NAME), KERN_INVALID_VALUE);
	/* GNU Mach's mach_port_insert_right: a null right is no capability. */
	cm_check_code("insert: null right", syscall_mach_port_insert_right(me,
	    TRAPS_CHOSEN_NAME, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND),
	    KERN_INVALID_CAPABILITY);
	cm_check_code("insert: right in no space",
	    syscall_mach_port_insert_right(me, TRAPS_CHOSEN_NAME,
	    TRAPS_BAD_NAME, MACH_MSG_TYPE_COPY_SEND), KERN_INVALID_NAME);
	cm_check_code("insert: copy-send of a port set",
	    syscall_mach_port_insert_right(me, TRAPS_CHOSEN_NAME, s,
	    MACH_MSG_TYPE_COPY_SEND), KERN_INVALID_RIGHT);
	/*
	 * The space holds p's send right under p already: that is checked
	 * before the name (GNU Mach's ipc_object_copyout_name), so the
	 * answer is KERN_RIGHT_EXISTS, not KERN_NAME_EXISTS.
	 */
	cm_check_code("insert: send right held under another name",
	    syscall_mach_port_insert_right(me, s, p,
	    MACH_MSG_TYPE_COPY_SEND), KERN_RIGHT_EXISTS);
	cm_check_code("insert: dead right", traps_insert_dead_right(),
	    KERN_INVALID_CAPABILITY);
	cm_check_eq("refused inserts: send urefs 2",
	    cm_urefs(p, MACH_PORT_RIGHT_SEND), 2);
	cm_check_kr("insert into the child", syscall_mach_port_insert_right(
	    child, TRAPS_CHOSEN_NAME, p, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("child's type", mach_port_type(child, TRAPS_CHOSEN_NAME,
	    &type));
	cm_check_eq("child holds a send right", type, MACH_PORT_TYPE_SEND);
	cm_check_kr("port_deallocate", syscall_mach_port_deallocate(me, p));
	cm_check_eq("send urefs 1", cm_urefs(p, MACH_PORT_RIGHT_SEND), 1);
	cm_check_code("port_deallocate: name in no space",
	    syscall_mach_port_deallocate(me, TRAPS_BAD_NAME),
	    KERN_INVALID_NAME);
	cm_check_kr("deallocate in the child", syscall_mach_port_deallocate(
	    child, TRAPS_CHOSEN_NAME));
	cm_check_code("child's name gone", mach_port_type(child,
	    TRAPS_CHOSEN_NAME, &type), KERN_INVALID_NAME);
	cm_check_kr("allocate_name", syscall_mach_port_allocate_name(me,
	    MACH_PORT_RIGHT_RECEIVE, TRAPS_CHOSEN_NAME));
	cm_check_eq("chosen name's type", cm_port_type(TRAPS_CHOSEN_NAME),
	    MACH_PORT_TYPE_RECEIVE);
	cm_check_code("allocate_name: taken", syscall_mach_port_allocate_name(
	    me, MACH_PORT_RIGHT_RECEIVE, TRAPS_CHOSEN_NAME), KERN_NAME_EXISTS);
	cm_check_code("allocate_name: null", syscall_mach_port_allocate_name(
	    me, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_NULL), KERN_INVALID_VALUE);
	cm_check_code("allocate_name: bad right",
	    syscall_mach_port_allocate_name(me, 99, TRAPS_CHOSEN_NAME + 0x100),
	    KERN_INVALID_VALUE);
	(void)mach_port_destroy(me, TRAPS_CHOSEN_NAME);
	(void)mach_port_destroy(me, p);
	(void)mach_port_destroy(me, s);
	cm_check_eq("port traps: names back", cm_port_name_count(), names);
}

/* -76: there is never a depression to end. */
static void
traps_depress_abort(void)
{
	mach_port_t thread = mach_thread_self();

	cm_check_kr("thread_depress_abort self",
	    syscall_thread_depress_abort(thread));
	cm_check_code("thread_depress_abort: a task name",
	    syscall_thread_depress_abort(me), MACH_SEND_INTERRUPTED);
	cm_check_code("thread_depress_abort: name in no space",
	    syscall_thread_depress_abort(TRAPS_BAD_NAME),
	    MACH_SEND_INTERRUPTED);
	(void)mach_port_deallocate(me, thread);
}

static unsigned char traps_stack[TRAPS_STACK_BYTES]
    __attribute__((aligned(16)));

/* Where thread_set_self_state lands: the registers it was given. */
static void __attribute__((noreturn, used))
traps_landing(unsigned long magic, unsigned long second)
{
	unsigned long sp;

	__asm__ volatile("movq %%rsp, %0" : "=r"(sp));
	cm_check_eq("landed: first argument", (long)magic, (long)TRAPS_MAGIC);
	cm_check_eq("landed: second argument", (long)second, 42);
	cm_check(sp > (unsigned long)traps_stack && sp <=
	    (unsigned long)traps_stack + TRAPS_STACK_BYTES,
	    "landed on the new stack");
	printf("traps.self_state_landed=1\n");
	cm_test_end();
}

/* -77: the bad calls return; the good one lands in traps_landing. */
static void
traps_set_self_state(void)
{
	struct i386_thread_state s;

	memset(&s, 0, sizeof(s));
	s.rip = (unsigned long)traps_landing;
	/* As after a call: %rsp + 8 is 16-byte aligned. */
	s.ursp = (unsigned long)traps_stack + TRAPS_STACK_BYTES - 8;
	s.rdi = TRAPS_MAGIC;
	s.rsi = 42;
	cm_check_code("set_self_state: bad flavor", thread_set_self_state(
	    i386_FLOAT_STATE, (natural_t *)&s, i386_THREAD_STATE_COUNT),
	    KERN_INVALID_ARGUMENT);
	cm_check_code("set_self_state: short count", thread_set_self_state(
	    i386_THREAD_STATE, (natural_t *)&s, i386_THREAD_STATE_COUNT - 1),
	    KERN_INVALID_ARGUMENT);
	cm_check_code("set_self_state: unreadable state",
	    thread_set_self_state(i386_THREAD_STATE,
	    (natural_t *)TRAPS_UNMAPPED, i386_THREAD_STATE_COUNT),
	    KERN_INVALID_ARGUMENT);
	s.rip = 0xffffffff80100000UL;
	cm_check_code("set_self_state: kernel %rip", thread_set_self_state(
	    i386_THREAD_STATE, (natural_t *)&s, i386_THREAD_STATE_COUNT),
	    KERN_INVALID_ARGUMENT);
	s.rip = (unsigned long)traps_landing;
	(void)thread_set_self_state(i386_THREAD_STATE, (natural_t *)&s,
	    i386_THREAD_STATE_COUNT);
	cm_check(0, "thread_set_self_state returned");
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_t child;

	(void)envp;
	cm_test_begin(argc, argv, "traps");
	me = mach_task_self();
	(void)mach_host_self();	/* its name exists before any count */
	traps_bad_tasks();
	traps_vm_allocate();
	traps_vm_map();
	child = traps_task_create();
	traps_task_special_port(child);
	traps_ports(child);
	traps_task_suspend_terminate(child);
	traps_depress_abort();
	traps_set_self_state();
	cm_test_end();
}

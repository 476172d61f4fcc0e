/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/cmtest.c: checks, counters and the ending of the IPC test
 * programs (user/include/cmtest.h).
 */
#include <clustermach/clustermach.h>
#include <cmtest.h>

const char *cm_test_name = "?";
int cm_test_failures;
mach_port_t cm_device_master_port;

/* A decimal port name, or MACH_PORT_NULL for anything else. */
static mach_port_t
cmtest_port_arg(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return MACH_PORT_NULL;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return MACH_PORT_NULL;
	}
	return (mach_port_t)cm_atol(s);
}

void
cm_test_begin(int argc, char **argv, const char *name)
{
	int i;

	cm_test_name = name;
	if (argc > 1)
		cm_host_priv_port = cmtest_port_arg(argv[1]);
	if (argc > 2)
		cm_device_master_port = cmtest_port_arg(argv[2]);
	/*
	 * Started by GNU Mach's boot-script line, with the privileged host
	 * port: end portably with host_reboot, as on GNU Mach.
	 */
	if (cm_host_priv_port != MACH_PORT_NULL)
		cm_machine_exit_mode = CM_MACHINE_EXIT_HOST_REBOOT;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--exit=host-reboot") == 0)
			cm_machine_exit_mode = CM_MACHINE_EXIT_HOST_REBOOT;
		else if (strcmp(argv[i], "--exit=test-trap") == 0)
			cm_machine_exit_mode = CM_MACHINE_EXIT_TEST_TRAP;
		else if (strcmp(argv[i], "--exit=task") == 0)
			cm_machine_exit_mode = CM_MACHINE_EXIT_TASK;
	}
	printf("%s: start host_priv=%u device_master=%u exit=%s\n", name,
	    cm_host_priv_port, cm_device_master_port,
	    cm_machine_exit_mode == CM_MACHINE_EXIT_HOST_REBOOT ?
	    "host-reboot" : cm_machine_exit_mode == CM_MACHINE_EXIT_TASK ?
	    "task" : "test-trap");
}

void
cm_test_end(void)
{
	if (cm_test_failures == 0) {
		printf("%s: all checks passed\n", cm_test_name);
		cm_machine_exit(1);
	}
	printf("%s: %d checks failed\n", cm_test_name, cm_test_failures);
	cm_machine_exit(0);
}

int
cm_check(int ok, const char *what)
{
	if (ok)
		return 1;
	printf("check failed: %s\n", what);
	cm_test_failures++;
	return 0;
}

int
cm_check_eq(const char *what, long got, long expected)
{
	if (got == expected)
		return 1;
	printf("check failed: %s (got %ld expected %ld)\n", what, got,
	    expected);
	cm_test_failures++;
	return 0;
}

int
cm_check_code(const char *what, kern_return_t got, kern_return_t expected)
{
	char got_name[40], expected_name[40];

	if (got == expected)
		return 1;
	printf("check failed: %s (got %s expected %s)\n", what,
	    cm_error_string(got, got_name, sizeof(got_name)),
	    cm_error_string(expected, expected_name, sizeof(expected_name)));
	cm_test_failures++;
	return 0;
}

int
cm_check_kr(const char *what, kern_return_t kr)
{
	return cm_check_code(what, kr, KERN_SUCCESS);
}

void
cm_print_code(const char *key, kern_return_t code)
{
	char name[40];

	printf("%s=%s\n", key, cm_error_string(code, name, sizeof(name)));
}

long
cm_urefs(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;

	if (mach_port_get_refs(mach_task_self(), name, right, &refs) !=
	    KERN_SUCCESS)
		return -1;
	return (long)refs;
}

long
cm_port_type(mach_port_t name)
{
	mach_port_type_t type = 0;

	if (mach_port_type(mach_task_self(), name, &type) != KERN_SUCCESS)
		return -1;
	return (long)type;
}

long
cm_port_name_count(void)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t names_count = 0, types_count = 0;

	if (mach_port_names(mach_task_self(), &names, &names_count, &types,
	    &types_count) != KERN_SUCCESS)
		return -1;
	(void)vm_deallocate(mach_task_self(), (vm_address_t)names,
	    names_count * sizeof(names[0]));
	(void)vm_deallocate(mach_task_self(), (vm_address_t)types,
	    types_count * sizeof(types[0]));
	return (long)names_count;
}

long
cm_free_pages(void)
{
	struct vm_statistics stats;

	if (vm_statistics(mach_task_self(), &stats) != KERN_SUCCESS)
		return -1;
	return (long)stats.free_count;
}

uint64_t
cm_vm_counter(unsigned int index)
{
	uint64_t counters[VM_COUNTER_MAX];
	mach_msg_type_number_t count = VM_COUNTER_MAX;

	if (!cm_check_kr("vm_cluster_statistics", vm_cluster_statistics(
	    mach_host_self(), counters, &count)) || !cm_check(count > index,
	    "vm_cluster_statistics has the counter"))
		return 0;
	return counters[index];
}

void
cm_int32_type(mach_msg_type_t *t)
{
	memset(t, 0, sizeof(*t));
	t->msgt_name = MACH_MSG_TYPE_INTEGER_32;
	t->msgt_size = 32;
	t->msgt_number = 1;
	t->msgt_inline = TRUE;
}

long
cm_regions(void (*fn)(vm_address_t addr, vm_size_t size,
    vm_inherit_t inherit, boolean_t shared, void *arg), void *arg)
{
	vm_address_t addr = 0;
	vm_size_t size;
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t name;
	vm_offset_t offset;
	long n = 0;

	while (vm_region(mach_task_self(), &addr, &size, &prot, &max_prot,
	    &inherit, &shared, &name, &offset) == KERN_SUCCESS) {
		/* A send right to the object's name (GNU Mach's vm_region). */
		if (MACH_PORT_VALID(name))
			(void)mach_port_deallocate(mach_task_self(), name);
		fn(addr, size, inherit, shared, arg);
		addr += size;
		n++;
	}
	return n;
}

void
cm_random_seed(struct cm_random *r, uint64_t seed)
{
	r->state = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t
cm_random_next(struct cm_random *r)
{
	uint64_t x = r->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t
cm_random_below(struct cm_random *r, uint64_t bound)
{
	return cm_random_next(r) % bound;
}

void
cm_exception_note(struct cm_exception *seen, integer_t exception,
    integer_t code, rpc_long_integer_t subcode)
{
	seen->count++;
	seen->exception = exception;
	seen->code = code;
	seen->subcode = subcode;
}

kern_return_t
cm_exception_kill(mach_port_t thread, mach_port_t task)
{
	(void)thread_terminate(thread);
	(void)mach_port_deallocate(mach_task_self(), thread);
	(void)mach_port_deallocate(mach_task_self(), task);
	return MIG_NO_REPLY;
}

mach_port_t
cm_port_with_send(void)
{
	mach_port_t me = mach_task_self(), p = MACH_PORT_NULL;

	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &p));
	cm_check_kr("make send", mach_port_insert_right(me, p, p,
	    MACH_MSG_TYPE_MAKE_SEND));
	return p;
}

mach_msg_return_t
cm_send_receive_right(mach_port_t dest, mach_msg_type_name_t dest_type,
    mach_port_t what)
{
	struct {
		mach_msg_header_t		head;
		mach_msg_type_t			type;
		mach_port_name_inlined_t	port;
	} m;

	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	    MACH_MSGH_BITS(dest_type, 0);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = dest;
	m.head.msgh_id = 1;
	m.type.msgt_name = MACH_MSG_TYPE_MOVE_RECEIVE;
	m.type.msgt_size = 64;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.port.name = what;
	return mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m),
	    0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

void
cm_ool_message_init(mach_msg_header_t *head, mach_msg_size_t size,
    mach_msg_type_long_t *type, mach_port_t dest, mach_msg_id_t id,
    vm_size_t bytes, int deallocate)
{
	memset(head, 0, sizeof(*head));
	memset(type, 0, sizeof(*type));
	head->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
	    MACH_MSGH_BITS_COMPLEX;
	head->msgh_size = size;
	head->msgh_remote_port = dest;
	head->msgh_id = id;
	type->msgtl_name = MACH_MSG_TYPE_BYTE;
	type->msgtl_size = 8;
	type->msgtl_number = bytes;
	type->msgtl_inline = FALSE;
	type->msgtl_longform = TRUE;
	type->msgtl_deallocate = deallocate ? TRUE : FALSE;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/exceptions.c: exception_raise through exc.defs.
 *
 * The main thread serves the exception port with the generated exc
 * server stub (exc_server, catch_exception_raise) and
 * mach_msg_server_once; second threads fault:
 *
 *   bad_access  write to the unmapped EXCEPTIONS_BAD_ADDRESS; task
 *               exception port.  EXC_BAD_ACCESS, code KERN_INVALID_ADDRESS,
 *               subcode the address.  The handler maps the page there and
 *               answers KERN_SUCCESS: the write is retried and succeeds.
 *   protection  write to a page vm_protect made read-only; task port.
 *               EXC_BAD_ACCESS, code KERN_PROTECTION_FAILURE, subcode the
 *               address; the handler gives write back, the write retries.
 *   breakpoint  int3, with the thread's own exception port.
 *               EXC_BREAKPOINT, code EXC_I386_BPT; answered KERN_SUCCESS,
 *               the thread goes on after the int3.
 *   bad_insn    ud2 in a thread made by thread_create directly; task
 *               port.  EXC_BAD_INSTRUCTION, code EXC_I386_INVOP.  The
 *               handler terminates the thread and sends no reply
 *               (MIG_NO_REPLY); thread_info on it then fails.
 */
#include <cmtest.h>
#include <cthreads.h>
#include <mach/exception.h>

#define EXCEPTIONS_BAD_ADDRESS	0xdeadbeef000UL
#define EXCEPTIONS_PAGE		4096UL

enum exceptions_action { EXC_ACTION_MAP, EXC_ACTION_CONTINUE,
	EXC_ACTION_TERMINATE, EXC_ACTION_UNPROTECT };

static mach_port_t me, exc_port;
static enum exceptions_action exceptions_action;
static struct {
	int		count;
	integer_t	exception, code;
	rpc_long_integer_t subcode;
	int		task_is_us;
} seen;
static volatile int exceptions_after_breakpoint;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
    integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	vm_address_t page = (vm_address_t)subcode & ~(EXCEPTIONS_PAGE - 1);
	kern_return_t kr = KERN_SUCCESS;

	(void)port;
	seen.count++;
	seen.exception = exception;
	seen.code = code;
	seen.subcode = subcode;
	seen.task_is_us = task == me;
	if (exceptions_action == EXC_ACTION_MAP)
		kr = vm_allocate(me, &page, EXCEPTIONS_PAGE, FALSE);
	if (exceptions_action == EXC_ACTION_UNPROTECT)
		kr = vm_protect(me, page, EXCEPTIONS_PAGE, FALSE,
		    VM_PROT_READ | VM_PROT_WRITE);
	if (exceptions_action == EXC_ACTION_TERMINATE) {
		(void)thread_terminate(thread);
		kr = MIG_NO_REPLY;
	}
	(void)mach_port_deallocate(me, thread);
	(void)mach_port_deallocate(me, task);
	return kr;
}

static void *
exceptions_bad_access(void *arg)
{
	volatile unsigned long *p = (volatile unsigned long *)
	    EXCEPTIONS_BAD_ADDRESS;

	(void)arg;
	*p = 0x1234;
	return (void *)*p;
}

static vm_address_t exceptions_protected;

static void *
exceptions_write_protected(void *arg)
{
	volatile unsigned long *p = (volatile unsigned long *)
	    exceptions_protected;

	(void)arg;
	*p = 0x5678;
	return (void *)*p;
}

static void *
exceptions_breakpoint(void *arg)
{
	mach_port_t self = mach_thread_self();

	(void)arg;
	(void)thread_set_special_port(self, THREAD_EXCEPTION_PORT, exc_port);
	(void)mach_port_deallocate(me, self);
	__asm__ volatile("int3");
	exceptions_after_breakpoint = 1;
	return NULL;
}

static void
exceptions_bad_insn(void)
{
	__asm__ volatile("ud2");
	for (;;)
		swtch();
}

/* Serves one exception; returns the mach_msg_server_once result. */
static void
exceptions_serve(const char *what, enum exceptions_action action)
{
	char key[80];

	memset(&seen, 0, sizeof(seen));
	exceptions_action = action;
	snprintf(key, sizeof(key), "%s: serve", what);
	cm_check_kr(key, mach_msg_server_once(exc_server, 4096, exc_port));
	snprintf(key, sizeof(key), "%s: one exception", what);
	cm_check_eq(key, seen.count, 1);
	snprintf(key, sizeof(key), "%s: task is us", what);
	cm_check_eq(key, seen.task_is_us, 1);
	printf("exceptions.%s=%d,%d,0x%lx\n", what, seen.exception, seen.code,
	    (unsigned long)seen.subcode);
}

static void
exceptions_case_bad_access(void)
{
	struct cm_thread *t = cm_thread_create(exceptions_bad_access, NULL);

	if (!cm_check(t != NULL, "bad_access thread"))
		return;
	exceptions_serve("bad_access", EXC_ACTION_MAP);
	cm_check_eq("bad_access exception", seen.exception, EXC_BAD_ACCESS);
	cm_check_eq("bad_access code", seen.code, KERN_INVALID_ADDRESS);
	cm_check_eq("bad_access subcode", seen.subcode,
	    EXCEPTIONS_BAD_ADDRESS);
	cm_check_eq("retried write landed", (long)(uintptr_t)cm_thread_join(t),
	    0x1234);
	(void)vm_deallocate(me, EXCEPTIONS_BAD_ADDRESS, EXCEPTIONS_PAGE);
}

/*
 * protection: vm_protect a page read-only, then write it: EXC_BAD_ACCESS
 * with KERN_PROTECTION_FAILURE; the handler gives write back and the
 * write is retried.
 */
static void
exceptions_case_protection(void)
{
	struct cm_thread *t;

	exceptions_protected = 0;
	if (!cm_check_kr("protection: allocate", vm_allocate(me,
	    &exceptions_protected, EXCEPTIONS_PAGE, TRUE)))
		return;
	*(volatile unsigned long *)exceptions_protected = 1;
	cm_check_kr("protection: read-only", vm_protect(me,
	    exceptions_protected, EXCEPTIONS_PAGE, FALSE, VM_PROT_READ));
	t = cm_thread_create(exceptions_write_protected, NULL);
	if (!cm_check(t != NULL, "protection thread"))
		return;
	exceptions_serve("protection", EXC_ACTION_UNPROTECT);
	cm_check_eq("protection exception", seen.exception, EXC_BAD_ACCESS);
	cm_check_eq("protection code", seen.code, KERN_PROTECTION_FAILURE);
	cm_check_eq("protection subcode", seen.subcode, exceptions_protected);
	cm_check_eq("retried write to the unprotected page",
	    (long)(uintptr_t)cm_thread_join(t), 0x5678);
	(void)vm_deallocate(me, exceptions_protected, EXCEPTIONS_PAGE);
}

static void
exceptions_case_breakpoint(void)
{
	struct cm_thread *t = cm_thread_create(exceptions_breakpoint, NULL);

	if (!cm_check(t != NULL, "breakpoint thread"))
		return;
	exceptions_serve("breakpoint", EXC_ACTION_CONTINUE);
	cm_check_eq("breakpoint exception", seen.exception, EXC_BREAKPOINT);
	cm_check_eq("breakpoint code", seen.code, EXC_I386_BPT);
	cm_thread_join(t);
	cm_check_eq("thread went on after int3", exceptions_after_breakpoint,
	    1);
}

static void
exceptions_case_bad_insn(void)
{
	mach_port_t thread = MACH_PORT_NULL;
	vm_address_t stack = 0;
	struct i386_thread_state state;
	struct thread_basic_info info;
	mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;

	cm_check_kr("stack", vm_allocate(me, &stack, 4 * EXCEPTIONS_PAGE,
	    TRUE));
	cm_check_kr("thread_create", thread_create(me, &thread));
	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)(uintptr_t)exceptions_bad_insn;
	state.ursp = stack + 4 * EXCEPTIONS_PAGE - 8;
	state.rfl = 0x200;
	cm_check_kr("thread_set_state", thread_set_state(thread,
	    i386_THREAD_STATE, (thread_state_t)&state,
	    i386_THREAD_STATE_COUNT));
	cm_check_kr("thread_resume", thread_resume(thread));
	exceptions_serve("bad_insn", EXC_ACTION_TERMINATE);
	cm_check_eq("bad_insn exception", seen.exception,
	    EXC_BAD_INSTRUCTION);
	cm_check_eq("bad_insn code", seen.code, EXC_I386_INVOP);
	cm_check(thread_info(thread, THREAD_BASIC_INFO, (thread_info_t)&info,
	    &count) != KERN_SUCCESS, "terminated thread is gone");
	(void)mach_port_deallocate(me, thread);
	(void)vm_deallocate(me, stack, 4 * EXCEPTIONS_PAGE);
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "exceptions");
	me = mach_task_self();
	cm_check_kr("allocate", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &exc_port));
	cm_check_kr("make send", mach_port_insert_right(me, exc_port,
	    exc_port, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("set task exception port", task_set_special_port(me,
	    TASK_EXCEPTION_PORT, exc_port));
	exceptions_case_bad_access();
	exceptions_case_protection();
	exceptions_case_breakpoint();
	exceptions_case_bad_insn();
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/task_self_end.c: a task that ends itself gives everything
 * back.
 *
 * A child made with task_create(inherit) runs one thread on a static
 * stack of the inherited image; it ends its own task one of three ways:
 *
 *   rpc      the task_terminate RPC on its own task port, with a reply
 *            port (message id 2008, as MIG's stub sends it)
 *   trap     the syscall_task_terminate trap (-69)
 *   killed   it waits; the parent ends it with task_terminate (the
 *            reference case)
 *
 * Each way runs once to warm the kernel's caches, then once measured.
 * The parent waits until the child's port is dead, reaps the kernel's
 * caches and compares kernel memory, live ports, kernel messages and
 * free pages with their values before task_create: all four deltas must
 * be 0.  (The kernel once ended the calling thread inside task_end, so
 * the RPC's request and reply right and the trap's task reference were
 * never given back, and with them the task and its map.)
 *
 * Keys: self_end.<way>.kmem_delta, .ports_delta, .kmsgs_delta,
 * .free_pages_delta, .gone, .tasks_delta.
 */
#include <cmtest.h>
#include <mach.h>
#include <mach_user_traps.h>
#include <clustermach/test_control.h>

#define SELF_END_RPC		0
#define SELF_END_TRAP		1
#define SELF_END_KILLED		2
#define SELF_END_TASK_TERMINATE_ID	2008	/* mach.defs: task_terminate */
#define SELF_END_WAIT_MS	5000

static volatile int self_end_way;
static char self_end_stack[16384] __attribute__((aligned(16)));
static mach_port_t me, self_end_sleep_port;

/* The child's thread: ends its own task (or waits to be ended). */
static void
self_end_child(void)
{
	/* mach_task_self() is the parent's cached name: ask the kernel. */
	mach_port_t task = (mach_task_self)();
	mach_msg_header_t h;

	if (self_end_way == SELF_END_RPC) {
		h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h.msgh_size = sizeof(h);
		h.msgh_remote_port = task;
		h.msgh_local_port = mach_reply_port();
		h.msgh_id = SELF_END_TASK_TERMINATE_ID;
		(void)mach_msg(&h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(h),
		    sizeof(h), h.msgh_local_port, 0, MACH_PORT_NULL);
	} else if (self_end_way == SELF_END_TRAP) {
		(void)syscall_task_terminate(task);
	}
	for (;;)
		(void)swtch();
}

/* Sleeps ms milliseconds (a receive that times out). */
static void
self_end_sleep(unsigned int ms)
{
	mach_msg_header_t h;

	(void)mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h),
	    self_end_sleep_port, ms, MACH_PORT_NULL);
}

/* Waits until task's port is dead; returns whether it came. */
static int
self_end_wait_gone(mach_port_t task)
{
	struct task_basic_info info;
	mach_msg_type_number_t count;

	for (unsigned int waited = 0; waited < SELF_END_WAIT_MS; waited += 5) {
		count = TASK_BASIC_INFO_COUNT;
		if (task_info(task, TASK_BASIC_INFO, (task_info_t)&info,
		    &count) != KERN_SUCCESS)
			return 1;
		self_end_sleep(5);
	}
	return 0;
}

/* Starts the child's thread at self_end_child on the static stack. */
static void
self_end_start(mach_port_t child, mach_port_t *thread)
{
	struct i386_thread_state state;

	cm_check_kr("thread_create", thread_create(child, thread));
	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)(uintptr_t)self_end_child;
	state.ursp = ((uint64_t)(uintptr_t)(self_end_stack +
	    sizeof(self_end_stack)) & ~15UL) - 8;
	state.rfl = 0x200;		/* interrupts on */
	cm_check_kr("thread_set_state", thread_set_state(*thread,
	    i386_THREAD_STATE, (thread_state_t)&state,
	    i386_THREAD_STATE_COUNT));
	cm_check_kr("thread_resume", thread_resume(*thread));
}

/* What a run must give back. */
struct self_end_counts {
	long	kmem, ports, kmsgs, free_pages;
	int	tasks;
};

static void
self_end_counts(struct self_end_counts *c)
{
	(void)cm_reap();
	c->kmem = cm_counter(TEST_COUNTER_KMEM_BYTES);
	c->ports = cm_counter(TEST_COUNTER_PORTS);
	c->kmsgs = cm_counter(TEST_COUNTER_KMSGS);
	c->tasks = cm_task_count();
	c->free_pages = cm_reap();
}

static int
self_end_same(const struct self_end_counts *a, const struct self_end_counts *b)
{
	return a->kmem == b->kmem && a->ports == b->ports &&
	    a->kmsgs == b->kmsgs && a->tasks == b->tasks &&
	    a->free_pages == b->free_pages;
}

/* One child ended one way; a warm-up run (measured 0) prints nothing. */
static void
self_end_run(int way, const char *name, int measured)
{
	mach_port_t child = MACH_PORT_NULL, thread = MACH_PORT_NULL;
	struct self_end_counts before, after;
	unsigned int waited;
	int gone;

	self_end_counts(&before);
	self_end_way = way;
	cm_check_kr("task_create", task_create(me, TRUE, &child));
	self_end_start(child, &thread);
	if (way == SELF_END_KILLED) {
		self_end_sleep(20);
		cm_check_kr("task_terminate", task_terminate(child));
	}
	gone = self_end_wait_gone(child);
	(void)mach_port_deallocate(me, thread);
	(void)mach_port_deallocate(me, child);
	if (!measured) {
		self_end_sleep(20);	/* its caches settle */
		return;
	}
	/*
	 * The child's last thread halts and the reaper frees it after the
	 * port dies: wait until everything is back, or give up and show
	 * what is not.
	 */
	for (waited = 0; waited < SELF_END_WAIT_MS; waited += 10) {
		self_end_counts(&after);
		if (self_end_same(&before, &after))
			break;
		self_end_sleep(10);
	}
	printf("self_end.%s.gone=%d\n", name, gone);
	printf("self_end.%s.tasks_delta=%d\n", name, after.tasks -
	    before.tasks);
	printf("self_end.%s.kmem_delta=%ld\n", name, after.kmem -
	    before.kmem);
	printf("self_end.%s.ports_delta=%ld\n", name, after.ports -
	    before.ports);
	printf("self_end.%s.kmsgs_delta=%ld\n", name, after.kmsgs -
	    before.kmsgs);
	printf("self_end.%s.free_pages_delta=%ld\n", name,
	    after.free_pages - before.free_pages);
}

int
main(int argc, char **argv, char **envp)
{
	(void)envp;
	cm_test_begin(argc, argv, "task_self_end");
	me = mach_task_self();
	cm_check_kr("sleep port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &self_end_sleep_port));
	/*
	 * Each way runs twice and the second is measured: the first warms
	 * the caches it uses and leaves the parent's own copy-on-write
	 * state (the shadow its stack writes go to after task_create) as
	 * the second will leave it.
	 */
	self_end_run(SELF_END_KILLED, "warm_killed", 0);
	self_end_run(SELF_END_KILLED, "killed", 1);
	self_end_run(SELF_END_RPC, "warm_rpc", 0);
	self_end_run(SELF_END_RPC, "rpc", 1);
	self_end_run(SELF_END_TRAP, "warm_trap", 0);
	self_end_run(SELF_END_TRAP, "trap", 1);
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/cthreads.c: threads in one task over Mach's thread RPCs.
 *
 * A thread is born in four RPCs, as on GNU Mach:
 *   1. vm_allocate its stack (CM_THREAD_STACK_BYTES plus a guard page,
 *      which vm_protect makes inaccessible when the kernel can);
 *   2. thread_create(mach_task_self()) gives a suspended thread;
 *   3. thread_set_state(i386_THREAD_STATE) sets rip = cthreads_start,
 *      rdi = its descriptor, ursp = top of stack - 8 (as if `call` had
 *      pushed a return address, so the C ABI's alignment holds), rflags
 *      with IF.  On GNU Mach x86_64 the user stack pointer of this flavor
 *      is `ursp`; `rsp` is ignored on set and reads 0 on get
 *      (i386/i386/pcb.c, thread_setstatus / thread_getstatus);
 *   4. thread_resume.
 *
 * Ending: cthreads_start stores fn's value, sets `done`, wakes a joiner
 * (gsync_wake) and terminates itself.  The joiner terminates it too (in
 * case it has not got that far; harmless otherwise), then frees the
 * stack, the thread's port name and its reply port.
 *
 * Descriptors live in one table; slot 0 is the main thread, whose stack
 * the kernel made.  cm_thread_self() finds the slot whose stack holds
 * the current %rsp.  Locking: cthreads_table_lock guards in_use and the
 * stack fields of every slot; nothing else is held with it.
 */
#include <cmuser.h>
#include <cthreads.h>

static struct cm_thread cthreads_table[CM_THREAD_MAX];
static cm_spin_lock_t cthreads_table_lock = CM_SPIN_LOCK_INITIALIZER;
static int cthreads_live;		/* created, not joined */
static int cthreads_gsync_state;	/* 0 unknown, 1 works, -1 missing */

#define CTHREADS_PAGE_BYTES	4096UL
#define CTHREADS_RFLAGS_IF	0x200UL

void
cm_spin_lock(cm_spin_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		swtch();
}

/* Returns 1 if the lock was taken. */
int
cm_spin_try_lock(cm_spin_lock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void
cm_spin_unlock(cm_spin_lock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

struct cm_thread *
cm_thread_self(void)
{
	vm_address_t sp = (vm_address_t)__builtin_frame_address(0);
	int i;

	for (i = 1; i < CM_THREAD_MAX; i++) {
		struct cm_thread *t = &cthreads_table[i];

		if (t->in_use && sp >= t->stack_base &&
		    sp < t->stack_base + t->stack_bytes)
			return t;
	}
	return &cthreads_table[0];
}

int
cm_thread_count(void)
{
	return cthreads_live;
}

int
cm_thread_gsync_works(void)
{
	return cthreads_gsync_state > 0;
}

static void
cthreads_start(struct cm_thread *t) __attribute__((noreturn, used));

static void
cthreads_start(struct cm_thread *t)
{
	cm_thread_exit(t->fn(t->arg));
}

void
cm_thread_exit(void *result)
{
	struct cm_thread *t = cm_thread_self();

	t->result = result;
	__atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
	if (cthreads_gsync_state >= 0)
		(void)gsync_wake(mach_task_self(), (vm_address_t)&t->done, 0,
		    GSYNC_BROADCAST);
	if (t->kernel_thread != MACH_PORT_NULL)
		(void)thread_terminate(t->kernel_thread);
	/* Main thread, or the kernel would not end us: wait for the end. */
	for (;;)
		swtch();
}

/* Takes a free slot; NULL if all CM_THREAD_MAX are used. */
static struct cm_thread *
cthreads_slot_take(void)
{
	struct cm_thread *t = NULL;
	int i;

	cm_spin_lock(&cthreads_table_lock);
	for (i = 1; i < CM_THREAD_MAX; i++) {
		if (!cthreads_table[i].in_use) {
			t = &cthreads_table[i];
			memset(t, 0, sizeof(*t));
			t->in_use = 1;
			cthreads_live++;
			break;
		}
	}
	cm_spin_unlock(&cthreads_table_lock);
	return t;
}

static void
cthreads_slot_free(struct cm_thread *t)
{
	cm_spin_lock(&cthreads_table_lock);
	t->in_use = 0;
	cthreads_live--;
	cm_spin_unlock(&cthreads_table_lock);
}

/* Starts t->kernel_thread at cthreads_start(t) on t's stack. */
static kern_return_t
cthreads_set_entry(struct cm_thread *t)
{
	struct i386_thread_state state;
	vm_address_t top = t->stack_base + t->stack_bytes;

	memset(&state, 0, sizeof(state));
	state.rip = (uint64_t)(uintptr_t)cthreads_start;
	state.rdi = (uint64_t)(uintptr_t)t;
	state.ursp = (top & ~15UL) - 8;
	state.rfl = CTHREADS_RFLAGS_IF;
	return thread_set_state(t->kernel_thread, i386_THREAD_STATE,
	    (thread_state_t)&state, i386_THREAD_STATE_COUNT);
}

struct cm_thread *
cm_thread_create(cm_thread_fn_t fn, void *arg)
{
	struct cm_thread *t = cthreads_slot_take();
	vm_address_t stack = 0;
	vm_size_t bytes = CM_THREAD_STACK_BYTES + CTHREADS_PAGE_BYTES;
	kern_return_t kr;

	if (t == NULL)
		return NULL;
	kr = vm_allocate(mach_task_self(), &stack, bytes, TRUE);
	if (kr != KERN_SUCCESS)
		goto fail;
	(void)vm_protect(mach_task_self(), stack, CTHREADS_PAGE_BYTES, FALSE,
	    VM_PROT_NONE);
	t->fn = fn;
	t->arg = arg;
	t->stack_base = stack;
	t->stack_bytes = bytes;
	kr = thread_create(mach_task_self(), &t->kernel_thread);
	if (kr != KERN_SUCCESS)
		goto fail;
	kr = cthreads_set_entry(t);
	if (kr == KERN_SUCCESS)
		kr = thread_resume(t->kernel_thread);
	if (kr == KERN_SUCCESS)
		return t;
	(void)thread_terminate(t->kernel_thread);
	(void)mach_port_deallocate(mach_task_self(), t->kernel_thread);
fail:
	printf("cthreads: cannot create a thread: kr=%d\n", kr);
	if (stack != 0)
		(void)vm_deallocate(mach_task_self(), stack, bytes);
	cthreads_slot_free(t);
	return NULL;
}

/* Waits until t->done is set: gsync_wait if the kernel has it. */
static void
cthreads_wait_done(struct cm_thread *t)
{
	kern_return_t kr;

	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		if (cthreads_gsync_state < 0) {
			swtch();
			continue;
		}
		kr = gsync_wait(mach_task_self(), (vm_address_t)&t->done, 0,
		    0, 0, 0);
		if (kr == MIG_BAD_ID || kr == KERN_FAILURE ||
		    (kr & ~0xffff) == 0x10000000)	/* MACH_SEND_*, MACH_RCV_* */
			cthreads_gsync_state = -1; /* no gsync: poll */
		else
			cthreads_gsync_state = 1;  /* woken, or value changed */
	}
}

void *
cm_thread_join(struct cm_thread *t)
{
	void *result;

	cthreads_wait_done(t);
	result = t->result;
	(void)thread_terminate(t->kernel_thread);
	(void)mach_port_deallocate(mach_task_self(), t->kernel_thread);
	if (t->reply_port != MACH_PORT_NULL)
		(void)mach_port_mod_refs(mach_task_self(), t->reply_port,
		    MACH_PORT_RIGHT_RECEIVE, -1);
	(void)vm_deallocate(mach_task_self(), t->stack_base, t->stack_bytes);
	cthreads_slot_free(t);
	return result;
}

int
cm_threads_waiting(struct cm_thread **threads, int n)
{
	struct thread_basic_info info;
	mach_msg_type_number_t count;
	int i, waiting = 0;

	for (i = 0; i < n; i++) {
		count = THREAD_BASIC_INFO_COUNT;
		if (thread_info(threads[i]->kernel_thread, THREAD_BASIC_INFO,
		    (thread_info_t)&info, &count) == KERN_SUCCESS &&
		    info.run_state == TH_STATE_WAITING)
			waiting++;
	}
	return waiting;
}

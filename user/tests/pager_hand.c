/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_hand.c: the kernel's side of the memory-object
 * protocol (vm/memory_object.c) against a pager written by hand, with
 * no library between: every message the kernel sends is logged in
 * arrival order, and the pager's own messages are sent exactly as each
 * case needs, bad ones included.
 *
 *   pager_hand HOST DEVICE
 *
 * Object A: 8 pages mapped read/write at `base`.  Page p, word i, as
 * supplied: HAND_WORD(p, i); pages 2 and 3 are supplied precious.  A
 * write puts HAND_MARK(p) in word 0.  Object B: 4 pages mapped at object
 * offset HAND_HUGE (2^46), so the kernel's object is 2^46 + 4 pages.
 * Object C: 2 pages, whose termination waits for memory when its pager
 * dies.
 *
 * Log entries (one server thread, so in the kernel's order):
 *   init | req:P+N | unl:P:r/w | ret:P:dD:V | done:P+N | chg | term
 * P, N in pages of the object (B's page 0 is 2^34); D the
 * dirty flag; V the returned page: W (word 0 is the mark, the rest the
 * pattern), P (all pattern) or ? (anything else).
 *
 * Keys: hand.<case>=<log of that case>, hand.attr*, hand.bad_*, hand.*
 * counters (deltas of the kernel's VM counters), read by
 * tests/harness/test_vm_pager_hand.py.
 */
#include <stdbool.h>
#include <cmtest.h>
#include <cthreads.h>
#include <mach.h>
#include <mach/memory_object.h>
#include <mach/memory_object_server.h>
#include <clustermach/test_control.h>
#include <clustermach/vm_counters.h>

#define HAND_PAGE	4096UL
#define HAND_WORDS	(HAND_PAGE / 8)
#define HAND_A_PAGES	8
#define HAND_B_PAGES	4
#define HAND_HUGE	(1UL << 46)
#define HAND_LOG_BYTES	1024
#define HAND_WAIT_MS	20000

#define HAND_WORD(p, i)	(0x5a00000000000000ULL | ((uint64_t)(p) << 16) | (i))
#define HAND_MARK(p)	(0xd1d1000000000000ULL | (uint64_t)(p))

struct hand_object {
	mach_port_t	port;		/* the memory object (ours) */
	mach_port_t	control;	/* the kernel's, from init */
	mach_port_t	name;
	vm_offset_t	map_offset;	/* the object offset mapped */
	unsigned int	precious_mask;	/* pages supplied precious */
	char		log[HAND_LOG_BYTES];	/* hand_lock */
	unsigned int	log_len;
};

/* The demux of the server stubs (user/mig/mach/memory_object_server.c). */
boolean_t
seqnos_memory_object_server(mach_msg_header_t *in, mach_msg_header_t *out);

static struct hand_object hand_a, hand_b, hand_c;
static cm_mutex_t hand_lock = CM_MUTEX_INITIALIZER;
static mach_port_t hand_set;

static struct hand_object *
hand_object(mach_port_t port)
{
	if (port == hand_c.port)
		return &hand_c;
	return port == hand_b.port ? &hand_b : &hand_a;
}

static void
hand_log(struct hand_object *o, const char *fmt, unsigned long a,
    unsigned long b, unsigned long c, int d)
{
	char entry[64];
	unsigned int n;

	n = (unsigned int)snprintf(entry, sizeof(entry), fmt, a, b, c, d);
	cm_mutex_lock(&hand_lock);
	if (o->log_len + n + 2 < sizeof(o->log)) {
		if (o->log_len != 0)
			o->log[o->log_len++] = ' ';
		memcpy(o->log + o->log_len, entry, n + 1);
		o->log_len += n;
	}
	cm_mutex_unlock(&hand_lock);
}

static unsigned long
hand_page(vm_offset_t offset)
{
	return offset / HAND_PAGE;
}

/* --- The pager: memory_object.defs as the kernel sends it. --- */

kern_return_t
seqnos_memory_object_init(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, mach_port_t name, vm_size_t page_size)
{
	struct hand_object *o = hand_object(object);

	(void)seqno;
	(void)page_size;
	o->control = control;
	o->name = name;
	cm_check_kr("ready", memory_object_ready(control, TRUE,
	    MEMORY_OBJECT_COPY_DELAY));
	hand_log(o, "init", 0, 0, 0, 0);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_data_request(mach_port_t object,
    mach_port_seqno_t seqno, mach_port_t control, vm_offset_t offset,
    vm_size_t length, vm_prot_t access)
{
	static uint64_t words[HAND_WORDS] __attribute__((aligned(4096)));
	struct hand_object *o = hand_object(object);
	unsigned long p = hand_page(offset);

	(void)seqno;
	(void)access;
	hand_log(o, "req:%lu+%lu", p, length / HAND_PAGE, 0, 0);
	for (vm_size_t pos = 0; pos < length; pos += HAND_PAGE, p++) {
		for (unsigned int i = 0; i < HAND_WORDS; i++)
			words[i] = HAND_WORD(p, i);
		cm_check_kr("supply", memory_object_data_supply(control,
		    offset + pos, (vm_offset_t)words, HAND_PAGE, FALSE,
		    VM_PROT_NONE, (o->precious_mask >> p) & 1, MACH_PORT_NULL));
	}
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_data_unlock(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_size_t length,
    vm_prot_t access)
{
	struct hand_object *o = hand_object(object);

	(void)seqno;
	hand_log(o, "unl:%lu:%s", hand_page(offset),
	    (unsigned long)((access & VM_PROT_WRITE) ? "w" : "r"), 0, 0);
	/* Granted: the lock goes. */
	cm_check_kr("unlock", memory_object_lock_request(control, offset,
	    length, MEMORY_OBJECT_RETURN_NONE, FALSE, VM_PROT_NONE,
	    MACH_PORT_NULL));
	return KERN_SUCCESS;
}

/* W, P or ?: what a returned page of page p holds. */
static char
hand_page_kind(const uint64_t *w, unsigned long p)
{
	bool pattern = true;

	for (unsigned int i = 1; i < HAND_WORDS; i++)
		pattern &= w[i] == HAND_WORD(p, i);
	if (!pattern)
		return '?';
	if (w[0] == HAND_MARK(p))
		return 'W';
	return w[0] == HAND_WORD(p, 0) ? 'P' : '?';
}

kern_return_t
seqnos_memory_object_data_return(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_offset_t data,
    mach_msg_type_number_t count, boolean_t dirty, boolean_t kernel_copy)
{
	struct hand_object *o = hand_object(object);
	unsigned long p = hand_page(offset);

	(void)seqno;
	(void)control;
	(void)kernel_copy;
	hand_log(o, "ret:%lu:d%lu:%c", p, (unsigned long)dirty,
	    (unsigned long)(count == HAND_PAGE ?
	    hand_page_kind((const uint64_t *)data, p) : '?'), 0);
	(void)vm_deallocate(mach_task_self(), data, count);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_lock_completed(mach_port_t object,
    mach_port_seqno_t seqno, mach_port_t control, vm_offset_t offset,
    vm_size_t length)
{
	struct hand_object *o = hand_object(object);

	(void)seqno;
	(void)control;
	hand_log(o, "done:%lu+%lu", hand_page(offset), length / HAND_PAGE,
	    0, 0);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_change_completed(mach_port_t object,
    mach_port_seqno_t seqno, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy)
{
	(void)seqno;
	hand_log(hand_object(object), "chg:%lu:%lu", (unsigned long)may_cache,
	    (unsigned long)copy_strategy, 0, 0);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_terminate(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, mach_port_t name)
{
	(void)seqno;
	(void)mach_port_mod_refs(mach_task_self(), control,
	    MACH_PORT_RIGHT_RECEIVE, -1);
	(void)mach_port_mod_refs(mach_task_self(), name,
	    MACH_PORT_RIGHT_RECEIVE, -1);
	hand_log(hand_object(object), "term", 0, 0, 0, 0);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_copy(mach_port_t object, mach_port_seqno_t seqno,
    mach_port_t control, vm_offset_t offset, vm_size_t length,
    mach_port_t new_object)
{
	(void)seqno;
	(void)control;
	(void)offset;
	(void)length;
	(void)new_object;
	hand_log(hand_object(object), "copy", 0, 0, 0, 0);
	return KERN_SUCCESS;
}

kern_return_t
seqnos_memory_object_supply_completed(mach_port_t object,
    mach_port_seqno_t seqno, mach_port_t control, vm_offset_t offset,
    vm_size_t length, kern_return_t result, vm_offset_t error_offset)
{
	(void)seqno;
	(void)control;
	(void)offset;
	(void)length;
	(void)result;
	(void)error_offset;
	hand_log(hand_object(object), "supplied", 0, 0, 0, 0);
	return KERN_SUCCESS;
}

static void *
hand_serve(void *arg)
{
	(void)arg;
	(void)mach_msg_server(seqnos_memory_object_server, 8192, hand_set);
	return NULL;
}

/* --- The test's side. --- */

/* Waits about ms milliseconds: a receive that times out. */
static void
hand_sleep_ms(unsigned int ms)
{
	static mach_port_t port;
	mach_msg_header_t h;

	if (port == MACH_PORT_NULL)
		cm_check_kr("sleep port", mach_port_allocate(mach_task_self(),
		    MACH_PORT_RIGHT_RECEIVE, &port));
	(void)mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h), port,
	    ms, MACH_PORT_NULL);
}

/* Whether s holds the string want. */
static int
hand_contains(const char *s, const char *want)
{
	size_t n = strlen(want);

	for (; *s != '\0'; s++) {
		if (strncmp(s, want, n) == 0)
			return 1;
	}
	return 0;
}

/* Waits until o's log holds `want`; returns whether it came. */
static int
hand_wait(struct hand_object *o, const char *want)
{
	for (unsigned int waited = 0; waited < HAND_WAIT_MS; waited++) {
		int found;

		cm_mutex_lock(&hand_lock);
		found = hand_contains(o->log, want);
		cm_mutex_unlock(&hand_lock);
		if (found)
			return 1;
		hand_sleep_ms(1);
	}
	return 0;
}

/* Prints o's log as hand.<name>= and empties it. */
static void
hand_take(struct hand_object *o, const char *name)
{
	cm_mutex_lock(&hand_lock);
	printf("hand.%s=%s\n", name, o->log);
	o->log[0] = '\0';
	o->log_len = 0;
	cm_mutex_unlock(&hand_lock);
}

/* A lock_request on A's pages [first, first + n), answered to A. */
static void
hand_lock_request(struct hand_object *o, unsigned long first,
    unsigned long n, memory_object_return_t how, boolean_t flush,
    vm_prot_t lock, const char *name)
{
	char done[32];

	cm_check_kr("lock_request", memory_object_lock_request(o->control,
	    first * HAND_PAGE, n * HAND_PAGE, how, flush,
	    lock, o->port));
	snprintf(done, sizeof(done), "done:%lu+%lu", first, n);
	cm_check(hand_wait(o, done), "lock_completed came");
	hand_take(o, name);
}

/* Makes o's port, with a send right, in the served set. */
static mach_port_t
hand_object_port(struct hand_object *o)
{
	mach_port_t me = mach_task_self();

	cm_check_kr("object port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &o->port));
	cm_check_kr("send right", mach_port_insert_right(me, o->port,
	    o->port, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("into the set", mach_port_move_member(me, o->port,
	    hand_set));
	return o->port;
}

static vm_address_t
hand_map(struct hand_object *o, vm_size_t pages)
{
	vm_address_t addr = 0;

	if (o->port == MACH_PORT_NULL)
		(void)hand_object_port(o);
	cm_check_kr("vm_map", vm_map(mach_task_self(), &addr,
	    pages * HAND_PAGE, 0, TRUE, o->port, o->map_offset,
	    FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_INHERIT_NONE));
	cm_check(hand_wait(o, "init"), "init came");
	hand_take(o, "init");
	return addr;
}

static volatile uint64_t *
hand_word(vm_address_t base, unsigned long p)
{
	return (volatile uint64_t *)(base + p * HAND_PAGE);
}

static void
hand_attributes(const char *name)
{
	boolean_t ready = 7, may_cache = 7;
	memory_object_copy_strategy_t strategy = 7;

	cm_check_kr("get_attributes", memory_object_get_attributes(
	    hand_a.control, &ready, &may_cache, &strategy));
	printf("hand.%s=%d,%d,%d\n", name, ready, may_cache, strategy);
}

/* Reads word 0 of page p; returns whether it held `want`. */
static int
hand_read(vm_address_t base, unsigned long p, uint64_t want)
{
	return *hand_word(base, p) == want;
}

/* Page faults and the attributes: ready, get, change, get. */
static void
hand_case_faults(vm_address_t a)
{
	int ok = 1;

	hand_attributes("attr_ready");
	cm_check_kr("change_attributes", memory_object_change_attributes(
	    hand_a.control, FALSE, MEMORY_OBJECT_COPY_CALL, hand_a.port));
	cm_check(hand_wait(&hand_a, "chg:"), "change_completed came");
	hand_take(&hand_a, "change");
	hand_attributes("attr_changed");

	for (unsigned long p = 0; p < 4; p++)
		ok &= hand_read(a, p, HAND_WORD(p, 0));
	*hand_word(a, 1) = HAND_MARK(1);
	*hand_word(a, 3) = HAND_MARK(3);
	hand_take(&hand_a, "fault");
	printf("hand.fault_data_ok=%d\n", ok);
}

/* lock_request's should_return and should_flush on pages 0-3. */
static void
hand_case_returns(vm_address_t a)
{
	int ok;

	hand_lock_request(&hand_a, 0, 8, MEMORY_OBJECT_RETURN_NONE, FALSE,
	    VM_PROT_NO_CHANGE, "none");
	hand_lock_request(&hand_a, 0, 8, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
	    VM_PROT_NO_CHANGE, "dirty");
	ok = hand_read(a, 1, HAND_MARK(1)) && hand_read(a, 3, HAND_MARK(3));
	hand_take(&hand_a, "dirty_after");	/* still resident: nothing */
	printf("hand.dirty_after_ok=%d\n", ok);
	hand_lock_request(&hand_a, 0, 8, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
	    VM_PROT_NO_CHANGE, "dirty_again");
	*hand_word(a, 1) = HAND_MARK(1);
	hand_lock_request(&hand_a, 0, 8, MEMORY_OBJECT_RETURN_ALL, FALSE,
	    VM_PROT_NO_CHANGE, "all");
	hand_lock_request(&hand_a, 0, 8, MEMORY_OBJECT_RETURN_ALL, TRUE,
	    VM_PROT_NO_CHANGE, "flush");
	ok = hand_read(a, 0, HAND_WORD(0, 0)) && hand_read(a, 3,
	    HAND_WORD(3, 0));
	hand_take(&hand_a, "refault");
	printf("hand.refault_ok=%d\n", ok);
}

/* lock_value: the next access asks for the lock back. */
static void
hand_case_locks(vm_address_t a)
{
	int ok;

	hand_lock_request(&hand_a, 0, 1, MEMORY_OBJECT_RETURN_NONE, FALSE,
	    VM_PROT_WRITE, "lock_w");
	ok = hand_read(a, 0, HAND_WORD(0, 0));	/* reading is allowed */
	*hand_word(a, 0) = HAND_MARK(0);
	hand_take(&hand_a, "unlock_w");
	hand_lock_request(&hand_a, 0, 1, MEMORY_OBJECT_RETURN_NONE, FALSE,
	    VM_PROT_READ, "lock_r");
	ok &= hand_read(a, 0, HAND_MARK(0));
	hand_take(&hand_a, "unlock_r");
	printf("hand.lock_data_ok=%d\n", ok);
}

/* A copy for data_return fails (no memory): the page stays, dirty. */
static void
hand_case_kept(vm_address_t a)
{
	uint64_t failed = cm_vm_counter(VM_COUNTER_RETURN_COPIES_FAILED);
	int ok;

	clustermach_test_control(TEST_CONTROL_FAIL_RETURN_COPIES, 1);
	hand_lock_request(&hand_a, 0, 1, MEMORY_OBJECT_RETURN_DIRTY, TRUE,
	    VM_PROT_NO_CHANGE, "kept");
	printf("hand.kept_copies_failed=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_RETURN_COPIES_FAILED) - failed));
	ok = hand_read(a, 0, HAND_MARK(0));
	hand_take(&hand_a, "kept_read");	/* no data_request */
	printf("hand.kept_data_ok=%d\n", ok);
	hand_lock_request(&hand_a, 0, 1, MEMORY_OBJECT_RETURN_DIRTY, TRUE,
	    VM_PROT_NO_CHANGE, "kept_later");
}

/* Sends one bad message; checks the kernel counted exactly it. */
static void
hand_bad(const char *what, kern_return_t kr, uint64_t *seen)
{
	uint64_t now = cm_vm_counter(VM_COUNTER_BAD_MESSAGES);

	printf("hand.bad.%s=%d,%lu\n", what, kr, (unsigned long)(now - *seen));
	*seen = now;
}

/* Every kind of bad pager value, then a good request still works. */
static void
hand_case_bad(vm_address_t a)
{
	static uint64_t words[HAND_WORDS] __attribute__((aligned(4096)));
	uint64_t seen = cm_vm_counter(VM_COUNTER_BAD_MESSAGES);
	uint64_t first = seen;
	mach_port_t c = hand_a.control;
	boolean_t r, m;
	memory_object_copy_strategy_t s;

	hand_bad("supply_misaligned", memory_object_data_supply(c, 100,
	    (vm_offset_t)words, HAND_PAGE, FALSE, VM_PROT_NONE, FALSE,
	    MACH_PORT_NULL), &seen);
	hand_bad("supply_partial_page", memory_object_data_supply(c, 0,
	    (vm_offset_t)words, 100, FALSE, VM_PROT_NONE, FALSE,
	    MACH_PORT_NULL), &seen);
	hand_bad("supply_past_end", memory_object_data_supply(c,
	    HAND_A_PAGES * HAND_PAGE, (vm_offset_t)words, HAND_PAGE, FALSE,
	    VM_PROT_NONE, FALSE, MACH_PORT_NULL), &seen);
	hand_bad("supply_wrapping", memory_object_data_supply(c, -HAND_PAGE,
	    (vm_offset_t)words, HAND_PAGE, FALSE, VM_PROT_NONE, FALSE,
	    MACH_PORT_NULL), &seen);
	hand_bad("supply_lock_value", memory_object_data_supply(c, 0,
	    (vm_offset_t)words, HAND_PAGE, FALSE, 0x100, FALSE,
	    MACH_PORT_NULL), &seen);
	hand_bad("lock_overflow", memory_object_lock_request(c, HAND_PAGE,
	    -HAND_PAGE, MEMORY_OBJECT_RETURN_DIRTY, FALSE, VM_PROT_NO_CHANGE,
	    MACH_PORT_NULL), &seen);
	hand_bad("lock_should_return", memory_object_lock_request(c, 0,
	    HAND_PAGE, 7, FALSE, VM_PROT_NO_CHANGE, MACH_PORT_NULL), &seen);
	hand_bad("lock_lock_value", memory_object_lock_request(c, 0,
	    HAND_PAGE, MEMORY_OBJECT_RETURN_NONE, FALSE, 0x100,
	    MACH_PORT_NULL), &seen);
	hand_bad("unavailable_empty", memory_object_data_unavailable(c, 0, 0),
	    &seen);
	hand_bad("error_huge", memory_object_data_error(c, 0, HAND_HUGE,
	    KERN_MEMORY_ERROR), &seen);
	hand_bad("ready_strategy", memory_object_ready(c, TRUE, 9), &seen);
	hand_bad("change_strategy", memory_object_change_attributes(c, TRUE,
	    -1, MACH_PORT_NULL), &seen);
	hand_bad("unavailable_name_port", memory_object_data_unavailable(
	    hand_a.name, 0, HAND_PAGE), &seen);
	hand_bad("get_attributes_name_port", memory_object_get_attributes(
	    hand_a.name, &r, &m, &s), &seen);
	printf("hand.bad_total=%lu\n", (unsigned long)(seen - first));
	hand_attributes("attr_after_bad");
	cm_check(hand_read(a, 5, HAND_WORD(5, 0)), "good request after bad");
	hand_take(&hand_a, "after_bad");
}

/* The last mapping goes while a page's copy fails: the daemon ends it. */
static void
hand_case_terminate(vm_address_t a)
{
	uint64_t deferred = cm_vm_counter(VM_COUNTER_RELEASES_DEFERRED);

	*hand_word(a, 6) = HAND_MARK(6);
	hand_take(&hand_a, "write6");
	clustermach_test_control(TEST_CONTROL_FAIL_RETURN_COPIES, 1);
	cm_check_kr("vm_deallocate A", vm_deallocate(mach_task_self(), a,
	    HAND_A_PAGES * HAND_PAGE));
	cm_check(hand_wait(&hand_a, "term"), "terminate came");
	hand_take(&hand_a, "terminate");
	printf("hand.releases_deferred=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_RELEASES_DEFERRED) - deferred));
}

/*
 * Object C's last mapping goes while no page can be copied, so its
 * termination waits in the release queue (MO2); then its pager dies:
 * the object goes at once (nobody can take its pages any more), not
 * whenever copies work again, and nothing more is sent.
 */
static void
hand_case_death_while_releasing(void)
{
	vm_address_t c = hand_map(&hand_c, 2);
	uint64_t waiting = cm_vm_counter(VM_COUNTER_RELEASES_WAITING_CURRENT);
	uint64_t deferred = cm_vm_counter(VM_COUNTER_RELEASES_DEFERRED);
	uint64_t failed = cm_vm_counter(VM_COUNTER_RETURN_COPIES_FAILED);

	/* Not cached: the last mapping's end terminates it. */
	cm_check_kr("C not cached", memory_object_change_attributes(
	    hand_c.control, FALSE, MEMORY_OBJECT_COPY_DELAY, MACH_PORT_NULL));
	*hand_word(c, 1) = HAND_MARK(1);
	hand_take(&hand_c, "c_write");
	clustermach_test_control(TEST_CONTROL_FAIL_RETURN_COPIES, 1000000);
	cm_check_kr("vm_deallocate C", vm_deallocate(mach_task_self(), c,
	    2 * HAND_PAGE));
	printf("hand.c_waiting=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_RELEASES_WAITING_CURRENT) - waiting));
	/* Until the daemon has retried (and failed) at least once. */
	for (unsigned int waited = 0; waited < HAND_WAIT_MS &&
	    cm_vm_counter(VM_COUNTER_RETURN_COPIES_FAILED) - failed < 2;
	    waited++)
		hand_sleep_ms(1);
	printf("hand.c_retried=%d\n", cm_vm_counter(
	    VM_COUNTER_RETURN_COPIES_FAILED) - failed >= 2);
	printf("hand.c_deferred=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_RELEASES_DEFERRED) - deferred));
	cm_check_kr("C's pager dies", mach_port_mod_refs(mach_task_self(),
	    hand_c.port, MACH_PORT_RIGHT_RECEIVE, -1));
	printf("hand.c_waiting_after_death=%lu\n", (unsigned long)
	    (cm_vm_counter(VM_COUNTER_RELEASES_WAITING_CURRENT) - waiting));
	clustermach_test_control(TEST_CONTROL_FAIL_RETURN_COPIES, 0);
	hand_take(&hand_c, "c_end");
}

/*
 * Object B, 2^46 + 4 pages: whole-range requests and the pager's death
 * cost what is resident, not a lookup per page of the range.
 */
static void
hand_case_huge(void)
{
	vm_size_t whole = HAND_HUGE + HAND_B_PAGES * HAND_PAGE;
	unsigned long p0 = HAND_HUGE / HAND_PAGE;
	vm_address_t b;
	char done[48];
	int ok;

	hand_b.map_offset = HAND_HUGE;
	b = hand_map(&hand_b, HAND_B_PAGES);
	ok = hand_read(b, 0, HAND_WORD(p0, 0));
	*hand_word(b, 1) = HAND_MARK(p0 + 1);
	hand_take(&hand_b, "huge_fault");
	printf("hand.huge_data_ok=%d\n", ok);
	cm_check_kr("whole lock_request", memory_object_lock_request(
	    hand_b.control, 0, whole, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
	    VM_PROT_NO_CHANGE, hand_b.port));
	snprintf(done, sizeof(done), "done:0+%lu", whole / HAND_PAGE);
	cm_check(hand_wait(&hand_b, done), "whole lock_completed");
	hand_take(&hand_b, "huge_lock");
	cm_check_kr("whole unavailable", memory_object_data_unavailable(
	    hand_b.control, 0, whole));
	cm_check_kr("whole error", memory_object_data_error(hand_b.control,
	    0, whole, KERN_MEMORY_ERROR));
	/* The pager dies: every placeholder of the object must end. */
	cm_check_kr("pager death", mach_port_mod_refs(mach_task_self(),
	    hand_b.port, MACH_PORT_RIGHT_RECEIVE, -1));
	cm_check_kr("vm_deallocate B", vm_deallocate(mach_task_self(), b,
	    HAND_B_PAGES * HAND_PAGE));
	printf("hand.huge_done=1\n");
}

int
main(int argc, char **argv, char **envp)
{
	vm_address_t a;

	(void)envp;
	cm_test_begin(argc, argv, "pager_hand");
	cm_check_kr("port set", mach_port_allocate(mach_task_self(),
	    MACH_PORT_RIGHT_PORT_SET, &hand_set));
	hand_a.precious_mask = (1u << 2) | (1u << 3);
	(void)hand_object_port(&hand_a);	/* in the set before serving */
	(void)hand_object_port(&hand_b);
	(void)hand_object_port(&hand_c);
	if (!cm_check(cm_thread_create(hand_serve, NULL) != NULL, "server"))
		cm_test_end();
	a = hand_map(&hand_a, HAND_A_PAGES);
	hand_case_faults(a);
	hand_case_returns(a);
	hand_case_locks(a);
	hand_case_kept(a);
	hand_case_bad(a);
	hand_case_terminate(a);
	hand_case_huge();
	hand_case_death_while_releasing();
	cm_test_end();
}

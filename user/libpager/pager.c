/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/libpager/pager.c: pager creation, the port table, the server
 * threads and their demux, sequence-number turns, waits, the request log
 * and the counters.
 *
 * Every object port is a member of one port set (pager_port_set); the
 * server threads receive on it with mach_msg_server(pager_demux).  The
 * demux finds the pager by the port a message came to (a small table;
 * GNU Mach's protected payloads would save the lookup, but not every
 * kernel has them), hands memory_object messages to the MIG stub
 * seqnos_memory_object_server() and no-senders notifications to
 * pager_no_senders(), and finally makes sure the message's turn (LP1) is
 * over even if no handler took it (a malformed message).
 *
 * Locking: pager_table_lock -> pager->lock (design/07-pager-protocol.md).
 * gsync_wake is the one RPC made with a pager lock held.
 */
#include "pager_priv.h"
#include <mach/memory_object_server.h>

/* Most pagers alive at once in one task. */
#define PAGER_TABLE_MAX		128

static cm_mutex_t pager_table_lock = CM_MUTEX_INITIALIZER;
static struct pager *pager_table[PAGER_TABLE_MAX];	/* table lock */
static mach_port_t pager_port_set;			/* table lock */
static mach_port_t pager_sleep_port;			/* table lock */
static uint64_t pager_unknown_messages;			/* table lock */

/* Makes the port set on first use.  Locks: table lock held. */
static kern_return_t
pager_port_set_init_locked(void)
{
	if (pager_port_set != MACH_PORT_NULL)
		return KERN_SUCCESS;
	return mach_port_allocate(mach_task_self(),
	    MACH_PORT_RIGHT_PORT_SET, &pager_port_set);
}

struct pager *
pager_lookup(mach_port_t port)
{
	struct pager *p = NULL;
	int i;

	cm_mutex_lock(&pager_table_lock);
	for (i = 0; i < PAGER_TABLE_MAX; i++) {
		if (pager_table[i] != NULL && pager_table[i]->port == port) {
			p = pager_table[i];
			break;
		}
	}
	cm_mutex_unlock(&pager_table_lock);
	return p;
}

void
pager_table_remove(struct pager *p)
{
	int i;

	cm_mutex_lock(&pager_table_lock);
	for (i = 0; i < PAGER_TABLE_MAX; i++) {
		if (pager_table[i] == p)
			pager_table[i] = NULL;
	}
	cm_mutex_unlock(&pager_table_lock);
}

/* Puts p in the table.  Returns 0 if the table is full. */
static int
pager_table_add(struct pager *p)
{
	int i, added = 0;

	cm_mutex_lock(&pager_table_lock);
	for (i = 0; i < PAGER_TABLE_MAX && !added; i++) {
		if (pager_table[i] == NULL) {
			pager_table[i] = p;
			added = 1;
		}
	}
	cm_mutex_unlock(&pager_table_lock);
	return added;
}

/*
 * Makes the object port: a receive right whose no-senders notification
 * (sync 1: after the first send right made is gone) comes to the port
 * itself, member of the port set.  Returns KERN_SUCCESS or the failing
 * call's code (the port is destroyed then).
 */
static kern_return_t
pager_port_make(struct pager *p)
{
	mach_port_t me = mach_task_self(), previous = MACH_PORT_NULL;
	mach_port_status_t status;
	kern_return_t kr;

	kr = mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &p->port);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_get_receive_status(me, p->port, &status);
	if (kr == KERN_SUCCESS) {
		p->next_seqno = status.mps_seqno;
		kr = mach_port_request_notification(me, p->port,
		    MACH_NOTIFY_NO_SENDERS, 1, p->port,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous);
	}
	if (kr == KERN_SUCCESS) {
		cm_mutex_lock(&pager_table_lock);
		kr = pager_port_set_init_locked();
		cm_mutex_unlock(&pager_table_lock);
	}
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(me, p->port, pager_port_set);
	if (kr != KERN_SUCCESS)
		(void)mach_port_destroy(me, p->port);
	return kr;
}

struct pager *
pager_create(const struct pager_ops *ops, void *arg, boolean_t may_cache,
    memory_object_copy_strategy_t copy_strategy)
{
	struct pager *p;
	kern_return_t kr;

	if (ops == NULL || ops->read_range == NULL ||
	    ops->write_range == NULL)
		return NULL;
	p = malloc(sizeof(*p));
	if (p == NULL)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->arg = arg;
	p->may_cache = may_cache;
	p->copy_strategy = copy_strategy;
	p->state = PAGER_STATE_NOT_INIT;
	kr = pager_port_make(p);
	if (kr != KERN_SUCCESS) {
		printf("libpager: cannot make the object port: %s\n",
		    cm_error_name(kr));
		free(p);
		return NULL;
	}
	if (!pager_table_add(p)) {
		printf("libpager: more than %d pagers\n", PAGER_TABLE_MAX);
		(void)mach_port_destroy(mach_task_self(), p->port);
		free(p);
		return NULL;
	}
	return p;
}

void *
pager_arg(struct pager *pager)
{
	return pager->arg;
}

mach_port_t
pager_get_port(struct pager *p)
{
	kern_return_t kr;

	cm_mutex_lock(&p->lock);
	if (p->state == PAGER_STATE_FREED) {
		cm_mutex_unlock(&p->lock);
		return MACH_PORT_NULL;
	}
	/* Counted first: a no-senders notification racing with this call
	 * then carries a smaller count and is renewed (pager_no_senders). */
	p->mscount++;
	cm_mutex_unlock(&p->lock);
	kr = mach_port_insert_right(mach_task_self(), p->port, p->port,
	    MACH_MSG_TYPE_MAKE_SEND);
	return kr == KERN_SUCCESS ? p->port : MACH_PORT_NULL;
}

enum pager_state
pager_get_state(struct pager *p)
{
	enum pager_state s;

	cm_mutex_lock(&p->lock);
	s = p->state;
	cm_mutex_unlock(&p->lock);
	return s;
}

void
pager_free(struct pager *p)
{
	if (p == NULL || pager_get_state(p) != PAGER_STATE_FREED)
		return;
	free(p->log);
	free(p->held);
	free(p);
}

/* Waits and wakes (LP1 turns, writes, lock requests, states). */

/*
 * Sleeps until wake_word changes.  Locks: p->lock held on entry and on
 * return, released while asleep.  Callers loop on their condition.
 *
 * No wake-up is lost although the waker skips gsync_wake when nobody is
 * counted in p->waiters: the waiter reads wake_word and counts itself
 * under p->lock, so a change made after it let go of the lock either
 * finds it counted (and wakes it) or has already bumped wake_word, and
 * gsync_wait then returns at once (the value is not the one seen).
 */
void
pager_wait_locked(struct pager *p)
{
	unsigned int seen = p->wake_word;
	kern_return_t kr;

	p->waiters++;
	cm_mutex_unlock(&p->lock);
	kr = gsync_wait(mach_task_self(), (vm_address_t)&p->wake_word, seen,
	    0, 0, 0);
	if (kr != KERN_SUCCESS)
		swtch();	/* no gsync, or woken early: poll */
	cm_mutex_lock(&p->lock);
	p->waiters--;
}

/*
 * Tells waiters that something changed: an RPC only if one may be
 * asleep (glibc's lll_unlock wakes only a lock marked contended; here
 * the count is exact, being kept under p->lock).  Locks: p->lock held.
 */
void
pager_wake_locked(struct pager *p)
{
	p->wake_word++;
	if (p->waiters > 0)
		(void)gsync_wake(mach_task_self(),
		    (vm_address_t)&p->wake_word, 0, GSYNC_BROADCAST);
}

/*
 * Waits for the turn of message `seqno` (LP1).  Locks: takes p->lock and
 * returns with it held.
 */
void
pager_turn_take(struct pager *p, mach_port_seqno_t seqno)
{
	cm_mutex_lock(&p->lock);
	while ((int)(seqno - p->next_seqno) > 0)
		pager_wait_locked(p);
}

/* Ends the turn of `seqno` if it is current.  Locks: p->lock held. */
void
pager_turn_release(struct pager *p, mach_port_seqno_t seqno)
{
	if (p->next_seqno == seqno) {
		p->next_seqno = seqno + 1;
		pager_wake_locked(p);
	}
}

/* Ends the turn of `seqno` whether or not a handler took it. */
static void
pager_turn_finish(struct pager *p, mach_port_seqno_t seqno)
{
	pager_turn_take(p, seqno);
	pager_turn_release(p, seqno);
	cm_mutex_unlock(&p->lock);
}

/*
 * Checks a request's control port, state and range.  Returns 1 if it is
 * acceptable; otherwise counts and prints it.  Locks: p->lock held.
 */
int
pager_check_range(struct pager *p, const char *what, mach_port_t control,
    vm_offset_t offset, vm_size_t length)
{
	const char *why = NULL;

	if (p->state != PAGER_STATE_READY)
		why = "object not initialized";
	else if (control != p->control)
		why = "wrong control port";
	else if (length == 0 || (length & (PAGER_PAGE_BYTES - 1)) != 0)
		why = "length not a page multiple";
	else if ((offset & (PAGER_PAGE_BYTES - 1)) != 0)
		why = "offset not page aligned";
	else if (offset + length < offset)
		why = "range wraps";
	if (why == NULL)
		return 1;
	p->stats.bad_messages++;
	printf("libpager: %s 0x%lx+0x%lx rejected: %s\n", what,
	    (unsigned long)offset, (unsigned long)length, why);
	return 0;
}

/* Rights to the control port. */

/*
 * Gives back the send uref to `control` that a request brought, in two
 * halves so that the RPC is made without p->lock.  A uref to the
 * current control port is kept (control_urefs_kept) until there are
 * PAGER_CONTROL_UREFS_BATCH of them, then all are given back at once;
 * the name holds init's uref anyway, so keeping more changes no send
 * right count the kernel sees.  Terminate destroys the name with every
 * uref kept; the no-senders path gives them back with init's.  A uref
 * to any other port is given back by itself.
 * Locks: p->lock held.  Sets *release and *release_urefs (0: nothing)
 * for pager_control_release_finish(), to be called without the lock.
 */
void
pager_control_release_locked(struct pager *p, mach_port_t control,
    mach_port_t *release, unsigned int *release_urefs)
{
	*release = control;
	*release_urefs = 1;
	if (control == MACH_PORT_NULL || control != p->control)
		return;
	if (++p->control_urefs_kept < PAGER_CONTROL_UREFS_BATCH) {
		*release_urefs = 0;
		return;
	}
	*release_urefs = p->control_urefs_kept;
	p->control_urefs_kept = 0;
}

/* The second half: the RPC, if any.  Locks: none held. */
void
pager_control_release_finish(mach_port_t release, unsigned int release_urefs)
{
	if (release_urefs == 1)
		(void)mach_port_deallocate(mach_task_self(), release);
	else if (release_urefs > 1)
		(void)mach_port_mod_refs(mach_task_self(), release,
		    MACH_PORT_RIGHT_SEND, -(mach_port_delta_t)release_urefs);
}

/* The demux and the server threads. */

static boolean_t
pager_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	struct pager *p = pager_lookup(in->msgh_local_port);
	mig_reply_header_t *reply = (mig_reply_header_t *)out;
	mach_port_seqno_t seqno = in->msgh_seqno;
	boolean_t ok;

	if (p == NULL) {
		cm_mutex_lock(&pager_table_lock);
		pager_unknown_messages++;
		cm_mutex_unlock(&pager_table_lock);
		mig_reply_setup(in, out);
		reply->RetCode = MIG_BAD_ID;
		return FALSE;
	}
	if (in->msgh_id == MACH_NOTIFY_NO_SENDERS &&
	    in->msgh_size >= sizeof(mach_no_senders_notification_t)) {
		mig_reply_setup(in, out);
		reply->RetCode = MIG_NO_REPLY;
		pager_no_senders(p, seqno,
		    ((mach_no_senders_notification_t *)in)->not_count);
		ok = TRUE;
	} else {
		ok = seqnos_memory_object_server(in, out);
	}
	if (!ok) {
		cm_mutex_lock(&p->lock);
		p->stats.bad_messages++;
		cm_mutex_unlock(&p->lock);
	}
	pager_turn_finish(p, seqno);
	return ok;
}

mach_msg_return_t
pager_serve(void)
{
	mach_port_t set;

	cm_mutex_lock(&pager_table_lock);
	(void)pager_port_set_init_locked();
	set = pager_port_set;
	cm_mutex_unlock(&pager_table_lock);
	return mach_msg_server(pager_demux, PAGER_MSG_MAX_BYTES, set);
}

static void *
pager_serve_thread(void *arg)
{
	mach_msg_return_t mr;

	(void)arg;
	mr = pager_serve();
	printf("libpager: server thread ends: %s\n", cm_error_name(mr));
	return NULL;
}

int
pager_serve_start(int threads)
{
	int i, started = 0;

	for (i = 0; i < threads; i++)
		started += cm_thread_create(pager_serve_thread, NULL) != NULL;
	return started;
}

/* Timing. */

void
pager_sleep_ms(unsigned int ms)
{
	mach_msg_header_t h;
	mach_port_t port;

	cm_mutex_lock(&pager_table_lock);
	if (pager_sleep_port == MACH_PORT_NULL)
		(void)mach_port_allocate(mach_task_self(),
		    MACH_PORT_RIGHT_RECEIVE, &pager_sleep_port);
	port = pager_sleep_port;
	cm_mutex_unlock(&pager_table_lock);
	if (port == MACH_PORT_NULL) {
		swtch();
		return;
	}
	(void)mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h), port,
	    ms, MACH_PORT_NULL);
}

int
pager_wait_state(struct pager *p, enum pager_state state,
    unsigned int timeout_ms)
{
	unsigned int waited = 0;

	while (pager_get_state(p) != state) {
		if (waited >= timeout_ms)
			return 0;
		pager_sleep_ms(5);
		waited += 5;
	}
	return 1;
}

/* The log and the counters. */

void
pager_set_supply_reply(struct pager *p, int reply)
{
	p->supply_reply = reply != 0;
}

void
pager_set_precious(struct pager *p, int precious)
{
	p->precious = precious != 0;
}

void
pager_log_enable(struct pager *p, unsigned int max_entries)
{
	struct pager_log_entry *log = malloc(max_entries * sizeof(*log));

	cm_mutex_lock(&p->lock);
	if (log != NULL && p->log == NULL) {
		p->log = log;
		p->log_max = max_entries;
		log = NULL;
	}
	cm_mutex_unlock(&p->lock);
	free(log);
}

/* Locks: p->lock held. */
void
pager_log_add_locked(struct pager *p, enum pager_log_kind kind,
    vm_offset_t offset, vm_size_t length)
{
	if (p->log == NULL)
		return;
	if (p->log_count == p->log_max) {
		p->log_dropped++;
		return;
	}
	p->log[p->log_count].kind = kind;
	p->log[p->log_count].offset = offset;
	p->log[p->log_count].length = length;
	p->log_count++;
}

unsigned int
pager_log_count(struct pager *p)
{
	unsigned int n;

	cm_mutex_lock(&p->lock);
	n = p->log_count;
	cm_mutex_unlock(&p->lock);
	return n;
}

int
pager_log_get(struct pager *p, unsigned int i, struct pager_log_entry *entry)
{
	int ok = 0;

	cm_mutex_lock(&p->lock);
	if (i < p->log_count) {
		*entry = p->log[i];
		ok = 1;
	}
	cm_mutex_unlock(&p->lock);
	return ok;
}

void
pager_print_log(struct pager *p, const char *prefix)
{
	static const char *const names[] = {
		[PAGER_LOG_REQUEST] = "request",
		[PAGER_LOG_RETURN] = "return",
		[PAGER_LOG_UNLOCK] = "unlock",
	};
	struct pager_log_entry e;
	unsigned int i;

	for (i = 0; pager_log_get(p, i, &e); i++)
		printf("%s.%s=%lu,%lu\n", prefix, names[e.kind],
		    (unsigned long)e.offset, (unsigned long)e.length);
	cm_mutex_lock(&p->lock);
	i = p->log_dropped;
	cm_mutex_unlock(&p->lock);
	printf("%s.log_dropped=%u\n", prefix, i);
}

void
pager_get_stats(struct pager *p, struct pager_stats *stats)
{
	cm_mutex_lock(&p->lock);
	*stats = p->stats;
	cm_mutex_unlock(&p->lock);
}

void
pager_print_stats(struct pager *p, const char *prefix)
{
	struct pager_stats s;

	pager_get_stats(p, &s);
#define PAGER_PRINT(field) \
	printf("%s." #field "=%lu\n", prefix, (unsigned long)s.field)
	PAGER_PRINT(inits);
	PAGER_PRINT(terminates);
	PAGER_PRINT(data_requests);
	PAGER_PRINT(pages_requested);
	PAGER_PRINT(read_calls);
	PAGER_PRINT(supplies);
	PAGER_PRINT(pages_supplied);
	PAGER_PRINT(unavailables);
	PAGER_PRINT(pages_unavailable);
	PAGER_PRINT(errors);
	PAGER_PRINT(pages_error);
	PAGER_PRINT(unlocks);
	PAGER_PRINT(data_returns);
	PAGER_PRINT(pages_returned);
	PAGER_PRINT(pages_returned_clean);
	PAGER_PRINT(write_errors);
	PAGER_PRINT(lock_completions);
	PAGER_PRINT(supply_completions);
	PAGER_PRINT(supply_refusals);
	PAGER_PRINT(change_completions);
	PAGER_PRINT(no_senders);
	PAGER_PRINT(bad_messages);
	PAGER_PRINT(send_errors);
#undef PAGER_PRINT
	printf("%s.state=%d\n", prefix, (int)pager_get_state(p));
}

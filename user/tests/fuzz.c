/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/fuzz.c: random and mutated messages, counted by result.
 *
 * Usage: fuzz HOST DEVICE [MESSAGES [SEED]]: MESSAGES (default
 * FUZZ_MESSAGES) shared among the fixed seeds of fuzz_seeds[], or all
 * with SEED alone (to replay one); every seed is printed.  Each message
 * is either built at random or a valid one with random bits flipped, and
 * goes to one of our own ports or to a kernel object (task self, thread
 * self, host, host_priv, device master) by plain send or combined
 * send/receive, with:
 *
 *   send sizes   exact, not a multiple of 8, smaller than a header,
 *                larger than the buffer (which ends at an unmapped page),
 *                near and beyond 2^31, random;
 *   header       random bits and dispositions, random names;
 *   body         random type descriptors (name, size, number, inline,
 *                longform, deallocate), random port names, out-of-line
 *                addresses and lengths (bad ones, and a scratch region).
 *
 * Every mach_msg result is counted by target class and printed as
 * fuzz.<class>.<CODE>=<count> (class own, task, thread, host, host_priv,
 * device);
 * every received message (our ports, kernel replies) is destroyed with
 * mach_msg_destroy.  Before and after: fuzz.{free_pages,port_names}_
 * {before,after} (vm_statistics free_count, mach_port_names count).
 *
 * The fuzzer must not hurt itself: fuzz_sanitize() keeps every message
 * away from the task's own rights (only COPY_SEND of a kernel port, never
 * a move), clears `deallocate` outside the scratch region, and points
 * out-of-line port arrays at a safe array.  Requests to kernel ports use
 * the ids of their class's table (fuzz_target_ids) or ids outside every
 * subsystem.  The task's table has the mach_port routines that change
 * names and rights (they act on our own space, and every name they make
 * is swept away by fuzz_sweep() at each pool renewal); the host_priv and
 * device tables leave out what would end or disturb the machine:
 *
 *   host_reboot (2635)            ends the machine
 *   processor_start, _exit,
 *   processor_control (2603, 2604, 2641)   stop or start the CPU
 *   host_set_time, _adjust_time and their 64-bit forms
 *   (2632, 2633, 2644, 2645)      move the clock every test times by
 *   vm_wire, thread_wire (2636, 2637)   wire our memory, changing the
 *                                 free-page count the baseline compares
 *   device_intr_register, _ack (2813, 2814)   take over an interrupt line
 *
 * The task's table leaves out mach.defs routines that change our map,
 * threads or the task itself (vm_deallocate, task_terminate, ...): they
 * would destroy the fuzzer, not test the kernel.
 */
#include <cmtest.h>

#define FUZZ_MESSAGES		100000
#define FUZZ_PAGE		4096UL
#define FUZZ_BUFFER_BYTES	(2 * FUZZ_PAGE)	/* then an unmapped page */
#define FUZZ_RCV_BYTES		(16 * FUZZ_PAGE)
#define FUZZ_SCRATCH_BYTES	(16 * FUZZ_PAGE)
#define FUZZ_POOL		6
#define FUZZ_POOL_RENEW		1000	/* messages between pool renewals */
#define FUZZ_INVALID_NAME	0x7fffff01u
#define FUZZ_CODES		96
#define FUZZ_ID_FLOOR		10000	/* random kernel ids stay above */

/* The fixed seeds; FUZZ_MESSAGES is shared among them. */
static const uint64_t fuzz_seeds[] = {
	0xc1a55eedULL, 0x5eed0002ULL, 0x0badcafeULL, 0x7e57f00dULL,
};
#define FUZZ_SEED_COUNT	(sizeof(fuzz_seeds) / sizeof(fuzz_seeds[0]))

/* Where a message goes: the class its result is counted in. */
enum fuzz_target {
	FUZZ_OWN,		/* our own ports, or random names */
	FUZZ_TASK,		/* our task's kernel port */
	FUZZ_THREAD,		/* our thread's kernel port */
	FUZZ_HOST,		/* the host name port */
	FUZZ_HOST_PRIV,		/* the host control port (argv[1]) */
	FUZZ_DEVICE,		/* the device master port (argv[2]) */
	FUZZ_TARGETS
};

static const char *const fuzz_target_names[FUZZ_TARGETS] = {
	"own", "task", "thread", "host", "host_priv", "device",
};

/* Routines that only read: every kernel class gets some of these. */
static const mach_msg_id_t fuzz_read_only_ids[] = {
	2012, 2019, 2011, 2017, 2030,	/* task_info ... vm_statistics */
	2634, 2638, 2646,		/* host_get_time, info, version */
	3200, 3201, 3207,		/* mach_port_names, type, get_refs */
};

/* mach_port.defs on our own space, the changing ones included. */
static const mach_msg_id_t fuzz_task_ids[] = {
	3202, 3203, 3204, 3205, 3206,	/* rename .. deallocate */
	3208, 3210, 3211, 3212, 3213,	/* mod_refs .. move_member */
	3214, 3215, 3216, 3217, 3218,	/* request_notification .. seqno */
	3221, 3222,			/* protected payload */
};

/* mach_host.defs on host_priv, without the exclusions above. */
static const mach_msg_id_t fuzz_host_priv_ids[] = {
	2600, 2629, 2630, 2639, 2640,	/* processors, sets, infos */
	2643, 2647,			/* get_time64, get_uptime64 */
};

/* device.defs on the device master, without the interrupt routines. */
static const mach_msg_id_t fuzz_device_ids[] = {
	2800, 2801, 2802, 2803, 2804, 2805, 2806, 2809, 2810, 2811, 2812,
};

struct fuzz_id_table {
	const mach_msg_id_t	*ids;
	unsigned int		count;
};

#define FUZZ_TABLE(a)	{ a, sizeof(a) / sizeof(a[0]) }
static const struct fuzz_id_table fuzz_target_ids[FUZZ_TARGETS] = {
	[FUZZ_OWN] = FUZZ_TABLE(fuzz_read_only_ids),
	[FUZZ_TASK] = FUZZ_TABLE(fuzz_task_ids),
	[FUZZ_THREAD] = FUZZ_TABLE(fuzz_read_only_ids),
	[FUZZ_HOST] = FUZZ_TABLE(fuzz_read_only_ids),
	[FUZZ_HOST_PRIV] = FUZZ_TABLE(fuzz_host_priv_ids),
	[FUZZ_DEVICE] = FUZZ_TABLE(fuzz_device_ids),
};

/* Names kept across sweeps: those we had before the pool. */
#define FUZZ_KEEP_MAX	64

struct fuzz_code_count {
	kern_return_t	code;
	unsigned long	count;
};

static struct cm_random rnd;
static mach_port_t me, fuzz_pool[FUZZ_POOL], fuzz_reply;
static mach_port_t fuzz_kernel[FUZZ_TARGETS];	/* [FUZZ_OWN] unused */
static mach_port_t fuzz_safe_names[4];
static mach_port_t fuzz_keep[FUZZ_KEEP_MAX];
static unsigned int fuzz_keep_count;
static unsigned char *fuzz_buffer;	/* FUZZ_BUFFER_BYTES, guard after */
static unsigned char *fuzz_rcv;		/* FUZZ_RCV_BYTES */
static vm_address_t fuzz_scratch;
static struct fuzz_code_count fuzz_codes[FUZZ_TARGETS][FUZZ_CODES];
static unsigned long fuzz_replies_drained;
/* Replies of mach_port routines that changed our space: KERN_SUCCESS. */
static unsigned long fuzz_port_routines_succeeded;

static uint64_t
fuzz_pick(uint64_t bound)
{
	return cm_random_below(&rnd, bound);
}

static void
fuzz_count(enum fuzz_target target, kern_return_t code)
{
	struct fuzz_code_count *codes = fuzz_codes[target];
	int i;

	for (i = 0; i < FUZZ_CODES; i++) {
		if (codes[i].count != 0 && codes[i].code == code) {
			codes[i].count++;
			return;
		}
		if (codes[i].count == 0) {
			codes[i].code = code;
			codes[i].count = 1;
			return;
		}
	}
}

static int
fuzz_is_kept(mach_port_t name)
{
	unsigned int i;

	for (i = 0; i < fuzz_keep_count; i++) {
		if (fuzz_keep[i] == name)
			return 1;
	}
	return name == fuzz_reply;
}

/*
 * Destroys every name but the kept ones and the pool: what the mach_port
 * routines made (allocate, rename, insert_right under new names).
 */
static void
fuzz_sweep(void)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, t = 0, i;

	if (mach_port_names(me, &names, &n, &types, &t) != KERN_SUCCESS)
		return;
	for (i = 0; i < n; i++) {
		if (!fuzz_is_kept(names[i]))
			(void)mach_port_destroy(me, names[i]);
	}
	(void)vm_deallocate(me, (vm_address_t)names, n * sizeof(*names));
	(void)vm_deallocate(me, (vm_address_t)types, t * sizeof(*types));
}

/* Remembers every name we hold now as one to keep. */
static void
fuzz_keep_current(void)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, t = 0, i;

	fuzz_keep_count = 0;
	if (mach_port_names(me, &names, &n, &types, &t) != KERN_SUCCESS)
		return;
	for (i = 0; i < n && fuzz_keep_count < FUZZ_KEEP_MAX; i++)
		fuzz_keep[fuzz_keep_count++] = names[i];
	(void)vm_deallocate(me, (vm_address_t)names, n * sizeof(*names));
	(void)vm_deallocate(me, (vm_address_t)types, t * sizeof(*types));
}

static void
fuzz_pool_renew(void)
{
	int i;

	/* A message may have moved the reply port's receive right away. */
	if (cm_port_type(fuzz_reply) != MACH_PORT_TYPE_RECEIVE) {
		(void)mach_port_destroy(me, fuzz_reply);
		fuzz_reply = MACH_PORT_NULL;
		(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
		    &fuzz_reply);
	}
	for (i = 0; i < FUZZ_POOL; i++)
		fuzz_pool[i] = MACH_PORT_NULL;
	fuzz_sweep();
	for (i = 0; i < FUZZ_POOL; i++) {
		(void)mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE,
		    &fuzz_pool[i]);
		(void)mach_port_insert_right(me, fuzz_pool[i], fuzz_pool[i],
		    MACH_MSG_TYPE_MAKE_SEND);
	}
	for (i = 0; i < 4; i++)
		fuzz_safe_names[i] = fuzz_pool[i];
}

static int
fuzz_is_pool(mach_port_t name)
{
	int i;

	for (i = 0; i < FUZZ_POOL; i++) {
		if (fuzz_pool[i] == name)
			return 1;
	}
	return name == fuzz_reply;
}

static int
fuzz_is_kernel(mach_port_t name)
{
	int i;

	for (i = FUZZ_TASK; i < FUZZ_TARGETS; i++) {
		if (name == fuzz_kernel[i])
			return 1;
	}
	return 0;
}

/* An id from target's table. */
static mach_msg_id_t
fuzz_table_id(enum fuzz_target target)
{
	const struct fuzz_id_table *t = &fuzz_target_ids[target];

	return t->ids[fuzz_pick(t->count)];
}

/* A name for a body or header slot: pool, null, dead or invalid. */
static mach_port_t
fuzz_random_name(void)
{
	switch (fuzz_pick(6)) {
	case 0:
		return MACH_PORT_NULL;
	case 1:
		return MACH_PORT_DEAD;
	case 2:
		return FUZZ_INVALID_NAME + (mach_port_t)fuzz_pick(16) * 0x100;
	default:
		return fuzz_pool[fuzz_pick(FUZZ_POOL)];
	}
}

static uint32_t
fuzz_random_size(uint32_t exact)
{
	static const uint32_t edges[] = { 0x7ffffff8u, 0x7ffffffcu,
	    0x80000000u, 0x80000008u, 0xfffffff8u, 0xffffffffu };

	switch (fuzz_pick(8)) {
	case 0:
	case 1:
		return exact;
	case 2:
		return exact + 1 + (uint32_t)fuzz_pick(7);	/* misaligned */
	case 3:
		return (uint32_t)fuzz_pick(sizeof(mach_msg_header_t));
	case 4:
		return FUZZ_BUFFER_BYTES + 8 * (uint32_t)fuzz_pick(64);
	case 5:
		return edges[fuzz_pick(sizeof(edges) / sizeof(edges[0]))];
	case 6:
		return (uint32_t)fuzz_pick(FUZZ_BUFFER_BYTES) & ~7u;
	default:
		return (uint32_t)cm_random_next(&rnd);
	}
}

static vm_address_t
fuzz_random_ool_address(void)
{
	static const vm_address_t bad[] = { 0, 0x1000, 0xdeadbeef000UL,
	    0x00007ffffffff000UL, 0x0000800000000000UL,
	    0xffff800000000000UL, ~0UL };

	if (fuzz_pick(2) == 0)
		return fuzz_scratch + (fuzz_pick(FUZZ_SCRATCH_BYTES / 8) * 8);
	return bad[fuzz_pick(sizeof(bad) / sizeof(bad[0]))] +
	    fuzz_pick(3) * 8;
}

/* Writes random descriptors and data into the body; returns its bytes. */
static uint32_t
fuzz_random_body(unsigned char *body, uint32_t room)
{
	static const unsigned int sizes[] = { 0, 1, 8, 16, 32, 64, 128 };
	unsigned char *p = body;
	int items = (int)fuzz_pick(5), i;

	for (i = 0; i < items && (uint32_t)(p - body) + 48 <= room; i++) {
		mach_msg_type_t *t = (mach_msg_type_t *)p;
		uint32_t data_bytes, j;

		memset(t, 0, sizeof(*t));
		t->msgt_name = (unsigned int)fuzz_pick(32);
		t->msgt_size = fuzz_pick(4) == 0 ? (unsigned int)fuzz_pick(
		    65536) : sizes[fuzz_pick(7)];
		t->msgt_number = fuzz_pick(4) == 0 ?
		    (uint32_t)cm_random_next(&rnd) : (uint32_t)fuzz_pick(4);
		t->msgt_inline = fuzz_pick(3) != 0;
		t->msgt_longform = fuzz_pick(2);
		t->msgt_deallocate = fuzz_pick(2);
		t->msgt_unused = fuzz_pick(8) == 0 ? fuzz_pick(32) : 0;
		p += sizeof(*t);
		if (!t->msgt_inline) {
			*(vm_address_t *)p = fuzz_random_ool_address();
			p += 8;
			continue;
		}
		data_bytes = 8 * (uint32_t)fuzz_pick(4);
		for (j = 0; j + 8 <= data_bytes; j += 8)
			*(uint64_t *)(p + j) = fuzz_pick(2) ?
			    fuzz_random_name() : cm_random_next(&rnd);
		p += data_bytes;
	}
	return (uint32_t)(p - body);
}

/* Rewrites one slot so that it cannot touch the task's own rights. */
static mach_port_t
fuzz_safe_name(mach_port_t name, unsigned int disposition)
{
	if (name == MACH_PORT_NULL || name == MACH_PORT_DEAD)
		return name;
	if (fuzz_is_pool(name))
		return name;
	if (fuzz_is_kernel(name) && disposition == MACH_MSG_TYPE_COPY_SEND)
		return name;
	return FUZZ_INVALID_NAME;
}

/* Makes the body within `bytes` harmless to us (see the file header). */
static void
fuzz_sanitize_body(unsigned char *body, unsigned char *end)
{
	unsigned char *p = body;

	while (p + sizeof(mach_msg_type_t) <= end) {
		mach_msg_type_t *t = (mach_msg_type_t *)p;
		uint64_t data_bytes = ((uint64_t)t->msgt_size *
		    t->msgt_number + 7) / 8;
		int is_port = t->msgt_name >= MACH_MSG_TYPE_PORT_NAME &&
		    t->msgt_name <= MACH_MSG_TYPE_LAST;
		vm_address_t *ool;
		uint64_t j;

		p += sizeof(*t);
		if (t->msgt_inline) {
			for (j = 0; is_port && j + 8 <= data_bytes &&
			    p + j + 8 <= end; j += 8) {
				mach_port_name_inlined_t *n =
				    (mach_port_name_inlined_t *)(p + j);
				n->name = fuzz_safe_name(n->name,
				    t->msgt_name);
				n->kernel_port_do_not_use &= 0xffffffffUL;
			}
			if (data_bytes > (uint64_t)(end - p))
				return;
			p += (data_bytes + 7) & ~7ULL;
			continue;
		}
		if (p + 8 > end)
			return;
		ool = (vm_address_t *)p;
		if (is_port || t->msgt_name > MACH_MSG_TYPE_LAST) {
			*ool = (vm_address_t)fuzz_safe_names;
			t->msgt_deallocate = 0;
		}
		if (*ool < fuzz_scratch || *ool >= fuzz_scratch +
		    FUZZ_SCRATCH_BYTES)
			t->msgt_deallocate = 0;
		p += 8;
	}
}

/*
 * The mach_port routines take the name they act on as their first
 * argument: never one of the kept names (the task, host and device
 * ports, the reply port), or the fuzzer would destroy itself.  Only
 * mach_port_allocate's first argument is a right, not a name.
 */
static void
fuzz_sanitize_first_name(mach_msg_header_t *h, unsigned char *end)
{
	mach_msg_type_t *t = (mach_msg_type_t *)(h + 1);
	uint32_t *value = (uint32_t *)(t + 1);

	if (h->msgh_id == 3204 || (unsigned char *)(value + 1) > end)
		return;
	if (t->msgt_inline && fuzz_is_kept(*value))
		*value = FUZZ_INVALID_NAME;
}

static void
fuzz_sanitize(mach_msg_header_t *h, uint32_t send_bytes,
    enum fuzz_target to_kernel)
{
	unsigned int remote = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	unsigned int local = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	unsigned char *end = fuzz_buffer + (send_bytes < FUZZ_BUFFER_BYTES ?
	    send_bytes : FUZZ_BUFFER_BYTES);

	if (to_kernel) {
		if (remote == MACH_MSG_TYPE_MOVE_SEND ||
		    remote == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			remote = MACH_MSG_TYPE_COPY_SEND;
		if (h->msgh_id < FUZZ_ID_FLOOR)
			h->msgh_id = fuzz_table_id(to_kernel);
	} else {
		h->msgh_remote_port = fuzz_safe_name(h->msgh_remote_port,
		    remote);
	}
	h->msgh_local_port = fuzz_safe_name(h->msgh_local_port, local);
	if (to_kernel == FUZZ_TASK)
		fuzz_sanitize_first_name(h, end);
	h->msgh_protected_payload &= 0xffffffffUL;
	h->msgh_bits = (h->msgh_bits & ~0xffffu) | MACH_MSGH_BITS(remote,
	    local);
	fuzz_sanitize_body((unsigned char *)(h + 1), end);
}

/*
 * A body of 1 to 4 well-formed 32-bit arguments, each a port name
 * (MACH_MSG_TYPE_PORT_NAME, as mach_port_name_t) or an integer (rights,
 * deltas, counts) with a name from the pool, a small number or a random
 * one, so that routines taking names and numbers get past MIG's type
 * checks.  name_first: the first argument is a name (every mach_port
 * routine's but mach_port_allocate's).
 */
static uint32_t
fuzz_int_body(unsigned char *body, int name_first)
{
	int items = 1 + (int)fuzz_pick(4), i;
	unsigned char *p = body;

	for (i = 0; i < items; i++) {
		mach_msg_type_t *t = (mach_msg_type_t *)p;
		uint64_t *value = (uint64_t *)(p + sizeof(*t));

		memset(t, 0, sizeof(*t));
		t->msgt_name = (i == 0 && name_first) || fuzz_pick(2) ?
		    MACH_MSG_TYPE_PORT_NAME : MACH_MSG_TYPE_INTEGER_32;
		t->msgt_size = 32;
		t->msgt_number = 1;
		t->msgt_inline = TRUE;
		switch (fuzz_pick(3)) {
		case 0:
			*value = fuzz_random_name();
			break;
		case 1:
			*value = fuzz_pick(24);
			break;
		default:
			*value = (uint32_t)cm_random_next(&rnd);
		}
		p += sizeof(*t) + 8;
	}
	return (uint32_t)(p - body);
}

/* Builds message number `n` in fuzz_buffer; returns its send size. */
static uint32_t
fuzz_build(mach_msg_header_t *h, enum fuzz_target *to_kernel)
{
	uint32_t body_bytes, exact;
	int i, flips;

	memset(fuzz_buffer, 0, 512);
	*to_kernel = fuzz_pick(3) == 0 ? 1 + fuzz_pick(FUZZ_TARGETS - 1) :
	    FUZZ_OWN;
	h->msgh_remote_port = *to_kernel != FUZZ_OWN ?
	    fuzz_kernel[*to_kernel] : fuzz_random_name();
	h->msgh_local_port = fuzz_pick(2) ? fuzz_reply : fuzz_random_name();
	h->msgh_id = fuzz_pick(2) ? (mach_msg_id_t)cm_random_next(&rnd) :
	    fuzz_table_id(*to_kernel);
	if (*to_kernel != FUZZ_OWN && fuzz_pick(2))
		body_bytes = fuzz_int_body((unsigned char *)(h + 1), 0);
	else
		body_bytes = fuzz_random_body((unsigned char *)(h + 1), 400);
	exact = sizeof(*h) + body_bytes;
	if (*to_kernel == FUZZ_TASK && fuzz_pick(2)) {
		/* A well-formed mach_port request: its arguments are fuzzed. */
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h->msgh_local_port = fuzz_reply;
		h->msgh_id = fuzz_table_id(FUZZ_TASK);
		body_bytes = fuzz_int_body((unsigned char *)(h + 1),
		    h->msgh_id != 3204);
		h->msgh_size = sizeof(*h) + body_bytes;
		return h->msgh_size;
	}
	if (fuzz_pick(4) == 0) {
		/* A plain, valid message first, then mutated. */
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
		    MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h->msgh_local_port = fuzz_reply;
		flips = 1 + (int)fuzz_pick(4);
		for (i = 0; i < flips; i++)
			fuzz_buffer[fuzz_pick(exact)] ^=
			    (unsigned char)(1u << fuzz_pick(8));
	} else {
		h->msgh_bits = (mach_msg_bits_t)cm_random_next(&rnd);
		if (fuzz_pick(2))
			h->msgh_bits &= 0x80001f1fu;
	}
	h->msgh_size = fuzz_pick(4) ? exact : (uint32_t)cm_random_next(&rnd);
	return fuzz_random_size(exact);
}

/* Counts a successful reply of a mach_port routine in fuzz_task_ids. */
static void
fuzz_note_reply(const mig_reply_header_t *reply)
{
	mach_msg_id_t request = reply->Head.msgh_id - 100;
	unsigned int i;

	if (reply->Head.msgh_size < sizeof(*reply) ||
	    reply->RetCode != KERN_SUCCESS)
		return;
	for (i = 0; i < sizeof(fuzz_task_ids) / sizeof(fuzz_task_ids[0]);
	    i++) {
		if (fuzz_task_ids[i] == request)
			fuzz_port_routines_succeeded++;
	}
}

/* Receives and destroys everything waiting on our ports. */
static void
fuzz_drain(void)
{
	mach_msg_header_t *r = (mach_msg_header_t *)fuzz_rcv;
	mach_port_t ports[FUZZ_POOL + 1];
	int i, rounds;

	for (i = 0; i < FUZZ_POOL; i++)
		ports[i] = fuzz_pool[i];
	ports[FUZZ_POOL] = fuzz_reply;
	for (i = 0; i <= FUZZ_POOL; i++) {
		for (rounds = 0; rounds < 16; rounds++) {
			if (mach_msg(r, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
			    MACH_RCV_LARGE, 0, FUZZ_RCV_BYTES, ports[i], 0,
			    MACH_PORT_NULL) != MACH_MSG_SUCCESS)
				break;
			fuzz_replies_drained++;
			fuzz_note_reply((mig_reply_header_t *)r);
			mach_msg_destroy(r);
		}
	}
}

static void
fuzz_one(void)
{
	mach_msg_header_t *h = (mach_msg_header_t *)fuzz_buffer;
	mach_msg_option_t option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	mach_msg_size_t rcv_size = 0;
	mach_port_t rcv_name = MACH_PORT_NULL;
	uint32_t send_size;
	enum fuzz_target to_kernel;
	mach_msg_return_t mr;

	send_size = fuzz_build(h, &to_kernel);
	fuzz_sanitize(h, send_size, to_kernel);
	if (fuzz_pick(3) == 0) {
		option |= MACH_RCV_MSG | MACH_RCV_TIMEOUT;
		rcv_name = fuzz_pick(4) ? fuzz_reply : fuzz_random_name();
		rcv_size = (mach_msg_size_t)fuzz_pick(FUZZ_BUFFER_BYTES + 1);
	}
	if (fuzz_pick(8) == 0)
		option |= MACH_RCV_LARGE;
	mr = mach_msg_trap(h, option, send_size, rcv_size, rcv_name, 0,
	    fuzz_pick(8) == 0 ? fuzz_random_name() : MACH_PORT_NULL);
	fuzz_count(to_kernel, mr);
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG))
		mach_msg_destroy(h);
	fuzz_drain();
}

static int
fuzz_setup(void)
{
	vm_address_t a = 0;

	if (vm_allocate(me, &a, FUZZ_BUFFER_BYTES + FUZZ_PAGE, TRUE) !=
	    KERN_SUCCESS)
		return 0;
	(void)vm_deallocate(me, a + FUZZ_BUFFER_BYTES, FUZZ_PAGE);
	fuzz_buffer = (unsigned char *)a;
	a = 0;
	if (vm_allocate(me, &a, FUZZ_RCV_BYTES, TRUE) != KERN_SUCCESS)
		return 0;
	fuzz_rcv = (unsigned char *)a;
	if (vm_allocate(me, &fuzz_scratch, FUZZ_SCRATCH_BYTES, TRUE) !=
	    KERN_SUCCESS)
		return 0;
	if (mach_port_allocate(me, MACH_PORT_RIGHT_RECEIVE, &fuzz_reply) !=
	    KERN_SUCCESS)
		return 0;
	fuzz_kernel[FUZZ_TASK] = me;
	fuzz_kernel[FUZZ_THREAD] = mach_thread_self();
	fuzz_kernel[FUZZ_HOST] = mach_host_self();
	fuzz_kernel[FUZZ_HOST_PRIV] = cm_host_priv_port;
	fuzz_kernel[FUZZ_DEVICE] = cm_device_master_port;
	fuzz_keep_current();
	fuzz_pool_renew();
	return 1;
}

static void
fuzz_teardown(void)
{
	int i;

	for (i = 0; i < FUZZ_POOL; i++)
		fuzz_pool[i] = MACH_PORT_NULL;
	fuzz_sweep();		/* the pool and what the routines made */
	(void)mach_port_destroy(me, fuzz_reply);
	(void)mach_port_deallocate(me, fuzz_kernel[FUZZ_THREAD]);
	(void)mach_port_deallocate(me, fuzz_kernel[FUZZ_HOST]);
	(void)vm_deallocate(me, (vm_address_t)fuzz_buffer, FUZZ_BUFFER_BYTES);
	(void)vm_deallocate(me, (vm_address_t)fuzz_rcv, FUZZ_RCV_BYTES);
	/* The scratch region may be partly gone (deallocate in messages). */
	(void)vm_deallocate(me, fuzz_scratch, FUZZ_SCRATCH_BYTES);
}

/* What must come back to its value: kernel resources and our names. */
struct fuzz_snapshot {
	long	free_pages;	/* after reaping the kernel's caches */
	long	port_names;
	long	kmem_bytes;
	long	ports;
	long	kmsgs;
	long	copies;
};

static void
fuzz_snapshot(struct fuzz_snapshot *snap)
{
	snap->port_names = cm_port_name_count();
	snap->kmem_bytes = cm_counter(TEST_COUNTER_KMEM_BYTES);
	snap->ports = cm_counter(TEST_COUNTER_PORTS);
	snap->kmsgs = cm_counter(TEST_COUNTER_KMSGS);
	snap->copies = cm_counter(TEST_COUNTER_COPIES);
	snap->free_pages = cm_reap();
}

static void
fuzz_snapshot_print(const char *when, const struct fuzz_snapshot *snap)
{
	printf("fuzz.free_pages_%s=%ld\n", when, snap->free_pages);
	printf("fuzz.port_names_%s=%ld\n", when, snap->port_names);
	printf("fuzz.kmem_bytes_%s=%ld\n", when, snap->kmem_bytes);
	printf("fuzz.ports_%s=%ld\n", when, snap->ports);
	printf("fuzz.kmsgs_%s=%ld\n", when, snap->kmsgs);
	printf("fuzz.copies_%s=%ld\n", when, snap->copies);
}

/* One pass: set up, send `messages` fuzzed messages, tear down. */
static int
fuzz_pass(long messages)
{
	long n;

	if (!fuzz_setup())
		return 0;
	for (n = 0; n < messages; n++) {
		if (n % FUZZ_POOL_RENEW == 0)
			fuzz_pool_renew();
		fuzz_one();
		/* Messages may have taken the scratch region: put it back. */
		(void)vm_allocate(me, &fuzz_scratch, FUZZ_SCRATCH_BYTES,
		    FALSE);
	}
	fuzz_teardown();
	return 1;
}

/* Prints the counts of one class: fuzz.<class>.<CODE>=<count>. */
static void
fuzz_print_codes(enum fuzz_target target)
{
	struct fuzz_code_count *codes = fuzz_codes[target];
	char name[40];
	int i;

	for (i = 0; i < FUZZ_CODES && codes[i].count != 0; i++)
		printf("fuzz.%s.%s=%lu\n", fuzz_target_names[target],
		    cm_error_string(codes[i].code, name, sizeof(name)),
		    codes[i].count);
}

/* One pass per seed, each `messages` long; returns 0 if setup failed. */
static int
fuzz_passes(const uint64_t *seeds, unsigned int count, long messages)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		cm_random_seed(&rnd, seeds[i]);
		if (!fuzz_pass(messages))
			return 0;
	}
	return 1;
}

static void
fuzz_check_baseline(const struct fuzz_snapshot *before,
    const struct fuzz_snapshot *after)
{
	cm_check_eq("port names back to start", after->port_names,
	    before->port_names);
	cm_check_eq("kernel ports back to start", after->ports,
	    before->ports);
	cm_check_eq("kernel messages back to start", after->kmsgs,
	    before->kmsgs);
	cm_check_eq("out-of-line copies back to start", after->copies,
	    before->copies);
	cm_check_eq("kernel allocator bytes back to start",
	    after->kmem_bytes, before->kmem_bytes);
	cm_check_eq("free pages back to start", after->free_pages,
	    before->free_pages);
}

/*
 * A warm-up first, the same seeds with a fifth of the messages each:
 * page tables for the regions the fuzz uses, and caches of the kernel's
 * allocators, come into being once; after that, the passes must leave
 * everything as they found it.
 */
int
main(int argc, char **argv, char **envp)
{
	long messages = argc > 3 ? cm_atol(argv[3]) : FUZZ_MESSAGES;
	uint64_t one_seed = argc > 4 ? (uint64_t)cm_atol(argv[4]) : 0;
	const uint64_t *seeds = argc > 4 ? &one_seed : fuzz_seeds;
	unsigned int count = argc > 4 ? 1 : FUZZ_SEED_COUNT, i;
	long per_seed = messages / count;
	struct fuzz_snapshot before, after;

	(void)envp;
	cm_test_begin(argc, argv, "fuzz");
	me = mach_task_self();
	for (i = 0; i < count; i++)
		printf("fuzz.seed.%u=0x%llx\n", i,
		    (unsigned long long)seeds[i]);
	printf("fuzz.messages=%ld\n", per_seed * count);
	if (!cm_check(fuzz_passes(seeds, count, per_seed / 5),
	    "fuzz warm-up"))
		cm_test_end();
	memset(fuzz_codes, 0, sizeof(fuzz_codes));
	fuzz_replies_drained = 0;
	fuzz_port_routines_succeeded = 0;
	fuzz_snapshot(&before);
	fuzz_snapshot_print("before", &before);
	if (!cm_check(fuzz_passes(seeds, count, per_seed), "fuzz pass"))
		cm_test_end();
	for (i = 0; i < FUZZ_TARGETS; i++)
		fuzz_print_codes(i);
	printf("fuzz.received_and_destroyed=%lu\n", fuzz_replies_drained);
	printf("fuzz.port_routines_succeeded=%lu\n",
	    fuzz_port_routines_succeeded);
	fuzz_snapshot(&after);
	fuzz_snapshot_print("after", &after);
	fuzz_check_baseline(&before, &after);
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/fuzz.c: random and mutated messages, counted by result.
 *
 * Usage: fuzz HOST DEVICE [MESSAGES [SEED]] (default FUZZ_MESSAGES
 * messages, seed FUZZ_SEED; both printed).  Each message is either built
 * at random or a valid one with random bits flipped, and goes to one of
 * our own ports or to a kernel object (task self, thread self, host) by
 * plain send or combined send/receive, with:
 *
 *   send sizes   exact, not a multiple of 8, smaller than a header,
 *                larger than the buffer (which ends at an unmapped page),
 *                near and beyond 2^31, random;
 *   header       random bits and dispositions, random names;
 *   body         random type descriptors (name, size, number, inline,
 *                longform, deallocate), random port names, out-of-line
 *                addresses and lengths (bad ones, and a scratch region).
 *
 * Every mach_msg result is counted and printed as fuzz.<CODE>=<count>;
 * every received message (our ports, kernel replies) is destroyed with
 * mach_msg_destroy.  Before and after: fuzz.{free_pages,port_names}_
 * {before,after} (vm_statistics free_count, mach_port_names count).
 *
 * The fuzzer must not hurt itself: fuzz_sanitize() keeps every message
 * away from the task's own rights (only COPY_SEND of a kernel port, never
 * a move), clears `deallocate` outside the scratch region, and points
 * out-of-line port arrays at a safe array; requests to kernel ports use
 * read-only routine ids or ids outside every subsystem.
 */
#include <cmtest.h>

#define FUZZ_MESSAGES		100000
#define FUZZ_WARMUP_MESSAGES	20000
#define FUZZ_SEED		0xc1a55eedULL
#define FUZZ_PAGE		4096UL
#define FUZZ_BUFFER_BYTES	(2 * FUZZ_PAGE)	/* then an unmapped page */
#define FUZZ_RCV_BYTES		(16 * FUZZ_PAGE)
#define FUZZ_SCRATCH_BYTES	(16 * FUZZ_PAGE)
#define FUZZ_POOL		6
#define FUZZ_POOL_RENEW		1000	/* messages between pool renewals */
#define FUZZ_INVALID_NAME	0x7fffff01u
#define FUZZ_CODES		96
#define FUZZ_ID_FLOOR		10000	/* random kernel ids stay above */

static const mach_msg_id_t fuzz_read_only_ids[] = {
	2012, 2019, 2011, 2017, 2030,	/* task_info ... vm_statistics */
	2634, 2638, 2646,		/* host_get_time, info, version */
	3200, 3201, 3207,		/* mach_port_names, type, get_refs */
};

struct fuzz_code_count {
	kern_return_t	code;
	unsigned long	count;
};

static struct cm_random rnd;
static mach_port_t me, fuzz_pool[FUZZ_POOL], fuzz_reply;
static mach_port_t fuzz_kernel[3];
static mach_port_t fuzz_safe_names[4];
static unsigned char *fuzz_buffer;	/* FUZZ_BUFFER_BYTES, guard after */
static unsigned char *fuzz_rcv;		/* FUZZ_RCV_BYTES */
static vm_address_t fuzz_scratch;
static struct fuzz_code_count fuzz_codes[FUZZ_CODES];
static unsigned long fuzz_replies_drained;

static uint64_t
fuzz_pick(uint64_t bound)
{
	return cm_random_below(&rnd, bound);
}

static void
fuzz_count(kern_return_t code)
{
	int i;

	for (i = 0; i < FUZZ_CODES; i++) {
		if (fuzz_codes[i].count != 0 && fuzz_codes[i].code == code) {
			fuzz_codes[i].count++;
			return;
		}
		if (fuzz_codes[i].count == 0) {
			fuzz_codes[i].code = code;
			fuzz_codes[i].count = 1;
			return;
		}
	}
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
	for (i = 0; i < FUZZ_POOL; i++) {
		if (fuzz_pool[i] != MACH_PORT_NULL)
			(void)mach_port_destroy(me, fuzz_pool[i]);
		fuzz_pool[i] = MACH_PORT_NULL;
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
	return name == fuzz_kernel[0] || name == fuzz_kernel[1] ||
	    name == fuzz_kernel[2];
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

static void
fuzz_sanitize(mach_msg_header_t *h, uint32_t send_bytes, int to_kernel)
{
	unsigned int remote = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	unsigned int local = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	unsigned char *end = fuzz_buffer + (send_bytes < FUZZ_BUFFER_BYTES ?
	    send_bytes : FUZZ_BUFFER_BYTES);

	if (to_kernel) {
		if (remote == MACH_MSG_TYPE_MOVE_SEND ||
		    remote == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			remote = MACH_MSG_TYPE_COPY_SEND;
		if (h->msgh_id < FUZZ_ID_FLOOR) {
			h->msgh_id = fuzz_read_only_ids[fuzz_pick(sizeof(
			    fuzz_read_only_ids) / sizeof(mach_msg_id_t))];
		}
	} else {
		h->msgh_remote_port = fuzz_safe_name(h->msgh_remote_port,
		    remote);
	}
	h->msgh_local_port = fuzz_safe_name(h->msgh_local_port, local);
	h->msgh_protected_payload &= 0xffffffffUL;
	h->msgh_bits = (h->msgh_bits & ~0xffffu) | MACH_MSGH_BITS(remote,
	    local);
	fuzz_sanitize_body((unsigned char *)(h + 1), end);
}

/* Builds message number `n` in fuzz_buffer; returns its send size. */
static uint32_t
fuzz_build(mach_msg_header_t *h, int *to_kernel)
{
	uint32_t body_bytes, exact;
	int i, flips;

	memset(fuzz_buffer, 0, 512);
	*to_kernel = fuzz_pick(3) == 0;
	h->msgh_remote_port = *to_kernel ? fuzz_kernel[fuzz_pick(3)] :
	    fuzz_random_name();
	h->msgh_local_port = fuzz_pick(2) ? fuzz_reply : fuzz_random_name();
	h->msgh_id = fuzz_pick(2) ? (mach_msg_id_t)cm_random_next(&rnd) :
	    fuzz_read_only_ids[fuzz_pick(sizeof(fuzz_read_only_ids) /
	    sizeof(mach_msg_id_t))];
	body_bytes = fuzz_random_body((unsigned char *)(h + 1), 400);
	exact = sizeof(*h) + body_bytes;
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
	int to_kernel;
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
	fuzz_count(mr);
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
	fuzz_kernel[0] = me;
	fuzz_kernel[1] = mach_thread_self();
	fuzz_kernel[2] = mach_host_self();
	fuzz_pool_renew();
	return 1;
}

static void
fuzz_teardown(void)
{
	int i;

	for (i = 0; i < FUZZ_POOL; i++)
		(void)mach_port_destroy(me, fuzz_pool[i]);
	(void)mach_port_destroy(me, fuzz_reply);
	(void)mach_port_deallocate(me, fuzz_kernel[1]);
	(void)mach_port_deallocate(me, fuzz_kernel[2]);
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

/*
 * A warm-up pass with the same seed first: page tables for the regions
 * the fuzz uses, and caches of the kernel's allocators, come into being
 * once; after that, one pass must leave everything as it found it.
 */
int
main(int argc, char **argv, char **envp)
{
	long messages = argc > 3 ? cm_atol(argv[3]) : FUZZ_MESSAGES;
	uint64_t seed = argc > 4 ? (uint64_t)cm_atol(argv[4]) : FUZZ_SEED;
	struct fuzz_snapshot before, after;
	char name[40];
	int i;

	(void)envp;
	cm_test_begin(argc, argv, "fuzz");
	me = mach_task_self();
	printf("fuzz.seed=0x%llx\n", (unsigned long long)seed);
	printf("fuzz.messages=%ld\n", messages);
	cm_random_seed(&rnd, seed);
	if (!cm_check(fuzz_pass(FUZZ_WARMUP_MESSAGES), "fuzz warm-up"))
		cm_test_end();
	memset(fuzz_codes, 0, sizeof(fuzz_codes));
	fuzz_replies_drained = 0;
	fuzz_snapshot(&before);
	fuzz_snapshot_print("before", &before);
	cm_random_seed(&rnd, seed);
	if (!cm_check(fuzz_pass(messages), "fuzz pass"))
		cm_test_end();
	for (i = 0; i < FUZZ_CODES && fuzz_codes[i].count != 0; i++)
		printf("fuzz.%s=%lu\n", cm_error_string(fuzz_codes[i].code,
		    name, sizeof(name)), fuzz_codes[i].count);
	printf("fuzz.received_and_destroyed=%lu\n", fuzz_replies_drained);
	fuzz_snapshot(&after);
	fuzz_snapshot_print("after", &after);
	cm_check_eq("port names back to start", after.port_names,
	    before.port_names);
	cm_check_eq("kernel ports back to start", after.ports, before.ports);
	cm_check_eq("kernel messages back to start", after.kmsgs,
	    before.kmsgs);
	cm_check_eq("out-of-line copies back to start", after.copies,
	    before.copies);
	cm_check_eq("kernel allocator bytes back to start", after.kmem_bytes,
	    before.kmem_bytes);
	cm_check_eq("free pages back to start", after.free_pages,
	    before.free_pages);
	cm_test_end();
}

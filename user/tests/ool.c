/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/ool.c: out-of-line memory in messages to our own port.
 *
 * For 1 page, 16 pages and 1 MiB, with and without `deallocate`: fill a
 * vm_allocate'd region with a pattern, send it out of line, receive it
 * (a fresh, page-aligned region with the same bytes), check the sender's
 * copy (without deallocate: unchanged and still writable without
 * touching the receiver's; with deallocate: gone, so vm_allocate at that
 * address succeeds again).  Without deallocate, large regions are shared
 * copy-on-write (vm/vm_map.c N5): the sender writes its region between
 * the send and the receive, the receiver writes its copy, and each side
 * must see only its own writes.  Prints ool.<pages>.<mode>.ok=1 per case and
 * the free page count before and after (it must come back, give or take
 * OOL_FREE_SLACK_PAGES of page tables).
 */
#include <clustermach/vm_counters.h>
#include <cmtest.h>

#define OOL_PAGE	4096UL
#define OOL_FREE_SLACK_PAGES	16

struct ool_message {
	mach_msg_header_t	head;
	mach_msg_type_long_t	type;
	vm_address_t		data;
};

static mach_port_t me, port;

static uint32_t
ool_pattern(size_t i, unsigned int salt)
{
	return (uint32_t)(i * 2654435761u) ^ salt;
}

static void
ool_case(size_t pages, int deallocate)
{
	size_t bytes = pages * OOL_PAGE, words = bytes / 4, i;
	vm_address_t a = 0, again;
	long moved_before, copied_before;
	uint64_t shared_before;
	struct ool_message m;
	union {
		struct ool_message	m;
		unsigned char		bytes[256];
	} r;
	uint32_t *w;
	int same = 1, sender_same = 1, receiver_same = 1;
	char what[96];
	const char *mode = deallocate ? "moved" : "copied";

	snprintf(what, sizeof(what), "%zu pages %s: allocate", pages, mode);
	if (!cm_check_kr(what, vm_allocate(me, &a, bytes, TRUE)))
		return;
	w = (uint32_t *)a;
	for (i = 0; i < words; i++)
		w[i] = ool_pattern(i, (unsigned int)pages);
	cm_ool_message_init(&m.head, sizeof(m), &m.type, port, 77, bytes,
	    deallocate);
	m.data = a;
	moved_before = cm_counter(TEST_COUNTER_OOL_PAGES_MOVED);
	copied_before = cm_counter(TEST_COUNTER_OOL_BYTES_COPIED);
	shared_before = cm_vm_counter(VM_COUNTER_PAGES_SHARED);
	snprintf(what, sizeof(what), "%zu pages %s: send", pages, mode);
	cm_check_kr(what, mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
	    MACH_PORT_NULL, 0, MACH_PORT_NULL));
	if (!deallocate) {
		/* The message holds the data as sent: not these. */
		w[0] = ~w[0];
		w[words - 1] = ~w[words - 1];
	}
	if (deallocate) {
		/*
		 * Checked before the receive: the receive may map the
		 * data back at the same, now free, address.
		 */
		again = a;
		snprintf(what, sizeof(what), "%zu pages moved: sender's range "
		    "is free", pages);
		cm_check_kr(what, vm_allocate(me, &again, bytes, FALSE));
		(void)vm_deallocate(me, again, bytes);
	}
	snprintf(what, sizeof(what), "%zu pages %s: receive", pages, mode);
	cm_check_kr(what, mach_msg(&r.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	    0, sizeof(r), port, 0, MACH_PORT_NULL));
	printf("ool.%zu.%s.pages_moved=%ld\n", pages, mode,
	    cm_counter(TEST_COUNTER_OOL_PAGES_MOVED) - moved_before);
	printf("ool.%zu.%s.bytes_copied=%ld\n", pages, mode,
	    cm_counter(TEST_COUNTER_OOL_BYTES_COPIED) - copied_before);
	printf("ool.%zu.%s.pages_shared=%lu\n", pages, mode, (unsigned long)
	    (cm_vm_counter(VM_COUNTER_PAGES_SHARED) - shared_before));
	snprintf(what, sizeof(what), "%zu pages %s: length", pages, mode);
	cm_check_eq(what, r.m.type.msgtl_number, bytes);
	snprintf(what, sizeof(what), "%zu pages %s: page aligned", pages,
	    mode);
	cm_check_eq(what, r.m.data & (OOL_PAGE - 1), 0);
	w = (uint32_t *)r.m.data;
	for (i = 0; i < words && w != NULL; i++)
		same &= w[i] == ool_pattern(i, (unsigned int)pages);
	snprintf(what, sizeof(what), "%zu pages %s: content", pages, mode);
	cm_check(same && w != NULL, what);
	if (!deallocate && w != NULL) {
		/* The receiver's copy is its own; so is the sender's region. */
		w[0] ^= 0xffffffffu;
		w[words / 2] ^= 0xffffffffu;
		for (i = 0; i < words; i++)
			sender_same &= ((uint32_t *)a)[i] ==
			    (ool_pattern(i, (unsigned int)pages) ^
			    (i == 0 || i == words - 1 ? 0xffffffffu : 0));
		snprintf(what, sizeof(what), "%zu pages copied: sender keeps "
		    "its own writes only", pages);
		cm_check(sender_same, what);
		((uint32_t *)a)[words / 2] = 0;
		for (i = 0; i < words; i++)
			receiver_same &= w[i] ==
			    (ool_pattern(i, (unsigned int)pages) ^
			    (i == 0 || i == words / 2 ? 0xffffffffu : 0));
		snprintf(what, sizeof(what), "%zu pages copied: receiver keeps "
		    "its own writes only", pages);
		cm_check(receiver_same, what);
		(void)vm_deallocate(me, a, bytes);
	}
	(void)vm_deallocate(me, r.m.data, bytes);
	printf("ool.%zu.%s.ok=%d\n", pages, mode, same && sender_same &&
	    receiver_same);
}

int
main(int argc, char **argv, char **envp)
{
	static const size_t sizes[] = { 1, 16, 256 };
	long free_before, free_after;
	unsigned int i;

	(void)envp;
	cm_test_begin(argc, argv, "ool");
	me = mach_task_self();
	cm_check_kr("allocate port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &port));
	free_before = cm_free_pages();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ool_case(sizes[i], 0);
		ool_case(sizes[i], 1);
	}
	free_after = cm_free_pages();
	printf("ool.free_before=%ld\n", free_before);
	printf("ool.free_after=%ld\n", free_after);
	/* Page tables the kernel made for the ranges may stay: some slack. */
	cm_check(free_after >= free_before - OOL_FREE_SLACK_PAGES,
	    "free pages come back");
	(void)mach_port_destroy(me, port);
	cm_test_end();
}

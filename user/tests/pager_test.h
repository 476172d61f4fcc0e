/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_test.h: helpers shared by the pager test programs
 * (user/tests/pager_*.c): mapping an object, checking and writing the
 * RAM pager's pattern through a mapping, finding another task's object
 * port, catching one exception, waiting for a task to end.
 */
#ifndef _CM_PAGER_TEST_H_
#define _CM_PAGER_TEST_H_

#include <cmtest.h>
#include <cthreads.h>
#include <mach/exception.h>
#include <ram_pager.h>

#define PAGER_TEST_PAGE	RAM_PAGER_PAGE_BYTES

/* vm_map of `port` at any address; copy: a private copy. */
static inline kern_return_t
pager_test_map(mach_port_t port, vm_size_t bytes, int copy,
    vm_address_t *addr)
{
	*addr = 0;
	return vm_map(mach_task_self(), addr, bytes, 0, TRUE, port, 0,
	    copy ? TRUE : FALSE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
}

static inline volatile uint64_t *
pager_test_page(vm_address_t base, vm_size_t page)
{
	return (volatile uint64_t *)(base + page * PAGER_TEST_PAGE);
}

/* Words of mapped page `page` not following the pattern under seed. */
static inline unsigned int
pager_test_check_page(vm_address_t base, vm_size_t page, uint64_t seed)
{
	volatile uint64_t *w = pager_test_page(base, page);
	unsigned int i, bad = 0;

	for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
		bad += w[i] != ram_pager_word(page, i, seed);
	return bad;
}

/* Words of mapped page `page` that are not zero. */
static inline unsigned int
pager_test_check_zero(vm_address_t base, vm_size_t page)
{
	volatile uint64_t *w = pager_test_page(base, page);
	unsigned int i, bad = 0;

	for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
		bad += w[i] != 0;
	return bad;
}

static inline void
pager_test_fill_page(vm_address_t base, vm_size_t page, uint64_t seed)
{
	volatile uint64_t *w = pager_test_page(base, page);
	unsigned int i;

	for (i = 0; i < RAM_PAGER_PAGE_WORDS; i++)
		w[i] = ram_pager_word(page, i, seed);
}

/* The data_requests the RAM pager rp has accepted so far. */
static inline uint64_t
pager_test_data_requests(struct ram_pager *rp)
{
	struct pager_stats stats;

	pager_get_stats(ram_pager_pager(rp), &stats);
	return stats.data_requests;
}

/* Starts the pager's server threads; checks the count. */
static inline void
pager_test_serve(const struct ram_pager_config *config)
{
	cm_check_eq("pager server threads", pager_serve_start(config->threads),
	    config->threads);
}

/*
 * The usual start of a test with the RAM pager in its own task: config
 * from the program's switches (argv[3] on) over a default page count
 * (0: the RAM pager's own), the pager, its server threads.  Ends the test if the pager cannot be
 * made.
 */
static inline struct ram_pager *
pager_test_start(struct ram_pager_config *config, int argc, char **argv,
    vm_size_t default_pages)
{
	struct ram_pager *rp;

	ram_pager_config_init(config);
	if (default_pages != 0)
		config->pages = default_pages;
	ram_pager_parse_args(config, argc, argv, 3);
	rp = ram_pager_create(config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(config);
	return rp;
}

/* Polls task's TASK_BOOTSTRAP_PORT until it holds a right (the object
 * port another task published); MACH_PORT_NULL after `polls` tries. */
static inline mach_port_t
pager_test_find_port(mach_port_t task, int polls)
{
	mach_port_t port = MACH_PORT_NULL;
	int i;

	for (i = 0; i < polls; i++) {
		if (task_get_special_port(task, TASK_BOOTSTRAP_PORT, &port) ==
		    KERN_SUCCESS && MACH_PORT_VALID(port))
			return port;
		pager_sleep_ms(2);
	}
	return MACH_PORT_NULL;
}

/* Waits up to timeout_ms for `task` to end; returns whether it did. */
static inline int
pager_test_wait_task_gone(mach_port_t task, unsigned int timeout_ms)
{
	struct task_basic_info info;
	mach_msg_type_number_t count;
	unsigned int waited;

	for (waited = 0; waited <= timeout_ms; waited += 5) {
		count = TASK_BASIC_INFO_COUNT;
		if (task_info(task, TASK_BASIC_INFO, (task_info_t)&info,
		    &count) != KERN_SUCCESS)
			return 1;
		pager_sleep_ms(5);
	}
	return 0;
}

/* A task exception port for this task (receive right + send right). */
static inline mach_port_t
pager_test_exception_port(void)
{
	mach_port_t me = mach_task_self(), port = MACH_PORT_NULL;

	cm_check_kr("exception port", mach_port_allocate(me,
	    MACH_PORT_RIGHT_RECEIVE, &port));
	cm_check_kr("exception port send right", mach_port_insert_right(me,
	    port, port, MACH_MSG_TYPE_MAKE_SEND));
	cm_check_kr("set task exception port", task_set_special_port(me,
	    TASK_EXCEPTION_PORT, port));
	return port;
}

/*
 * Receives one exception message within timeout_ms and runs exc_server
 * (the program's catch_exception_raise) on it, sending its reply unless
 * the handler said MIG_NO_REPLY.  Returns the receive's result.
 */
static inline mach_msg_return_t
pager_test_catch_one(mach_port_t port, unsigned int timeout_ms)
{
	union {
		mach_msg_header_t	head;
		char			bytes[1024];
	} in, out;
	mig_reply_header_t *reply = (mig_reply_header_t *)&out.head;
	mach_msg_return_t mr;

	mr = mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
	    sizeof(in), port, timeout_ms, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	(void)exc_server(&in.head, &out.head);
	if (reply->RetCode != MIG_NO_REPLY &&
	    MACH_PORT_VALID(out.head.msgh_remote_port))
		(void)mach_msg(&out.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		    out.head.msgh_size, 0, MACH_PORT_NULL, 0,
		    MACH_PORT_NULL);
	return MACH_MSG_SUCCESS;
}

/* Waits up to timeout_ms for the pager to be freed (no senders). */
static inline int
pager_test_wait_freed(struct pager *p, unsigned int timeout_ms)
{
	return pager_wait_state(p, PAGER_STATE_FREED, timeout_ms);
}

#endif /* _CM_PAGER_TEST_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_error.c: a page the pager answers with
 * memory_object_data_error gives the thread that touches it a memory
 * exception; another thread reading other pages goes on, and so does
 * another task with an object of its own.
 *
 *   pager_error HOST DEVICE [--refused-unlock] [--other-task] [switches]
 *       default: --pages=8 --error=3+1
 *   pager_error HOST DEVICE other TASK
 *
 * With --refused-unlock the page is not in error: the RAM pager supplies
 * every page write-locked and refuses every unlock (--write-lock
 * --refuse-unlock are implied); E reads page 3, which works, then
 * writes it: the kernel's data_unlock is answered with data_error and
 * E gets the memory exception for the write.
 *
 * The task's exception port is ours (exc.defs, exc_server).  Thread E
 * reads the first error page; thread O reads every other page.  The
 * main thread catches E's exception (catch_exception_raise terminates E
 * and sends no reply), then joins O.
 *
 * With --other-task a second boot module, `other TASK` (TASK: this
 * task, ${name} of its $(name=task-create)), runs rounds in its own
 * task: each reads every page of its own RAM pager's object, checks
 * them and flushes them, so every round asks its pager again.  When E's
 * exception is caught we put a send right in our TASK_BOOTSTRAP_PORT;
 * the other task, seeing it, runs one more round, clears the port and
 * ends; we wait for that.
 *
 * Keys: error.exceptions (1), error.exception (EXC_BAD_ACCESS, 1),
 * error.code (GNU Mach: KERN_MEMORY_ERROR, 10), error.subcode_ok (the
 * subcode is the address E touched), error.faulting_thread_went_on (0),
 * error.other_thread_errors (0), error.other_thread_done (1),
 * error.read_before_write_ok (with --refused-unlock),
 * error.other_task_done (with --other-task), pager.*; from the other
 * task: other.rounds, other.errors, other.rounds_after_error (1),
 * other.pager.* (its pager's counters).
 */
#include "pager_test.h"

static struct cm_exception seen;
static volatile int error_thread_went_on;
static int error_write;			/* --refused-unlock */
static volatile int error_read_ok;
static vm_address_t error_address;

kern_return_t
catch_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
    integer_t exception, integer_t code, rpc_long_integer_t subcode)
{
	(void)port;
	cm_exception_note(&seen, exception, code, subcode);
	return cm_exception_kill(thread, task);
}

static void *
error_touch(void *arg)
{
	volatile uint64_t *w = (volatile uint64_t *)arg;
	uint64_t v = *w;

	if (error_write) {
		/* The read went through the lock; the write may not. */
		error_read_ok = v == ram_pager_word(3, 1, 0);
		*w = ~v;
	}

	error_thread_went_on = 1;
	return (void *)(uintptr_t)v;
}

struct error_reader {
	vm_address_t			base;
	const struct ram_pager_config	*config;
	vm_size_t			skip_page;
	unsigned long			errors;
};

static void *
error_read_others(void *arg)
{
	struct error_reader *r = arg;
	vm_size_t page;

	for (page = 0; page < r->config->pages; page++) {
		if (page != r->skip_page)
			r->errors += pager_test_check_page(r->base, page, 0);
	}
	return NULL;
}

#define OTHER_PAGES	8
#define OTHER_WAIT_MS	20000

/* Whether task's TASK_BOOTSTRAP_PORT holds a right now. */
static int
error_bootstrap_set(mach_port_t task)
{
	mach_port_t port = MACH_PORT_NULL;

	if (task_get_special_port(task, TASK_BOOTSTRAP_PORT, &port) !=
	    KERN_SUCCESS || !MACH_PORT_VALID(port))
		return 0;
	(void)mach_port_deallocate(mach_task_self(), port);
	return 1;
}

/* One round of the other task: read and check every page, flush. */
static unsigned long
error_other_round(struct ram_pager *rp, vm_address_t base)
{
	unsigned long errors = 0;

	for (vm_size_t page = 0; page < OTHER_PAGES; page++)
		errors += pager_test_check_page(base, page, 0);
	cm_check_kr("flush", pager_return_range(ram_pager_pager(rp), 0,
	    OTHER_PAGES * PAGER_TEST_PAGE, 1, 1));
	return errors;
}

/* `other TASK`: rounds until TASK's signal, one more, then the end. */
static void
error_other(mach_port_t error_task)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t port;
	vm_address_t base = 0;
	unsigned long rounds = 0, errors = 0;
	unsigned int waited;

	ram_pager_config_init(&config);
	config.pages = OTHER_PAGES;
	config.log_max = 0;
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "other ram pager"))
		return;
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("other vm_map", pager_test_map(port,
	    OTHER_PAGES * PAGER_TEST_PAGE, 0, &base));
	(void)mach_port_deallocate(mach_task_self(), port);
	for (waited = 0; waited < OTHER_WAIT_MS &&
	    !error_bootstrap_set(error_task); waited++, rounds++) {
		errors += error_other_round(rp, base);
		pager_sleep_ms(1);
	}
	cm_check(waited < OTHER_WAIT_MS, "the error task's signal");
	errors += error_other_round(rp, base);	/* after the error */
	printf("other.rounds=%lu\n", rounds + 1);
	printf("other.rounds_after_error=1\n");
	printf("other.errors=%lu\n", errors);
	cm_check_kr("clear the signal", task_set_special_port(error_task,
	    TASK_BOOTSTRAP_PORT, MACH_PORT_NULL));
	ram_pager_print(rp, "other.pager");
}

/* Signals the other task and waits for its last round. */
static int
error_other_wait(mach_port_t signal)
{
	mach_port_t me = mach_task_self();

	cm_check_kr("signal the other task", task_set_special_port(me,
	    TASK_BOOTSTRAP_PORT, signal));
	for (unsigned int waited = 0; waited < OTHER_WAIT_MS; waited++) {
		if (!error_bootstrap_set(me))
			return 1;
		pager_sleep_ms(1);
	}
	return 0;
}

/*
 * The RAM pager's config from our switches: --pages=8 --error=3+1 by
 * default, --refused-unlock instead.  Returns whether --other-task.
 */
static int
error_config(struct ram_pager_config *config, int argc, char **argv)
{
	int other_task = 0;

	ram_pager_config_init(config);
	config->pages = 8;
	ram_pager_parse_args(config, argc, argv, 3);
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--refused-unlock") == 0)
			error_write = 1;
		if (strcmp(argv[i], "--other-task") == 0)
			other_task = 1;
	}
	if (error_write) {
		config->write_lock = 1;
		config->refuse_unlock = 1;
		config->error_count = 0;
	}
	if (config->error_count == 0 && !error_write) {
		config->error[0].first_page = 3;
		config->error[0].pages = 1;
		config->error_count = 1;
	}
	return other_task;
}

int
main(int argc, char **argv, char **envp)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct cm_thread *e, *o;
	struct error_reader reader;
	mach_port_t port, exc_port;
	vm_address_t base = 0;
	vm_size_t bytes, error_page;
	int other_task;

	(void)envp;
	cm_test_begin(argc, argv, "pager_error");
	if (argc > 4 && strcmp(argv[3], "other") == 0) {
		error_other((mach_port_t)cm_atol(argv[4]));
		printf("pager_error: other task done, failures=%d\n",
		    cm_test_failures);
		cm_exit(cm_test_failures == 0 ? 0 : 1);
	}
	other_task = error_config(&config, argc, argv);
	error_page = error_write ? 3 : config.error[0].first_page;
	bytes = config.pages * PAGER_TEST_PAGE;
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		cm_test_end();
	pager_test_serve(&config);
	exc_port = pager_test_exception_port();
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(mach_task_self(), port);

	error_address = base + error_page * PAGER_TEST_PAGE + 8;
	reader.base = base;
	reader.config = &config;
	reader.skip_page = error_page;
	reader.errors = 0;
	e = cm_thread_create(error_touch, (void *)error_address);
	o = cm_thread_create(error_read_others, &reader);
	cm_check(e != NULL && o != NULL, "threads");
	cm_check_kr("exception caught", pager_test_catch_one(exc_port,
	    20000));
	if (o != NULL)
		cm_thread_join(o);
	if (other_task)
		printf("error.other_task_done=%d\n",
		    error_other_wait(exc_port));
	printf("error.exceptions=%d\n", seen.count);
	printf("error.exception=%d\n", seen.exception);
	printf("error.code=%d\n", seen.code);
	printf("error.subcode_ok=%d\n",
	    (vm_address_t)seen.subcode == error_address);
	printf("error.faulting_thread_went_on=%d\n", error_thread_went_on);
	printf("error.other_thread_errors=%lu\n", reader.errors);
	printf("error.other_thread_done=%d\n", o != NULL);
	if (error_write)
		printf("error.read_before_write_ok=%d\n", error_read_ok);
	cm_check_eq("exception", seen.exception, EXC_BAD_ACCESS);
	cm_check_eq("other thread's pages", reader.errors, 0);

	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    bytes));
	printf("error.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

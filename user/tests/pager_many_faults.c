/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_many_faults.c: 200 threads blocked in page faults on
 * a slow pager hold no kernel stacks.
 *
 *   pager_many_faults HOST DEVICE [--faulters=N] [--kill=K]
 *                     [ram pager switches]
 *
 * N faulting threads (default MANY_THREADS, at most MANY_THREADS_MAX);
 * the object has N + 1 pages.  The main thread reads the last
 * page first (so init and ready are done), then sets the pager's hold
 * (pager_set_hold: requests are recorded and left unanswered, no server
 * thread waits for them), starts MANY_THREADS threads each reading the
 * first word of its own page, and waits until the pager holds
 * min(N, MANY_ABSENT_MAX) requests and every thread is TH_STATE_WAITING:
 * past the kernel's bound on placeholders per object, a fault waits for
 * one of them to end instead of asking the pager (vm_fault_find_page),
 * so with N > MANY_ABSENT_MAX exactly MANY_ABSENT_MAX requests are held
 * and the other threads wait without one, holding no stack either.  It reads
 * TEST_COUNTER_STACKS_IN_USE then, releases the hold (the requests are
 * answered in the order they came) and joins every thread, checking
 * what each read.
 *
 * With --kill=K, the first K threads are terminated while they wait in
 * their faults: each leaves its fault cleanly (thread_info on it fails
 * afterwards, no stack is taken), the pager's answers still fill their
 * pages, which the main thread then reads without a new request, and
 * the object is still freed at the end (no reference left behind).
 *
 * Keys: many_faults.killed, many_faults.killed_gone,
 * many_faults.killed_pages_wrong, many_faults.stacks_after_kill,
 * many_faults.threads, many_faults.expect_held, many_faults.held, many_faults.waiting,
 * many_faults.stacks_before (after the pager threads started, before the
 * faulting threads), many_faults.stacks_blocked, many_faults.wrong_values,
 * pager.*.
 */
#include "pager_test.h"

#define MANY_THREADS	200
#define MANY_THREADS_MAX	400
/* VM_OBJECT_ABSENT_MAX of vm/vm_object.h: placeholders per object. */
#define MANY_ABSENT_MAX	256
#define MANY_FAULTERS	"--faulters="
#define MANY_KILL	"--kill="
#define MANY_WAIT_MS	30000

static vm_address_t many_base;

static void *
many_touch(void *arg)
{
	vm_size_t page = (vm_size_t)(uintptr_t)arg;

	return (void *)(uintptr_t)(pager_test_page(many_base, page)[0] !=
	    ram_pager_word(page, 0, 0));
}

int
main(int argc, char **argv, char **envp)
{
	static struct cm_thread *threads[MANY_THREADS_MAX];
	struct ram_pager_config config;
	struct ram_pager *rp;
	struct pager *p;
	mach_port_t port;
	vm_size_t bytes;
	long stacks_before, stacks_blocked;
	unsigned int held = 0, waited;
	int i, n = 0, waiting = 0, wrong = 0, faulters = MANY_THREADS;
	int kill = 0, gone = 0, killed_wrong = 0;
	unsigned int expect_held;

	(void)envp;
	cm_test_begin(argc, argv, "pager_many_faults");
	for (i = 3; i < argc; i++)
		if (strncmp(argv[i], MANY_FAULTERS, strlen(MANY_FAULTERS)) == 0)
			faulters = (int)cm_atol(argv[i] + strlen(MANY_FAULTERS));
		else if (strncmp(argv[i], MANY_KILL, strlen(MANY_KILL)) == 0)
			kill = (int)cm_atol(argv[i] + strlen(MANY_KILL));
	if (!cm_check(faulters > 0 && faulters <= MANY_THREADS_MAX,
	    "--faulters in range") ||
	    !cm_check(kill >= 0 && kill <= faulters, "--kill in range"))
		cm_test_end();
	expect_held = faulters < MANY_ABSENT_MAX ? (unsigned int)faulters :
	    MANY_ABSENT_MAX;
	rp = pager_test_start(&config, argc, argv, (vm_size_t)faulters + 1);
	bytes = config.pages * PAGER_TEST_PAGE;
	p = ram_pager_pager(rp);
	port = pager_get_port(p);
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &many_base));
	(void)mach_port_deallocate(mach_task_self(), port);
	cm_check_eq("last page", pager_test_check_page(many_base,
	    (vm_size_t)faulters, 0), 0);

	pager_set_hold(p, 1);
	stacks_before = cm_counter(TEST_COUNTER_STACKS_IN_USE);
	for (i = 0; i < faulters; i++) {
		threads[i] = cm_thread_create(many_touch,
		    (void *)(uintptr_t)i);
		if (threads[i] == NULL)
			break;
		n++;
	}
	cm_check_eq("threads started", n, faulters);
	for (waited = 0; waited < MANY_WAIT_MS; waited += 10) {
		held = pager_held_count(p);
		waiting = cm_threads_waiting(threads, n);
		if (held == expect_held && waiting == n)
			break;
		pager_sleep_ms(10);
	}
	stacks_blocked = cm_counter(TEST_COUNTER_STACKS_IN_USE);
	printf("many_faults.threads=%d\n", n);
	printf("many_faults.expect_held=%u\n", expect_held);
	printf("many_faults.held=%u\n", held);
	printf("many_faults.waiting=%d\n", waiting);
	printf("many_faults.stacks_before=%ld\n", stacks_before);
	printf("many_faults.stacks_blocked=%ld\n", stacks_blocked);
	cm_check_eq("requests held", held, expect_held);
	cm_check_eq("threads waiting in faults", waiting, n);

	if (kill > 0) {
		struct thread_basic_info info;
		mach_msg_type_number_t count;

		for (i = 0; i < kill && i < n; i++)
			cm_check_kr("thread_terminate in a fault",
			    thread_terminate(threads[i]->kernel_thread));
		for (i = 0; i < kill && i < n; i++) {
			count = THREAD_BASIC_INFO_COUNT;
			gone += thread_info(threads[i]->kernel_thread,
			    THREAD_BASIC_INFO, (thread_info_t)&info, &count) !=
			    KERN_SUCCESS;
		}
		printf("many_faults.killed=%d\n", kill);
		printf("many_faults.killed_gone=%d\n", gone);
		printf("many_faults.stacks_after_kill=%ld\n",
		    cm_counter(TEST_COUNTER_STACKS_IN_USE));
		cm_check_eq("killed threads gone", gone, kill);
	}
	pager_set_hold(p, 0);
	for (i = kill; i < n; i++)
		wrong += cm_thread_join(threads[i]) != NULL;
	/* The killed threads' pages came in all the same. */
	for (i = 0; i < kill && i < n; i++)
		killed_wrong += pager_test_check_page(many_base, (vm_size_t)i,
		    0) != 0;
	if (kill > 0)
		printf("many_faults.killed_pages_wrong=%d\n", killed_wrong);
	cm_check_eq("killed threads' pages", killed_wrong, 0);
	printf("many_faults.wrong_values=%d\n", wrong);
	cm_check_eq("values read", wrong, 0);
	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(),
	    many_base, bytes));
	printf("many_faults.freed=%d\n", pager_test_wait_freed(p, 10000));
	ram_pager_print(rp, "pager");
	cm_test_end();
}

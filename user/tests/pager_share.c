/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_share.c: two tasks map one object and see each
 * other's writes.
 *
 *   pager_share HOST DEVICE serve [switches]     (default --pages=4)
 *       runs the RAM pager, maps the object, publishes a send right in
 *       its TASK_BOOTSTRAP_PORT, then:
 *         writes SHARE_MAGIC_SERVE at page 1 word 0, sets flag 0
 *         waits for flag 1 (the peer wrote page 2), checks page 2
 *         sets flag 2 (the peer may unmap), unmaps, waits for no-senders,
 *         prints the pager's request list and counters
 *   pager_share HOST DEVICE peer TASK
 *       TASK: the serve task (boot script ${name} of the serve line's
 *       $(name=task-create)).  Finds the object port, clears the serve
 *       task's TASK_BOOTSTRAP_PORT (so the last mapping ends the object),
 *       maps the object, waits for flag 0, checks page 1 word 0, writes
 *       the pattern with seed SHARE_SEED to page 2, sets flag 1, waits
 *       for flag 2, unmaps and ends its task.
 *
 * Flags are words of page 0, written by one task and polled by the
 * other through the shared mapping.
 *
 * Keys: share.serve_ready, share.peer_saw_magic, share.peer_wrote,
 * share.serve_saw_peer_page_errors, share.freed, share.store_page2_seed
 * (1 if the store holds the peer's page: it came back on terminate),
 * pager.* (serve task).
 */
#include "pager_test.h"

#define SHARE_MAGIC_SERVE	0x1111222233334444ULL
#define SHARE_SEED		0x0badcafe0badcafeULL
#define SHARE_FLAG_WORD(n)	(64 + (n))	/* words of page 0 */
#define SHARE_WAIT_MS		20000

/* Waits until flag n of the mapping is set; returns whether it was. */
static int
share_wait_flag(vm_address_t base, int n)
{
	volatile uint64_t *w = pager_test_page(base, 0);
	unsigned int waited;

	for (waited = 0; waited < SHARE_WAIT_MS; waited += 1) {
		if (w[SHARE_FLAG_WORD(n)] == 1)
			return 1;
		pager_sleep_ms(1);
	}
	return 0;
}

static void
share_set_flag(vm_address_t base, int n)
{
	pager_test_page(base, 0)[SHARE_FLAG_WORD(n)] = 1;
}

static void
share_serve(int argc, char **argv)
{
	struct ram_pager_config config;
	struct ram_pager *rp;
	mach_port_t me = mach_task_self(), port;
	vm_address_t base = 0;
	vm_size_t bytes;
	uint64_t seed = 0;

	ram_pager_config_init(&config);
	config.pages = 4;
	ram_pager_parse_args(&config, argc, argv, 4);
	bytes = config.pages * PAGER_TEST_PAGE;
	rp = ram_pager_create(&config);
	if (!cm_check(rp != NULL, "ram pager"))
		return;
	pager_test_serve(&config);
	port = pager_get_port(ram_pager_pager(rp));
	cm_check_kr("vm_map", pager_test_map(port, bytes, 0, &base));
	cm_check_kr("publish", task_set_special_port(me, TASK_BOOTSTRAP_PORT,
	    port));
	(void)mach_port_deallocate(me, port);
	printf("share.serve_ready=1\n");
	pager_test_page(base, 1)[0] = SHARE_MAGIC_SERVE;
	share_set_flag(base, 0);
	if (cm_check(share_wait_flag(base, 1), "peer wrote page 2")) {
		unsigned int bad = pager_test_check_page(base, 2, SHARE_SEED);

		cm_check_eq("peer's page seen", bad, 0);
		printf("share.serve_saw_peer_page_errors=%u\n", bad);
	}
	share_set_flag(base, 2);
	cm_check_kr("vm_deallocate", vm_deallocate(me, base, bytes));
	printf("share.freed=%d\n", pager_test_wait_freed(
	    ram_pager_pager(rp), SHARE_WAIT_MS));
	printf("share.store_page2_seed=%d\n",
	    ram_pager_page_state(rp, 2, &seed) == 0 && seed == SHARE_SEED);
	ram_pager_print(rp, "pager");
}

static void
share_peer(mach_port_t serve_task)
{
	mach_port_t me = mach_task_self(), port;
	vm_address_t base = 0;
	vm_size_t bytes = 4 * PAGER_TEST_PAGE;
	int saw;

	port = pager_test_find_port(serve_task, 10000);
	if (!cm_check(MACH_PORT_VALID(port), "found the object port"))
		return;
	cm_check_kr("clear the serve task's bootstrap port",
	    task_set_special_port(serve_task, TASK_BOOTSTRAP_PORT,
	    MACH_PORT_NULL));
	cm_check_kr("peer vm_map", pager_test_map(port, bytes, 0, &base));
	(void)mach_port_deallocate(me, port);
	if (!cm_check(share_wait_flag(base, 0), "serve wrote page 1"))
		return;
	saw = pager_test_page(base, 1)[0] == SHARE_MAGIC_SERVE;
	cm_check(saw, "peer sees the serve task's write");
	printf("share.peer_saw_magic=%d\n", saw);
	pager_test_fill_page(base, 2, SHARE_SEED);
	printf("share.peer_wrote=1\n");
	share_set_flag(base, 1);
	cm_check(share_wait_flag(base, 2), "serve task done");
	cm_check_kr("peer vm_deallocate", vm_deallocate(me, base, bytes));
}

int
main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 3 ? argv[3] : "";

	(void)envp;
	cm_test_begin(argc, argv, "pager_share");
	if (strcmp(mode, "serve") == 0) {
		share_serve(argc, argv);
		cm_test_end();
	}
	if (strcmp(mode, "peer") == 0 && argc > 4) {
		share_peer((mach_port_t)cm_atol(argv[4]));
		printf("pager_share: peer done, failures=%d\n",
		    cm_test_failures);
		cm_exit(cm_test_failures == 0 ? 0 : 1);
	}
	cm_check(0, "mode is serve or peer TASK");
	cm_test_end();
}

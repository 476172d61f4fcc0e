/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/pager_cache.c: the kernel's object cache (vm/vm_object_cache.c)
 * seen from a pager and its client.
 *
 *   pager_cache HOST DEVICE MODE [switches]
 *
 * MODE (argv[3]); the RAM pager runs in this task except in death:
 *   reuse     map the object, read every page, unmap; map and read again,
 *             unmap.  With --may-cache the second pass finds the cached
 *             object and its pages (no request); then
 *             pager_change_attributes(FALSE) ends it.  Without, each
 *             unmap terminates the object and the second pass asks again.
 *   uncache   (--may-cache) a cached object with a dirty page ended by
 *             change_attributes(FALSE); then a mapped one: change_attributes(FALSE), unmap,
 *             and it is terminated, never cached.
 *   overflow  --cache-max=M: M+2 one-page pagers.  0..M-1 are mapped,
 *             read and unmapped (the cache is full); 0 again (a hit: it
 *             becomes the newest); then M and M+1: 1 and 2, the oldest,
 *             are terminated.
 *   death     TASK (argv[4], pager_ram --may-cache): read every page,
 *             write page 0, unmap (cached), then kill the pager's task:
 *             the cached object goes, its pages with it.
 *   pressure  --cache-pages=A --big-pages=B: a cached object of A pages,
 *             then a B-page object (not cached) read through a machine
 *             smaller than it; then the cached one again.
 *
 * Keys (the cache.* deltas are of the kernel's counters, vm/vm_stats.def,
 * and vm_statistics): see each mode's function; pager.* are the RAM
 * pager's (ram_pager_print) where the pager is ours.
 */
#include <clustermach/vm_counters.h>
#include "pager_test.h"

#define CACHE_WAIT_MS	10000
#define CACHE_SEED	0xcace0000cace5eedULL
/* Pagers of the overflow mode at most: libpager's table holds 128. */
#define CACHE_OBJECTS_MAX	128

static struct ram_pager_config cache_config;

/*
 * Maps `pages' pages of port, reads each one, unmaps.  Returns the words
 * not following the pattern (seed 0).
 */
static unsigned long
cache_read_pass(mach_port_t port, vm_size_t pages)
{
	vm_address_t base = 0;
	unsigned long bad = 0;
	vm_size_t page;

	if (!cm_check_kr("vm_map", pager_test_map(port,
	    pages * PAGER_TEST_PAGE, 0, &base)))
		return pages * RAM_PAGER_PAGE_WORDS;
	for (page = 0; page < pages; page++)
		bad += pager_test_check_page(base, page, 0);
	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    pages * PAGER_TEST_PAGE));
	return bad;
}

/* The same, printing the bad words as cache.<key>. */
static void
cache_read_pass_print(mach_port_t port, vm_size_t pages, const char *key)
{
	unsigned long bad = cache_read_pass(port, pages);

	cm_check_eq(key, bad, 0);
	printf("cache.%s=%lu\n", key, bad);
}

/* Prints counter index's change since *before as cache.<key>. */
static void
cache_print_delta(const char *key, unsigned int index, uint64_t before)
{
	printf("cache.%s=%lu\n", key,
	    (unsigned long)(cm_vm_counter(index) - before));
}

/* Ends the pager: our send right goes, and no-senders frees it. */
static void
cache_pager_end(struct ram_pager *rp, mach_port_t port)
{
	(void)mach_port_deallocate(mach_task_self(), port);
	printf("cache.freed=%d\n", pager_test_wait_freed(ram_pager_pager(rp),
	    CACHE_WAIT_MS));
	ram_pager_print(rp, "pager");
}

/*
 * Keys: cache.first_read, cache.second_read (bad words), cache.
 * requests_first, cache.requests_second (data_requests in each pass),
 * cache.cached_by_unmap (objects_cached by the first unmap),
 * cache.lookups, cache.hits (vm_statistics, over the second vm_map),
 * cache.reuses, cache.terminated_by_change (--may-cache only), cache.freed.
 */
static void
cache_reuse(struct ram_pager *rp)
{
	struct pager *p = ram_pager_pager(rp);
	mach_port_t port = pager_get_port(p);
	vm_size_t pages = cache_config.pages;
	struct vm_statistics before, after;
	uint64_t cached, reuses, requests;
	vm_address_t base = 0;

	cached = cm_vm_counter(VM_COUNTER_OBJECTS_CACHED);
	reuses = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_REUSES);
	cache_read_pass_print(port, pages, "first_read");
	cache_print_delta("cached_by_unmap", VM_COUNTER_OBJECTS_CACHED, cached);
	requests = pager_test_data_requests(rp);
	printf("cache.requests_first=%lu\n", (unsigned long)requests);

	cm_check_kr("vm_statistics", vm_statistics(mach_task_self(), &before));
	cm_check_kr("vm_map again", pager_test_map(port,
	    pages * PAGER_TEST_PAGE, 0, &base));
	cm_check_kr("vm_statistics", vm_statistics(mach_task_self(), &after));
	printf("cache.lookups=%d\n", after.lookups - before.lookups);
	printf("cache.hits=%d\n", after.hits - before.hits);
	cache_print_delta("reuses", VM_COUNTER_OBJECT_CACHE_REUSES, reuses);
	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    pages * PAGER_TEST_PAGE));
	cache_read_pass_print(port, pages, "second_read");
	printf("cache.requests_second=%lu\n",
	    (unsigned long)(pager_test_data_requests(rp) - requests));

	if (cache_config.may_cache) {
		cm_check_kr("change_attributes", pager_change_attributes(p,
		    FALSE, 1));
		printf("cache.terminated_by_change=%d\n", pager_wait_state(p,
		    PAGER_STATE_NOT_INIT, CACHE_WAIT_MS));
	}
	cache_pager_end(rp, port);
}

/*
 * Keys: cache.cached_read, cache.mapped_read (bad words; page 0 was
 * written with CACHE_SEED before the first unmap),
 * cache.cached_evictions (by the first change), cache.cached_terminated,
 * cache.dirty_page_returned (the store has page 0's new data),
 * cache.mapped_cached (objects_cached by the unmap after the second
 * change: 0), cache.mapped_terminated, cache.freed.
 */
static void
cache_uncache(struct ram_pager *rp)
{
	struct pager *p = ram_pager_pager(rp);
	mach_port_t port = pager_get_port(p);
	vm_size_t pages = cache_config.pages;
	uint64_t evictions, cached, seed = 0;
	vm_address_t base = 0;
	unsigned long bad = 0;
	vm_size_t page;

	cm_check_kr("vm_map", pager_test_map(port, pages * PAGER_TEST_PAGE, 0,
	    &base));
	for (page = 0; page < pages; page++)
		bad += pager_test_check_page(base, page, 0);
	cm_check_eq("cached_read", bad, 0);
	printf("cache.cached_read=%lu\n", bad);
	pager_test_fill_page(base, 0, CACHE_SEED);	/* dirty, then cached */
	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    pages * PAGER_TEST_PAGE));
	evictions = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_EVICTIONS);
	cm_check_kr("change_attributes", pager_change_attributes(p, FALSE, 1));
	cache_print_delta("cached_evictions",
	    VM_COUNTER_OBJECT_CACHE_EVICTIONS, evictions);
	printf("cache.cached_terminated=%d\n", pager_wait_state(p,
	    PAGER_STATE_NOT_INIT, CACHE_WAIT_MS));
	printf("cache.dirty_page_returned=%d\n",
	    ram_pager_page_state(rp, 0, &seed) == 0 && seed == CACHE_SEED);

	/* The next init says may_cache TRUE again; then FALSE while mapped. */
	cm_check_kr("may_cache again", pager_change_attributes(p, TRUE, 1));
	cm_check_kr("vm_map", pager_test_map(port, pages * PAGER_TEST_PAGE, 0,
	    &base));
	bad = pager_test_check_page(base, 0, CACHE_SEED);
	for (page = 1; page < pages; page++)
		bad += pager_test_check_page(base, page, 0);
	cm_check_eq("mapped_read", bad, 0);
	printf("cache.mapped_read=%lu\n", bad);
	cm_check_kr("change_attributes", pager_change_attributes(p, FALSE, 1));
	cached = cm_vm_counter(VM_COUNTER_OBJECTS_CACHED);
	cm_check_kr("vm_deallocate", vm_deallocate(mach_task_self(), base,
	    pages * PAGER_TEST_PAGE));
	cache_print_delta("mapped_cached", VM_COUNTER_OBJECTS_CACHED, cached);
	printf("cache.mapped_terminated=%d\n", pager_wait_state(p,
	    PAGER_STATE_NOT_INIT, CACHE_WAIT_MS));
	cache_pager_end(rp, port);
}

/*
 * Keys: cache.objects (M+2), cache.read (bad words in all passes),
 * cache.evictions_full (evictions while
 * 0..M-1 went in: 0), cache.reread_requests (pager 0's data_requests
 * after its second pass: 1), cache.evictions (over the whole mode),
 * cache.cached_current (objects cached at the end), cache.terminated.<i>
 * (1 for each pager whose object was terminated), cache.terminated_count.
 */
static void
cache_overflow(int argc, char **argv)
{
	static struct ram_pager *rps[CACHE_OBJECTS_MAX];
	static mach_port_t ports[CACHE_OBJECTS_MAX];
	unsigned long max = 0, objects, i, terminated = 0, bad = 0;
	uint64_t evictions, full;

	for (int a = 4; a < argc; a++)
		if (strncmp(argv[a], "--cache-max=", 12) == 0)
			max = cm_atol(argv[a] + 12);
	objects = max + 2;
	if (!cm_check(max > 2 && objects <= sizeof(rps) / sizeof(rps[0]),
	    "--cache-max"))
		return;
	printf("cache.objects=%lu\n", objects);
	cache_config.pages = 1;
	cache_config.may_cache = 1;
	cache_config.log_max = 4;
	for (i = 0; i < objects; i++) {
		rps[i] = ram_pager_create(&cache_config);
		if (!cm_check(rps[i] != NULL, "ram pager"))
			return;
		ports[i] = pager_get_port(ram_pager_pager(rps[i]));
	}
	pager_test_serve(&cache_config);
	evictions = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_EVICTIONS);
	for (i = 0; i < max; i++)
		bad += cache_read_pass(ports[i], 1);
	full = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_EVICTIONS);
	printf("cache.evictions_full=%lu\n", (unsigned long)(full - evictions));
	bad += cache_read_pass(ports[0], 1);
	printf("cache.reread_requests=%lu\n",
	    (unsigned long)pager_test_data_requests(rps[0]));
	bad += cache_read_pass(ports[max], 1);
	bad += cache_read_pass(ports[max + 1], 1);
	cm_check_eq("read", bad, 0);
	printf("cache.read=%lu\n", bad);
	cache_print_delta("evictions", VM_COUNTER_OBJECT_CACHE_EVICTIONS,
	    evictions);
	printf("cache.cached_current=%lu\n", (unsigned long)cm_vm_counter(
	    VM_COUNTER_OBJECTS_CACHED_CURRENT));
	/* The two oldest; then any other terminate would be in by now. */
	(void)pager_wait_state(ram_pager_pager(rps[1]), PAGER_STATE_NOT_INIT,
	    CACHE_WAIT_MS);
	(void)pager_wait_state(ram_pager_pager(rps[2]), PAGER_STATE_NOT_INIT,
	    CACHE_WAIT_MS);
	for (i = 0; i < objects; i++) {
		struct pager_stats stats;

		pager_get_stats(ram_pager_pager(rps[i]), &stats);
		if (stats.terminates == 0)
			continue;
		printf("cache.terminated.%lu=%lu\n", i,
		    (unsigned long)stats.terminates);
		terminated++;
	}
	printf("cache.terminated_count=%lu\n", terminated);
}

/*
 * Keys: cache.read (bad words), cache.cached_current (objects cached while the pager lived: 1; after:
 * 0 in cache.cached_current_after), cache.death_evictions,
 * cache.pager_gone, cache.free_before, cache.free_cached, cache.free_after
 * (cm_reap() free pages before mapping, with the object cached, after
 * the pager died).
 */
static void
cache_death(int argc, char **argv)
{
	mach_port_t me = mach_task_self(), pager_task, port;
	long free_before, free_cached, free_after;
	vm_size_t pages = cache_config.pages, page;
	vm_address_t base = 0;
	unsigned long bad = 0;
	uint64_t evictions;

	if (!cm_check(argc > 4, "pager task argument"))
		return;
	pager_task = (mach_port_t)cm_atol(argv[4]);
	port = pager_test_find_port(pager_task, 10000);
	if (!cm_check(MACH_PORT_VALID(port), "found the object port"))
		return;
	(void)task_set_special_port(pager_task, TASK_BOOTSTRAP_PORT,
	    MACH_PORT_NULL);
	free_before = cm_reap();
	cm_check_kr("vm_map", pager_test_map(port, pages * PAGER_TEST_PAGE, 0,
	    &base));
	(void)mach_port_deallocate(me, port);
	for (page = 0; page < pages; page++)
		bad += pager_test_check_page(base, page, 0);
	pager_test_fill_page(base, 0, 1);	/* one dirty page */
	printf("cache.read=%lu\n", bad);
	cm_check_kr("vm_deallocate", vm_deallocate(me, base,
	    pages * PAGER_TEST_PAGE));
	printf("cache.cached_current=%lu\n", (unsigned long)cm_vm_counter(
	    VM_COUNTER_OBJECTS_CACHED_CURRENT));
	free_cached = cm_reap();
	evictions = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_EVICTIONS);
	cm_check_kr("kill the pager", task_terminate(pager_task));
	printf("cache.pager_gone=%d\n", pager_test_wait_task_gone(pager_task,
	    CACHE_WAIT_MS));
	cache_print_delta("death_evictions", VM_COUNTER_OBJECT_CACHE_EVICTIONS,
	    evictions);
	printf("cache.cached_current_after=%lu\n", (unsigned long)cm_vm_counter(
	    VM_COUNTER_OBJECTS_CACHED_CURRENT));
	free_after = cm_reap();
	printf("cache.free_before=%ld\n", free_before);
	printf("cache.free_cached=%ld\n", free_cached);
	printf("cache.free_after=%ld\n", free_after);
}

/*
 * Keys: cache.cached_read, cache.big_read, cache.again_read (bad words),
 * cache.cached_pages (A), cache.again_requests (data_requests of the
 * cached object's pager in its pass after the big one), cache.again_hits
 * (object_cache_reuses over that pass: 1), cache.freed_clean (pages the
 * pageout daemon freed clean over the big pass).
 */
static void
cache_pressure(struct ram_pager *rp, int argc, char **argv)
{
	struct ram_pager_config big_config = cache_config;
	struct ram_pager *big;
	mach_port_t port = pager_get_port(ram_pager_pager(rp)), big_port;
	uint64_t requests, reuses, freed;
	int a;

	big_config.may_cache = 0;
	big_config.log_max = 0;
	big_config.pages = 0;
	for (a = 4; a < argc; a++)
		if (strncmp(argv[a], "--big-pages=", 12) == 0)
			big_config.pages = cm_atol(argv[a] + 12);
	big = ram_pager_create(&big_config);
	if (!cm_check(big != NULL, "big ram pager"))
		return;
	big_port = pager_get_port(ram_pager_pager(big));
	printf("cache.cached_pages=%lu\n", (unsigned long)cache_config.pages);
	cache_read_pass_print(port, cache_config.pages, "cached_read");
	freed = cm_vm_counter(VM_COUNTER_PAGES_FREED_CLEAN);
	cache_read_pass_print(big_port, big_config.pages, "big_read");
	cache_print_delta("freed_clean", VM_COUNTER_PAGES_FREED_CLEAN, freed);
	requests = pager_test_data_requests(rp);
	reuses = cm_vm_counter(VM_COUNTER_OBJECT_CACHE_REUSES);
	cache_read_pass_print(port, cache_config.pages, "again_read");
	printf("cache.again_requests=%lu\n",
	    (unsigned long)(pager_test_data_requests(rp) - requests));
	cache_print_delta("again_hits", VM_COUNTER_OBJECT_CACHE_REUSES, reuses);
	cache_pager_end(big, big_port);
}

int
main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 3 ? argv[3] : "";
	struct ram_pager *rp = NULL;

	(void)envp;
	cm_test_begin(argc, argv, "pager_cache");
	if (strcmp(mode, "overflow") == 0 || strcmp(mode, "death") == 0) {
		ram_pager_config_init(&cache_config);
		ram_pager_parse_args(&cache_config, argc, argv, 4);
	} else {
		rp = pager_test_start(&cache_config, argc, argv, 0);
	}
	if (strcmp(mode, "reuse") == 0)
		cache_reuse(rp);
	else if (strcmp(mode, "uncache") == 0)
		cache_uncache(rp);
	else if (strcmp(mode, "overflow") == 0)
		cache_overflow(argc, argv);
	else if (strcmp(mode, "death") == 0)
		cache_death(argc, argv);
	else if (strcmp(mode, "pressure") == 0)
		cache_pressure(rp, argc, argv);
	else
		cm_check(0, "mode: reuse, uncache, overflow, death or pressure");
	cm_test_end();
}

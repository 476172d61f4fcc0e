/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/vm_collapse.c: task_create's copy-on-write does not build
 * up shadow chains (vm/vm_object_collapse.c).
 *
 * One region of COLLAPSE_PAGES pages is the only thing children inherit
 * (every other region is VM_INHERIT_NONE), so each task_create makes
 * exactly one copy-on-write fork and the counters are exact.  Each page
 * holds the word (seed << 16 | page) at its start and end.
 *
 *   die    COLLAPSE_DIE_FORKS times: task_create, the child's region
 *          read with vm_read (it must hold the seed of the fork), the
 *          child terminated, then every page written with the next
 *          seed.  The fork shares the object (needs_copy, no shadow:
 *          chain depth 0); the first write after it gives the parent
 *          its shadow (one cow_shadow), copies one page up and
 *          collapses the object the dead child shared: depth 0 again.
 *   live   COLLAPSE_LIVE_FORKS children kept, the region rewritten
 *          after each: the parent's last copy-up hides the middle
 *          object, so it is bypassed; each child still reads its seed,
 *          writes of the children (vm_write) do not reach the parent.
 *
 * The free page count (cm_reap) is taken after a warm-up and again
 * after each phase: the children's and the middle objects' pages all
 * come back.  Prints collapse.<phase>.<what>=N for the harness
 * (tests/harness/test_vm_collapse.py).
 */
#include <clustermach/clustermach.h>
#include <clustermach/vm_counters.h>
#include <cmtest.h>

#define COLLAPSE_PAGE		4096UL
#define COLLAPSE_PAGES		16
#define COLLAPSE_BYTES		(COLLAPSE_PAGES * COLLAPSE_PAGE)
#define COLLAPSE_DIE_FORKS	20
#define COLLAPSE_LIVE_FORKS	8
#define COLLAPSE_WORDS		(COLLAPSE_PAGE / sizeof(long))

static mach_port_t me;
static vm_address_t region;
/* What the parent vm_writes into a child (never inherited itself). */
static long collapse_buffer[COLLAPSE_BYTES / sizeof(long)]
    __attribute__((aligned(4096)));

/* A snapshot of the kernel's VM counters (vm/vm_stats.def). */
struct collapse_counters {
	uint64_t	v[VM_COUNTER_MAX];
};

static void
collapse_counters_read(struct collapse_counters *c)
{
	mach_msg_type_number_t count = VM_COUNTER_MAX;

	memset(c, 0, sizeof(*c));
	cm_check_kr("vm_cluster_statistics", vm_cluster_statistics(
	    mach_host_self(), c->v, &count));
}

/* Prints what counter index changed by since *before, as phase.name. */
static long
collapse_delta(const char *phase, const char *name,
    const struct collapse_counters *before, unsigned int index)
{
	struct collapse_counters now;
	long delta;

	collapse_counters_read(&now);
	delta = (long)(now.v[index] - before->v[index]);
	printf("collapse.%s.%s=%ld\n", phase, name, delta);
	return delta;
}

static void
collapse_inherit_none(vm_address_t addr, vm_size_t size,
    vm_inherit_t inherit, boolean_t shared, void *arg)
{
	(void)shared;
	(void)arg;
	if (addr != region && inherit != VM_INHERIT_NONE)
		cm_check_kr("vm_inherit none", vm_inherit(me, addr, size,
		    VM_INHERIT_NONE));
}

/* Every region but ours is not inherited: one fork per task_create. */
static void
collapse_inherit_region_only(void)
{
	(void)cm_regions(collapse_inherit_none, NULL);
}

static long
collapse_word(long seed, unsigned int page)
{
	return seed << 16 | page;
}

/* Writes seed's words into the region-sized buffer at p. */
static void
collapse_fill(volatile long *p, long seed)
{
	unsigned int i;

	for (i = 0; i < COLLAPSE_PAGES; i++) {
		p[i * COLLAPSE_WORDS] = collapse_word(seed, i);
		p[i * COLLAPSE_WORDS + COLLAPSE_WORDS - 1] =
		    collapse_word(seed, i);
	}
}

static void
collapse_write(long seed)
{
	collapse_fill((volatile long *)region, seed);
}

/* Whether the region at data holds seed's words. */
static int
collapse_holds(const long *data, long seed)
{
	unsigned int i;

	for (i = 0; i < COLLAPSE_PAGES; i++)
		if (data[i * COLLAPSE_WORDS] != collapse_word(seed, i) ||
		    data[i * COLLAPSE_WORDS + COLLAPSE_WORDS - 1] !=
		    collapse_word(seed, i))
			return 0;
	return 1;
}

/* Whether the child's region (read with vm_read) holds seed's words. */
static int
collapse_child_holds(mach_port_t child, long seed)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	int ok;

	if (!cm_check_kr("vm_read", vm_read(child, region, COLLAPSE_BYTES,
	    &data, &count)))
		return 0;
	ok = count == COLLAPSE_BYTES && collapse_holds((long *)data, seed);
	(void)vm_deallocate(me, data, count);
	return ok;
}

/*
 * The free page count once the children are gone: a terminated task's
 * last memory goes when it is reaped, so wait to be the only task.
 */
static long
collapse_free_pages(void)
{
	int polls;

	for (polls = 0; polls < 10000 && cm_task_count() > 1; polls++)
		swtch();
	cm_check(cm_task_count() == 1, "the children are gone");
	return cm_reap();
}

static mach_port_t
collapse_fork(void)
{
	mach_port_t child = MACH_PORT_NULL;

	collapse_inherit_region_only();
	cm_check_kr("task_create", task_create(me, TRUE, &child));
	return child;
}

static void
collapse_kill(mach_port_t child)
{
	cm_check_kr("task_terminate", task_terminate(child));
	(void)mach_port_deallocate(me, child);
}

/* die: fork, check, let the child go, rewrite; seeds 1..forks. */
static void
collapse_die(long free_before)
{
	const long n = COLLAPSE_PAGES, k = COLLAPSE_DIE_FORKS;
	struct collapse_counters before;
	long seed, depth_forked_bad = 0, depth_written_bad = 0, wrong = 0;
	mach_port_t child;

	collapse_counters_read(&before);
	for (seed = 1; seed <= k; seed++) {
		child = collapse_fork();
		if (cm_shadow_depth(region) != 0)
			depth_forked_bad++;
		if (!collapse_child_holds(child, seed - 1))
			wrong++;
		collapse_kill(child);
		collapse_write(seed);
		if (cm_shadow_depth(region) != 0)
			depth_written_bad++;
	}
	printf("collapse.die.depth_not_0_after_fork=%ld\n", depth_forked_bad);
	printf("collapse.die.depth_not_0_after_write=%ld\n",
	    depth_written_bad);
	cm_check_eq("die: depth 0 after each fork", depth_forked_bad, 0);
	cm_check_eq("die: depth 0 after each write", depth_written_bad, 0);
	cm_check_eq("die: children read their fork's seed", wrong, 0);
	cm_check(collapse_holds((long *)region, k),
	    "die: parent keeps its writes");
	cm_check_eq("die: cow_forks", collapse_delta("die", "cow_forks",
	    &before, VM_COUNTER_COW_FORKS), k);
	cm_check_eq("die: collapses", collapse_delta("die", "collapses",
	    &before, VM_COUNTER_COLLAPSES), k);
	cm_check_eq("die: bypasses", collapse_delta("die", "bypasses",
	    &before, VM_COUNTER_BYPASSES), 0);
	cm_check_eq("die: pages moved", collapse_delta("die", "pages_moved",
	    &before, VM_COUNTER_COLLAPSE_PAGES_MOVED), k * (n - 1));
	cm_check_eq("die: pages freed", collapse_delta("die", "pages_freed",
	    &before, VM_COUNTER_COLLAPSE_PAGES_FREED), k);
	cm_check_eq("die: cow_faults", collapse_delta("die", "cow_faults",
	    &before, VM_COUNTER_COW_FAULTS), k);
	cm_check_eq("die: cow_shadows", collapse_delta("die", "cow_shadows",
	    &before, VM_COUNTER_COW_SHADOWS), k);
	printf("collapse.die.free_before=%ld\n", free_before);
	printf("collapse.die.free_after=%ld\n", collapse_free_pages());
}

/* live: children kept, the region rewritten after each fork. */
static void
collapse_live(long free_before, long first_seed)
{
	const long n = COLLAPSE_PAGES, k = COLLAPSE_LIVE_FORKS;
	struct collapse_counters before;
	mach_port_t child[COLLAPSE_LIVE_FORKS];
	long i, depth_bad = 0, wrong = 0, leaked = 0;

	collapse_counters_read(&before);
	for (i = 0; i < k; i++) {
		child[i] = collapse_fork();
		collapse_write(first_seed + 1 + i);
		if (cm_shadow_depth(region) != 0)
			depth_bad++;
	}
	printf("collapse.live.depth_not_0_after_write=%ld\n", depth_bad);
	cm_check_eq("live: depth 0 after each rewrite", depth_bad, 0);
	cm_check_eq("live: collapses", collapse_delta("live", "collapses",
	    &before, VM_COUNTER_COLLAPSES), 0);
	cm_check_eq("live: bypasses", collapse_delta("live", "bypasses",
	    &before, VM_COUNTER_BYPASSES), k);
	cm_check_eq("live: cow_faults", collapse_delta("live", "cow_faults",
	    &before, VM_COUNTER_COW_FAULTS), k * n);
	cm_check_eq("live: cow_shadows", collapse_delta("live", "cow_shadows",
	    &before, VM_COUNTER_COW_SHADOWS), k);
	for (i = 0; i < k; i++) {
		if (!collapse_child_holds(child[i], first_seed + i))
			wrong++;
		/* A write into the child stays in the child. */
		collapse_fill(collapse_buffer, -1 - i);
		if (vm_write(child[i], region, (vm_offset_t)collapse_buffer,
		    COLLAPSE_BYTES) != KERN_SUCCESS ||
		    !collapse_child_holds(child[i], -1 - i))
			leaked++;
	}
	cm_check_eq("live: children read their fork's seed", wrong, 0);
	cm_check_eq("live: children keep their own writes", leaked, 0);
	cm_check(collapse_holds((long *)region, first_seed + k),
	    "live: parent keeps its writes");
	for (i = 0; i < k; i++)
		collapse_kill(child[i]);
	printf("collapse.live.free_before=%ld\n", free_before);
	printf("collapse.live.free_after=%ld\n", collapse_free_pages());
}

int
main(int argc, char **argv, char **envp)
{
	mach_port_t child[COLLAPSE_LIVE_FORKS];
	long free_before;
	int i;

	(void)envp;
	cm_test_begin(argc, argv, "vm_collapse");
	me = mach_task_self();
	if (!cm_check_kr("allocate", vm_allocate(me, &region,
	    COLLAPSE_BYTES, TRUE)))
		cm_test_end();
	collapse_write(0);
	/*
	 * Warm-up: as many children at once as the live phase has, each
	 * read and written, then killed, so that the kernel's caches that
	 * cm_reap leaves alone (the pmap's free pv entries: one per page
	 * mapped in a child) are as large as the live phase makes them.
	 */
	for (i = 0; i < COLLAPSE_LIVE_FORKS; i++)
		child[i] = collapse_fork();
	collapse_fill(collapse_buffer, 0);
	for (i = 0; i < COLLAPSE_LIVE_FORKS; i++) {
		cm_check(collapse_child_holds(child[i], 0),
		    "warm-up child reads seed 0");
		cm_check_kr("warm-up vm_write", vm_write(child[i], region,
		    (vm_offset_t)collapse_buffer, COLLAPSE_BYTES));
	}
	for (i = 0; i < COLLAPSE_LIVE_FORKS; i++)
		collapse_kill(child[i]);
	collapse_write(0);
	free_before = collapse_free_pages();
	collapse_die(free_before);
	collapse_live(free_before, COLLAPSE_DIE_FORKS);
	cm_test_end();
}

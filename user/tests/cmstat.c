/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/cmstat.c: prints ClusterMach's VM counters and GNU Mach's
 * vm_statistics, as key=value lines.
 *
 *   cmstat [${host-port} ${device-port}] [--alone]
 *
 * vm_cluster_statistics() (include/clustermach/clustermach.defs) on the
 * unprivileged host port gives the counters in vm/vm_stats.def's order;
 * each is printed as vm.<name>=<value> with the names of the generated
 * <clustermach/vm_counters.h>, then GNU Mach's vm_statistics() as
 * vm_statistics.<field>=<value>.  With --alone it first waits, polling
 * the test trap's task count and yielding between polls (as
 * user/tests/survivor does), until it is the only task, so the counters
 * it prints are the final ones of the programs booted before it.
 * Also checks that a port that is not the host's is refused.
 * Design: design/05-fault.md, "Counters".
 */
#include <clustermach/clustermach.h>
#include <clustermach/vm_counters.h>
#include <cmtest.h>

/* Bound on polls for --alone; each yields. */
#define CMSTAT_MAX_POLLS	100000

static const char *const cmstat_names[] = { VM_COUNTER_NAMES };

static void
cmstat_wait_alone(void)
{
	int polls;

	for (polls = 0; polls < CMSTAT_MAX_POLLS; polls++) {
		if (cm_task_count() == 1) {
			printf("cmstat.alone=1\n");
			return;
		}
		swtch();
	}
	cm_check(0, "the other tasks end");
	printf("cmstat.alone=0\n");
}

int
main(int argc, char **argv, char **envp)
{
	uint64_t counters[VM_COUNTER_MAX];
	mach_msg_type_number_t count = VM_COUNTER_MAX, i;
	struct vm_statistics st;
	kern_return_t kr;
	int a;

	(void)envp;
	cm_test_begin(argc, argv, "cmstat");
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--alone") == 0)
			cmstat_wait_alone();
	}

	/*
	 * Twice: the first round touches every page the calls use (stack,
	 * reply buffers), so the second faults nowhere between its two
	 * snapshots and vm_statistics' fields equal the counters they
	 * come from.
	 */
	for (a = 0; a < 2; a++) {
		count = VM_COUNTER_MAX;
		kr = vm_cluster_statistics(mach_host_self(), counters, &count);
		(void)vm_statistics(mach_task_self(), &st);
	}
	cm_check_kr("vm_cluster_statistics", kr);
	if (kr != KERN_SUCCESS)
		count = 0;
	cm_check_kr("vm_statistics", vm_statistics(mach_task_self(), &st));
	cm_check(count >= VM_COUNTER_COUNT, "the kernel has every counter");
	printf("cmstat.counters=%u\n", count);
	printf("cmstat.known=%d\n", VM_COUNTER_COUNT);
	for (i = 0; i < count && i < VM_COUNTER_COUNT; i++)
		printf("vm.%s=%lu\n", cmstat_names[i],
		    (unsigned long)counters[i]);

	printf("vm_statistics.pagesize=%d\n", st.pagesize);
	printf("vm_statistics.free_count=%d\n", st.free_count);
	printf("vm_statistics.active_count=%d\n", st.active_count);
	printf("vm_statistics.inactive_count=%d\n", st.inactive_count);
	printf("vm_statistics.wire_count=%d\n", st.wire_count);
	printf("vm_statistics.zero_fill_count=%d\n", st.zero_fill_count);
	printf("vm_statistics.reactivations=%d\n", st.reactivations);
	printf("vm_statistics.pageins=%d\n", st.pageins);
	printf("vm_statistics.pageouts=%d\n", st.pageouts);
	printf("vm_statistics.faults=%d\n", st.faults);
	printf("vm_statistics.cow_faults=%d\n", st.cow_faults);
	printf("vm_statistics.lookups=%d\n", st.lookups);
	printf("vm_statistics.hits=%d\n", st.hits);

	/* A task port is not a host port. */
	count = VM_COUNTER_MAX;
	kr = vm_cluster_statistics(mach_task_self(), counters, &count);
	cm_check_code("vm_cluster_statistics on a task port", kr,
	    KERN_INVALID_HOST);
	cm_print_code("cmstat.task_port", kr);
	cm_test_end();
}

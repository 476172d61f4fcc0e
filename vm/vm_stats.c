/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_stats.c: ClusterMach's VM counters (struct vm_counters, from
 * vm/vm_stats.def) and the RPC that reads them, vm_cluster_statistics()
 * of include/clustermach/clustermach.defs (subsystem 5500).
 *
 * Locking: none; each counter is read with a relaxed load.
 * Design: design/05-fault.md, "Counters".
 */
#include <clustermach/clustermach_types.h>
#include <kern/host.h>
#include <kern/mig/clustermach_server.h>
#include <mach/kern_return.h>
#include <vm/vm_stats.h>

struct vm_counters vm_counters;

/* Every counter has a slot in the reply. */
enum {
#define VM_STAT(name, comment)	VM_STATS_INDEX_##name,
#include <vm/vm_stats.def>
#undef VM_STAT
	VM_STATS_COUNT
};
_Static_assert(VM_STATS_COUNT <= VM_COUNTER_MAX,
    "vm/vm_stats.def has more counters than clustermach.defs can carry");

void
vm_counters_read(struct vm_counters *out)
{
#define VM_STAT(name, comment) \
	out->name = __atomic_load_n(&vm_counters.name, __ATOMIC_RELAXED);
#include <vm/vm_stats.def>
#undef VM_STAT
}

/*
 * vm_cluster_statistics: every counter, in vm/vm_stats.def's order.
 * MIG sets *count to the array's bound (VM_COUNTER_MAX) on entry.
 * Returns: KERN_SUCCESS, or KERN_INVALID_HOST for a port that is not the
 * host port (or the privileged one).
 */
kern_return_t
vm_cluster_statistics(host_t host, vm_counter_array_t counters,
    mach_msg_type_number_t *count)
{
	mach_msg_type_number_t n = 0;

	if (host == HOST_NULL)
		return KERN_INVALID_HOST;
	if (*count < VM_STATS_COUNT)
		return KERN_INVALID_ARGUMENT;	/* not reached: static assert */
#define VM_STAT(name, comment) \
	counters[n++] = __atomic_load_n(&vm_counters.name, __ATOMIC_RELAXED);
#include <vm/vm_stats.def>
#undef VM_STAT
	*count = n;
	return KERN_SUCCESS;
}

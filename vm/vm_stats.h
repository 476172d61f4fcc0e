/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm/vm_stats.h: struct vm_counters, ClusterMach's VM counters, built
 * from the list in vm/vm_stats.def.
 *
 * Each counter is updated where its event happens: with a plain ++ under
 * that event's lock, or with vm_counter_add() where no one lock covers
 * every site.  Readers take a relaxed snapshot (vm_counters_read), so a
 * snapshot is exact per counter, not across counters.
 * Read from user space with vm_cluster_statistics()
 * (include/clustermach/clustermach.defs, cmstat) and, for GNU Mach's
 * fields, vm_statistics().  Design: design/05-fault.md, "Counters".
 */
#ifndef _VM_VM_STATS_H_
#define _VM_VM_STATS_H_

#include <stdint.h>

struct vm_counters {
#define VM_STAT(name, comment)	uint64_t name;
#include <vm/vm_stats.def>
#undef VM_STAT
};

extern struct vm_counters vm_counters;

/* Adds n (which may be negative, for a gauge) atomically. */
#define vm_counter_add(name, n) \
	((void)__atomic_add_fetch(&vm_counters.name, (uint64_t)(n), \
	    __ATOMIC_RELAXED))

/* A relaxed snapshot of every counter. */
void	vm_counters_read(struct vm_counters *out);

#endif /* _VM_VM_STATS_H_ */

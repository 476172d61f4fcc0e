/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * include/clustermach/clustermach_types.h: C types of the routines in
 * include/clustermach/clustermach.defs, for the kernel and user programs
 * (as mach/host_info.h is for mach_host.defs).
 */
#ifndef _CLUSTERMACH_CLUSTERMACH_TYPES_H_
#define _CLUSTERMACH_CLUSTERMACH_TYPES_H_

#include <stdint.h>

/*
 * vm_cluster_statistics(): the VM counters in vm/vm_stats.def's order
 * (indices VM_COUNTER_* in the generated <clustermach/vm_counters.h>),
 * at most VM_COUNTER_MAX of them inline in the reply.  Must match the
 * array bound in clustermach.defs.
 */
#define VM_COUNTER_MAX	64
typedef uint64_t *vm_counter_array_t;
typedef uint64_t vm_counter_array_data_t[VM_COUNTER_MAX];

#endif /* _CLUSTERMACH_CLUSTERMACH_TYPES_H_ */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/test_control.c: ClusterMach's private test trap: end the machine
 * or the task, read a kernel counter, count live tasks, read the shadow
 * chain depth at an address, make the kernel's copies for
 * memory_object_data_return fail.  A test-only
 * interface, replaced by host_reboot() and RPCs once IPC exists; see
 * include/clustermach/test_control.h.
 */
#include <clustermach/test_control.h>
#include <kern/continuation.h>
#include <kern/cpu.h>
#include <kern/debug.h>
#include <kern/exception.h>
#include <kern/kalloc.h>
#include <kern/slab.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/mach_msg.h>
#include <vm/memory_object.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/test_control.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <vm/vm_page.h>
#include <vm/vm_stats.h>
#include <x86_64/debug_exit.h>
#include <x86_64/pmap.h>

uint64_t
test_control_counter(uint64_t n)
{
	struct stack_stats stats;

	stack_stats_snapshot(&stats);
	switch (n) {
	case TEST_COUNTER_STACKS_IN_USE:
		return stats.stacks_in_use;
	case TEST_COUNTER_STACKS_MAX:
		return stats.stacks_max;
	case TEST_COUNTER_STACK_HANDOFFS:
		return stats.stack_handoffs;
	case TEST_COUNTER_CONTEXT_SWITCHES:
		return stats.context_switches;
	case TEST_COUNTER_CONTINUATIONS:
		return stats.continuation_blocks;
	case TEST_COUNTER_TIMER_TICKS:
		return sched_ticks;
	case TEST_COUNTER_FREE_PAGES:
		return vm_page_free_count();
	case TEST_COUNTER_PREEMPTIONS:
		return sched_preemptions;
	case TEST_COUNTER_KMEM_BYTES:
		/*
		 * Objects in use, not objects cached: pv entries kept on
		 * the pmap's free list would count as in use at their
		 * high mark (a mapping made while more pages than ever
		 * were mapped took 72 bytes "for ever").
		 */
		return kmem_cache_total_in_use_bytes() +
		    kalloc_bytes_current() - pmap_pv_spare_bytes();
	case TEST_COUNTER_PORTS:
		return ipc_ports_live;
	case TEST_COUNTER_KMSGS:
		return ipc_kmsgs_live;
	case TEST_COUNTER_OOL_PAGES_MOVED:
	case TEST_COUNTER_OOL_BYTES_COPIED:
	case TEST_COUNTER_COPIES: {
		struct vm_counters c;

		vm_counters_read(&c);
		if (n == TEST_COUNTER_OOL_PAGES_MOVED)
			return c.pages_moved;
		if (n == TEST_COUNTER_OOL_BYTES_COPIED)
			return c.bytes_copied;
		return c.copies_current;
	}
	case TEST_COUNTER_EXCEPTIONS:
		return exceptions_raised;
	case TEST_COUNTER_MSG_FAST:
		return mach_msg_fast_rpcs;
	default:
		return (uint64_t)-1;
	}
}

/* The shadow chain depth below the object mapped at addr, or -1. */
static uint64_t
test_control_shadow_depth(vm_map_t map, vm_offset_t addr)
{
	vm_map_entry_t entry;
	uint64_t depth = (uint64_t)-1;

	vm_map_lock(map);
	if (vm_map_lookup_entry(map, addr, &entry)) {
		simple_lock(&entry->object->lock);
		depth = vm_object_shadow_depth(entry->object);
		simple_unlock(&entry->object->lock);
	}
	vm_map_unlock(map);
	return depth;
}

uint64_t
test_control(uint64_t op, uint64_t arg)
{
	task_t task = current_thread()->task;

	switch (op) {
	case TEST_CONTROL_MACHINE_EXIT:
		printf("test_control: task %s ends the machine: %s\n",
		    task->name, arg == 0 ? "success" : "failure");
		machine_exit(arg == 0 ? MACHINE_EXIT_SUCCESS :
		    MACHINE_EXIT_FAILURE);
	case TEST_CONTROL_TASK_EXIT:
		task_end(task, (int)arg, false, NULL);
		return KERN_SUCCESS;	/* the thread halts before user mode */
	case TEST_CONTROL_COUNTER:
		return test_control_counter(arg);
	case TEST_CONTROL_TASK_COUNT:
		return (uint64_t)task_count_live();
	case TEST_CONTROL_REAP:
		kmem_cache_reap_all();
		stack_reap();
		return vm_page_free_count();
	case TEST_CONTROL_SHADOW_DEPTH:
		return test_control_shadow_depth(task->map, (vm_offset_t)arg);
	case TEST_CONTROL_FAIL_RETURN_COPIES: {
		uint64_t pending = memory_object_test_copy_failures;

		memory_object_test_copy_failures = (unsigned int)arg;
		return pending;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

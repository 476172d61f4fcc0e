/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/host_rpc.c: the host routines of mach_host.defs (the host object
 * and its ports are in kern/host.c).
 *
 * A routine that mach_host.defs gives a host_t argument reaches here with
 * the host its port names: convert_port_to_host() accepts the host port
 * and the privileged one, convert_port_to_host_priv() only the latter; any
 * other port arrives as HOST_NULL and gets KERN_INVALID_HOST, as on GNU
 * Mach.  Host ports hold no references (the host never dies), so there is
 * nothing to release.
 *
 * Time: there is no real-time clock driver, so "now" is the time since
 * boot, counted in clock ticks (sched_ticks, CLOCK_HZ per second).  It
 * only goes forward, which is what callers of host_get_time rely on; it
 * is not the date.  Setting the time is not implemented.
 *
 * Locking: none; every value read here is a counter or read-only.
 * Design: design/13-kernel-objects.md, "The host".
 */
#include <kern/debug.h>
#include <kern/host.h>
#include <kern/mig/gnumach_ext_server.h>
#include <kern/mig/mach_host_server.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/vm_param.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>
#include <x86_64/debug_exit.h>
#include <x86_64/pic.h>

/*
 * host_reboot's options: BSD's <sys/reboot.h> values that GNU Mach's
 * kern/host.c reads (gnumach-dev does not export them; user/include/mach.h
 * has the same three).
 */
#define RB_AUTOBOOT	0x0000
#define RB_HALT		0x0008
#define RB_DEBUGGER	0x1000

/* "uname -v"-like text of host_get_kernel_version. */
#define HOST_KERNEL_VERSION \
	"ClusterMach 0.1 (x86_64, GNU Mach interfaces, clustered paging)\n"

/* The time since boot, from the tick count. */
static void
host_uptime(uint64_t *seconds, uint64_t *nanoseconds)
{
	uint64_t ticks = sched_ticks;

	*seconds = ticks / CLOCK_HZ;
	*nanoseconds = (ticks % CLOCK_HZ) * (1000000000 / CLOCK_HZ);
}

/*
 * host_info: HOST_BASIC_INFO (one processor, the pages the kernel
 * manages, x86_64), HOST_PROCESSOR_SLOTS (slot 0), HOST_SCHED_INFO (one
 * clock tick; the quantum), HOST_LOAD_INFO (zeros: no load average is
 * kept yet, said so in design/).
 * Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_FAILURE if *count is too
 * small (GNU Mach's answer); KERN_INVALID_ARGUMENT for another flavor.
 */
kern_return_t
host_info(host_t host, int flavor, host_info_t info,
    mach_msg_type_number_t *count)
{
	if (host == HOST_NULL)
		return KERN_INVALID_HOST;
	switch (flavor) {
	case HOST_BASIC_INFO: {
		host_basic_info_t basic = (host_basic_info_t)info;

		if (*count < HOST_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		basic->max_cpus = 1;
		basic->avail_cpus = 1;
		basic->memory_size = vm_page_total_count() * PAGE_SIZE;
		basic->cpu_type = CPU_TYPE_X86_64;
		basic->cpu_subtype = CPU_SUBTYPE_AT386;
		*count = HOST_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_PROCESSOR_SLOTS:
		if (*count < 1)
			return KERN_FAILURE;
		info[0] = 0;
		*count = 1;
		return KERN_SUCCESS;
	case HOST_SCHED_INFO: {
		host_sched_info_t sched = (host_sched_info_t)info;

		if (*count < HOST_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		sched->min_timeout = 1000 / CLOCK_HZ;
		sched->min_quantum = THREAD_QUANTUM_TICKS * 1000 / CLOCK_HZ;
		*count = HOST_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_LOAD_INFO: {
		host_load_info_t load = (host_load_info_t)info;

		if (*count < HOST_LOAD_INFO_COUNT)
			return KERN_FAILURE;
		memset(load, 0, sizeof(*load));
		*count = HOST_LOAD_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* host_get_time: the time since boot (see the top of this file). */
kern_return_t
host_get_time(host_t host, time_value_t *current_time)
{
	uint64_t seconds, nanoseconds;

	if (host == HOST_NULL)
		return KERN_INVALID_HOST;
	host_uptime(&seconds, &nanoseconds);
	current_time->seconds = (long_integer_t)seconds;
	current_time->microseconds = (integer_t)(nanoseconds / 1000);
	return KERN_SUCCESS;
}

kern_return_t
host_get_time64(host_t host, time_value64_t *current_time)
{
	uint64_t seconds, nanoseconds;

	if (host == HOST_NULL)
		return KERN_INVALID_HOST;
	host_uptime(&seconds, &nanoseconds);
	current_time->seconds = (int64_t)seconds;
	current_time->nanoseconds = (int64_t)nanoseconds;
	return KERN_SUCCESS;
}

kern_return_t
host_get_uptime64(host_t host, time_value64_t *uptime)
{
	return host_get_time64(host, uptime);
}

/* host_get_kernel_version: on either host port, as GNU Mach. */
kern_return_t
host_get_kernel_version(host_t host, kernel_version_t kernel_version)
{
	if (host == HOST_NULL)
		return KERN_INVALID_HOST;
	strlcpy(kernel_version, HOST_KERNEL_VERSION, sizeof(kernel_version_t));
	return KERN_SUCCESS;
}

/*
 * host_reboot: ends the machine, which under QEMU ends the run; the exit
 * status tells the test harness how (x86_64/debug_exit.h).  The
 * convention, shared with user/lib/test_control.c and
 * design/06-user-runtime.md:
 *
 *	RB_HALT, no RB_DEBUGGER	success (MACHINE_EXIT_SUCCESS)
 *	RB_DEBUGGER, with anything	failure (MACHINE_EXIT_FAILURE)
 *	anything else, RB_AUTOBOOT too	failure (a reboot is no verdict)
 *
 * GNU Mach halts for RB_HALT, enters its debugger for RB_DEBUGGER and
 * reboots otherwise; under QEMU -no-reboot a reboot would exit 0, which
 * the harness never reads as a pass either.
 * Returns: KERN_INVALID_HOST for anything but the privileged port;
 * otherwise does not return.
 */
kern_return_t
host_reboot(host_t host_priv, int options)
{
	bool success;

	if (host_priv == HOST_NULL)
		return KERN_INVALID_HOST;
	success = (options & RB_HALT) != 0 && (options & RB_DEBUGGER) == 0;
	printf("host_reboot: options 0x%x: machine ends with %s\n",
	    (unsigned int)options, success ? "success" : "failure");
	machine_exit(success ? MACHINE_EXIT_SUCCESS : MACHINE_EXIT_FAILURE);
}

/*
 * The host argument of vm_wire / vm_wire_all / vm_set_size_limit arrives
 * as a raw port (mach_host.defs, gnumach.defs, gnumach_ext.defs): it is
 * the privilege, so it is judged here and vm/ stays free of IPC.
 */
static vm_host_access_t
host_vm_access(ipc_port_t host)
{
	if (convert_port_to_host_priv(host) != HOST_NULL)
		return VM_HOST_PRIV;
	if (convert_port_to_host(host) != HOST_NULL)
		return VM_HOST_PLAIN;
	return VM_HOST_NONE;
}

kern_return_t
vm_wire(ipc_port_t host, vm_map_t map, vm_address_t address, vm_size_t size,
    vm_prot_t access)
{
	return vm_wire_access(host_vm_access(host), map, address, size,
	    access);
}

kern_return_t
vm_wire_all(ipc_port_t host, vm_map_t map, vm_wire_t flags)
{
	return vm_wire_all_access(host_vm_access(host), map, flags);
}

/*
 * vm_set_size_limit: gnumach.defs id 4215 (our gnumach_ext.defs).  The
 * request is sent to host_port; the map comes in the body, converted
 * from a task port (NULL for any other port: KERN_INVALID_TASK).
 */
kern_return_t
vm_set_size_limit(ipc_port_t host_port, vm_map_t map,
    vm_size_t current_limit, vm_size_t max_limit)
{
	return vm_set_size_limit_access(host_vm_access(host_port), map,
	    current_limit, max_limit);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/test_control.c: wrappers for ClusterMach's private test trap.
 *
 * clustermach_test_control() (traps.S) is trap -120; its operations are
 * listed in include/clustermach/test_control.h.  The two exits must not
 * return.  On a kernel without the trap (GNU Mach) they would: they then
 * say so on the console and give the processor away forever, which a
 * test harness sees as a timeout.
 *
 * cm_machine_exit() can also end the machine as on GNU Mach, with
 * host_reboot() on the privileged host port (cm_machine_exit_mode); and
 * it falls back to host_reboot() when the test trap returns.
 */
#include <clustermach/clustermach.h>
#include <cmuser.h>
#include <mach.h>

int cm_machine_exit_mode = CM_MACHINE_EXIT_DEFAULT;
mach_port_t cm_host_priv_port;

/* host_reboot with our convention; returns only if it failed. */
static void
cm_machine_exit_host_reboot(int ok)
{
	kern_return_t kr;

	if (!MACH_PORT_VALID(cm_host_priv_port))
		return;
	kr = host_reboot(cm_host_priv_port, ok ? RB_HALT : RB_DEBUGGER);
	printf("cmuser: host_reboot returned %d\n", kr);
}

static void
cm_test_control_stuck(const char *what) __attribute__((noreturn));

static void
cm_test_control_stuck(const char *what)
{
	printf("cmuser: %s returned; test trap missing?\n", what);
	for (;;)
		swtch();
}

void
cm_exit(int status)
{
	clustermach_test_control(TEST_CONTROL_TASK_EXIT, status);
	cm_test_control_stuck("TEST_CONTROL_TASK_EXIT");
}

/* ok != 0: the machine ends with success (arg 0), otherwise failure. */
void
cm_machine_exit(int ok)
{
	if (cm_machine_exit_mode == CM_MACHINE_EXIT_TASK)
		cm_exit(ok ? 0 : 1);
	if (cm_machine_exit_mode == CM_MACHINE_EXIT_HOST_REBOOT)
		cm_machine_exit_host_reboot(ok);
	clustermach_test_control(TEST_CONTROL_MACHINE_EXIT, ok ? 0 : 1);
	if (cm_machine_exit_mode != CM_MACHINE_EXIT_HOST_REBOOT)
		cm_machine_exit_host_reboot(ok);
	cm_test_control_stuck("TEST_CONTROL_MACHINE_EXIT");
}

/* Returns counter number `counter`, or -1 if the kernel has no such one. */
long
cm_counter(int counter)
{
	return clustermach_test_control(TEST_CONTROL_COUNTER, counter);
}

/* Returns the number of live user tasks, the caller included. */
int
cm_task_count(void)
{
	return (int)clustermach_test_control(TEST_CONTROL_TASK_COUNT, 0);
}

/* Gives cached kernel memory back; returns the free page count after. */
long
cm_reap(void)
{
	return clustermach_test_control(TEST_CONTROL_REAP, 0);
}

/* Counter number `index` of vm_cluster_statistics (VM_COUNTER_<NAME> of
 * <clustermach/vm_counters.h>), or 0 if the kernel has no such one. */
uint64_t
cm_vm_counter(unsigned int index)
{
	uint64_t counters[VM_COUNTER_MAX];
	mach_msg_type_number_t count = VM_COUNTER_MAX;
	kern_return_t kr;

	kr = vm_cluster_statistics(mach_host_self(), counters, &count);
	if (kr != KERN_SUCCESS) {
		printf("cmuser: vm_cluster_statistics: error %d\n", kr);
		return 0;
	}
	return index < count ? counters[index] : 0;
}

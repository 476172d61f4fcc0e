/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/host.c: host RPCs.
 *
 * host_info HOST_BASIC_INFO (one CPU, memory in the 128 MiB QEMU gives),
 * host_get_time twice (time does not go back), host_get_kernel_version
 * on the privileged host port (printed as host.kernel_version), and that
 * the same call on the unprivileged host port answers too.
 */
#include <cmtest.h>

int
main(int argc, char **argv, char **envp)
{
	mach_port_t host;
	struct host_basic_info info;
	mach_msg_type_number_t count = HOST_BASIC_INFO_COUNT;
	time_value_t t1, t2;
	kernel_version_t version;
	size_t i;

	(void)envp;
	cm_test_begin(argc, argv, "host");
	host = mach_host_self();
	cm_check(MACH_PORT_VALID(cm_host_priv_port),
	    "argv[1] names the privileged host port");

	cm_check_kr("host_info", host_info(host, HOST_BASIC_INFO,
	    (host_info_t)&info, &count));
	cm_check_eq("host_info count", count, HOST_BASIC_INFO_COUNT);
	cm_check_eq("max_cpus", info.max_cpus, 1);
	cm_check_eq("avail_cpus", info.avail_cpus, 1);
	cm_check(info.memory_size > 64u * 1024 * 1024 &&
	    info.memory_size <= 128u * 1024 * 1024, "memory_size in range");
	printf("host.max_cpus=%d\n", info.max_cpus);
	printf("host.avail_cpus=%d\n", info.avail_cpus);
	printf("host.memory_size=%lu\n", (unsigned long)info.memory_size);
	printf("host.cpu_type=%d\n", info.cpu_type);

	cm_check_kr("host_get_time", host_get_time(host, &t1));
	cm_check_kr("host_get_time again", host_get_time(host, &t2));
	cm_check(t2.seconds > t1.seconds || (t2.seconds == t1.seconds &&
	    t2.microseconds >= t1.microseconds), "time does not go back");
	cm_check(t1.microseconds >= 0 && t1.microseconds < 1000000,
	    "microseconds in range");
	printf("host.time_seconds=%ld\n", (long)t1.seconds);

	memset(version, 0, sizeof(version));
	cm_check_kr("host_get_kernel_version",
	    host_get_kernel_version(cm_host_priv_port, version));
	for (i = 0; i < sizeof(version) && version[i] != '\0'; i++) {
		if (version[i] == '\n')
			version[i] = ' ';
	}
	cm_check(version[0] != '\0', "kernel version is not empty");
	printf("host.kernel_version=%s\n", version);
	memset(version, 0, sizeof(version));
	cm_check_kr("host_get_kernel_version (unprivileged port)",
	    host_get_kernel_version(host, version));
	cm_test_end();
}

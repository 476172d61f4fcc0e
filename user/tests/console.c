/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/tests/console.c: the console device through device.defs.
 *
 * device_open(device master port from argv[2], "console"), then
 * device_write_inband and device_write (out-of-line) of one line each;
 * bytes_written must equal the line length.  The lines themselves
 * ("console: inband line", "console: out-of-line line") are what the
 * harness looks for.  device_open of an unknown name fails
 * (D_NO_SUCH_DEVICE).
 */
#include <cmtest.h>
#include <device/device_types.h>

int
main(int argc, char **argv, char **envp)
{
	mach_port_t console = MACH_PORT_NULL, other = MACH_PORT_NULL;
	/* device_write_inband takes a whole io_buf_ptr_inband_t. */
	static io_buf_ptr_inband_t inband = "console: inband line\n";
	static char ool[] = "console: out-of-line line\n";
	int written = -1;
	kern_return_t kr;

	(void)envp;
	cm_test_begin(argc, argv, "console");
	cm_check(MACH_PORT_VALID(cm_device_master_port),
	    "argv[2] names the device master port");
	cm_check_kr("device_open console", device_open(cm_device_master_port,
	    D_READ | D_WRITE, "console", &console));
	cm_check_kr("device_write_inband", device_write_inband(console, 0, 0,
	    inband, strlen(inband), &written));
	cm_check_eq("inband bytes written", written, (long)strlen(inband));
	written = -1;
	cm_check_kr("device_write", device_write(console, 0, 0, ool,
	    sizeof(ool) - 1, &written));
	cm_check_eq("out-of-line bytes written", written, sizeof(ool) - 1);
	printf("console.written=%d\n", written);
	kr = device_open(cm_device_master_port, D_READ, "no-such-device",
	    &other);
	cm_check_code("open an unknown device", kr, D_NO_SUCH_DEVICE);
	cm_check_kr("deallocate console", mach_port_deallocate(
	    mach_task_self(), console));
	cm_test_end();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/mig/ktest_mig.c: ktest=mig, the kernel-object dispatch without a
 * user task (design/13-kernel-objects.md).
 *
 * It builds kernel-form requests (ports as ipc_port_t) and hands them to
 * the demux functions of ipc_kobject_demux_table[] as ipc_kobject_server()
 * does, then checks the replies the generated stubs and our routines make:
 *
 *   host_get_kernel_version on the host port: KERN_SUCCESS, the text;
 *   the same on the device master port: KERN_INVALID_HOST;
 *   host_info(HOST_BASIC_INFO): one processor, all of memory;
 *   host_processors (not implemented): KERN_FAILURE, counted once;
 *   an id no subsystem has: no demux function takes it (MIG_BAD_ID then
 *   comes from ipc_kobject_server());
 *   device_open of "console" and of an unknown name, and
 *   device_write_inband on the console (routine level).
 *
 * Ports here are not consumed: the demux functions take no rights, only
 * ipc_kobject_server() does, and it is not called.
 */
#include <stdbool.h>
#include <device/console.h>
#include <device/dev_master.h>
#include <device/device_types.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_port.h>
#include <kern/debug.h>
#include <kern/host.h>
#include <kern/ktest.h>
#include <kern/mig/device_server.h>
#include <kern/mig/mach_host_server.h>
#include <kern/mig/mig_kernel.h>
#include <kern/string.h>
#include <mach/host_info.h>
#include <mach/mig_errors.h>

/* Message ids (subsystem base + routine number in the .defs). */
#define KTEST_MIG_HOST_PROCESSORS		2600
#define KTEST_MIG_HOST_INFO			2638
#define KTEST_MIG_HOST_GET_KERNEL_VERSION	2646
#define KTEST_MIG_UNKNOWN_ID			1999

/*
 * A reply: header, RetCode's type, RetCode, 4 bytes of padding, then the
 * first out argument's type at KTEST_MIG_REPLY_BODY and its value after.
 */
#define KTEST_MIG_REPLY_BODY	48

static union {
	mig_reply_header_t	head;
	char			bytes[IPC_KOBJECT_REPLY_SIZE];
} ktest_mig_reply __attribute__((aligned(8)));

/* The first out argument's value in the reply. */
static void *
ktest_mig_reply_value(void)
{
	return ktest_mig_reply.bytes + KTEST_MIG_REPLY_BODY +
	    sizeof(mach_msg_type_t);
}

/* The header of a request without a body, to port. */
static void
ktest_mig_header(mach_msg_header_t *h, ipc_port_t port, mach_msg_id_t id,
    mach_msg_size_t size)
{
	memset(h, 0, sizeof(*h));
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
	    MACH_MSG_TYPE_PORT_SEND_ONCE);
	h->msgh_size = size;
	h->msgh_remote_port = (mach_port_t)port;
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_id = id;
}

/* Runs request through the table; false if no demux took it. */
static bool
ktest_mig_serve(mach_msg_header_t *request)
{
	memset(&ktest_mig_reply, 0, sizeof(ktest_mig_reply));
	for (const ipc_kobject_demux_t *d = ipc_kobject_demux_table;
	    *d != NULL; d++)
		if ((*d)(request, &ktest_mig_reply.head.Head))
			return true;
	return false;
}

static const char *
ktest_mig_host(void)
{
	mach_msg_header_t h;
	struct {
		mach_msg_header_t	head;
		mach_msg_type_t		flavor_type;
		int			flavor;
		char			flavor_pad[4];
		mach_msg_type_t		count_type;
		mach_msg_type_number_t	count;
		char			count_pad[4];
	} info_request;
	const mach_msg_type_t int32 = {
		.msgt_name = MACH_MSG_TYPE_INTEGER_32, .msgt_size = 32,
		.msgt_number = 1, .msgt_inline = 1,
	};
	const char *version;
	host_basic_info_t basic;
	uint64_t before;

	ktest_mig_header(&h, realhost.host_self,
	    KTEST_MIG_HOST_GET_KERNEL_VERSION, sizeof(h));
	if (!ktest_mig_serve(&h))
		return "host_get_kernel_version: no demux took it";
	version = ktest_mig_reply_value();
	printf("mig_kernel_version_kr=%d\n", ktest_mig_reply.head.RetCode);
	printf("mig_reply_id=%d\n", ktest_mig_reply.head.Head.msgh_id);
	if (ktest_mig_reply.head.RetCode != KERN_SUCCESS ||
	    strncmp(version, "ClusterMach", 11) != 0)
		return "host_get_kernel_version: wrong reply";

	ktest_mig_header(&h, master_device_port,
	    KTEST_MIG_HOST_GET_KERNEL_VERSION, sizeof(h));
	ktest_mig_serve(&h);
	printf("mig_wrong_port_kr=%d\n", ktest_mig_reply.head.RetCode);

	ktest_mig_header(&info_request.head, realhost.host_self,
	    KTEST_MIG_HOST_INFO, sizeof(info_request));
	info_request.flavor_type = int32;
	info_request.flavor = HOST_BASIC_INFO;
	info_request.count_type = int32;
	info_request.count = HOST_INFO_MAX;
	ktest_mig_serve(&info_request.head);
	basic = ktest_mig_reply_value();
	printf("mig_host_info_kr=%d\n", ktest_mig_reply.head.RetCode);
	printf("mig_host_info_max_cpus=%d\n", basic->max_cpus);
	printf("mig_host_info_memory_size=%lu\n",
	    (unsigned long)basic->memory_size);

	before = mig_unimplemented_calls;
	ktest_mig_header(&h, realhost.host_priv_self,
	    KTEST_MIG_HOST_PROCESSORS, sizeof(h));
	ktest_mig_serve(&h);
	printf("mig_unimplemented_kr=%d\n", ktest_mig_reply.head.RetCode);
	printf("mig_unimplemented_counted=%lu\n",
	    (unsigned long)(mig_unimplemented_calls - before));

	ktest_mig_header(&h, realhost.host_self, KTEST_MIG_UNKNOWN_ID,
	    sizeof(h));
	printf("mig_unknown_id_taken=%d\n", ktest_mig_serve(&h) ? 1 : 0);
	return NULL;
}

static const char *
ktest_mig_console(void)
{
	static const io_buf_ptr_inband_t text = "ktest_mig: console write\n";
	device_t device = DEVICE_NULL;
	int written = -1;
	kern_return_t kr;

	kr = ds_device_open(master_device_port, IP_NULL, 0, D_WRITE,
	    "no-such-device", &device);
	printf("mig_open_unknown_kr=%d\n", kr);
	kr = ds_device_open(master_device_port, IP_NULL, 0, D_WRITE, "console",
	    &device);
	printf("mig_open_console_kr=%d\n", kr);
	if (kr != D_SUCCESS)
		return "device_open of the console failed";
	kr = ds_device_write_inband(device, IP_NULL, 0, 0, 0, text,
	    strlen(text), &written);
	printf("mig_console_write_kr=%d\n", kr);
	printf("mig_console_written=%d\n", written);
	kr = ds_device_close(device);
	device_deallocate(device);
	printf("mig_console_close_kr=%d\n", kr);
	printf("mig_console_refs=%u\n", console_device.ref_count);
	return NULL;
}

static const char *
ktest_mig(void)
{
	const char *why = ktest_mig_host();

	if (why == NULL)
		why = ktest_mig_console();
	return why;
}
KTEST("mig", ktest_mig);

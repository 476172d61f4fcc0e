/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc/ipc_kobject.c: serving messages sent to kernel objects (see
 * ipc/ipc_kobject.h).  The rules on who consumes what are GNU Mach's:
 * the request's destination right is always released here; its reply
 * right moves into the reply; the rest of the request (rights, memory)
 * is the routine's when it returns KERN_SUCCESS or MIG_NO_REPLY, and is
 * destroyed here otherwise.
 *
 * Locking: called and returns without ipc_lock; takes it to release
 * rights.
 */
#include <stddef.h>
#include <kern/debug.h>
#include <kern/string.h>
#include <mach/mig_errors.h>
#include <ipc/ipc_kobject.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>

__attribute__((weak)) const ipc_kobject_demux_t ipc_kobject_demux_table[] = {
	NULL
};

/*
 * The reply of a request nobody serves: MIG_BAD_ID.  The console names
 * the first IPC_KOBJECT_BAD_IDS_SAID distinct ids, once each, and then
 * says once that it stops (a fuzzer sends thousands).
 */
#define IPC_KOBJECT_BAD_IDS_SAID	8

uint64_t ipc_kobject_bad_ids;		/* requests answered MIG_BAD_ID */

static void
ipc_kobject_bad_id(mach_msg_header_t *request, mig_reply_header_t *reply)
{
	static mach_msg_id_t said[IPC_KOBJECT_BAD_IDS_SAID];
	static unsigned int said_count;
	static bool said_enough;
	bool known = false;

	ipc_kobject_bad_ids++;
	for (unsigned int i = 0; i < said_count; i++)
		known |= said[i] == request->msgh_id;
	if (!known && said_count < IPC_KOBJECT_BAD_IDS_SAID) {
		said[said_count++] = request->msgh_id;
		printf("ipc_kobject: no kernel routine for message id %d\n",
		    request->msgh_id);
	} else if (!known && !said_enough) {
		said_enough = true;
		printf("ipc_kobject: further unknown message ids are not "
		    "reported\n");
	}
	reply->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(request->msgh_bits), 0);
	reply->Head.msgh_size = sizeof(*reply);
	reply->Head.msgh_remote_port = request->msgh_local_port;
	reply->Head.msgh_local_port = 0;
	reply->Head.msgh_seqno = 0;
	reply->Head.msgh_id = request->msgh_id + 100;
	reply->RetCodeType = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_32, .msgt_size = 32,
		.msgt_number = 1, .msgt_inline = 1,
	};
	reply->RetCode = MIG_BAD_ID;
}

static kern_return_t
ipc_kobject_reply_code(ipc_kmsg_t reply)
{
	mig_reply_header_t *r = (mig_reply_header_t *)&reply->ikm_header;

	if (r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return KERN_SUCCESS;	/* a reply with data succeeded */
	if (r->Head.msgh_size < sizeof(*r))
		return KERN_SUCCESS;
	return r->RetCode;
}

ipc_kmsg_t
ipc_kobject_server(ipc_kmsg_t request)
{
	mach_msg_header_t *in = &request->ikm_header;
	ipc_kmsg_t reply = ipc_kmsg_alloc(IPC_KOBJECT_REPLY_SIZE);
	ipc_port_t dest = ipc_kmsg_dest(request);
	ipc_port_t reply_port = (ipc_port_t)in->msgh_local_port;
	kern_return_t kr;
	bool served = false;

	if (reply == IKM_NULL) {
		ipc_lock_take();
		ipc_kmsg_destroy(request);
		ipc_lock_release();
		return IKM_NULL;
	}
	memset(&reply->ikm_header, 0, sizeof(mig_reply_header_t));
	for (const ipc_kobject_demux_t *d = ipc_kobject_demux_table;
	    *d != NULL && !served; d++)
		served = (*d)(in, &reply->ikm_header);
	if (!served)
		ipc_kobject_bad_id(in, (mig_reply_header_t *)&reply->ikm_header);
	kr = ipc_kobject_reply_code(reply);

	ipc_lock_take();
	/* The destination right: released, never a notification. */
	if (MACH_MSGH_BITS_REMOTE(in->msgh_bits) ==
	    MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	in->msgh_remote_port = 0;
	/* The reply right now belongs to the reply. */
	in->msgh_local_port = 0;
	in->msgh_bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
	in->msgh_bits &= ~MACH_MSGH_BITS_REMOTE_MASK;
	if (kr == KERN_SUCCESS || kr == MIG_NO_REPLY)
		ipc_kmsg_free(request);
	else
		ipc_kmsg_destroy(request);
	if (kr == MIG_NO_REPLY || !IP_VALID(reply_port)) {
		/* No reply wanted, or nowhere to send it. */
		if (kr == MIG_NO_REPLY)
			ipc_kmsg_free(reply);
		else
			ipc_kmsg_destroy(reply);
		ipc_lock_release();
		return IKM_NULL;
	}
	ipc_lock_release();
	return reply;
}

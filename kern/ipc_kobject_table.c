/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/ipc_kobject_table.c: the MIG demux functions ipc_kobject_server()
 * tries in turn (ipc/ipc_kobject.h), one per kernel-served .defs.
 *
 * In a KernelServer subsystem MIG writes no demux function of its own,
 * only X_server_routine(), which maps a message id to the routine's stub
 * (kern/mig/X_server.h, build tree).  The kernel prepares the reply
 * header the stub expects, as MIG's user-side demux does and GNU Mach's
 * ipc_kobject_server() does: reply to the request's reply right (its
 * kernel type moves to the reply's remote bits), id + 100, and a simple
 * KERN_SUCCESS reply that the stub fills in or enlarges.
 *
 * Locking: none; the stubs run without ipc_lock and may block.
 * Design: design/13-kernel-objects.md.
 */
#include <stddef.h>
#include <ipc/ipc_kobject.h>
#include <kern/mig/clustermach_server.h>
#include <kern/mig/device_server.h>
#include <kern/mig/gnumach_ext_server.h>
#include <kern/mig/gnumach_server.h>
#include <kern/mig/mach4_server.h>
#include <kern/mig/mach_host_server.h>
#include <kern/mig/mach_i386_server.h>
#include <kern/mig/mach_port_server.h>
#include <kern/mig/mach_server.h>
#include <mach/mig_errors.h>

/*
 * ipc_kobject_table_serve: runs routine (found by the caller's subsystem)
 * on request, after setting up reply.  Returns false if routine is NULL:
 * the id is not this subsystem's, or a routine it skips.
 */
static bool
ipc_kobject_table_serve(mig_routine_t routine, mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	mig_reply_header_t *r = (mig_reply_header_t *)reply;

	if (routine == NULL)
		return false;
	r->Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(request->msgh_bits), 0);
	r->Head.msgh_size = sizeof(*r);
	r->Head.msgh_remote_port = request->msgh_local_port;
	r->Head.msgh_local_port = MACH_PORT_NULL;
	r->Head.msgh_seqno = 0;
	r->Head.msgh_id = request->msgh_id + 100;
	r->RetCodeType = (mach_msg_type_t){
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};
	r->RetCode = KERN_SUCCESS;
	routine(request, reply);
	return true;
}

static bool
ipc_kobject_demux_mach(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(mach_server_routine(request), request,
	    reply);
}

static bool
ipc_kobject_demux_mach_port(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(mach_port_server_routine(request),
	    request, reply);
}

static bool
ipc_kobject_demux_mach_host(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(mach_host_server_routine(request),
	    request, reply);
}

static bool
ipc_kobject_demux_gnumach(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(gnumach_server_routine(request),
	    request, reply);
}

/*
 * gnumach.defs ids that gnumach-dev's stubs do not know (4215 on):
 * include/clustermach/gnumach_ext.defs has them at upstream's ids and
 * skips the rest, so each id of subsystem 4200 has one server at most.
 */
static bool
ipc_kobject_demux_gnumach_ext(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(gnumach_ext_server_routine(request),
	    request, reply);
}

static bool
ipc_kobject_demux_mach4(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(mach4_server_routine(request), request,
	    reply);
}

static bool
ipc_kobject_demux_mach_i386(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(mach_i386_server_routine(request),
	    request, reply);
}

static bool
ipc_kobject_demux_device(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(device_server_routine(request), request,
	    reply);
}

static bool
ipc_kobject_demux_clustermach(mach_msg_header_t *request,
    mach_msg_header_t *reply)
{
	return ipc_kobject_table_serve(clustermach_server_routine(request),
	    request, reply);
}

/* Most used first: each demux is a range check on the id. */
const ipc_kobject_demux_t ipc_kobject_demux_table[] = {
	ipc_kobject_demux_mach_port,
	ipc_kobject_demux_mach,
	ipc_kobject_demux_mach_host,
	ipc_kobject_demux_gnumach,
	ipc_kobject_demux_gnumach_ext,
	ipc_kobject_demux_device,
	ipc_kobject_demux_mach4,
	ipc_kobject_demux_mach_i386,
	ipc_kobject_demux_clustermach,
	NULL
};

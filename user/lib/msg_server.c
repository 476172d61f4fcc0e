/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/msg_server.c: mach_msg_server loops and mach_msg_destroy.
 *
 * One request at a time, as glibc's mach_msg_server does:
 *
 *   receive (at most max_size bytes)
 *   demux(request, reply)          a MIG *_server function: fills reply
 *   RetCode == MIG_NO_REPLY        the routine answered (or will) itself:
 *                                  send nothing
 *   RetCode != KERN_SUCCESS        the routine did not take the request's
 *                                  rights and memory: destroy them
 *   reply port valid               send the reply with MACH_SEND_TIMEOUT
 *                                  and timeout 0, so a client that does
 *                                  not listen costs nothing; a reply that
 *                                  cannot be sent is destroyed
 *
 * Buffers come from malloc, 2 * max_size per loop.  A receive error ends
 * the loop and is returned (MACH_RCV_TOO_LARGE included: the message
 * stays queued, as the kernel does without MACH_RCV_LARGE).
 */
#include <cmuser.h>
#include <mach.h>

/* Releases one right a message carried, by its received disposition. */
static void
msg_server_destroy_right(mach_port_t name, mach_msg_type_name_t type)
{
	if (!MACH_PORT_VALID(name))
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_RECEIVE:
		(void)mach_port_mod_refs(mach_task_self(), name,
		    MACH_PORT_RIGHT_RECEIVE, -1);
		break;
	case MACH_MSG_TYPE_PORT_SEND:
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		(void)mach_port_deallocate(mach_task_self(), name);
		break;
	default:
		break;
	}
}

/* Releases the rights in `number` names of `name_bytes` bytes each. */
static void
msg_server_destroy_names(const void *names, mach_msg_type_number_t number,
    unsigned int name_bytes, mach_msg_type_name_t type)
{
	const unsigned char *p = names;
	mach_msg_type_number_t i;

	for (i = 0; i < number; i++, p += name_bytes) {
		mach_port_t name = name_bytes == 8 ?
		    ((const mach_port_name_inlined_t *)p)->name :
		    *(const mach_port_t *)p;
		msg_server_destroy_right(name, type);
	}
}

void
mach_msg_destroy(mach_msg_header_t *msg)
{
	unsigned char *p, *end;

	msg_server_destroy_right(msg->msgh_remote_port,
	    MACH_MSGH_BITS_REMOTE(msg->msgh_bits));
	if ((msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) == 0)
		return;
	p = (unsigned char *)(msg + 1);
	end = (unsigned char *)msg + msg->msgh_size;
	while (p + sizeof(mach_msg_type_t) <= end) {
		const mach_msg_type_t *type = (const mach_msg_type_t *)p;
		unsigned int bits = type->msgt_size;
		mach_msg_type_number_t number = type->msgt_number;
		vm_size_t data_bytes = ((vm_size_t)bits * number + 7) / 8;
		int is_port = MACH_MSG_TYPE_PORT_ANY(type->msgt_name);

		p += sizeof(mach_msg_type_t);
		if (type->msgt_inline) {
			if (is_port && p + data_bytes <= end)
				msg_server_destroy_names(p, number, bits / 8,
				    type->msgt_name);
			p += (data_bytes + 7) & ~(vm_size_t)7;
			continue;
		}
		if (p + sizeof(vm_address_t) > end)
			break;
		if (is_port)
			msg_server_destroy_names(*(void **)p, number,
			    bits / 8, type->msgt_name);
		if (data_bytes != 0)
			(void)vm_deallocate(mach_task_self(),
			    *(vm_address_t *)p, data_bytes);
		p += sizeof(vm_address_t);
	}
}

/*
 * Runs demux on one received request and answers it.
 * Returns: the send's result, MACH_MSG_SUCCESS when nothing was sent.
 */
static mach_msg_return_t
msg_server_handle(cm_demux_t demux, mach_msg_header_t *request,
    mig_reply_header_t *reply)
{
	mach_msg_return_t mr;

	(void)demux(request, &reply->Head);
	if (reply->RetCode == MIG_NO_REPLY)
		return MACH_MSG_SUCCESS;
	if (reply->RetCode != KERN_SUCCESS &&
	    (request->msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		/* Keep the reply right: the client still gets the error. */
		request->msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(request);
	}
	if (!MACH_PORT_VALID(reply->Head.msgh_remote_port)) {
		mach_msg_destroy(&reply->Head);
		return MACH_MSG_SUCCESS;
	}
	mr = mach_msg(&reply->Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	    reply->Head.msgh_size, 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_INVALID_DEST &&
	    mr != MACH_SEND_TIMED_OUT)
		return mr;
	if (mr != MACH_MSG_SUCCESS)
		mach_msg_destroy(&reply->Head);
	return MACH_MSG_SUCCESS;
}

/* One receive with `option` (e.g. MACH_RCV_TIMEOUT), then its answer. */
static mach_msg_return_t
msg_server_one(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name, mach_msg_option_t option,
    mach_msg_timeout_t timeout, mach_msg_header_t *request,
    mig_reply_header_t *reply)
{
	mach_msg_return_t mr;

	mr = mach_msg(request, MACH_RCV_MSG | option, 0, max_size, rcv_name,
	    timeout, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return msg_server_handle(demux, request, reply);
}

mach_msg_return_t
mach_msg_server_timeout(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name, mach_msg_option_t option,
    mach_msg_timeout_t timeout)
{
	mach_msg_header_t *request = malloc(max_size);
	mig_reply_header_t *reply = malloc(max_size);
	mach_msg_return_t mr = MACH_RCV_INVALID_DATA;

	if (request == NULL || reply == NULL || max_size <
	    sizeof(mig_reply_header_t))
		goto out;
	do {
		mr = msg_server_one(demux, max_size, rcv_name, option,
		    timeout, request, reply);
	} while (mr == MACH_MSG_SUCCESS);
out:
	free(request);
	free(reply);
	return mr;
}

mach_msg_return_t
mach_msg_server(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name)
{
	return mach_msg_server_timeout(demux, max_size, rcv_name, 0, 0);
}

mach_msg_return_t
mach_msg_server_once(cm_demux_t demux, mach_msg_size_t max_size,
    mach_port_t rcv_name)
{
	mach_msg_header_t *request = malloc(max_size);
	mig_reply_header_t *reply = malloc(max_size);
	mach_msg_return_t mr = MACH_RCV_INVALID_DATA;

	if (request != NULL && reply != NULL &&
	    max_size >= sizeof(mig_reply_header_t))
		mr = msg_server_one(demux, max_size, rcv_name, 0, 0, request,
		    reply);
	free(request);
	free(reply);
	return mr;
}

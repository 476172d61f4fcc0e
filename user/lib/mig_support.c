/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user/lib/mig_support.c: the runtime MIG stubs call
 * (user/include/mach/mig_support.h).
 *
 * Reply ports are per thread: the descriptor cm_thread_self() finds
 * (user/lib/cthreads.c) keeps one, made by mach_reply_port() on first
 * use.  A stub that gave up on a reply (interrupted, timed out, wrong
 * reply) calls mig_dealloc_reply_port(): the port may still get the
 * late reply, so it is destroyed and the next RPC makes a fresh one.
 */
#include <cmuser.h>
#include <cthreads.h>

void
mig_init(void *first)
{
	(void)first;
	cm_thread_self()->reply_port = MACH_PORT_NULL;
}

mach_port_t
mig_get_reply_port(void)
{
	struct cm_thread *t = cm_thread_self();

	if (t->reply_port == MACH_PORT_NULL)
		t->reply_port = mach_reply_port();
	return t->reply_port;
}

void
mig_dealloc_reply_port(mach_port_t reply_port)
{
	struct cm_thread *t = cm_thread_self();

	if (t->reply_port == reply_port)
		t->reply_port = MACH_PORT_NULL;
	/*
	 * Destroying the port is an RPC, whose failure calls us again: go
	 * one level deep only (a kernel without mach_msg would recurse
	 * forever otherwise; the port then leaks, which is all we can do).
	 */
	if (t->reply_dealloc_depth > 0)
		return;
	t->reply_dealloc_depth++;
	(void)mach_port_mod_refs(mach_task_self(), reply_port,
	    MACH_PORT_RIGHT_RECEIVE, -1);
	t->reply_dealloc_depth--;
}

void
mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;	/* kept for the thread's next RPC */
}

void
mig_allocate(vm_address_t *addr, vm_size_t size)
{
	if (vm_allocate(mach_task_self(), addr, size, TRUE) != KERN_SUCCESS)
		*addr = 0;
}

void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)vm_deallocate(mach_task_self(), addr, size);
}

vm_size_t
mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i + 1 < len && src[i] != '\0'; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

void
mig_reply_setup(const mach_msg_header_t *in, mach_msg_header_t *out)
{
	out->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(in->msgh_bits),
	    0);
	out->msgh_size = sizeof(mig_reply_header_t);
	out->msgh_remote_port = in->msgh_remote_port;
	out->msgh_local_port = MACH_PORT_NULL;
	out->msgh_seqno = 0;
	out->msgh_id = in->msgh_id + 100;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/host.c: the host object and its ports.  The ports are made once
 * at boot and never die.  Locking: none (read-only after boot); the
 * conversions take ipc_lock to read a port's kernel object.
 */
#include <kern/debug.h>
#include <kern/host.h>
#include <ipc/ipc_port.h>

struct host realhost;

void
host_bootstrap(void)
{
	realhost.host_self = ipc_port_alloc_kernel(IKOT_HOST, &realhost);
	realhost.host_priv_self = ipc_port_alloc_kernel(IKOT_HOST_PRIV,
	    &realhost);
	if (realhost.host_self == IP_NULL || realhost.host_priv_self == IP_NULL)
		panic("host_bootstrap: no memory for the host ports");
}

static host_t
host_port_kobject(ipc_port_t port, bool priv_only)
{
	host_t host = HOST_NULL;

	if (!IP_VALID(port))
		return HOST_NULL;
	ipc_lock_take();
	if (port->ip_active && (port->ip_kotype == IKOT_HOST_PRIV ||
	    (!priv_only && port->ip_kotype == IKOT_HOST)))
		host = port->ip_kobject;
	ipc_lock_release();
	return host;
}

host_t
convert_port_to_host(ipc_port_t port)
{
	return host_port_kobject(port, false);
}

host_t
convert_port_to_host_priv(ipc_port_t port)
{
	return host_port_kobject(port, true);
}

ipc_port_t
convert_host_to_port(host_t host)
{
	if (host == HOST_NULL)
		return IP_NULL;
	return ipc_port_make_send_unlocked(host->host_self);
}

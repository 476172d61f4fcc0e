/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/host.h: the host: its two kernel ports (host, the name anyone may
 * hold; host_priv, the privileged one), as GNU Mach's realhost.
 */
#ifndef _KERN_HOST_H_
#define _KERN_HOST_H_

#include <ipc/ipc_types.h>

struct host {
	ipc_port_t	host_self;	/* IKOT_HOST */
	ipc_port_t	host_priv_self;	/* IKOT_HOST_PRIV */
};
typedef struct host *host_t;
#define HOST_NULL	((host_t)0)

extern struct host realhost;

void		host_bootstrap(void);
host_t		convert_port_to_host(ipc_port_t port);
host_t		convert_port_to_host_priv(ipc_port_t port);
ipc_port_t	convert_host_to_port(host_t host);

#endif /* _KERN_HOST_H_ */

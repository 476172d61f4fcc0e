/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kern/processor.c: the conversions of processor and processor-set ports
 * (kern/processor.h).  No such port exists yet, so none converts: a
 * routine given one sees NULL and answers KERN_INVALID_ARGUMENT, as GNU
 * Mach's do for a port of the wrong kind.  Locking: none.
 */
#include <kern/processor.h>

processor_t
convert_port_to_processor(ipc_port_t port)
{
	(void)port;
	return PROCESSOR_NULL;
}

ipc_port_t
convert_processor_to_port(processor_t processor)
{
	(void)processor;
	return IP_NULL;
}

processor_set_t
convert_port_to_pset(ipc_port_t port)
{
	(void)port;
	return PROCESSOR_SET_NULL;
}

processor_set_t
convert_port_to_pset_name(ipc_port_t port)
{
	(void)port;
	return PROCESSOR_SET_NULL;
}

ipc_port_t
convert_pset_to_port(processor_set_t pset)
{
	(void)pset;
	return IP_NULL;
}

ipc_port_t
convert_pset_name_to_port(processor_set_t pset)
{
	(void)pset;
	return IP_NULL;
}

void
pset_deallocate(processor_set_t pset)
{
	(void)pset;
}

# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/constants.py: values from the kernel's C
headers that GDB cannot read from the debug information (macros).

Written by hand from kern/thread.h, ipc/ipc_port.h and GNU Mach's
mach/port.h, mach/message.h, mach/vm_prot.h, mach/vm_inherit.h,
mach/kern_return.h and mach/vm_param.h for now; a generator that builds
this file from the headers at build time (as STYLE.md's "GDB package"
asks, from the same X-macro lists as the counters) is planned.  Until
then, tests/harness/test_gdb.py, test_gdb_ipc.py and test_gdb_vm.py
compare these values with the headers, so a change there fails the
suite instead of misleading a debugger.
"""

# Thread state bits, kern/thread.h.
TH_WAIT = 0x01		# waiting for an event
TH_SUSP = 0x02		# stopped by thread/task suspend
TH_RUN = 0x04		# running or on a run queue
TH_UNINT = 0x08		# the wait may not be interrupted
TH_HALTED = 0x10	# terminated; waiting for the reaper
TH_IDLE = 0x80		# the idle thread

# How cm-threads spells each bit, in the order it prints them.
THREAD_STATE_WORDS = (
	(TH_RUN, "RUN"),
	(TH_WAIT, "WAIT"),
	(TH_SUSP, "SUSP"),
	(TH_UNINT, "UNINT"),
	(TH_HALTED, "HALTED"),
	(TH_IDLE, "IDLE"),
)

# kern/cpu.h
NCPUS = 1

# Entry types (ie_type), GNU Mach's mach/port.h: MACH_PORT_TYPE(right).
MACH_PORT_TYPE_SEND = 0x10000
MACH_PORT_TYPE_RECEIVE = 0x20000
MACH_PORT_TYPE_SEND_ONCE = 0x40000
MACH_PORT_TYPE_PORT_SET = 0x80000
MACH_PORT_TYPE_DEAD_NAME = 0x100000
MACH_PORT_TYPE_DNREQUEST = 0x80000000

# How cm-ports spells each right, in the order it prints them; the
# dead-name request bit is appended as "+DNREQ".
PORT_TYPE_WORDS = (
	(MACH_PORT_TYPE_SEND, "SEND"),
	(MACH_PORT_TYPE_RECEIVE, "RECEIVE"),
	(MACH_PORT_TYPE_SEND_ONCE, "SEND_ONCE"),
	(MACH_PORT_TYPE_PORT_SET, "PORT_SET"),
	(MACH_PORT_TYPE_DEAD_NAME, "DEAD_NAME"),
)

# Kernel object types (ip_kotype), ipc/ipc_port.h.
IKOT_NONE = 0
IKOT_TASK = 1
IKOT_THREAD = 2
IKOT_HOST = 3
IKOT_HOST_PRIV = 4
IKOT_DEVICE = 5
IKOT_MASTER_DEVICE = 6
IKOT_PSET = 7
IKOT_PSET_NAME = 8
IKOT_PAGER = 9
IKOT_PAGING_NAME = 10

# How cm-ports names a kernel object; task and thread add ":<id>".
KOBJECT_WORDS = {
	IKOT_TASK: "task",
	IKOT_THREAD: "thread",
	IKOT_HOST: "host",
	IKOT_HOST_PRIV: "host_priv",
	IKOT_DEVICE: "device",
	IKOT_MASTER_DEVICE: "device_master",
	IKOT_PSET: "pset",
	IKOT_PSET_NAME: "pset_name",
	IKOT_PAGER: "pager",
	IKOT_PAGING_NAME: "paging_name",
}

# Rights in a kernel-form message (mach/message.h): what copyin turns a
# disposition into, in the header bits and in a body descriptor.
MACH_MSG_TYPE_PORT_RECEIVE = 16
MACH_MSG_TYPE_PORT_SEND = 17
MACH_MSG_TYPE_PORT_SEND_ONCE = 18
MACH_MSG_TYPE_MAKE_SEND_ONCE = 21	# last of MACH_MSG_TYPE_PORT_ANY
MACH_MSGH_BITS_COMPLEX = 0x80000000

# Protections (vm_prot_t) and inheritance (vm_inherit_t), GNU Mach's
# mach/vm_prot.h and mach/vm_inherit.h.
VM_PROT_READ = 0x01
VM_PROT_WRITE = 0x02
VM_PROT_EXECUTE = 0x04

VM_INHERIT_SHARE = 0
VM_INHERIT_COPY = 1
VM_INHERIT_NONE = 2

# How cm-map spells an inheritance.
INHERIT_WORDS = {
	VM_INHERIT_SHARE: "share",
	VM_INHERIT_COPY: "copy",
	VM_INHERIT_NONE: "none",
}

# The kern_return_t values a fault can hold (KERN_FAILURE until it
# ends), GNU Mach's mach/kern_return.h; cm-fault prints the name next to
# the number.
KERN_RETURN_NAMES = {
	0: "KERN_SUCCESS",
	1: "KERN_INVALID_ADDRESS",
	2: "KERN_PROTECTION_FAILURE",
	5: "KERN_FAILURE",
	6: "KERN_RESOURCE_SHORTAGE",
	9: "KERN_MEMORY_FAILURE",
	10: "KERN_MEMORY_ERROR",
	14: "KERN_ABORTED",
}

# GNU Mach's mach/vm_param.h: 1 << I386_PGSHIFT (mach/x86_64/vm_param.h).
PAGE_SIZE = 4096

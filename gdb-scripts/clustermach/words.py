# SPDX-License-Identifier: GPL-2.0-or-later
"""gdb-scripts/clustermach/words.py: how the commands spell C values.

The values come from constants.py, generated from the kernel's headers
at build time (gdb-scripts/clustermach/constants.c); the words are the
package's own, and the columns the tests parse depend on them.  No gdb
import: the tests load this module outside GDB to check that every C
value has its word.
"""

from clustermach import constants

# How cm-threads spells each TH_* bit, in the order it prints them.
THREAD_STATE_WORDS = (
	(constants.TH_RUN, "RUN"),
	(constants.TH_WAIT, "WAIT"),
	(constants.TH_SUSP, "SUSP"),
	(constants.TH_UNINT, "UNINT"),
	(constants.TH_HALTED, "HALTED"),
	(constants.TH_IDLE, "IDLE"),
)

# How cm-ports spells each right, in the order it prints them; the
# dead-name request bit is appended as "+DNREQ".
PORT_TYPE_WORDS = (
	(constants.MACH_PORT_TYPE_SEND, "SEND"),
	(constants.MACH_PORT_TYPE_RECEIVE, "RECEIVE"),
	(constants.MACH_PORT_TYPE_SEND_ONCE, "SEND_ONCE"),
	(constants.MACH_PORT_TYPE_PORT_SET, "PORT_SET"),
	(constants.MACH_PORT_TYPE_DEAD_NAME, "DEAD_NAME"),
)

# How cm-ports names a kernel object; task and thread add ":<id>".
KOBJECT_WORDS = {
	constants.IKOT_TASK: "task",
	constants.IKOT_THREAD: "thread",
	constants.IKOT_HOST: "host",
	constants.IKOT_HOST_PRIV: "host_priv",
	constants.IKOT_DEVICE: "device",
	constants.IKOT_MASTER_DEVICE: "device_master",
	constants.IKOT_PSET: "pset",
	constants.IKOT_PSET_NAME: "pset_name",
	constants.IKOT_PAGER: "pager",
	constants.IKOT_PAGING_NAME: "paging_name",
}

# How cm-map spells an inheritance.
INHERIT_WORDS = {
	constants.VM_INHERIT_SHARE: "share",
	constants.VM_INHERIT_COPY: "copy",
	constants.VM_INHERIT_NONE: "none",
}
